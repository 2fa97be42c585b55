import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clip, DISCORD_LIMITS } from '../../src/core/discordMessage.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { CorpusService } from '../../src/corpus/CorpusService.js';
import type { BotContext } from '../../src/discord/BotContext.js';
import { CORPUS_SUBCOMMANDS } from '../../src/discord/commands/corpus.js';
import { commandData, messageCommands, resolveDocument, slashCommands, statusPayload } from '../../src/discord/commands/index.js';

/** The parts of a registered command this test reads (the API's JSON shape). */
interface CommandOption {
  readonly type: number;
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  readonly autocomplete?: boolean;
  readonly max_length?: number;
  readonly options?: readonly CommandOption[];
}
interface CommandJson {
  readonly type?: number;
  readonly name: string;
  readonly description?: string;
  readonly options?: readonly CommandOption[];
  readonly default_member_permissions?: string | null;
  readonly contexts?: readonly number[];
}

const COMMAND = { chatInput: 1, message: 3 } as const;
const OPTION = { subcommand: 1, string: 3, boolean: 5, attachment: 11 } as const;

const commands = commandData() as unknown as CommandJson[];
const byName = (name: string): CommandJson => {
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) throw new Error(`no command ${name}`);
  return command;
};
const option = (options: readonly CommandOption[] | undefined, name: string): CommandOption => {
  const found = options?.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no option ${name}`);
  return found;
};

describe('commandData', () => {
  it('declares exactly /ask, /source, /corpus and the "Find sources" message menu', () => {
    expect(commands.map((command) => [command.name, command.type ?? COMMAND.chatInput])).toEqual([
      ['ask', COMMAND.chatInput],
      ['source', COMMAND.chatInput],
      ['corpus', COMMAND.chatInput],
      ['Find sources', COMMAND.message],
    ]);
  });

  it('/ask takes a required question of at most 500 characters and a "private" switch', () => {
    const ask = byName('ask');
    const question = option(ask.options, 'question');
    expect(question).toMatchObject({ type: OPTION.string, required: true, max_length: 500 });
    expect(option(ask.options, 'private')).toMatchObject({ type: OPTION.boolean });
    expect(option(ask.options, 'private').required).not.toBe(true);
    // Everyone may ask, in servers and in DMs.
    expect(ask.default_member_permissions ?? null).toBeNull();
    expect(ask.contexts).toEqual(expect.arrayContaining([0, 1]));
  });

  it('/source takes a required, autocompleted document', () => {
    const source = byName('source');
    expect(source.options).toHaveLength(1);
    expect(option(source.options, 'document')).toMatchObject({ type: OPTION.string, required: true, autocomplete: true });
    expect(option(source.options, 'document').max_length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceValue);
  });

  it('/corpus has status, refresh, gaps, add (a file or a link) and the feed group, and needs Manage Server by default', () => {
    const corpus = byName('corpus');
    expect(corpus.default_member_permissions).toBe('32');
    expect(corpus.contexts).toEqual([0]); // servers only
    expect(corpus.options?.map((sub) => [sub.name, sub.type])).toEqual([
      ['status', OPTION.subcommand],
      ['refresh', OPTION.subcommand],
      ['gaps', OPTION.subcommand],
      ['add', OPTION.subcommand],
      ['feed', 2],
    ]);
    const add = option(corpus.options, 'add');
    // One or the other: the handler refuses neither or both.
    expect(option(add.options, 'file').type).toBe(OPTION.attachment);
    expect(option(add.options, 'file').required).not.toBe(true);
    expect(option(add.options, 'url')).toMatchObject({ type: OPTION.string, max_length: 2000 });
    expect(option(add.options, 'url').required).not.toBe(true);
    const feed = option(corpus.options, 'feed');
    expect(feed.options?.map((sub) => [sub.name, sub.type])).toEqual([
      ['add', OPTION.subcommand],
      ['remove', OPTION.subcommand],
      ['list', OPTION.subcommand],
    ]);
    expect(option(option(feed.options, 'add').options, 'url')).toMatchObject({ type: OPTION.string, required: true });
  });

  it('/corpus runs exactly the subcommands it registers, each by its full name', () => {
    const registered = (byName('corpus').options ?? []).flatMap((item) =>
      item.type === OPTION.subcommand ? [item.name] : (item.options ?? []).map((sub) => `${item.name} ${sub.name}`),
    );
    expect([...CORPUS_SUBCOMMANDS].sort()).toEqual(registered.sort());
  });

  it('every registered command is served, looked up by the name an interaction carries', () => {
    const served = [...slashCommands.keys(), ...messageCommands.keys()];
    expect(served.sort()).toEqual(commands.map((command) => command.name).sort());
  });

  it('"Find sources" is a message context-menu command without a description', () => {
    const menu = byName('Find sources');
    expect(menu.type).toBe(COMMAND.message);
    expect(menu.description ?? '').toBe('');
    expect(menu.options ?? []).toEqual([]);
  });

  it("keeps every name and description within Discord's limits", () => {
    const CHAT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
    const checkOption = (item: CommandOption): number => {
      expect(item.name).toMatch(CHAT_NAME);
      expect(item.name).toBe(item.name.toLowerCase());
      expect(item.description.length).toBeGreaterThanOrEqual(1);
      expect(item.description.length).toBeLessThanOrEqual(100);
      const nested = (item.options ?? []).reduce((sum, child) => sum + checkOption(child), 0);
      expect(item.options?.length ?? 0).toBeLessThanOrEqual(25);
      return item.name.length + item.description.length + nested;
    };
    for (const command of commands) {
      let total = command.name.length + (command.description?.length ?? 0);
      if ((command.type ?? COMMAND.chatInput) === COMMAND.chatInput) {
        expect(command.name).toMatch(CHAT_NAME);
        expect(command.name).toBe(command.name.toLowerCase());
        expect(command.description?.length).toBeGreaterThanOrEqual(1);
        expect(command.description?.length).toBeLessThanOrEqual(100);
      } else {
        expect(command.name.length).toBeGreaterThanOrEqual(1);
        expect(command.name.length).toBeLessThanOrEqual(32);
      }
      expect(command.options?.length ?? 0).toBeLessThanOrEqual(25);
      for (const item of command.options ?? []) total += checkOption(item);
      // All names and descriptions of one command together.
      expect(total).toBeLessThanOrEqual(4000);
    }
    expect(new Set(commands.map((command) => command.name)).size).toBe(commands.length);
  });
});

function doc(id: string, title: string): CorpusDocument {
  return { id, title, file: `${id}.txt`, languages: ['en'], passages: [{ paragraph: 1, start: 0, end: 1, text: 'x' }] };
}

describe('resolveDocument', () => {
  const LONG_TITLE = 'Libyan forces backed by US air strikes advance on the last districts held by ISIS in Sirte as civilians flee the fighting';
  const documents = [
    doc('aawsat-us-strikes-isis-libya', 'US preparing strikes against ISIS in Libya'),
    doc('libya', 'Libya'),
    doc('libya-talks', 'Libya talks resume in Geneva'),
    doc('sirte-advance', LONG_TITLE),
    doc('sirte-ar-1a2b3c4d', 'إسرائيل وأمريكا تبحثان الوضع في سرت'),
    doc('tripoli-ceasefire', 'Ceasefire holds in Tripoli'),
    doc('tripoli-protests', 'Protests in Tripoli demand the government resign'),
    doc('cafe', 'Café owners in Benghazi reopen'),
  ];

  it('finds a document by its id (what autocomplete sends)', () => {
    expect(resolveDocument(documents, 'libya-talks')?.id).toBe('libya-talks');
    expect(resolveDocument(documents, 'sirte-ar-1a2b3c4d')?.id).toBe('sirte-ar-1a2b3c4d');
  });

  it('finds a document by its exact title (what the client sends when it sends the name)', () => {
    expect(resolveDocument(documents, 'Ceasefire holds in Tripoli')?.id).toBe('tripoli-ceasefire');
    expect(resolveDocument(documents, '  ceasefire HOLDS in tripoli ')?.id).toBe('tripoli-ceasefire');
    // "Libya" is also part of two other titles: the exact title wins.
    expect(resolveDocument(documents, 'Libya')?.id).toBe('libya');
    expect(resolveDocument(documents, 'libya')?.id).toBe('libya');
  });

  it('finds a long title by the clipped name autocomplete showed', () => {
    const shown = clip(LONG_TITLE, DISCORD_LIMITS.choiceName);
    expect(shown.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
    expect(shown.endsWith('…')).toBe(true);
    expect(resolveDocument(documents, shown)?.id).toBe('sirte-advance');
  });

  it('finds a document by a unique part of its title, folding case, accents and Arabic letter forms', () => {
    expect(resolveDocument(documents, 'geneva')?.id).toBe('libya-talks');
    expect(resolveDocument(documents, 'government resign')?.id).toBe('tripoli-protests');
    expect(resolveDocument(documents, 'cafe owners')?.id).toBe('cafe');
    expect(resolveDocument(documents, 'الوضع في سرت')?.id).toBe('sirte-ar-1a2b3c4d');
    // Typed without the hamza, as most people type it.
    expect(resolveDocument(documents, 'اسرائيل وامريكا')?.id).toBe('sirte-ar-1a2b3c4d');
  });

  it('returns undefined when the value is ambiguous', () => {
    expect(resolveDocument(documents, 'Tripoli')).toBeUndefined();
    expect(resolveDocument(documents, 'in')).toBeUndefined();
  });

  it('returns undefined for an unknown or empty value', () => {
    expect(resolveDocument(documents, 'Sourdough bread recipes')).toBeUndefined();
    expect(resolveDocument(documents, 'libya-talks-2')).toBeUndefined();
    expect(resolveDocument(documents, '')).toBeUndefined();
    expect(resolveDocument(documents, '   ')).toBeUndefined();
    expect(resolveDocument([], 'Libya')).toBeUndefined();
  });
});

describe('statusPayload', () => {
  const temporary: string[] = [];
  afterEach(async () => {
    await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('shows documents, passages, languages, index age, last refresh and skipped files', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-status-'));
    temporary.push(root);
    const corpusDir = path.join(root, 'corpus');
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, 'a.txt'), 'Ceasefire Holds\n\nThe United Nations brokered a ceasefire.\n\nTalks resume on Monday.\n');
    await writeFile(path.join(corpusDir, 'b.txt'), 'قوات مصراتة\n\nتستعد قوات في مدينة مصراتة لمواجهة عناصر تنظيم داعش.\n');
    await writeFile(path.join(corpusDir, 'c_notes.pdf'), '%PDF');
    const corpus = await CorpusService.open({ corpusDir, snapshotDir: null });
    const context = { corpus } as unknown as BotContext;
    const now = new Date(corpus.current.builtAt.getTime() + 5 * 60_000);
    const content = statusPayload(context, now).content ?? '';
    expect(content).toContain('**Documents:** 2');
    expect(content).toContain('**Passages:** 3');
    expect(content).toMatch(/\*\*Languages:\*\* (en 1, ar 1|ar 1, en 1)/);
    expect(content).toContain('**Index:** built 5 min ago');
    expect(content).toContain('**Last refresh:** none since start');
    expect(content).toContain('**Skipped files** (1):');
    expect(content).toContain('• c\\_notes.pdf\\: unsupported file type');
    expect(content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(content).not.toContain('Corpus folder problem');
  });

  it('says so when the index in service is the last snapshot because the corpus folder is gone', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-status-'));
    temporary.push(root);
    const corpusDir = path.join(root, 'corpus');
    const snapshotDir = path.join(root, 'snapshots');
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, 'a.txt'), 'Ceasefire Holds\n\nThe United Nations brokered a ceasefire.\n');
    await CorpusService.open({ corpusDir, snapshotDir });
    await rm(corpusDir, { recursive: true });
    const corpus = await CorpusService.open({ corpusDir, snapshotDir });
    const content = statusPayload({ corpus } as unknown as BotContext).content ?? '';
    expect(content).toContain('**Documents:** 1');
    expect(content).toContain('**Corpus folder problem:** corpus folder not found; the index in service is the last one built');
    expect(content).not.toContain(root);
  });
});
