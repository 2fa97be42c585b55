/**
 * End to end: /corpus status, refresh and add — who may use them, what they report, and that a
 * failed refresh or a bad upload leaves the served index and the corpus folder as they were.
 * Runs on a temporary copy of the corpus; the tests build on each other, in order.
 */
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FakePermissions, type FakeAttachment, type FakeDiscord, type FakeUserInput, type SentInteraction } from '../support/FakeDiscord.js';
import {
  CEASEFIRE_QUESTION,
  CEASEFIRE_QUOTE,
  corpusAddInteraction,
  Harness,
  repliesTo,
  unescapeMarkdown,
  uploadAttachment,
  waitForAnswer,
  type RunningBot,
  REFRESH_DEADLINE_MS,
} from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;
let corpusDir: string;

const GUILD = '1200000000000000001';
const CHANNEL = '1200000000000000010';
const CURATOR_ROLE = '1200000000000000077';
/** Another server the bot is in: its moderators do not look after the shared corpus. */
const FOREIGN_GUILD = '1250000000000000001';
const FOREIGN_CHANNEL = '1250000000000000010';
const MAX_UPLOAD = 4096;
const MODERATOR: FakeUserInput = { id: '300000000000000001', username: 'moderator' };
const CURATOR: FakeUserInput = { id: '300000000000000002', username: 'curator' };
const MEMBER: FakeUserInput = { id: '300000000000000003', username: 'member' };

const UNKNOWN_SUBCOMMAND = 'Choose one of /corpus status, refresh, gaps, add, feed add, feed remove or feed list.';

const article = (title: string, sentence: string) =>
  `---\ntitle: ${title}\nsource: Test Wire\n---\n${sentence}\n\nA second paragraph about ${title.toLowerCase()}.\n`;

beforeAll(async () => {
  corpusDir = await harness.corpus({ 'scan.pdf': '%PDF-1.4 not an article' });
  fake = await harness.fake({
    guilds: [
      { id: GUILD, channels: [{ id: CHANNEL, name: 'newsroom' }], roles: [{ id: CURATOR_ROLE, name: 'Curators' }] },
      { id: FOREIGN_GUILD, channels: [{ id: FOREIGN_CHANNEL, name: 'elsewhere' }] },
    ],
  });
  running = await harness.startBot(fake, { corpusDir, moderatorRoleIds: [CURATOR_ROLE], corpusGuildIds: [GUILD], maxUploadBytes: MAX_UPLOAD });
});

// Every message the bot sent in this file: mentions disabled, none rejected by the fake's validation.
harness.checkBotMessages();

type Who = { user: FakeUserInput; permissions?: string; roles?: string[] };
const asModerator: Who = { user: MODERATOR, permissions: FakePermissions.manageGuild };
const asCurator: Who = { user: CURATOR, permissions: FakePermissions.member, roles: [CURATOR_ROLE] };
const asMember: Who = { user: MEMBER, permissions: FakePermissions.member };

function corpusCommand(sub: string, who: Who, guildId = GUILD): SentInteraction {
  return fake.slashCommand({ name: 'corpus', guildId, ...who, options: [{ type: 1, name: sub }] });
}

function corpusAdd(attachment: FakeAttachment, who: Who = asModerator): SentInteraction {
  return corpusAddInteraction(fake, { guildId: GUILD, channelId: CHANNEL }, who, attachment);
}

/** The text a member finally sees for an interaction: the reply or the last edit of the original. */
async function finalText(sent: SentInteraction, timeoutMs = REFRESH_DEADLINE_MS): Promise<string> {
  const first = await fake.waitForRequest(
    (request) => request.path === `/interactions/${sent.id}/${sent.token}/callback` && request.status !== null,
    timeoutMs,
  );
  if (first.body.type === 4) return unescapeMarkdown(first.body.data.content);
  // Deferred: the last edit, not a "Refreshing the corpus… n s" progress edit.
  const edit = await fake.waitForRequest(
    (request) =>
      request.method === 'PATCH' &&
      request.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original` &&
      !/Refreshing the corpus… \d+ s$/.test(request.body?.content ?? ''),
    timeoutMs,
  );
  return unescapeMarkdown(edit.body.content);
}

function firstCallback(sent: SentInteraction): Record<string, any> {
  return repliesTo(fake, sent)[0]!.body;
}

async function files(): Promise<string[]> {
  return (await readdir(corpusDir)).sort();
}

describe('/corpus status', () => {
  it('documents, passages, languages, index age and skipped files, privately', async () => {
    const sent = corpusCommand('status', asModerator);
    const text = await finalText(sent);
    expect(firstCallback(sent).data.flags).toBe(64);
    const { index } = running.corpus.current;
    expect(text).toContain(`**Documents:** ${index.documents.length}`);
    expect(index.documents.length).toBe(7);
    expect(text).toContain(`**Passages:** ${index.passageCount}`);
    expect(text).toMatch(/\*\*Languages:\*\* en \d+, ar \d+/);
    expect(text).toMatch(/\*\*Index:\*\* built \d+ s ago/);
    expect(text).toContain('**Last refresh:** none since start');
    expect(text).toMatch(/\*\*Skipped files\*\* \(1\):\n• scan\.pdf: \S/);
  });
});

describe('/corpus refresh', () => {
  it('by a plain member: a private refusal, and no refresh', async () => {
    await writeFile(path.join(corpusDir, 'ghadames-talks.txt'), article('Ghadames talks', 'The delegates met in Ghadames to discuss the national conference.'));
    const sent = corpusCommand('refresh', asMember);
    expect(await finalText(sent)).toBe('Only moderators can change the corpus.');
    expect(firstCallback(sent)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(running.corpus.lastRefresh).toBeUndefined();
    expect(running.corpus.current.index.documents.some((document) => document.id === 'ghadames-talks')).toBe(false);
  });

  it('by a moderator (Manage Server): lists the added article and passages before → after', async () => {
    const before = running.corpus.current.index.passageCount;
    const sent = corpusCommand('refresh', asModerator);
    const text = await finalText(sent);
    expect(firstCallback(sent)).toEqual({ type: 5, data: { flags: 64 } });
    expect(text).toMatch(/^Refreshed in \d+\.\d s\./);
    expect(text).toContain('**Added** (1):\n• ghadames-talks');
    expect(text).toContain('**Changed** (0):\nnone');
    expect(text).toContain('**Removed** (0):\nnone');
    expect(text).toContain(`**Passages:** ${before} → ${before + 2}`);
    expect(text).toContain('**Skipped files** (1):\n• scan.pdf');
    expect(running.corpus.current.index.documents.some((document) => document.id === 'ghadames-talks')).toBe(true);
  });

  it('slower than 3 s: the result replaces the private "Refreshing…" message; nothing is sent to the channel', async () => {
    await writeFile(path.join(corpusDir, 'derna-dam.txt'), article('Derna dam', 'Engineers inspected the dam above Derna before the rains.'));
    // A timing double: the refresh waits long enough for one progress edit, then runs for real.
    const corpusService = running.corpus;
    const realRefresh = corpusService.refresh.bind(corpusService);
    corpusService.refresh = async () => {
      await new Promise((resolve) => setTimeout(resolve, 3500));
      return realRefresh();
    };
    try {
      const sent = corpusCommand('refresh', asModerator);
      const text = await finalText(sent);
      expect(text).toMatch(/^Refreshed in \d+\.\d s\./);
      expect(text).toContain('**Added** (1):\n• derna-dam');
      const requests = repliesTo(fake, sent);
      expect(firstCallback(sent)).toEqual({ type: 5, data: { flags: 64 } });
      const edits = requests.filter((request) => request.method === 'PATCH' && request.path.endsWith('/messages/@original'));
      // One progress edit every 3 s until the result: one at least (the double waits past 3 s), more
      // when the real refresh after it is slow on a busy machine; the result is always the last edit.
      const progress = edits.map((request) => /^Refreshing the corpus… \d+ s$/.test(request.body.content));
      expect(progress.length).toBeGreaterThanOrEqual(2);
      expect(progress).toEqual([...progress.slice(0, -1).map(() => true), false]);
      // No follow-up at all: a follow-up without the ephemeral flag is seen by the whole channel.
      expect(requests.filter((request) => request.method === 'POST' && request.path.startsWith('/webhooks/'))).toEqual([]);
      expect(fake.followUps(sent.token)).toEqual([]);
      expect(unescapeMarkdown(fake.originalMessage(sent.token)?.content ?? '')).toBe(text);
      expect(fake.interaction(sent.token)?.ephemeral).toBe(true);
    } finally {
      corpusService.refresh = realRefresh;
    }
  });

  it('by a member of a MODERATOR_ROLE_IDS role without Manage Server: allowed', async () => {
    await writeFile(
      path.join(corpusDir, 'sabha-airport.txt'),
      article('Sabha airport', 'The airport of Sabha reopened to civilian flights after a long closure.'),
    );
    const text = await finalText(corpusCommand('refresh', asCurator));
    expect(text).toContain('**Added** (1):\n• sabha-airport');
  });

  it('two refreshes at once: one runs, the other is told a refresh is already running', async () => {
    const first = corpusCommand('refresh', asModerator);
    const second = corpusCommand('refresh', asCurator);
    const texts = await Promise.all([finalText(first), finalText(second)]);
    expect(texts.filter((text) => text.startsWith('Refreshed in '))).toHaveLength(1);
    expect(texts.filter((text) => text === 'A refresh is already running; try again when it has finished.')).toHaveLength(1);
  });

  it('a slow final edit is not overwritten by a later "Refreshing the corpus…" progress edit', async () => {
    await writeFile(path.join(corpusDir, 'zawiya-refinery.txt'), article('Zawiya refinery', 'The refinery in Zawiya resumed production on Monday.'));
    // Discord is slow to take the final edit: the 3-second progress timer fires meanwhile. The
    // final edit itself is the one delayed — on a loaded machine the refresh outlasts 3 s, and a
    // progress edit comes first.
    const isFinal = (body: unknown) => /^Refreshed in /.test(String((body as { content?: unknown } | null)?.content ?? ''));
    fake.delayNext({ method: 'PATCH', path: /\/messages\/@original$/, body: isFinal }, 3500);
    const sent = corpusCommand('refresh', asModerator);
    await fake.waitForRequest(
      (request) => request.method === 'PATCH' && request.path.endsWith(`${sent.token}/messages/@original`) && isFinal(request.body) && request.status !== null,
      REFRESH_DEADLINE_MS,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const shown = unescapeMarkdown(fake.originalMessage(sent.token)?.content ?? '');
    expect(shown).toMatch(/^Refreshed in /);
    expect(shown).toContain('**Added** (1):\n• zawiya-refinery');
  });

  it('a failed refresh keeps the old index: the reply says why, and questions are still answered', async () => {
    const documentsBefore = running.corpus.current.index.documents.length;
    const moved = `${corpusDir}-moved`;
    await rename(corpusDir, moved);
    try {
      const text = await finalText(corpusCommand('refresh', asModerator));
      expect(text).toMatch(/^Refresh failed after \d+\.\d s; the previous index is still serving\.\nReason: \S/);
      expect(text).toContain('corpus folder not found');
      expect(running.corpus.current.index.documents).toHaveLength(documentsBefore);

      const ask = fake.slashCommand({ name: 'ask', user: MEMBER, options: { question: CEASEFIRE_QUESTION } });
      const answer = await waitForAnswer(fake, ask);
      expect(unescapeMarkdown(answer.body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);

      const status = await finalText(corpusCommand('status', asCurator));
      expect(status).toMatch(/\*\*Last refresh:\*\* failed \d+ s ago \(corpus folder not found/);
    } finally {
      await rename(moved, corpusDir);
    }
  });
});

describe('/corpus add', () => {
  it('refuses a .pdf without downloading it', async () => {
    const before = await files();
    const sent = corpusAdd({
      id: '1200000000000000600',
      filename: 'report.pdf',
      size: 1000,
      url: `${fake.apiUrl}/attachments/${CHANNEL}/1200000000000000600/report.pdf`,
      proxy_url: `${fake.apiUrl}/attachments/x`,
      content_type: 'application/pdf',
    });
    expect(await finalText(sent)).toBe('Not added: only .txt, .md, .html and .htm files can be added (got report.pdf).');
    expect(firstCallback(sent)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(fake.requests.some((request) => request.path.includes('/attachments/') && request.path.endsWith('report.pdf'))).toBe(false);
    expect(await files()).toEqual(before);
  });

  it('refuses a file over MAX_UPLOAD_BYTES, by its declared size and by its real size', async () => {
    const before = await files();
    const big = new TextEncoder().encode(`${'The harbour of Tobruk was busy. '.repeat(200)}\n`);
    expect(big.byteLength).toBeGreaterThan(MAX_UPLOAD);
    const attachment = await uploadAttachment(fake, CHANNEL, 'big.txt', big);
    expect(await finalText(corpusAdd(attachment))).toBe(`Not added: big.txt is ${big.byteLength} bytes; the limit is ${MAX_UPLOAD}.`);
    // A client that understates the size: the download is measured too.
    expect(await finalText(corpusAdd({ ...attachment, size: 100 }))).toBe(`Not added: the file is too large; the limit is ${MAX_UPLOAD} bytes.`);
    expect(await files()).toEqual(before);
  });

  it('a download that never ends (and understates its size) is stopped once it passes the limit', async () => {
    const before = await files();
    let sentBytes = 0;
    let closed = false;
    // A host that streams without end and without a length, as a hostile or broken server would.
    const endless = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(1024, 'a');
      const timer = setInterval(() => {
        sentBytes += chunk.length;
        response.write(chunk);
      }, 5);
      response.on('close', () => {
        closed = true;
        clearInterval(timer);
      });
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/endless.txt`;
      const sent = corpusAdd({ id: '1200000000000000601', filename: 'endless.txt', size: 100, url, proxy_url: url, content_type: 'text/plain' });
      expect(await finalText(sent)).toBe(`Not added: the file is too large; the limit is ${MAX_UPLOAD} bytes.`);
      // The bot hung up: the host saw the connection close, not long after the limit.
      await vi.waitFor(() => expect(closed).toBe(true), { timeout: 3000 });
      expect(sentBytes).toBeLessThan(MAX_UPLOAD * 64);
      expect(await files()).toEqual(before);
    } finally {
      endless.closeAllConnections();
      await new Promise((resolve) => endless.close(resolve));
    }
  });

  it('a download that fails (connection refused) is told as such, not as "something went wrong"', async () => {
    const before = await files();
    // A port that was just free: nothing listens there.
    const probe: Server = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const url = `http://127.0.0.1:${port}/gone.txt`;
    const sent = corpusAdd({ id: '1200000000000000602', filename: 'gone.txt', size: 100, url, proxy_url: url, content_type: 'text/plain' });
    expect(await finalText(sent)).toBe('Not added: the attachment could not be downloaded (the connection was refused); try again.');
    expect(await files()).toEqual(before);
    expect(running.logs.filter((line) => / failed: /.test(line))).toEqual([]);
  });

  it('refuses bytes that are not UTF-8 text (served from the attachment URL)', async () => {
    const before = await files();
    const latin1 = Uint8Array.from([...Buffer.from('Caf'), 0xe9, ...Buffer.from(' in Benghazi reopened on Sunday.\n')]);
    const attachment = await uploadAttachment(fake, CHANNEL, 'cafe.txt', latin1);
    const sent = corpusAdd(attachment);
    expect(await finalText(sent)).toBe('Not added: the file is not valid UTF-8 text.');
    expect(firstCallback(sent)).toEqual({ type: 5, data: { flags: 64 } });
    expect(await files()).toEqual(before);
    expect(running.logs.filter((line) => line.startsWith('corpus add'))).toEqual([]);
  });

  it('saves a good .txt under a safe name, refreshes and lists it; a second file of the same name is saved as -2', async () => {
    const first = new TextEncoder().encode(article('Kufra convoy', 'A convoy of trucks carried medicine to Kufra across the desert.'));
    const attachment = await uploadAttachment(fake, CHANNEL, 'Kufra Convoy (final).TXT', first);
    const text = await finalText(corpusAdd(attachment, asCurator));
    expect(text).toMatch(/^Saved as kufra-convoy-final\.txt\.\nRefreshed in /);
    expect(text).toContain('**Added** (1):\n• kufra-convoy-final');
    expect(new Uint8Array(await readFile(path.join(corpusDir, 'kufra-convoy-final.txt')))).toEqual(first);

    const ask = fake.slashCommand({ name: 'ask', user: MEMBER, options: { question: 'What did the convoy carry to Kufra?' } });
    expect(unescapeMarkdown((await waitForAnswer(fake, ask)).body.embeds[0].description)).toContain(
      'A convoy of trucks carried medicine to Kufra across the desert.',
    );

    const second = new TextEncoder().encode(article('Kufra clinic', 'The clinic in Kufra received a new generator.'));
    const clash = await uploadAttachment(fake, CHANNEL, 'kufra-convoy-final.txt', second);
    const again = await finalText(corpusAdd(clash));
    expect(again).toMatch(/^Saved as kufra-convoy-final-2\.txt \(a file named kufra-convoy-final\.txt already exists, so it was not replaced\)\./);
    expect(again).toContain('**Added** (1):\n• kufra-convoy-final-2');
    expect(new Uint8Array(await readFile(path.join(corpusDir, 'kufra-convoy-final.txt')))).toEqual(first);
    expect(new Uint8Array(await readFile(path.join(corpusDir, 'kufra-convoy-final-2.txt')))).toEqual(second);
  });

  it('by a plain member: refused, nothing downloaded or written', async () => {
    const before = await files();
    const attachment = await uploadAttachment(fake, CHANNEL, 'sneaky.txt', new TextEncoder().encode(article('Sneaky', 'Nothing to see.')));
    const downloadsBefore = fake.requests.filter((request) => request.path.endsWith('/sneaky.txt')).length;
    expect(await finalText(corpusAdd(attachment, asMember))).toBe('Only moderators can change the corpus.');
    expect(fake.requests.filter((request) => request.path.endsWith('/sneaky.txt')).length).toBe(downloadsBefore);
    expect(await files()).toEqual(before);
  });
});

describe('who may change the corpus: moderators of the servers in CORPUS_GUILD_IDS only', () => {
  const foreignModerator: Who = { user: { id: '300000000000000009', username: 'elsewhere-admin' }, permissions: FakePermissions.manageGuild };
  const ELSEWHERE = 'The corpus is shared by every server and is looked after from another server; only its moderators can change it.';

  it('a Manage Server member of another server is refused status, refresh, gaps and add; nothing is downloaded or changed', async () => {
    await writeFile(path.join(corpusDir, 'foreign-change.txt'), article('Foreign change', 'A change that only a refresh would pick up.'));
    const before = await files();
    const lastRefresh = running.corpus.lastRefresh;
    const attachment = await uploadAttachment(fake, FOREIGN_CHANNEL, 'planted.txt', new TextEncoder().encode(article('Planted', 'Planted by another server.')));
    const downloads = () => fake.requests.filter((request) => request.path.endsWith('/planted.txt')).length;
    const downloadsBefore = downloads();
    const attempts = [
      ...['status', 'refresh', 'gaps'].map((sub) => corpusCommand(sub, foreignModerator, FOREIGN_GUILD)),
      corpusAddInteraction(fake, { guildId: FOREIGN_GUILD, channelId: FOREIGN_CHANNEL }, foreignModerator, attachment),
    ];
    for (const sent of attempts) {
      expect(await finalText(sent)).toBe(ELSEWHERE);
      expect(firstCallback(sent)).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(repliesTo(fake, sent)).toHaveLength(1);
    }
    expect(downloads()).toBe(downloadsBefore);
    expect(await files()).toEqual(before);
    expect(running.corpus.lastRefresh).toBe(lastRefresh);
    expect(running.corpus.current.index.documents.some((document) => document.id === 'foreign-change' || document.id === 'planted')).toBe(false);
  });

  it('a member with permissions "0" is refused /corpus status, as for the other subcommands', async () => {
    const sent = corpusCommand('status', { user: MEMBER, permissions: '0' });
    expect(await finalText(sent)).toBe('Only moderators can change the corpus.');
    expect(firstCallback(sent)).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it('a moderator of the owning server is served status and gaps', async () => {
    expect(await finalText(corpusCommand('status', asModerator))).toMatch(/^\*\*Documents:\*\* \d+/);
    expect(await finalText(corpusCommand('gaps', asCurator))).toMatch(/^(No unanswered questions recorded\.|\*\*Recent unanswered questions\*\*)/);
  });

  it('a subcommand Discord never registered (an old client, a forged payload) is refused with the fixed list, nothing run', async () => {
    const lastRefresh = running.corpus.lastRefresh;
    const payloads = [
      [{ type: 1, name: 'purge' }],
      [{ type: 2, name: 'feed', options: [{ type: 1, name: 'purge' }] }],
      // A group named, with no subcommand in it.
      [{ type: 2, name: 'feed', options: [] }],
    ];
    for (const options of payloads) {
      const sent = fake.slashCommand({ name: 'corpus', guildId: GUILD, ...asModerator, options: options as never });
      expect(await finalText(sent)).toBe(UNKNOWN_SUBCOMMAND);
      expect(firstCallback(sent)).toMatchObject({ type: 4, data: { flags: 64 } });
    }
    expect(running.corpus.lastRefresh).toBe(lastRefresh);
  });

  it('a moderator whose client is in Arabic is answered in Arabic: status, an unknown subcommand, and a refusal', async () => {
    const status = fake.slashCommand({ name: 'corpus', guildId: GUILD, ...asModerator, locale: 'ar', options: [{ type: 1, name: 'status' }] });
    const text = await finalText(status);
    expect(text).toContain(`**المستندات:** ${running.corpus.current.index.documents.length}`);
    expect(text).toContain('**ملفات لم تُفهرس** (1):\n• scan.pdf: نوع ملف غير مدعوم؛ لا يُفهرس إلا');
    expect(text).not.toMatch(/Documents|Passages|Skipped/);
    const unknown = fake.slashCommand({ name: 'corpus', guildId: GUILD, ...asModerator, locale: 'ar', options: [{ type: 1, name: 'purge' }] });
    expect(await finalText(unknown)).toMatch(/^اختر أحد الأوامر/);
    const refused = fake.slashCommand({ name: 'corpus', guildId: GUILD, ...asMember, locale: 'ar', options: [{ type: 1, name: 'refresh' }] });
    expect(await finalText(refused)).toBe('لا يغيّر المدوّنة إلا المشرفون.');
  });

  it('with MODERATOR_LANGUAGE=ar, a moderator whose client is in English (as every client is: Discord has no Arabic) is answered in Arabic', async () => {
    const fake2 = await harness.fake({ guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: 'newsroom' }] }] });
    const arabic = await harness.startBot(fake2, { corpusDir: await harness.corpus(), corpusGuildIds: [GUILD], moderatorLanguage: 'ar' });
    const status = fake2.slashCommand({ name: 'corpus', guildId: GUILD, ...asModerator, locale: 'en-US', options: [{ type: 1, name: 'status' }] });
    const callback = await fake2.waitForRequest((request) => request.path === `/interactions/${status.id}/${status.token}/callback` && request.status !== null);
    expect(callback.body.data.content).toContain(`**المستندات:** ${arabic.corpus.current.index.documents.length}`);
    const refused = fake2.slashCommand({ name: 'corpus', guildId: GUILD, ...asMember, locale: 'en-US', options: [{ type: 1, name: 'refresh' }] });
    const refusal = await fake2.waitForRequest(
      (request) => request.path === `/interactions/${refused.id}/${refused.token}/callback` && request.status !== null,
    );
    expect(refusal.body.data.content).toBe('لا يغيّر المدوّنة إلا المشرفون.');
    await harness.stopBot(arabic);
  });

  it('with no owning server configured, nobody may change the corpus and the reply names the setting', async () => {
    const fake2 = await harness.fake({ guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: 'newsroom' }] }] });
    const unowned = await harness.startBot(fake2, { corpusDir: await harness.corpus(), corpusGuildIds: [] });
    for (const sub of ['status', 'refresh']) {
      const sent = fake2.slashCommand({ name: 'corpus', guildId: GUILD, ...asModerator, options: [{ type: 1, name: sub }] });
      const callback = await fake2.waitForRequest((request) => request.path === `/interactions/${sent.id}/${sent.token}/callback` && request.status !== null);
      expect(callback.body).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(callback.body.data.content).toContain('CORPUS_GUILD_IDS');
    }
    // A plain member is simply not a moderator.
    const member = fake2.slashCommand({ name: 'corpus', guildId: GUILD, ...asMember, options: [{ type: 1, name: 'refresh' }] });
    const refused = await fake2.waitForRequest((request) => request.path === `/interactions/${member.id}/${member.token}/callback` && request.status !== null);
    expect(refused.body.data.content).toBe('Only moderators can change the corpus.');
    expect(unowned.corpus.lastRefresh).toBeUndefined();
    await harness.stopBot(unowned);
  });
});
