/**
 * End to end: a restart on a corpus changed while the bot was down. The bot serves its snapshot at
 * once and checks the folder in the background; from the end of that check, /ask quotes nothing of
 * a changed or deleted file and /source no longer shows it, and once the rebuild it started is
 * swapped in, /ask quotes the new text.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIRTE, TRIPOLI } from '../support/articles.js';
import type { FakeDiscord } from '../support/FakeDiscord.js';
import { Harness, unescapeMarkdown, waitForAnswer } from './harness.js';

const harness = new Harness();
harness.checkBotMessages();

async function ask(fake: FakeDiscord, question: string): Promise<string> {
  const sent = fake.slashCommand({ name: 'ask', options: { question } });
  const edit = await waitForAnswer(fake, sent, 10_000);
  return unescapeMarkdown((edit.body.embeds as { description?: string }[]).map((embed) => embed.description ?? '').join('\n'));
}

async function source(fake: FakeDiscord, value: string): Promise<string> {
  const sent = fake.slashCommand({ name: 'source', options: { document: value } });
  const reply = await waitForAnswer(fake, sent);
  return JSON.stringify(reply.body);
}

describe('restart on a corpus changed while the bot was down', () => {
  it('quotes neither the changed nor the deleted file once the check has ended, then the new text', async () => {
    const corpusDir = await harness.corpus({ 'tripoli.txt': TRIPOLI, 'sirte.txt': SIRTE }, { seed: false });
    const first = await harness.startBot(await harness.fake(), { corpusDir });
    expect((await first.corpus.verified).kind).toBe('current');
    await harness.stopBot(first);

    await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI.replace('The United Nations', 'The African Union'));
    await rm(path.join(corpusDir, 'sirte.txt'));
    const fake = await harness.fake();
    const running = await harness.startBot(fake, { corpusDir, snapshotDir: first.snapshotDir });
    expect(running.corpus.current.origin).toBe('snapshot');

    const check = await running.corpus.verified;
    expect(check).toMatchObject({ kind: 'changed', files: ['sirte.txt', 'tripoli.txt'] });
    expect(await ask(fake, 'Who brokered the ceasefire in Tripoli?')).not.toContain('United Nations');
    expect(await ask(fake, 'Who is the spokesman of the forces in Misrata?')).not.toContain('al-Ghasri');
    expect(await source(fake, 'Forces Prepare to Retake Sirte')).not.toContain('Misrata');

    expect(await check.refresh).toMatchObject({ kind: 'refreshed' });
    expect(await ask(fake, 'Who brokered the ceasefire in Tripoli?')).toContain('The African Union had brokered a ceasefire');
  });
});
