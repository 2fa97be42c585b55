/**
 * End to end: questions asked every way a member can — /ask in a server, in a DM, privately, a
 * direct message, a mention, the "Find sources" menu — answered by the real bot through a real
 * discord.js client talking to FakeDiscord. Assertions are on what the fake recorded: the payloads
 * a member would see.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { clip } from '../../src/core/discordMessage.js';
import { LABELS } from '../../src/core/labels.js';
import { FakePermissions, type FakeDiscord } from '../support/FakeDiscord.js';
import {
  ARABIC_QUESTION,
  ARABIC_QUOTE_START,
  CEASEFIRE_DOCUMENT,
  CEASEFIRE_QUESTION,
  CEASEFIRE_QUOTE,
  channelRepliesTo,
  Harness,
  OUT_OF_CORPUS_QUESTION,
  repliesTo,
  unescapedSpecials,
  unescapeMarkdown,
  waitForAnswer,
  type RunningBot,
} from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;

// An article whose sentence is full of markdown and mentions, and one with a ~9,000-character sentence.
const HOSTILE_SENTENCE = 'Protesters shouted @everyone *must* see __this__ `now` > [link](http://evil.example) <@123> as the march reached the square.';
const HOSTILE_QUESTION = 'What did the protesters shout at the rally?';
const GIANT_SENTENCE = `The reconstruction fund for the oasis settlements paid for ${Array.from(
  { length: 162 },
  (_, i) => `the granary warehouse number ${i + 1} near the orchard road`,
).join(', ')}, and nothing else.`;
const GIANT_QUESTION = 'What did the reconstruction fund for the oasis settlements pay for?';
const EXTRA_ARTICLES = {
  'protest-slogans.txt': `---\ntitle: Slogans at the Martyrs Square rally\nsource: Test Wire\n---\nThousands gathered in Martyrs Square on Friday for the rally.\n\n${HOSTILE_SENTENCE}\n\nThe organisers said the rally would continue on Saturday.\n`,
  'oasis-fund.txt': `---\ntitle: Oasis reconstruction fund\nsource: Test Wire\n---\nThe oasis settlements received help this year.\n\n${GIANT_SENTENCE}\n\nThe work will take years.\n`,
};

beforeAll(async () => {
  fake = await harness.fake();
  running = await harness.startBot(fake, { corpusDir: await harness.corpus(EXTRA_ARTICLES) });
});

// Every message the bot sent in this file: mentions disabled, none rejected by the fake's validation.
harness.checkBotMessages();

/** The quoted lines of an embed description (`> …`), without the block-quote marker. */
function quotedText(description: string): string {
  return description
    .split('\n')
    .filter((line) => line.startsWith('> '))
    .map((line) => line.slice(2))
    .join('\n');
}

function expectCeasefireAnswer(body: Record<string, any>, question = CEASEFIRE_QUESTION): void {
  expect(body.content ?? '').toBe('');
  const embeds = body.embeds as any[];
  expect(embeds.length).toBeGreaterThanOrEqual(1);
  const embed = embeds.at(-1);
  // The verbatim quote, escaped; the first extract is the answer sentence.
  expect(unescapeMarkdown(embeds[0].description)).toContain(`> “${CEASEFIRE_QUOTE}”\n**[1]**`);
  // Sources: the document title and paragraph.
  const document = running.corpus.current.index.documents.find((candidate) => candidate.id === CEASEFIRE_DOCUMENT)!;
  expect(embed.fields[0].name).toBe('Sources');
  const sources = unescapeMarkdown(embed.fields[0].value);
  expect(sources.split('\n')[0]).toContain(clip(document.title, 120));
  expect(sources.split('\n')[0]).toContain('¶ 3');
  // The question in the footer (the More button reads it back from there).
  expect(embed.footer.text).toBe(question);
  // One Context button per extract on the page; More only beyond a page of three.
  const buttons = body.components[0].components as any[];
  const extracts = (sources.match(/^\*\*\[\d+\]\*\*/gm) ?? []).length;
  expect(buttons.map((button) => button.label)).toEqual(Array.from({ length: extracts }, (_, i) => `Context ${i + 1}`));
  expect(buttons[0].custom_id).toMatch(/^ctx:[0-9a-z]+:3$/);
}

describe('/ask', () => {
  it('in a server: a public defer, then the original edited into the cited answer', async () => {
    const sent = fake.slashCommand({ name: 'ask', options: { question: CEASEFIRE_QUESTION } });
    const edit = await waitForAnswer(fake, sent);
    const [callback] = repliesTo(fake, sent);
    expect(callback?.body.type).toBe(5);
    expect((callback?.body.data?.flags ?? 0) & 64).toBe(0);
    expect(edit.status).toBe(200);
    expectCeasefireAnswer(edit.body);
    expect(edit.body.allowed_mentions).toMatchObject({ parse: [] });
    const original = fake.originalMessage(sent.token)!;
    expect(original.flags & 64).toBe(0);
    expect(original.flags & 128).toBe(0); // no longer "thinking…"
    expect(unescapeMarkdown(String(original.embeds[0]?.['description']))).toContain(CEASEFIRE_QUOTE);
  });

  it('in a DM with the bot (no guild)', async () => {
    const sent = fake.slashCommand({ name: 'ask', dm: true, options: { question: CEASEFIRE_QUESTION } });
    expect(sent.d.guild_id).toBeUndefined();
    const edit = await waitForAnswer(fake, sent);
    expect(repliesTo(fake, sent)[0]?.body.type).toBe(5);
    expectCeasefireAnswer(edit.body);
  });

  it('with private:true: an ephemeral defer, and the answer only the asker sees', async () => {
    const sent = fake.slashCommand({ name: 'ask', options: { question: CEASEFIRE_QUESTION, private: true } });
    const edit = await waitForAnswer(fake, sent);
    expect(repliesTo(fake, sent)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expectCeasefireAnswer(edit.body);
    expect(fake.originalMessage(sent.token)?.flags).toBe(64);
  });

  it('in Arabic: the Arabic answer with Arabic labels', async () => {
    const sent = fake.slashCommand({ name: 'ask', options: { question: ARABIC_QUESTION } });
    const edit = await waitForAnswer(fake, sent);
    const embed = edit.body.embeds.at(-1);
    expect(unescapeMarkdown(edit.body.embeds[0].description)).toContain(`> “${ARABIC_QUOTE_START}`);
    expect(embed.fields[0].name).toBe('المصادر');
    expect(embed.fields[0].value).toContain('الفقرة 2');
    expect(embed.footer.text).toBe(ARABIC_QUESTION);
    expect(edit.body.components[0].components[0].label).toBe('السياق 1');
  });

  it('out of corpus: the fixed no-answer text (in Arabic for Arabic), and /corpus gaps lists the questions without who asked', async () => {
    const asker = { id: '424242424242424242', username: 'curious' };
    const english = fake.slashCommand({ name: 'ask', user: asker, options: { question: OUT_OF_CORPUS_QUESTION } });
    const englishEdit = await waitForAnswer(fake, english);
    expect(englishEdit.body.content).toBe(
      `No passage in the corpus answers this. Browse the articles with /source.\n${LABELS.en.absentWords(['bake', 'sourdough', 'bread', 'home'])}`,
    );
    expect(englishEdit.body.embeds ?? []).toEqual([]);
    expect(englishEdit.body.components ?? []).toEqual([]);

    const arabicQuestion = 'كيف أخبز خبز العجين المخمر في المنزل؟';
    const arabic = fake.slashCommand({ name: 'ask', user: asker, options: { question: arabicQuestion } });
    const arabicEdit = await waitForAnswer(fake, arabic);
    expect(arabicEdit.body.content).toBe(
      `${LABELS.ar.noAnswer} ${LABELS.ar.trySource}\n${LABELS.ar.absentWords(['أخبز', 'خبز', 'العجين', 'المخمر', 'المنزل'])}`,
    );
    expect(arabicEdit.body.content).toMatch(/^لا يوجد في المدوّنة/);

    const gaps = fake.slashCommand({ name: 'corpus', permissions: FakePermissions.manageGuild, options: [{ type: 1, name: 'gaps' }] });
    const reply = await waitForAnswer(fake, gaps);
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags).toBe(64);
    const text = unescapeMarkdown(reply.body.data.content);
    const lines = text.split('\n');
    // Most recent first, each with its time.
    expect(lines[0]).toBe('**Recent unanswered questions**');
    expect(lines[1]).toMatch(new RegExp(`^• \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC — ${arabicQuestion}$`));
    expect(lines[2]).toMatch(/^• \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC — How do I bake sourdough bread at home\?$/);
    expect(text).not.toContain(asker.id);
    expect(text).not.toContain(asker.username);
    await running.context.gaps.flush();
    const { readFile } = await import('node:fs/promises');
    const saved = await readFile(running.gapFile, 'utf8');
    expect(saved).toContain(OUT_OF_CORPUS_QUESTION);
    expect(saved).not.toContain(asker.id);
  });

  it('a quote full of markdown and @everyone: escaped so it shows as written, mentions disabled', async () => {
    const sent = fake.slashCommand({ name: 'ask', options: { question: HOSTILE_QUESTION } });
    const edit = await waitForAnswer(fake, sent);
    expect(edit.body.allowed_mentions).toMatchObject({ parse: [] });
    const description: string = edit.body.embeds[0].description;
    const quoted = quotedText(description);
    expect(quoted).toContain('\\@everyone');
    expect(unescapedSpecials(quoted)).toEqual([]);
    expect(quoted).not.toMatch(/(?<!\\)<@/);
    expect(unescapeMarkdown(quoted.split('\n')[0]!)).toBe(`“${HOSTILE_SENTENCE}”`);
    // The member-facing message stored by Discord holds no live mention either.
    expect(fake.originalMessage(sent.token)?.mention_everyone).toBe(false);
  });

  it('an answer from a 9,000-character sentence: one message within limits, its quote a verbatim part of the sentence', async () => {
    expect(GIANT_SENTENCE.length).toBeGreaterThan(8500);
    const sent = fake.slashCommand({ name: 'ask', options: { question: GIANT_QUESTION } });
    await waitForAnswer(fake, sent, 10_000);
    // Give any further follow-up a moment, then read them all.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const all = repliesTo(fake, sent).filter((request) => request.method !== 'POST' || !request.path.endsWith('/callback'));
    expect(all.map((request) => request.method)).toEqual(['PATCH']); // the deferred original, and nothing after it
    expect(all[0]?.status).toBe(200);
    const embeds = all[0]!.body.embeds as any[];
    for (const embed of embeds) expect(String(embed.description ?? '').length).toBeLessThanOrEqual(4096);
    // The sentence is quoted in a piece of at most 1,000 characters, shown whole and verbatim.
    const quote = /^“([\s\S]*?)”/.exec(unescapeMarkdown(quotedText(String(embeds[0].description))))?.[1] ?? '';
    expect(quote.length).toBeGreaterThan(100);
    expect(quote.length).toBeLessThanOrEqual(1000);
    expect(GIANT_SENTENCE).toContain(quote);
    expect(embeds.at(-1).footer.text).toBe(GIANT_QUESTION);
    expect(all[0]?.body.components[0].components[0].label).toBe('Context 1');
  });
});

describe('messages', () => {
  it('a direct message (channel_type 1) gets the answer as a reply, mentions disabled', async () => {
    const sent = fake.sendMessage({ content: CEASEFIRE_QUESTION, dm: true });
    expect(sent.d['channel_type']).toBe(1);
    await fake.waitForRequest(() => channelRepliesTo(fake, sent.d.id).length > 0);
    const [reply] = channelRepliesTo(fake, sent.d.id);
    expect(reply?.path).toBe(`/channels/${sent.d.channel_id}/messages`);
    expect(reply?.status).toBe(200);
    expectCeasefireAnswer(reply!.body);
    expect(reply?.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('a direct message asking about a 9,000-character sentence: one reply, accepted', async () => {
    const sent = fake.sendMessage({ content: GIANT_QUESTION, dm: true, author: { id: '600000000000000001', username: 'reader' } });
    await fake.waitForRequest(() => channelRepliesTo(fake, sent.d.id).length > 0);
    const first = channelRepliesTo(fake, sent.d.id)[0]!;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(
      fake.requests.filter(
        (request) => request.route === 'POST /channels/:channelId/messages' && request.body?.message_reference?.message_id === first.response?.id,
      ),
    ).toEqual([]);
    expect(first.status).toBe(200);
    const quoted = unescapeMarkdown(quotedText(String(first.body.embeds[0].description)));
    const quote = /^“([\s\S]*?)”/.exec(quoted)?.[1] ?? '';
    expect(quote.length).toBeGreaterThan(100);
    expect(GIANT_SENTENCE).toContain(quote);
  });

  it('a mention in a server channel is answered as a reply to it; a message without mention is not', async () => {
    const unmentioned = fake.sendMessage({ content: CEASEFIRE_QUESTION });
    const mention = fake.sendMessage({ content: `<@${fake.botUserId}> ${CEASEFIRE_QUESTION}` });
    await fake.waitForRequest(() => channelRepliesTo(fake, mention.d.id).length > 0);
    const [reply] = channelRepliesTo(fake, mention.d.id);
    expect(reply?.path).toBe(`/channels/${fake.defaultChannelId()}/messages`);
    expect(reply?.body.message_reference.message_id).toBe(mention.d.id);
    expectCeasefireAnswer(reply!.body); // the mention is not part of the question in the footer
    // Events are handled in order: by now the first message was seen and ignored.
    expect(channelRepliesTo(fake, unmentioned.d.id)).toEqual([]);
    expect(fake.requests.filter((request) => request.route === 'POST /channels/:channelId/messages' && request.body?.message_reference === undefined)).toEqual(
      [],
    );
  });

  it('a reply to one of its answers that does not name the bot ("thanks!") is not taken as a question', async () => {
    const mention = fake.sendMessage({ content: `<@${fake.botUserId}> ${CEASEFIRE_QUESTION}` });
    await fake.waitForRequest(() => channelRepliesTo(fake, mention.d.id).length > 0);
    const [answer] = channelRepliesTo(fake, mention.d.id);
    const answerId = String(answer!.response.id);
    // Discord lists the replied-to author among the mentions of a reply that pings.
    const thanks = fake.sendMessage({ content: 'thanks, great!', replyTo: answerId, mentions: [fake.botUser] });
    const later = fake.sendMessage({ content: `<@${fake.botUserId}> ${CEASEFIRE_QUESTION}` });
    await fake.waitForRequest(() => channelRepliesTo(fake, later.d.id).length > 0);
    expect(channelRepliesTo(fake, thanks.d.id)).toEqual([]);
  });

  it('"Find sources" on a message: an ephemeral answer for the message text', async () => {
    const sent = fake.messageContextMenu({
      name: 'Find sources',
      targetMessage: { content: CEASEFIRE_QUESTION, author: { id: '555555555555555555', username: 'poster' } },
    });
    const edit = await waitForAnswer(fake, sent);
    expect(repliesTo(fake, sent)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expectCeasefireAnswer(edit.body);
    expect(fake.originalMessage(sent.token)?.flags).toBe(64);
  });
});
