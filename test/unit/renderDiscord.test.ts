import { describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { DISCORD_LIMITS, embedLength, type Embed, type MessagePayload } from '../../src/core/discordMessage.js';
import { LABELS } from '../../src/core/labels.js';
import { PAGE_SIZE, decodeButton, documentKey, encodeButton, renderAnswerPage, renderContext, renderDocument } from '../../src/core/renderDiscord.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { Answer, Citation, CorpusDocument, Extract, Language } from '../../src/core/types.js';
import { parseArticleFile } from '../../src/corpus/parseArticleFile.js';
import { splitPayload } from '../../src/discord/respond.js';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Undoes Discord markdown escaping: drops a backslash before any ASCII punctuation. */

function unescapeShown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Characters that Discord markdown acts on; each must reach Discord escaped. */
const ACTIVE = new Set('\\*_`~|>#-[]()<:@');

/** True when every markdown-active character is preceded by an escaping backslash. */
function isInert(escaped: string): boolean {
  for (let i = 0; i < escaped.length; i++) {
    const ch = escaped[i]!;
    if (ch === '\\') {
      if (!ACTIVE.has(escaped[i + 1] ?? '')) return false; // a lone backslash would escape what follows
      i++;
    } else if (ACTIVE.has(ch)) {
      return false;
    }
  }
  return true;
}

interface QuotedBlock {
  readonly n: number;
  /** The block-quoted lines with the `> ` prefixes removed, still escaped. */
  readonly escaped: string;
  /** The quote as a reader copies it: prefixes, escaping and the “ ” removed. */
  readonly quote: string;
}

/** The numbered block quotes of an answer page's description, in order. */
function quotedBlocks(description: string): QuotedBlock[] {
  const blocks: QuotedBlock[] = [];
  let lines: string[] = [];
  for (const line of description.split('\n')) {
    const number = /^\*\*\[(\d+)\]\*\*$/.exec(line);
    if (number) {
      const escaped = lines.join('\n');
      const text = unescapeShown(escaped);
      expect(text.startsWith('“') && text.endsWith('”')).toBe(true);
      blocks.push({ n: Number(number[1]), escaped, quote: text.slice(1, -1) });
      lines = [];
    } else if (line.startsWith('> ')) {
      lines.push(line.slice(2));
    } else {
      expect(line).toBe(''); // only blank lines between blocks
    }
  }
  expect(lines).toEqual([]);
  return blocks;
}

function citation(i: number, extra: Partial<Citation> = {}): Citation {
  return {
    documentId: `doc-${i}`,
    title: `Article ${i}`,
    file: `article-${i}.txt`,
    paragraph: i + 1,
    start: 0,
    end: 10,
    source: `Publisher ${i}`,
    url: `https://news.example/${i}`,
    ...extra,
  };
}

function extract(quote: string, i: number, extra: Partial<Citation> = {}): Extract {
  return { quote, citation: citation(i, extra), score: 1 - i / 100 };
}

function answerOf(quotes: readonly string[], options: { question?: string; language?: Language } = {}): Answer {
  return {
    kind: 'answer',
    question: options.question ?? 'Who brokered the ceasefire?',
    language: options.language ?? 'en',
    extracts: quotes.map((quote, i) => extract(quote, i)),
  };
}

/** Every per-embed and per-payload limit Discord enforces, for one message. */
function expectWithinMessageLimits(message: MessagePayload): void {
  expect((message.content ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  const embeds = message.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  expect(embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  for (const embed of embeds) expectWithinEmbedLimits(embed);
  expectWithinComponentLimits(message);
}

function expectWithinEmbedLimits(embed: Embed): void {
  expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
  expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
  expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
  for (const field of embed.fields ?? []) {
    expect(field.name.length).toBeGreaterThan(0);
    expect(field.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
    expect(field.value.length).toBeGreaterThan(0);
    expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
  }
  expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
  expect(embedLength(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  // An embed must show something.
  expect(embedLength(embed)).toBeGreaterThan(0);
}

function expectWithinComponentLimits(message: MessagePayload): void {
  const rows = message.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(DISCORD_LIMITS.actionRows);
  for (const row of rows) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
    for (const button of row.components) {
      expect(button.label.length).toBeGreaterThan(0);
      expect(button.label.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
      expect(button.custom_id.length).toBeGreaterThan(0);
      expect(button.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
    }
  }
}

function buttons(payload: MessagePayload) {
  return (payload.components ?? []).flatMap((row) => row.components);
}

/** A one-sentence quote of about `length` characters, words separated by single spaces. */
function longSentence(length: number, words: readonly string[] = ['the', 'council', 'said', 'that', 'talks', 'would', 'resume']): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const word = words[i % words.length]!;
    out.push(word);
    size += word.length + 1;
  }
  return `${out.join(' ')}.`;
}

// ---------------------------------------------------------------------------------------------

const MARKDOWN_SAMPLES = [
  'The *bold* claim was denied.',
  'A __underlined__ word and a _slanted_ one.',
  'Run `rm -rf` now, said nobody.',
  '> quoted line inside a quote',
  'Read [the report](http://x) for details.',
  '@everyone the ceasefire holds.',
  'Thanks <@123> and <@&456> and <#789>.',
  'It happened <t:123:R> exactly.',
  '# heading in the corpus',
  '- list item in the corpus',
  'Spoiler ||hidden|| and ~~struck~~ text.',
  '-# subtext line',
  'A literal back\\slash and \\*not bold\\*.',
];

describe('renderAnswerPage', () => {
  it('quotes each extract in its own block quote that reads back exactly', () => {
    const quotes = ['The United Nations brokered a ceasefire.', 'Talks resume on Monday in Geneva.', 'A second line\nfollows here.'];
    const page = renderAnswerPage(answerOf(quotes));
    expect(page.content).toBeUndefined();
    const blocks = (page.embeds ?? []).flatMap((embed) => quotedBlocks(embed.description ?? ''));
    expect(blocks.map((block) => block.n)).toEqual([1, 2, 3]);
    expect(blocks.map((block) => block.quote)).toEqual(quotes);
  });

  it.each(MARKDOWN_SAMPLES)('renders corpus markdown inert and reversible: %s', (quote) => {
    const page = renderAnswerPage(answerOf([quote]));
    const [block] = quotedBlocks(page.embeds?.[0]?.description ?? '');
    expect(block?.quote).toBe(quote);
    // Only the “ ” the renderer adds are unescaped; everything from the corpus is inert.
    for (const line of block!.escaped.split('\n')) expect(isInert(line.replace(/^“|”$/g, ''))).toBe(true);
  });

  it('escapes the dangerous forms specifically', () => {
    const page = renderAnswerPage(answerOf(['@everyone look <@123> at <t:123:R>: *x* __y__ `z` [l](http://x)']));
    const description = page.embeds?.[0]?.description ?? '';
    expect(description).toContain('\\@everyone');
    expect(description).toContain('\\<\\@123\\>');
    expect(description).toContain('\\<t\\:123\\:R\\>');
    expect(description).toContain('\\*x\\*');
    expect(description).toContain('\\_\\_y\\_\\_');
    expect(description).toContain('\\`z\\`');
    expect(description).toContain('\\[l\\]\\(http\\://x\\)');
    expect(description).not.toMatch(/(?<!\\)@everyone/);
  });

  it('keeps a block quote on every line of a multi-line quote, so a line cannot start a heading or list', () => {
    const quote = 'First line\n# not a heading\n- not a list\n> not a nested quote';
    const description = renderAnswerPage(answerOf([quote])).embeds?.[0]?.description ?? '';
    const lines = description.split('\n');
    expect(lines.slice(0, 4).every((line) => line.startsWith('> '))).toBe(true);
    expect(lines[1]).toBe('> \\# not a heading');
    expect(lines[2]).toBe('> \\- not a list');
    expect(lines[3]).toBe('> \\> not a nested quote”');
    expect(quotedBlocks(description)[0]?.quote).toBe(quote);
  });

  it('lists numbered sources with title, publisher and paragraph in a "Sources" field', () => {
    const result: Answer = {
      kind: 'answer',
      question: 'q',
      language: 'en',
      extracts: [
        extract('One.', 0, { title: 'Ceasefire *holds*', source: 'Asharq Al-Awsat', url: 'https://aawsat.com/a_(b)', paragraph: 4 }),
        extract('Two.', 1, { title: 'No link here', url: undefined, source: undefined, paragraph: 2 }),
      ],
    };
    const page = renderAnswerPage(result);
    const embeds = page.embeds ?? [];
    const fields = embeds.flatMap((embed) => embed.fields ?? []);
    expect(fields).toHaveLength(1);
    expect(embeds.at(-1)?.fields?.[0]?.name).toBe('Sources');
    const lines = fields[0]!.value.split('\n');
    expect(lines).toEqual(['**[1]** [Ceasefire \\*holds\\*](https://aawsat.com/a_%28b%29) · Asharq Al\\-Awsat · ¶ 4', '**[2]** **No link here** · ¶ 2']);
  });

  it('puts the question in the footer of the last embed (the More button reads it back)', () => {
    const question = 'Who brokered the *ceasefire* in Tripoli?';
    const page = renderAnswerPage(answerOf(['A.', 'B.'], { question }));
    expect(page.embeds?.at(-1)?.footer?.text).toBe(question);
  });

  it('offers a Context button per extract and a More button only when more extracts exist', () => {
    const quotes = ['One.', 'Two.', 'Three.', 'Four.', 'Five.'];
    const result = answerOf(quotes);
    const first = buttons(renderAnswerPage(result));
    expect(first.map((button) => button.label)).toEqual(['Context 1', 'Context 2', 'Context 3', 'More']);
    for (const [i, button] of first.slice(0, 3).entries()) {
      expect(button.custom_id.startsWith('ctx:')).toBe(true);
      expect(button.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
      expect(decodeButton(button.custom_id)).toEqual({ kind: 'context', documentKey: documentKey(`doc-${i}`), paragraph: i + 1 });
    }
    expect(decodeButton(first[3]!.custom_id)).toEqual({ kind: 'more', offset: PAGE_SIZE });
    // All custom_ids on a message must differ.
    expect(new Set(first.map((button) => button.custom_id)).size).toBe(first.length);

    const second = renderAnswerPage(result, PAGE_SIZE);
    expect(buttons(second).map((button) => button.label)).toEqual(['Context 4', 'Context 5']);
    const blocks = (second.embeds ?? []).flatMap((embed) => quotedBlocks(embed.description ?? ''));
    expect(blocks.map((block) => [block.n, block.quote])).toEqual([
      [4, 'Four.'],
      [5, 'Five.'],
    ]);
    expect(second.embeds?.at(-1)?.fields?.[0]?.value).toMatch(/^\*\*\[4\]\*\* .*\n\*\*\[5\]\*\* /);

    expect(buttons(renderAnswerPage(answerOf(['Only.', 'Two.', 'Three.']))).map((button) => button.label)).not.toContain('More');
  });

  it('keeps custom_ids short even for a 100-character document id', () => {
    const longId = `a-${'very-long-document-id-'.repeat(5)}`.slice(0, 100);
    const result: Answer = { kind: 'answer', question: 'q', language: 'en', extracts: [extract('x.', 0, { documentId: longId, paragraph: 123456 })] };
    const [button] = buttons(renderAnswerPage(result));
    expect(button!.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
    expect(decodeButton(button!.custom_id)).toEqual({ kind: 'context', documentKey: documentKey(longId), paragraph: 123456 });
  });

  it('uses Arabic labels for an Arabic answer', () => {
    const page = renderAnswerPage(answerOf(['قال المتحدث إن القوات تستعد.', 'ب.', 'ج.', 'د.'], { language: 'ar', question: 'من قال؟' }));
    expect(page.embeds?.at(-1)?.fields?.[0]?.name).toBe('المصادر');
    expect(page.embeds?.at(-1)?.fields?.[0]?.value).toContain('الفقرة 1');
    expect(buttons(page).map((button) => button.label)).toEqual(['السياق 1', 'السياق 2', 'السياق 3', 'المزيد']);
    expect(page.embeds?.at(-1)?.footer?.text).toBe('من قال؟');
  });

  it('answers "no answer" with the fixed text in the question\'s language, pointing to /source', () => {
    const en = renderAnswerPage({ kind: 'no-answer', question: 'How do I bake bread?', language: 'en', reason: 'not-in-corpus' });
    expect(en).toEqual({ content: `${LABELS.en.noAnswer} ${LABELS.en.trySource}` });
    expect(en.content).toContain('/source');
    expect(en.content).toMatch(/^No passage in the corpus answers this\./);

    const ar = renderAnswerPage({ kind: 'no-answer', question: 'كيف أخبز الخبز؟', language: 'ar', reason: 'not-in-corpus' });
    expect(ar.content).toBe(`${LABELS.ar.noAnswer} ${LABELS.ar.trySource}`);
    expect(ar.content).toContain('/source');
    expect(ar.content).toMatch(/المدوّنة/);

    expect(renderAnswerPage({ kind: 'no-answer', question: '???', language: 'en', reason: 'empty-question' })).toEqual({ content: LABELS.en.emptyQuestion });
    expect(renderAnswerPage({ kind: 'no-answer', question: '؟', language: 'ar', reason: 'empty-question' })).toEqual({ content: LABELS.ar.emptyQuestion });
  });

  it('says there is nothing more when asked for a page past the end', () => {
    expect(renderAnswerPage(answerOf(['One.']), PAGE_SIZE)).toEqual({ content: LABELS.en.noMore });
    expect(renderAnswerPage(answerOf(['واحد.'], { language: 'ar' }), PAGE_SIZE)).toEqual({ content: LABELS.ar.noMore });
  });

  describe('long quotes', () => {
    /** The description texts of a page's embeds, in order, with the quotes' pieces. */
    function descriptions(page: MessagePayload): string[] {
      return (page.embeds ?? []).map((embed) => embed.description ?? '').filter((text) => text !== '');
    }

    /**
     * A page's quotes, as shown: each block's verbatim text (prefixes, escapes and “ ” removed) and
     * whether it is marked as clipped. Also checks the page is one message within every limit.
     */
    function shownQuotes(page: MessagePayload): { quote: string; clipped: boolean }[] {
      expect(splitPayload(page)).toHaveLength(1);
      expectWithinMessageLimits(page);
      const shown: { quote: string; clipped: boolean }[] = [];
      for (const text of descriptions(page)) {
        let lines: string[] = [];
        for (const line of text.split('\n')) {
          const number = /^\*\*\[\d+\]\*\*( … The full text is attached\.)?$/.exec(line);
          if (number) {
            const quote = unescapeShown(lines.join('\n'));
            expect(quote.startsWith('“') && quote.endsWith('”')).toBe(true);
            shown.push({ quote: quote.slice(1, -1), clipped: number[1] !== undefined });
            lines = [];
          } else if (line.startsWith('> ')) lines.push(line.slice(2));
          else expect(line).toBe('');
        }
        expect(lines).toEqual([]);
      }
      return shown;
    }

    /** The attached file of clipped extracts holds each in full. */
    function attached(page: MessagePayload): string {
      expect(page.files?.map((file) => file.name)).toEqual(['extracts.txt']);
      return page.files![0]!.data;
    }

    it('shows a 9,000-character quote in one message as a verbatim prefix, marked, with the full quote attached', () => {
      const quote = longSentence(9000);
      const page = renderAnswerPage(answerOf([quote]));
      const [shown] = shownQuotes(page);
      expect(shown?.clipped).toBe(true);
      expect(shown!.quote.length).toBeGreaterThan(2000);
      expect(quote.startsWith(shown!.quote)).toBe(true);
      // Cut between words: what follows the prefix in the quote is a space.
      expect(quote[shown!.quote.length]).toBe(' ');
      expect(attached(page)).toContain(`\n\n${quote}\n`);
    });

    it('clips at a sentence end when the quote has several sentences', () => {
      const quote = Array.from({ length: 200 }, (_, i) => `The council met on day ${i} in Tripoli.`).join(' ');
      expect(quote.length).toBeGreaterThan(DISCORD_LIMITS.embedTotal);
      const [shown] = shownQuotes(renderAnswerPage(answerOf([quote])));
      expect(shown?.clipped).toBe(true);
      expect(shown!.quote).toMatch(/ in Tripoli\.$/);
      expect(quote.startsWith(`${shown!.quote} The council`)).toBe(true);
    });

    it('never cuts inside an escape, even in markdown-heavy text', () => {
      const quote = longSentence(9000, ['*a*', '__b__', '`c`', '<@1>', '[x](y)', '@everyone', '-#', '||s||']);
      const page = renderAnswerPage(answerOf([quote]));
      for (const piece of descriptions(page)) {
        expect(piece.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
        for (const line of piece.split('\n').filter((l) => l.startsWith('> '))) expect(isInert(line.slice(2).replace(/^“|”$/g, ''))).toBe(true);
      }
      const [shown] = shownQuotes(page);
      expect(quote.startsWith(shown!.quote)).toBe(true);
      expect(attached(page)).toContain(quote);
    });

    it('cuts a quote without any space, still showing a verbatim prefix', () => {
      const quote = 'ـ'.repeat(3000) + '-'.repeat(3000) + 'x'.repeat(3000);
      const page = renderAnswerPage(answerOf([quote]));
      const [shown] = shownQuotes(page);
      expect(shown!.quote.length).toBeGreaterThan(1000);
      expect(quote.startsWith(shown!.quote)).toBe(true);
      expect(attached(page)).toContain(quote);
    });

    it('fits every page of long quotes, long titles and a long question in one message', () => {
      // A question from "Find sources" is a whole message: up to 2,000 characters (4,000 with Nitro).
      const longQuestion = `${'Is it true that the ceasefire held '.repeat(60)}?`.slice(0, 2000);
      const shapes: { quotes: string[]; question: string }[] = [
        { quotes: [longSentence(9000), longSentence(9000), longSentence(9000), 'x.'], question: 'q' },
        { quotes: [longSentence(4000), longSentence(4000), longSentence(4000)], question: longQuestion },
        { quotes: [longSentence(1300), longSentence(1300), longSentence(1300)], question: longQuestion },
        { quotes: [longSentence(4080)], question: longQuestion },
        { quotes: [longSentence(4090), longSentence(10), longSentence(5000)], question: 'x'.repeat(5000) },
        { quotes: [longSentence(5_000_000)], question: 'q' },
      ];
      for (const { quotes, question } of shapes) {
        const result: Answer = {
          kind: 'answer',
          question,
          language: 'en',
          extracts: quotes.map((quote, i) => extract(quote, i, { title: `${'Very long headline '.repeat(20)}${i}`, source: 'S'.repeat(300) })),
        };
        const page = renderAnswerPage(result);
        for (const embed of page.embeds ?? []) expectWithinEmbedLimits(embed);
        const shown = shownQuotes(page);
        // The buttons follow the footer that More reads the question from.
        expect(page.components?.length).toBe(1);
        const footer = page.embeds?.at(-1)?.footer?.text ?? '';
        if (question.length <= DISCORD_LIMITS.footer) expect(footer).toBe(question);
        else expect(question.startsWith(footer.slice(0, -1))).toBe(true);
        // Every quote on the page is shown, whole or as a marked verbatim prefix, each getting a fair share.
        expect(shown).toHaveLength(Math.min(quotes.length, PAGE_SIZE));
        shown.forEach(({ quote, clipped }, i) => {
          const full = quotes[i]!;
          if (clipped) {
            expect(full.startsWith(quote)).toBe(true);
            expect(quote.length).toBeGreaterThan(500);
            expect(attached(page)).toContain(`\n\n${full}\n`);
          } else expect(quote).toBe(full);
        });
        if (shown.every(({ clipped }) => !clipped)) expect(page.files).toBeUndefined();
      }
    });

    it('clips nothing when the quotes fit', () => {
      const quotes = [longSentence(1000), longSentence(1000), longSentence(1000)];
      const page = renderAnswerPage(answerOf(quotes));
      expect(shownQuotes(page)).toEqual(quotes.map((quote) => ({ quote, clipped: false })));
      expect(page.files).toBeUndefined();
    });
  });

  it('renders real answers from an index so that every extract reads back verbatim', () => {
    const text = [
      'Ceasefire Holds in Tripoli',
      '',
      'Source: Libya *Herald*',
      '',
      'The capital had witnessed clashes between rival militias. The United Nations had brokered a ceasefire that ended the unrest at 10:30 on [Sunday].',
      '',
      'Demonstrators (@everyone, they said) took to the streets of Tripoli. They demanded the resignation of the government.',
    ].join('\n');
    const documents = parseArticleFile('tripoli.txt', text);
    const index = SearchIndex.build(documents);
    const result = answer(index, 'Who brokered the ceasefire?');
    expect(result.kind).toBe('answer');
    if (result.kind !== 'answer') return;
    const page = renderAnswerPage(result);
    const blocks = (page.embeds ?? []).flatMap((embed) => quotedBlocks(embed.description ?? ''));
    expect(blocks.map((block) => block.quote)).toEqual(result.extracts.slice(0, PAGE_SIZE).map((extract) => extract.quote));
    for (const extract of result.extracts) expect(text.slice(extract.citation.start, extract.citation.end)).toBe(extract.quote);
    expect(blocks[0]?.quote).toContain('brokered a ceasefire');
    expect(page.embeds?.at(-1)?.fields?.[0]?.value).toContain('Libya \\*Herald\\*');
  });
});

describe('encodeButton / decodeButton', () => {
  it('round-trips both kinds of button', () => {
    for (const action of [
      { kind: 'more', offset: 3 },
      { kind: 'more', offset: 9999 },
      { kind: 'context', documentKey: documentKey('aawsat-us-strikes'), paragraph: 1 },
      { kind: 'context', documentKey: 'abc123', paragraph: 999999 },
    ] as const) {
      const id = encodeButton(action);
      expect(id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
      expect(decodeButton(id)).toEqual(action);
    }
  });

  it.each([
    'more:abc',
    'more:',
    'more:-1',
    'more:12345',
    'more:3 ',
    'ctx:',
    'ctx:abc',
    'ctx:abc:',
    'ctx:ABC:1',
    'ctx:abc:1:2',
    'ctx:a/b:1',
    'ctx:abc:1234567',
    `ctx:${'a'.repeat(41)}:1`,
    `more:${'9'.repeat(200)}`,
    'x'.repeat(5000),
    '',
    'delete:everything',
  ])('rejects %j', (id) => {
    expect(decodeButton(id)).toBeUndefined();
  });
});

describe('documentKey', () => {
  it('is stable, short and made of custom_id-safe characters', () => {
    const ids = ['a', 'aawsat-us-strikes-isis-libya', 'doc-1a2b3c4d', 'x'.repeat(100), 'تقرير'];
    for (const id of ids) {
      const key = documentKey(id);
      expect(key).toBe(documentKey(id));
      expect(key).toMatch(/^[0-9a-z]{1,7}$/);
    }
    // FNV-1a of "a": pinned so a restart (or an upgrade) keeps old buttons working.
    expect(documentKey('a')).toBe((0xe40c292c).toString(36));
  });

  it('tells apart similar ids', () => {
    const keys = new Set(Array.from({ length: 1000 }, (_, i) => documentKey(`article-${i}`)));
    expect(keys.size).toBe(1000);
  });
});

function documentOf(passages: readonly string[], meta: Partial<CorpusDocument> = {}): CorpusDocument {
  let offset = 0;
  return {
    id: 'tripoli-report',
    file: 'news/tripoli_report.txt',
    title: 'Ceasefire holds in Tripoli',
    languages: ['en'],
    passages: passages.map((text, i) => {
      const passage = { paragraph: i + 1, start: offset, end: offset + text.length, text };
      offset += text.length + 2;
      return passage;
    }),
    ...meta,
  };
}

describe('renderDocument', () => {
  const meta = { source: 'Libya *Herald*', url: 'https://libyaherald.com/x', author: 'Jane @Doe', date: '2024-05-01' };

  it('shows the facts and all paragraphs of a short article, without a file', () => {
    const document = documentOf(['First paragraph.', 'Second # paragraph.'], meta);
    const payload = renderDocument(document, 'en');
    expect(payload.files).toBeUndefined();
    const [embed] = payload.embeds ?? [];
    expect(embed?.title).toBe('Ceasefire holds in Tripoli');
    expect(embed?.footer).toBeUndefined();
    const description = embed?.description ?? '';
    expect(description).toContain('Source: Libya \\*Herald\\*');
    expect(description).toContain('Link: https://libyaherald.com/x');
    expect(description).toContain('Author: Jane \\@Doe');
    expect(description).toContain('Date: 2024\\-05\\-01');
    expect(description).toContain('Language: en');
    expect(description).toContain('Paragraphs: 2');
    expect(description).toContain('File: news/tripoli\\_report.txt');
    expect(description).toContain('> First paragraph.');
    expect(description).toContain('> Second \\# paragraph.');
  });

  it('shows at most three opening paragraphs and attaches the full text', () => {
    const paragraphs = ['One.', 'Two.', 'Three.', 'Four.', 'Five *5*.'];
    const payload = renderDocument(documentOf(paragraphs, meta), 'en');
    const [embed] = payload.embeds ?? [];
    const quoted = (embed?.description ?? '').split('\n').filter((line) => line.startsWith('> '));
    expect(quoted).toEqual(['> One.', '> Two.', '> Three.']);
    expect(embed?.footer?.text).toBe(LABELS.en.fullTextAttached);
    expect(payload.files).toHaveLength(1);
    const [file] = payload.files ?? [];
    expect(file?.name).toBe('tripoli-report.txt');
    // The file is plain text: the title, then every paragraph verbatim (not escaped).
    expect(file?.data).toBe(`Ceasefire holds in Tripoli\n\n${paragraphs.join('\n\n')}\n`);
  });

  it('shows fewer paragraphs when they are long, attaching the file, and stays within limits', () => {
    const paragraphs = [longSentence(1500), longSentence(1500), longSentence(1500)];
    const payload = renderDocument(documentOf(paragraphs, { title: 'T'.repeat(400) }), 'en');
    const [embed] = payload.embeds ?? [];
    expectWithinEmbedLimits(embed!);
    expect(embed?.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect((embed?.description ?? '').split('\n').filter((line) => line.startsWith('> ')).length).toBeLessThan(3);
    expect(payload.files?.[0]?.data).toContain(paragraphs[2]);
    for (const message of splitPayload(payload)) expectWithinMessageLimits(message);
  });

  it('attaches the file even when the first paragraph alone is too long to show', () => {
    const payload = renderDocument(documentOf([longSentence(5000)]), 'en');
    expect((payload.embeds?.[0]?.description ?? '').includes('> ')).toBe(false);
    expect(payload.files?.[0]?.data).toContain(longSentence(5000));
    expectWithinEmbedLimits(payload.embeds![0]!);
  });

  it('uses Arabic labels for an Arabic article', () => {
    const payload = renderDocument(documentOf(['فقرة أولى.', 'ثانية.', 'ثالثة.', 'رابعة.'], { ...meta, languages: ['ar'] }), 'ar');
    const description = payload.embeds?.[0]?.description ?? '';
    expect(description).toContain('المصدر: ');
    expect(description).toContain('الفقرات: 4');
    expect(payload.embeds?.[0]?.footer?.text).toBe(LABELS.ar.fullTextAttached);
  });
});

describe('renderContext', () => {
  it('shows the whole paragraph, escaped, with its citation', () => {
    const paragraph = 'The *whole* paragraph, @everyone.\nIts second line: <t:1:R>.';
    const document = documentOf(['Intro.', paragraph], { source: 'Herald', url: 'https://h.example/a' });
    const payload = renderContext(document, 2, 'en');
    const [embed] = payload.embeds ?? [];
    const lines = (embed?.description ?? '').split('\n');
    expect(lines.every((line) => line.startsWith('> '))).toBe(true);
    expect(unescapeShown(lines.map((line) => line.slice(2)).join('\n'))).toBe(paragraph);
    expect(embed?.fields?.[0]?.name).toBe('Sources');
    expect(embed?.fields?.[0]?.value).toBe('[Ceasefire holds in Tripoli](https://h.example/a) · Herald · ¶ 2');
  });

  /** The one embed of a clipped Context reply: the quoted lines as text, and the clip mark after them. */
  function clippedContext(payload: MessagePayload): { shown: string; file: string } {
    expect(splitPayload(payload)).toHaveLength(1);
    expectWithinMessageLimits(payload);
    const [embed, ...others] = payload.embeds ?? [];
    expect(others).toEqual([]);
    const lines = (embed?.description ?? '').split('\n');
    // The clip mark is a line of its own after the quote, outside it.
    expect(lines.at(-1)).toBe('…');
    const quoted = lines.slice(0, -1);
    expect(quoted.every((line) => line.startsWith('> '))).toBe(true);
    expect(embed?.footer?.text).toBe(LABELS.en.fullTextAttached);
    expect(embed?.fields?.[0]?.name).toBe('Sources');
    expect(payload.files).toHaveLength(1);
    return { shown: unescapeShown(quoted.map((line) => line.slice(2)).join('\n')), file: payload.files![0]!.data };
  }

  it('shows a paragraph too long for one embed as one message: clipped at a sentence end, the whole paragraph attached', () => {
    const paragraph = Array.from({ length: 200 }, (_, i) => `The *council* met on day ${i} in Tripoli.`).join(' ');
    const document = documentOf([paragraph]);
    const payload = renderContext(document, 1, 'en');
    const { shown, file } = clippedContext(payload);
    expect(shown).toMatch(/ in Tripoli\.$/);
    expect(paragraph.startsWith(`${shown} The`)).toBe(true);
    expect(shown.length).toBeGreaterThan(3000);
    expect(file).toBe(`${paragraph}\n`);
    expect(payload.files?.[0]?.name).toBe(`${document.id}-1.txt`);
  });

  it('shows a 5-million-character paragraph without sentence ends as one message', () => {
    const paragraph = longSentence(5_000_000).slice(0, -1);
    const { shown, file } = clippedContext(renderContext(documentOf([paragraph]), 1, 'en'));
    expect(paragraph.startsWith(shown)).toBe(true);
    expect(paragraph[shown.length]).toBe(' ');
    expect(file).toBe(`${paragraph}\n`);
  });

  it('attaches nothing when the paragraph fits', () => {
    const paragraph = longSentence(2500);
    const payload = renderContext(documentOf([paragraph]), 1, 'en');
    expect(payload.files).toBeUndefined();
    expect(payload.embeds).toHaveLength(1);
    expect(unescapeShown((payload.embeds?.[0]?.description ?? '').replace(/^> /, ''))).toBe(paragraph);
  });

  it('says the article is gone when the paragraph no longer exists', () => {
    expect(renderContext(documentOf(['Only one.']), 7, 'en')).toEqual({ content: LABELS.en.goneFromCorpus });
    expect(renderContext(documentOf(['واحدة.']), 2, 'ar')).toEqual({ content: LABELS.ar.goneFromCorpus });
  });
});
