/**
 * End to end: /source — autocomplete on titles, an article by id or by title, an unknown one, and a
 * long article whose full text is attached as a file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { clip } from '../../src/core/discordMessage.js';
import type { CorpusDocument } from '../../src/core/types.js';
import type { FakeDiscord, RecordedRequest } from '../support/FakeDiscord.js';
import { CEASEFIRE_DOCUMENT, Harness, waitForAnswer, unescapeMarkdown, type RunningBot } from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;

const LONG_PARAGRAPHS = Array.from(
  { length: 40 },
  (_, i) =>
    `Paragraph ${i + 1} of the harbour report: the dockworkers of the eastern quay unloaded ${i + 3} cargo ships of grain, cement and timber while the customs office kept records of every crate that passed the gate.`,
);
// Thirty more short articles, so that autocomplete has more than 25 candidates.
const BULLETINS = Object.fromEntries(
  Array.from({ length: 30 }, (_, i) => [
    `bulletin-${String(i + 1).padStart(2, '0')}.txt`,
    `---\ntitle: Weather bulletin number ${i + 1}\nsource: Test Wire\n---\nThe forecast for day ${i + 1} announced light winds over the coast.\n`,
  ]),
);

beforeAll(async () => {
  const corpusDir = await harness.corpus({
    'harbour-report.txt': `---\ntitle: The long harbour report\nsource: Port Authority Gazette\nurl: https://example.org/harbour\ndate: 2019-04-07\n---\n${LONG_PARAGRAPHS.join('\n\n')}\n`,
    ...BULLETINS,
  });
  fake = await harness.fake();
  running = await harness.startBot(fake, { corpusDir });
});

// Every message the bot sent in this file: mentions disabled, none rejected by the fake's validation.
harness.checkBotMessages();

function documents(): readonly CorpusDocument[] {
  return running.corpus.current.index.documents;
}

function fold(text: string): string {
  return text.toLowerCase();
}

async function autocomplete(typed: string): Promise<{ name: string; value: string }[]> {
  const sent = fake.autocomplete({ name: 'source', options: { document: typed } });
  const callback = await fake.waitForRequest({ method: 'POST', path: `/interactions/${sent.id}/${sent.token}/callback` });
  expect(callback.status).toBe(204);
  expect(callback.body.type).toBe(8);
  return callback.body.data.choices;
}

async function source(value: string): Promise<RecordedRequest> {
  const sent = fake.slashCommand({ name: 'source', options: { document: value } });
  const reply = await waitForAnswer(fake, sent);
  expect(reply.body.type).toBe(4);
  return reply;
}

describe('/source', () => {
  it('autocomplete: at most 25 choices, values are document ids of at most 100 characters', async () => {
    expect(documents().length).toBeGreaterThan(25);
    const choices = await autocomplete('');
    expect(choices).toHaveLength(25);
    const ids = new Set(documents().map((document) => document.id));
    for (const choice of choices) {
      expect(ids.has(choice.value)).toBe(true);
      expect(choice.value.length).toBeLessThanOrEqual(100);
      expect(choice.name.length).toBeGreaterThan(0);
      expect(choice.name.length).toBeLessThanOrEqual(100);
    }
  });

  it('autocomplete: the typed text filters by title (or id), in English and Arabic', async () => {
    const misrata = await autocomplete('Misrata');
    expect(misrata.length).toBeGreaterThan(0);
    for (const choice of misrata) {
      const document = documents().find((candidate) => candidate.id === choice.value)!;
      expect(fold(document.title).includes('misrata') || document.id.includes('misrata')).toBe(true);
    }
    const weather = await autocomplete('weather bulletin number 1');
    expect(weather.map((choice) => choice.name).sort()).toEqual(
      ['1', ...Array.from({ length: 10 }, (_, i) => String(i + 10))].map((n) => `Weather bulletin number ${n}`).sort(),
    );
    const arabic = await autocomplete('سرت');
    expect(arabic.length).toBeGreaterThan(0);
    expect(arabic.every((choice) => choice.name.includes('سرت'))).toBe(true);
    expect(await autocomplete('zzzz no such words')).toEqual([]);
  });

  it('by document id: title, facts and opening paragraphs, public', async () => {
    const document = documents().find((candidate) => candidate.id === CEASEFIRE_DOCUMENT)!;
    const reply = await source(CEASEFIRE_DOCUMENT);
    expect(reply.body.data.flags ?? 0).toBe(0);
    const [embed] = reply.body.data.embeds;
    expect(embed.title).toBe(clip(document.title, 256));
    const description = unescapeMarkdown(embed.description);
    expect(description).toContain(`Paragraphs: ${document.passages.length}`);
    expect(description).toContain(`File: ${document.file}`);
    expect(description).toContain('Language: en');
    expect(description).toContain(`> ${document.passages[0]!.text}`);
    expect(description).toContain(`> ${document.passages[1]!.text}`);
  });

  it('by title (what a client sends when the choice was not picked): the same article', async () => {
    const document = documents().find((candidate) => candidate.id === CEASEFIRE_DOCUMENT)!;
    const byId = await source(CEASEFIRE_DOCUMENT);
    const byTitle = await source(clip(document.title, 100));
    expect(byTitle.body.data.embeds).toEqual(byId.body.data.embeds);
  });

  it('an unknown article: a polite private note', async () => {
    const reply = await source('The history of sourdough');
    expect(reply.body.data).toMatchObject({ content: 'No article matches that; pick one from the list as you type.', flags: 64 });
  });

  it('a long article: the opening in the embed, the full text attached as a .txt file', async () => {
    const document = documents().find((candidate) => candidate.id.startsWith('harbour-report'))!;
    expect(document.passages).toHaveLength(40);
    const reply = await source(document.id);
    const [embed] = reply.body.data.embeds;
    expect(embed.title).toBe('The long harbour report');
    const description = unescapeMarkdown(embed.description);
    expect(description).toContain('Source: Port Authority Gazette');
    expect(description).toContain('Link: https://example.org/harbour');
    expect(description).toContain('Date: 2019-04-07');
    expect(description).toContain(`> ${LONG_PARAGRAPHS[0]}`);
    expect(description).not.toContain(LONG_PARAGRAPHS[39]);
    expect(embed.footer.text).toBe('The full text is attached.');

    expect(reply.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(reply.files).toHaveLength(1);
    const file = reply.files[0]!;
    expect(file.filename).toBe(`${document.id}.txt`);
    const text = file.data.toString('utf8');
    expect(text.startsWith('The long harbour report\n\n')).toBe(true);
    for (const paragraph of LONG_PARAGRAPHS) expect(text).toContain(paragraph);
    // The member downloads it from the message.
    const sent = fake.interaction(reply.path.split('/')[2]!)!;
    const message = fake.originalMessage(sent.token)!;
    expect(message.attachments).toHaveLength(1);
    expect(await (await fetch(message.attachments[0]!.url)).text()).toBe(text);
  });
});
