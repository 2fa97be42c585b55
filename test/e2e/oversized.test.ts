/**
 * End to end: one file must not let a member make isnad flood a channel (issue 9, item 8). A
 * 4.9 MiB line without a sentence end once became one passage of 5,137,992 characters, and one
 * /ask sent 1,261 messages; "Context" sent 1,256, and 695 for a giant paragraph of real sentences.
 * Here each reply is one message (never more than MAX_MESSAGES_PER_REPLY), what does not fit one
 * is attached, and every quote shown is verbatim in the file. The files are generated here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_PASSAGE_LENGTH } from '../../src/corpus/parseArticleFile.js';
import { MAX_MESSAGES_PER_REPLY } from '../../src/discord/respond.js';
import type { FakeDiscord, RecordedRequest, SentInteraction } from '../support/FakeDiscord.js';
import { Harness, repliesTo, unescapeMarkdown, waitForAnswer, type RunningBot } from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;

/** 4.9 MiB on one line, words only: no sentence ends, no line breaks. */
function unstoppedLine(): string {
  const words = ['the', 'harbour', 'dredging', 'contract', 'went', 'to', 'the', 'Benghazi', 'consortium', 'and'];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 4.9 * 1024 * 1024; i++) {
    const word = i % 10 === 9 ? `lot${i}` : words[i % 10]!;
    parts.push(word);
    size += word.length + 1;
  }
  return parts.join(' ');
}

/** A paragraph of about 2 MB of real sentences on one line. */
function giantParagraph(): string {
  const sentences: string[] = [];
  let size = 0;
  for (let i = 0; size < 2_000_000; i++) {
    const sentence = `The desalination plant at Zuwara delivered ${(i * 37) % 1000} cubic metres to district ${i} on day ${i % 365}.`;
    sentences.push(sentence);
    size += sentence.length + 1;
  }
  return sentences.join(' ');
}

/** Real sentences so full of markdown that a passage of them, escaped, passes one embed. */
function markdownParagraph(): string {
  return Array.from({ length: 400 }, (_, i) => `Brega terminal *_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_ ${i}.`).join(' ');
}

const FILES = {
  'dump.txt': unstoppedLine(),
  'giant-paragraph.txt': `Zuwara water report\n\n${giantParagraph()}\n`,
  'markdown-dump.txt': `Brega terminal log\n\n${markdownParagraph()}\n`,
};

beforeAll(async () => {
  expect(FILES['dump.txt'].length).toBeGreaterThanOrEqual(4.9 * 1024 * 1024);
  fake = await harness.fake();
  running = await harness.startBot(fake, { corpusDir: await harness.corpus(FILES, { seed: false }) });
}, 30_000);

// Every message the bot sent in this file: mentions disabled, none rejected by the fake's validation.
harness.checkBotMessages();

/** Every message-bearing request for an interaction, after giving any follow-up time to arrive. */
async function messagesFor(sent: SentInteraction): Promise<RecordedRequest[]> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return repliesTo(fake, sent).filter(
    (request) =>
      (request.route === 'POST /interactions/:id/:token/callback' && request.body?.type === 4) ||
      request.route === 'POST /webhooks/:appId/:token' ||
      request.route === 'PATCH /webhooks/:appId/:token/messages/:messageId',
  );
}

function body(request: RecordedRequest): Record<string, any> {
  return request.route === 'POST /interactions/:id/:token/callback' ? request.body.data : request.body;
}

/** The quotes of an answer page as a reader copies them: between “ and ”, escapes undone. */
function answerQuotes(message: Record<string, any>): string[] {
  const quoted = (message.embeds as any[])
    .map((embed) => String(embed.description ?? ''))
    .join('\n')
    .split('\n')
    .map((line) => (line.startsWith('> ') ? line.slice(2) : `\u0000${line}`))
    .join('\n');
  return [...unescapeMarkdown(quoted).matchAll(/“([^\u0000]*?)”\n\u0000\*\*\[\d+\]\*\*/g)].map((match) => match[1]!);
}

async function ask(question: string): Promise<{ messages: RecordedRequest[]; answer: Record<string, any> }> {
  const sent = fake.slashCommand({ name: 'ask', options: { question } });
  await waitForAnswer(fake, sent, 10_000);
  const messages = await messagesFor(sent);
  return { messages, answer: fake.originalMessage(sent.token)! };
}

async function pressContext(answer: Record<string, any>, n: number): Promise<RecordedRequest[]> {
  const button = (answer['components'] as any[]).flatMap((row) => row.components).find((candidate: any) => candidate.label === `Context ${n}`);
  expect(button).toBeDefined();
  const sent = fake.button({ customId: button.custom_id, message: answer['id'] });
  await waitForAnswer(fake, sent, 10_000);
  return messagesFor(sent);
}

/** The quoted lines of a Context reply, escapes undone, and whether the clip mark follows them. */
function contextQuote(message: Record<string, any>): { text: string; clipped: boolean } {
  expect(message.embeds).toHaveLength(1);
  const lines = String(message.embeds[0].description).split('\n');
  const clipped = lines.at(-1) === '…';
  const quoted = clipped ? lines.slice(0, -1) : lines;
  expect(quoted.every((line) => line.startsWith('> '))).toBe(true);
  return { text: unescapeMarkdown(quoted.map((line) => line.slice(2)).join('\n')), clipped };
}

describe('oversized files', () => {
  it('are indexed as passages of bounded length', () => {
    const documents = running.corpus.current.index.documents;
    for (const name of Object.keys(FILES)) {
      const passages = documents.filter((document) => document.file === name).flatMap((document) => document.passages);
      expect(passages.length).toBeGreaterThan(1);
      for (const passage of passages) expect(passage.text.length).toBeLessThanOrEqual(MAX_PASSAGE_LENGTH);
    }
  });

  it('a 4.9 MiB line without sentence ends: /ask sends one message, Context one, every quote verbatim', async () => {
    const { messages, answer } = await ask('What went to the Benghazi consortium in lot2049?');
    expect(messages.length).toBeLessThanOrEqual(MAX_MESSAGES_PER_REPLY);
    expect(messages).toHaveLength(1);
    const quotes = answerQuotes(body(messages[0]!));
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) {
      expect(quote.length).toBeLessThanOrEqual(1000);
      expect(FILES['dump.txt']).toContain(quote);
    }
    expect(quotes[0]).toContain('lot2049 ');

    const context = await pressContext(answer, 1);
    expect(context).toHaveLength(1);
    const { text } = contextQuote(body(context[0]!));
    expect(text.length).toBeGreaterThan(1000);
    expect(FILES['dump.txt']).toContain(text);
  });

  it('a giant paragraph of real sentences: one message each, the Context shown whole up to a sentence end', async () => {
    const { messages, answer } = await ask('How many cubic metres did the Zuwara desalination plant deliver to district 4242?');
    expect(messages).toHaveLength(1);
    const quotes = answerQuotes(body(messages[0]!));
    expect(quotes.length).toBeGreaterThan(0);
    for (const quote of quotes) expect(FILES['giant-paragraph.txt']).toContain(quote);
    expect(quotes[0]).toContain('district 4242 ');

    const context = await pressContext(answer, 1);
    expect(context).toHaveLength(1);
    const { text, clipped } = contextQuote(body(context[0]!));
    expect(clipped).toBe(false);
    expect(text).toMatch(/^The desalination plant[\s\S]* on day \d+\.$/);
    expect(text).toContain(quotes[0]);
    expect(FILES['giant-paragraph.txt']).toContain(text);
  });

  it('a passage too long for one embed once escaped: Context is one message, clipped at a sentence end, the whole passage attached', async () => {
    const { messages, answer } = await ask('What about the Brega terminal 217?');
    expect(messages).toHaveLength(1);
    for (const quote of answerQuotes(body(messages[0]!))) expect(FILES['markdown-dump.txt']).toContain(quote);

    const context = await pressContext(answer, 1);
    expect(context).toHaveLength(1);
    const message = body(context[0]!);
    const { text, clipped } = contextQuote(message);
    expect(clipped).toBe(true);
    expect(text).toMatch(/^Brega terminal [\s\S]* \d+\.$/);
    expect(message.embeds[0].footer.text).toBe('The full text is attached.');
    expect(context[0]!.files).toHaveLength(1);
    const attached = context[0]!.files[0]!.data.toString('utf8');
    expect(attached.endsWith('\n')).toBe(true);
    const passage = attached.slice(0, -1);
    expect(passage.length).toBeGreaterThan(text.length);
    expect(passage.startsWith(`${text} Brega terminal`)).toBe(true);
    expect(FILES['markdown-dump.txt']).toContain(passage);
  });
});
