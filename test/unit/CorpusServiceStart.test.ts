import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answer, isPrepared } from '../../src/core/answer.js';
import { CorpusService } from '../../src/corpus/CorpusService.js';
import { resolveDocument } from '../../src/discord/commands/source.js';
import { SIRTE, TRIPOLI } from '../support/articles.js';

/**
 * A bot's start (`verifyInBackground`): the snapshot is served before the corpus folder is scanned,
 * and the scan runs after. A file changed or deleted while the bot was down is quoted from the
 * snapshot until that check ends, and never after it: its documents are withheld until the
 * refresh the check starts is swapped in.
 */

const temporary: string[] = [];
const services: CorpusService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()));
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function workspace() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-corpus-start-'));
  temporary.push(root);
  const corpusDir = path.join(root, 'corpus');
  await mkdir(corpusDir);
  await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI);
  await writeFile(path.join(corpusDir, 'sirte.txt'), SIRTE);
  const logs: string[] = [];
  const open = async () => {
    const service = await CorpusService.open({
      corpusDir,
      snapshotDir: path.join(root, 'snapshots'),
      log: (line) => logs.push(line),
      verifyInBackground: true,
    });
    services.push(service);
    return service;
  };
  // The first start builds and writes the snapshot; the bot then stops.
  const first = await open();
  expect(first.current.origin).toBe('built');
  expect((await first.verified).kind).toBe('current');
  await first.close();
  return { corpusDir, logs, open };
}

function quotes(service: CorpusService, question: string): string {
  const result = answer(service.current.index, question);
  return result.kind === 'answer' ? result.extracts.map((extract) => extract.quote).join('\n') : '';
}

const BROKER = 'Who brokered the ceasefire in Tripoli?';
const SPOKESMAN = 'Who is the spokesman of the forces in Misrata?';

describe('CorpusService start from a snapshot, checked in the background', () => {
  it('serves an unchanged corpus from the snapshot and finds it current', async () => {
    const { open, logs } = await workspace();
    const service = await open();
    expect(service.current.origin).toBe('snapshot');
    expect(quotes(service, BROKER)).toContain('The United Nations had brokered a ceasefire');
    expect(await service.verified).toEqual({ kind: 'current' });
    expect(service.current.origin).toBe('snapshot');
    expect(service.current.index.quotableDocuments).toBe(service.current.index.documents);
    expect(logs.some((line) => /checked against the snapshot: unchanged/.test(line))).toBe(true);
  });

  it('prepares the served index for questions in the background, and the index a refresh serves next', async () => {
    // The fuzzy lookup and the name matchers, which the first question would otherwise build
    // inside its answer (seconds at 150k news passages).
    const { corpusDir, open } = await workspace();
    const service = await open();
    await service.prepared;
    expect(isPrepared(service.current.index)).toBe(true);
    await writeFile(path.join(corpusDir, 'benghazi.txt'), TRIPOLI.replace('Tripoli', 'Benghazi'));
    expect((await service.refresh()).kind).toBe('refreshed');
    await service.prepared;
    expect(isPrepared(service.current.index)).toBe(true);
  });

  it('never quotes a file changed or deleted while it was down once the check has ended, and serves the new text after the refresh', async () => {
    const { corpusDir, open } = await workspace();
    await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI.replace('The United Nations', 'The African Union'));
    await rm(path.join(corpusDir, 'sirte.txt'));

    const service = await open();
    // Before the check ends: the snapshot as it was written.
    expect(service.current.origin).toBe('snapshot');
    expect(quotes(service, BROKER)).toContain('The United Nations had brokered a ceasefire');
    expect(quotes(service, SPOKESMAN)).toContain('al-Ghasri');

    const check = await service.verified;
    expect(check).toMatchObject({ kind: 'changed', files: ['sirte.txt', 'tripoli.txt'] });
    // From the end of the check on, neither file is quoted or shown, though the rebuild is still running.
    expect(service.isRefreshing).toBe(true);
    expect(quotes(service, BROKER)).not.toContain('United Nations');
    expect(quotes(service, SPOKESMAN)).not.toContain('al-Ghasri');
    expect(service.current.index.quotableDocuments.map((document) => document.file)).toEqual([]);
    expect(resolveDocument(service.current.index.quotableDocuments, 'sirte')).toBeUndefined();

    const refresh = await check.refresh;
    expect(refresh).toMatchObject({ kind: 'refreshed', diff: { changed: ['tripoli'], removed: ['sirte'] } });
    expect(service.current.origin).toBe('built');
    expect(quotes(service, BROKER)).toContain('The African Union had brokered a ceasefire');
    expect(quotes(service, SPOKESMAN)).not.toContain('al-Ghasri');
  });

  it('withholds only the files that changed: the others are still quoted while the rebuild runs', async () => {
    const { corpusDir, open } = await workspace();
    await rm(path.join(corpusDir, 'sirte.txt'));
    const service = await open();
    const check = await service.verified;
    expect(check).toMatchObject({ kind: 'changed', files: ['sirte.txt'] });
    expect(quotes(service, SPOKESMAN)).not.toContain('al-Ghasri');
    expect(quotes(service, BROKER)).toContain('The United Nations had brokered a ceasefire');
    expect(service.current.index.quotableDocuments.map((document) => document.file)).toEqual(['tripoli.txt']);
    expect(await check.refresh).toMatchObject({ kind: 'refreshed', diff: { removed: ['sirte'] } });
  });

  it('starts no refresh when the check ends after the service was closed', async () => {
    const { corpusDir, open } = await workspace();
    await rm(path.join(corpusDir, 'sirte.txt'));
    const service = await open();
    await service.close();
    const check = await service.verified;
    expect(check.kind).toBe('changed');
    expect(check.refresh).toBeUndefined();
    expect(service.isRefreshing).toBe(false);
  });

  it('keeps serving the snapshot, and says so, when the folder is gone at start', async () => {
    const { corpusDir, open, logs } = await workspace();
    await rm(corpusDir, { recursive: true });
    const service = await open();
    expect(await service.verified).toMatchObject({ kind: 'folder-problem', problem: { kind: 'missing' } });
    expect(service.current.folderProblem).toMatchObject({ kind: 'missing' });
    expect(quotes(service, BROKER)).toContain('The United Nations had brokered a ceasefire');
    expect(logs.some((line) => line.startsWith('CORPUS FOLDER PROBLEM:') && /Serving the snapshot/.test(line))).toBe(true);
  });
});
