/**
 * End to end: the Context and More buttons under an answer — before and after the bot restarts
 * (a new process would have a new client and a CorpusService opened from the same snapshot), and
 * buttons that no longer make sense.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeButton, documentKey } from '../../src/core/renderDiscord.js';
import type { FakeDiscord, FakeMessage, SentInteraction } from '../support/FakeDiscord.js';
import { Harness, MANY_EXTRACTS_QUESTION, repliesTo, unescapeMarkdown, waitForAnswer, type RunningBot } from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;
let corpusDir: string;
/** The public answer to MANY_EXTRACTS_QUESTION: nine extracts, three per page. */
let answer: FakeMessage;

beforeAll(async () => {
  corpusDir = await harness.corpus();
  fake = await harness.fake();
  running = await harness.startBot(fake, { corpusDir });
  const sent = fake.slashCommand({ name: 'ask', options: { question: MANY_EXTRACTS_QUESTION } });
  await waitForAnswer(fake, sent);
  answer = structuredClone(fake.originalMessage(sent.token)!);
});

// Every message the bot sent in this file: mentions disabled, none rejected by the fake's validation.
harness.checkBotMessages();

function buttons(message: Record<string, any>): { label: string; custom_id: string }[] {
  return (message['components'] as any[]).flatMap((row) => row.components);
}

function customId(message: Record<string, any>, label: string): string {
  const button = buttons(message).find((candidate) => candidate.label === label);
  if (!button) throw new Error(`no ${label} button: ${JSON.stringify(buttons(message).map((b) => b.label))}`);
  return button.custom_id;
}

/** The paragraph a Context custom_id points at, in the bot's current index. */
function paragraphFor(bot: RunningBot, id: string): string {
  const action = decodeButton(id);
  if (action?.kind !== 'context') throw new Error(`not a context button: ${id}`);
  const document = bot.corpus.current.index.documents.find((candidate) => documentKey(candidate.id) === action.documentKey)!;
  return document.passages.find((passage) => passage.paragraph === action.paragraph)!.text;
}

async function pressContext(on: FakeDiscord, message: string | Record<string, unknown>, id: string): Promise<Record<string, any>> {
  const sent = on.button({ customId: id, message });
  const reply = await waitForAnswer(on, sent);
  expect(reply.body.type).toBe(4); // answered at once, no defer
  expect(reply.body.data.flags).toBe(64);
  return reply.body.data;
}

async function pressMore(
  on: FakeDiscord,
  message: string | Record<string, unknown>,
  id: string,
): Promise<{ sent: SentInteraction; body: Record<string, any> }> {
  const sent = on.button({ customId: id, message });
  const edit = await waitForAnswer(on, sent);
  expect(repliesTo(on, sent)[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
  return { sent, body: edit.body };
}

describe('answer buttons', () => {
  it('the first page has Context 1–3 and More', () => {
    expect(buttons(answer).map((button) => button.label)).toEqual(['Context 1', 'Context 2', 'Context 3', 'More']);
    expect(customId(answer, 'More')).toBe('more:3');
    for (const button of buttons(answer)) expect(button.custom_id.length).toBeLessThanOrEqual(100);
  });

  it('Context: the whole paragraph of the extract, only for the one who pressed', async () => {
    const id = customId(answer, 'Context 1');
    const body = await pressContext(fake, answer.id, id);
    const paragraph = paragraphFor(running, id);
    const description = unescapeMarkdown(body.embeds[0].description);
    expect(description).toBe(
      paragraph
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n'),
    );
    // The extract quoted in the answer is part of that paragraph.
    const firstQuote = /“([\s\S]*?)”\n\*\*\[1\]\*\*/.exec(unescapeMarkdown(String(answer.embeds[0]?.['description'])))?.[1];
    expect(firstQuote).toBeDefined();
    expect(paragraph).toContain(firstQuote);
    expect(body.embeds.at(-1).fields[0].name).toBe('Sources');
    expect(body.embeds.at(-1).fields[0].value).toMatch(/¶ \d+$/);
  });

  it('More: the next page (extracts 4–6) privately, with its own buttons; and the last page has no More', async () => {
    const page2 = await pressMore(fake, answer.id, customId(answer, 'More'));
    const text = unescapeMarkdown(page2.body.embeds.map((embed: any) => embed.description ?? '').join('\n'));
    expect(text).toMatch(/\*\*\[4\]\*\*[\s\S]*\*\*\[5\]\*\*[\s\S]*\*\*\[6\]\*\*/);
    expect(text).not.toContain('**[1]**');
    expect(page2.body.embeds.at(-1).footer.text).toBe(MANY_EXTRACTS_QUESTION);
    expect(buttons(page2.body).map((button) => button.label)).toEqual(['Context 4', 'Context 5', 'Context 6', 'More']);
    expect(fake.originalMessage(page2.sent.token)?.flags).toBe(64);

    const page3 = await pressMore(fake, fake.originalMessage(page2.sent.token)!.id, customId(page2.body, 'More'));
    expect(unescapeMarkdown(page3.body.embeds[0].description)).toContain('**[7]**');
    expect(buttons(page3.body).map((button) => button.label)).toEqual(['Context 7', 'Context 8', 'Context 9']);
  });

  it('still work after a restart: a new bot (new client, corpus from the same snapshot) answers the same presses', async () => {
    const contextId = customId(answer, 'Context 2');
    const before = await pressContext(fake, answer.id, contextId);
    const moreBefore = await pressMore(fake, answer.id, 'more:3');

    await harness.stopBot(running);
    const fake2 = await harness.fake();
    const restarted = await harness.startBot(fake2, { corpusDir, snapshotDir: running.snapshotDir });
    expect(restarted.corpus.current.origin).toBe('snapshot');

    // The answer message as Discord keeps it: its embeds (footer = question) and buttons.
    const message = { embeds: answer.embeds, components: answer.components, author: fake2.botUser };
    const after = await pressContext(fake2, message, contextId);
    expect(after.embeds).toEqual(before.embeds);
    const moreAfter = await pressMore(fake2, message, 'more:3');
    expect(moreAfter.body.embeds).toEqual(moreBefore.body.embeds);
    expect(moreAfter.body.components).toEqual(moreBefore.body.components);
    running = restarted;
    fake = fake2;
  });

  it('a button whose article is gone, or that makes no sense: a polite private note', async () => {
    const message = { embeds: answer.embeds, components: answer.components };
    const gone = await pressContext(fake, message, 'ctx:zzzz:1');
    expect(gone.content).toBe('That article is no longer in the corpus; ask again to search the current articles.');
    expect(gone.embeds ?? []).toEqual([]);

    const garbage = await pressContext(fake, message, 'launch-the-rockets');
    expect(garbage.content).toBe('This button no longer works; please ask again.');

    // More on a message that lost its footer cannot know the question.
    const bare = await pressContext(fake, { content: 'old answer', components: answer.components }, 'more:3');
    expect(bare.content).toBe('This button no longer works; please ask again.');

    // A paragraph number the article does not have.
    const known = decodeButton(customId(answer, 'Context 1'));
    if (known?.kind !== 'context') throw new Error('unexpected');
    const missing = await pressContext(fake, message, `ctx:${known.documentKey}:9999`);
    expect(missing.content).toBe('That article is no longer in the corpus; ask again to search the current articles.');
    expect(running.logs.filter((line) => / failed: /.test(line))).toEqual([]);
  });
});
