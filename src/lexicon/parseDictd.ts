/**
 * The dictd format (dictfmt 1.13, as Debian's FreeDict packages ship it), read without a dictd
 * server. The `.index` file has one line per headword: the headword as dictd folds it for
 * searching (lower case, punctuation and harakat removed), then the offset and length of its entry
 * in the `.dict` file, both in dictd's base-64 digits. Each entry is the headword as written,
 * optionally followed by ` /pronunciation/`, then its translations: one line, or several numbered
 * `1. `, `2. `… Headwords that begin with `00database` are the dictionary's own metadata.
 */

export interface DictdEntry {
  /** The headword as the entry writes it (the index holds only its folded search key). */
  readonly headword: string;
  /** Each translation line as written, numbering removed; glosses and notes kept. */
  readonly translations: readonly string[];
}

export interface DictdDictionary {
  /** In the order of the `.dict` file; an entry indexed under several keys appears once. */
  readonly entries: readonly DictdEntry[];
  /** The `00databaseinfo` entry (edition, licence, changelog), or '' if the dictionary has none. */
  readonly info: string;
  /** The `00databaseshort` entry: the dictionary's one-line name. */
  readonly short: string;
}

export type DictdParse = { readonly kind: 'parsed'; readonly dictionary: DictdDictionary } | { readonly kind: 'failed'; readonly reason: string };

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A dictd base-64 number (most significant digit first, no padding), or -1 if it is not one. */
export function decodeDictdNumber(text: string): number {
  if (text.length === 0 || text.length > 8) return -1;
  let value = 0;
  for (const ch of text) {
    const digit = DIGITS.indexOf(ch);
    if (digit < 0) return -1;
    value = value * 64 + digit;
  }
  return value;
}

const PRONUNCIATION = / \/[^/\n]*\/$/;
const NUMBERED = /^(\d+)\. /;

/**
 * Parses a dictd pair: `index` is the `.index` text, `dict` the uncompressed `.dict` bytes (a
 * `.dict.dz` is gzip, so the caller gunzips it). Offsets count bytes, so the entry text is decoded
 * only after slicing.
 */
export function parseDictd(index: string, dict: Uint8Array): DictdParse {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const entries: { offset: number; entry: DictdEntry }[] = [];
  const seen = new Set<number>();
  let info = '';
  let short = '';
  const lines = index.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const fields = line.split('\t');
    const where = `index line ${i + 1}`;
    if (fields.length < 3) return failed(`${where} has ${fields.length} field(s), expected headword, offset and length`);
    const offset = decodeDictdNumber(fields[1]!);
    const length = decodeDictdNumber(fields[2]!);
    if (offset < 0 || length < 0) return failed(`${where}: "${fields[1]}\t${fields[2]}" is not a dictd offset and length`);
    if (offset + length > dict.length) return failed(`${where} points past the end of the .dict (${offset + length} > ${dict.length} bytes)`);
    let text: string;
    try {
      text = decoder.decode(dict.subarray(offset, offset + length));
    } catch {
      return failed(`${where}: its entry is not valid UTF-8`);
    }
    const key = fields[0]!;
    if (key.startsWith('00database')) {
      if (key === '00databaseinfo') info = text;
      else if (key === '00databaseshort') short = text.trim();
      continue;
    }
    if (seen.has(offset)) continue;
    seen.add(offset);
    const entry = parseDictdEntry(text);
    if (entry.kind === 'failed') return failed(`${where} ("${key}"): ${entry.reason}`);
    entries.push({ offset, entry: entry.entry });
  }
  entries.sort((a, b) => a.offset - b.offset);
  return { kind: 'parsed', dictionary: { entries: entries.map((e) => e.entry), info, short } };
}

export type DictdEntryParse = { readonly kind: 'parsed'; readonly entry: DictdEntry } | { readonly kind: 'failed'; readonly reason: string };

/** One entry's text: headword line, then one plain or several numbered translation lines. */
export function parseDictdEntry(text: string): DictdEntryParse {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0 || lines[0]!.trim() === '') return { kind: 'failed', reason: 'the entry is empty' };
  const headword = lines[0]!.replace(PRONUNCIATION, '');
  const body = lines.slice(1);
  if (body.length === 0) return { kind: 'failed', reason: `"${headword}" has no translation` };
  if (lines.some((l) => l.includes('\t'))) return { kind: 'failed', reason: `"${headword}" holds a tab, which the lexicon file uses as its separator` };
  // Only a list of several senses is numbered; a single translation that starts with a number
  // ("1. Mose") would otherwise lose it.
  const translations =
    body.length === 1
      ? body
      : body.map((line, i) => {
          const numbered = NUMBERED.exec(line);
          return numbered !== null && Number(numbered[1]) === i + 1 ? line.slice(numbered[0].length) : line;
        });
  return { kind: 'parsed', entry: { headword, translations } };
}

function failed(reason: string): DictdParse {
  return { kind: 'failed', reason };
}
