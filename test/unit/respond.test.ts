import { describe, expect, it } from 'vitest';
import { DISCORD_LIMITS, embedLength, type ActionRow, type Embed, type FileAttachment } from '../../src/core/discordMessage.js';
import { blockQuote } from '../../src/core/renderDiscord.js';
import { MAX_MESSAGES_PER_REPLY, OVERFLOW_FILE, plainText, respond, splitPayload, splitText } from '../../src/discord/respond.js';
import { MessageFlags } from 'discord.js';

const embed = (i: number, size = 10): Embed => ({ description: `${i}`.padEnd(size, '.') });
const ROW: ActionRow = { type: 1, components: [{ type: 2, style: 1, label: 'More', custom_id: 'more:3' }] };
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const FILE: FileAttachment = { name: 'article.txt', data: 'full text' };

/**
 * What splitText promises: the pieces, in order, are the text with at most one break character
 * (a line end or a space) removed at each split. Returns the separators found, or throws.
 */
function separators(text: string, pieces: readonly string[]): string[] {
  const removed: string[] = [];
  let position = 0;
  pieces.forEach((piece, i) => {
    expect(text.startsWith(piece, position)).toBe(true);
    position += piece.length;
    if (i < pieces.length - 1) {
      const next = pieces[i + 1]!;
      if (!text.startsWith(next, position)) {
        expect([' ', '\n']).toContain(text[position]);
        removed.push(text[position]!);
        position++;
      } else {
        removed.push('');
      }
    }
  });
  expect(position).toBe(text.length);
  return removed;
}

/** Reassembles the pieces with the separators that were removed. */
function rejoin(pieces: readonly string[], removed: readonly string[]): string {
  return pieces.map((piece, i) => piece + (removed[i] ?? '')).join('');
}

describe('splitPayload', () => {
  it('keeps a small payload as one message', () => {
    const payload = { content: 'hello', embeds: [embed(1)], components: [ROW], files: [FILE] };
    expect(splitPayload(payload)).toEqual([payload]);
  });

  it('sends 12 embeds as two messages of 10 and 2, in order', () => {
    const embeds = Array.from({ length: 12 }, (_, i) => embed(i));
    const messages = splitPayload({ embeds });
    expect(messages.map((message) => message.embeds?.length)).toEqual([10, 2]);
    expect(messages.flatMap((message) => message.embeds ?? [])).toEqual(embeds);
  });

  it('starts a new message when the embeds would pass 6,000 characters together', () => {
    const embeds = [embed(1, 2500), embed(2, 2500), embed(3, 2500), embed(4, 100)];
    const messages = splitPayload({ embeds });
    expect(messages.map((message) => message.embeds?.length)).toEqual([2, 2]);
    for (const message of messages) {
      expect((message.embeds ?? []).reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    }
    expect(messages.flatMap((message) => message.embeds ?? [])).toEqual(embeds);
  });

  it('counts titles, fields and footers towards the 6,000 characters', () => {
    const big: Embed = {
      title: 't'.repeat(256),
      description: 'd'.repeat(2000),
      fields: [{ name: 'n'.repeat(200), value: 'v'.repeat(1000) }],
      footer: { text: 'f'.repeat(500) },
    };
    expect(embedLength(big)).toBe(3956);
    const messages = splitPayload({ embeds: [big, big] });
    expect(messages).toHaveLength(2);
  });

  it('allows exactly 6,000 characters in one message, and not one more', () => {
    expect(splitPayload({ embeds: [embed(1, 3000), embed(2, 3000)] })).toHaveLength(1);
    expect(splitPayload({ embeds: [embed(1, 3000), embed(2, 3001)] }).map((message) => message.embeds?.length)).toEqual([1, 1]);
  });

  it('splits 5,000 characters of content into three messages of at most 2,000, losing nothing', () => {
    const sentence = 'The United Nations had brokered a ceasefire. ';
    const content = sentence.repeat(112).slice(0, 5000);
    const messages = splitPayload({ content });
    expect(messages).toHaveLength(3);
    const pieces = messages.map((message) => message.content ?? '');
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    const removed = separators(content, pieces);
    expect(removed).toEqual([' ', ' ']);
    expect(rejoin(pieces, removed)).toBe(content);
  });

  it('prefers to split content at line ends', () => {
    const lines = Array.from({ length: 150 }, (_, i) => `• line ${i} of the corpus status`);
    const content = lines.join('\n');
    const pieces = splitPayload({ content }).map((message) => message.content ?? '');
    expect(pieces.length).toBeGreaterThan(1);
    expect(separators(content, pieces).every((separator) => separator === '\n')).toBe(true);
    // Each message holds whole lines.
    expect(pieces.flatMap((piece) => piece.split('\n'))).toEqual(lines);
  });

  it('puts files on the first message and buttons on the last', () => {
    const messages = splitPayload({ content: 'x'.repeat(2500), embeds: Array.from({ length: 11 }, (_, i) => embed(i)), files: [FILE], components: [ROW] });
    expect(messages).toHaveLength(3);
    expect(messages[0]?.files).toEqual([FILE]);
    expect(messages.slice(1).every((message) => message.files === undefined)).toBe(true);
    expect(messages.at(-1)?.components).toEqual([ROW]);
    expect(messages.slice(0, -1).every((message) => message.components === undefined)).toBe(true);
  });

  it('sends content first, then the embeds after it', () => {
    const embeds = [embed(1), embed(2)];
    const messages = splitPayload({ content: 'y'.repeat(3000), embeds });
    expect(messages).toHaveLength(2);
    expect(messages[0]?.embeds).toBeUndefined();
    expect(messages[1]?.content).toBe('y'.repeat(1000));
    expect(messages[1]?.embeds).toEqual(embeds);
  });

  it('never produces an empty message', () => {
    for (const payload of [{ content: 'a' }, { embeds: [embed(1)] }, { content: 'b'.repeat(4001), embeds: Array.from({ length: 21 }, (_, i) => embed(i)) }]) {
      for (const message of splitPayload(payload)) {
        expect((message.content ?? '') !== '' || (message.embeds ?? []).length > 0).toBe(true);
      }
    }
  });

  it('keeps at most five rows of buttons', () => {
    const [message] = splitPayload({ content: 'x', components: Array.from({ length: 7 }, () => ROW) });
    expect(message?.components).toHaveLength(DISCORD_LIMITS.actionRows);
  });
});

describe('splitPayload bounds the messages of one reply', () => {
  /** What one reply sends: the messages, and the text of the overflow file when there is one. */
  function sent(payload: Parameters<typeof splitPayload>[0]) {
    const messages = splitPayload(payload);
    expect(messages.length).toBeLessThanOrEqual(MAX_MESSAGES_PER_REPLY);
    const overflow = messages.flatMap((message) => message.files ?? []).filter((file) => file.name === OVERFLOW_FILE);
    expect(overflow.length).toBeLessThanOrEqual(1);
    return { messages, overflow: overflow[0]?.data };
  }

  it('sends 5 MB of content as three messages and the rest as an attached file, losing nothing', () => {
    const sentence = 'The United Nations had brokered a ceasefire. ';
    const content = sentence.repeat(Math.ceil(5_000_000 / sentence.length));
    const { messages, overflow } = sent({ content, components: [ROW] });
    expect(messages).toHaveLength(MAX_MESSAGES_PER_REPLY);
    for (const message of messages) expect((message.content ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    // The file is on the last message, with the buttons.
    expect(messages.at(-1)?.files?.map((file) => file.name)).toEqual([OVERFLOW_FILE]);
    expect(messages.at(-1)?.components).toEqual([ROW]);
    // The pieces shown, then the file, are the content: each cut was at a space, dropped.
    const shown = messages.map((message) => message.content ?? '').join(' ');
    expect(`${shown} ${overflow}`).toBe(`${content}\n`);
  });

  it("keeps the payload's own files on the first message and the overflow file on the last", () => {
    const { messages } = sent({ content: 'c', embeds: Array.from({ length: 45 }, (_, i) => embed(i)), files: [FILE], components: [ROW] });
    expect(messages[0]?.files).toEqual([FILE]);
    expect(messages.at(-1)?.files?.map((file) => file.name)).toEqual([OVERFLOW_FILE]);
    expect(messages.slice(1, -1).every((message) => message.files === undefined)).toBe(true);
  });

  it('puts 1,261 embeds of a quote in the file as plain text, exactly as the corpus has it', () => {
    const paragraphs = Array.from({ length: 1261 }, (_, i) => `Paragraph ${i}: *not bold*, @everyone, <@1> [x](y) > ok\n-# line two`);
    const embeds: Embed[] = paragraphs.map((text, i) => ({ description: blockQuote(text), fields: [{ name: 'Sources', value: `Source ${i}` }] }));
    const { messages, overflow } = sent({ embeds });
    const shownEmbeds = messages.flatMap((message) => message.embeds ?? []);
    expect(shownEmbeds.length).toBeGreaterThan(0);
    // What is shown is the payload's embeds as they were, in order.
    expect(shownEmbeds).toEqual(embeds.slice(0, shownEmbeds.length));
    for (const message of messages) expect((message.embeds ?? []).reduce((sum, e) => sum + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    // Every paragraph not shown is in the file, verbatim.
    paragraphs.forEach((text, i) => {
      if (i >= shownEmbeds.length) expect(overflow).toContain(`${text}\n\nSources\nSource ${i}\n`);
    });
    expect(overflow).not.toContain(paragraphs[shownEmbeds.length - 1]);
  });

  it('keeps the overflow file under 8 MiB, cut at a character and marked', () => {
    const content = 'قال المسؤول إن الهجوم وقع 😀 '.repeat(400_000);
    const { overflow } = sent({ content });
    const bytes = Buffer.byteLength(overflow!, 'utf8');
    expect(bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(bytes).toBeGreaterThan(7 * 1024 * 1024);
    expect(overflow!.endsWith('\n…\n')).toBe(true);
    expect(overflow).not.toContain('\uFFFD');
    expect(content).toContain(overflow!.slice(0, -3).slice(0, 100_000));
  });

  it('plainText undoes the escaping and the block quote of a rendered quote', () => {
    for (const text of ['a *b* _c_ `d` ~e~ |f| >g #h -i [j](k) <l> :m @n \\o', 'line one\n\n> already quoted\n-# x', ' leading space']) {
      expect(plainText(blockQuote(text))).toBe(text);
    }
  });
});

describe('splitText', () => {
  it('returns nothing for empty text and the text itself when it fits', () => {
    expect(splitText('', 10)).toEqual([]);
    expect(splitText('exactly10!', 10)).toEqual(['exactly10!']);
  });

  it('cuts a text without spaces at the limit', () => {
    const text = 'x'.repeat(4500);
    const pieces = splitText(text, 2000);
    expect(pieces.map((piece) => piece.length)).toEqual([2000, 2000, 500]);
    expect(pieces.join('')).toBe(text);
  });

  it('never splits a surrogate pair, in emoji-heavy text', () => {
    const emoji = ['😀', '🇱🇾', '👍🏽', '🧕', '📰', '👨‍👩‍👧'];
    for (const spaced of [false, true]) {
      let text = '';
      for (let i = 0; text.length < 6000; i++) text += emoji[i % emoji.length]! + (spaced && i % 37 === 0 ? ' ' : '');
      for (const max of [2000, 1999, 101, 7]) {
        const pieces = splitText(text, max);
        for (const piece of pieces) {
          expect(piece.length).toBeLessThanOrEqual(max);
          expect(piece.length).toBeGreaterThan(0);
          // No lone surrogate at either end.
          expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
          expect(piece).not.toMatch(LONE_SURROGATE);
        }
        expect(rejoin(pieces, separators(text, pieces))).toBe(text);
      }
    }
  });

  it('never splits an emoji that straddles the limit exactly', () => {
    const text = `${'a'.repeat(1999)}😀${'b'.repeat(10)}`;
    const pieces = splitText(text, 2000);
    expect(pieces).toEqual(['a'.repeat(1999), `😀${'b'.repeat(10)}`]);
  });

  it('keeps Arabic text whole and splits it between words', () => {
    const text = 'قالت مصادر ليبية وأمريكية إن الولايات المتحدة تستعد لشن ضربات. '.repeat(80);
    const pieces = splitText(text, 2000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(2000);
    const removed = separators(text, pieces);
    expect(removed.every((separator) => separator === ' ')).toBe(true);
    expect(rejoin(pieces, removed)).toBe(text);
  });
});

describe('respond() to a deferred interaction', () => {
  /** Just what respond() reads and calls of a deferred interaction, recording the calls. */
  function deferredInteraction(ephemeral: boolean) {
    const calls: { method: string; flags?: unknown; content?: unknown }[] = [];
    const target = {
      applicationId: '1',
      token: 't',
      deferred: true,
      replied: false,
      ephemeral,
      async editReply(message: { content?: string }) {
        calls.push({ method: 'editReply', content: message.content });
        target.replied = true;
      },
      async reply(message: { content?: string; flags?: unknown }) {
        calls.push({ method: 'reply', content: message.content, flags: message.flags });
      },
      async followUp(message: { content?: string; flags?: unknown }) {
        calls.push({ method: 'followUp', content: message.content, flags: message.flags });
      },
    };
    return { target, calls };
  }

  it('replaces the deferred original once, then adds private follow-ups: a second reply (an apology) never overwrites a delivered result', async () => {
    const { target, calls } = deferredInteraction(true);
    await respond(target as never, { content: 'Refreshed in 4.0 s.' });
    await respond(target as never, { content: 'Something went wrong on our side.' }, { ephemeral: true });
    expect(calls).toEqual([
      { method: 'editReply', content: 'Refreshed in 4.0 s.' },
      { method: 'followUp', content: 'Something went wrong on our side.', flags: MessageFlags.Ephemeral },
    ]);
  });

  it('edits the original even after progress edits made directly (which discord.js counts as replied)', async () => {
    const { target, calls } = deferredInteraction(true);
    await target.editReply({ content: 'Refreshing the corpus… 3 s' });
    await respond(target as never, { content: 'Refreshed in 4.0 s.' });
    expect(calls.map((call) => [call.method, call.content])).toEqual([
      ['editReply', 'Refreshing the corpus… 3 s'],
      ['editReply', 'Refreshed in 4.0 s.'],
    ]);
  });
});
