/**
 * Writes a small dictd dictionary the way dictfmt does, so the parser is tested against bytes
 * laid out independently of it: entries concatenated in a `.dict`, and an `.index` of folded
 * headword, base-64 byte offset and length.
 */

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function dictdNumber(value: number): string {
  let text = '';
  do {
    text = DIGITS[value % 64]! + text;
    value = Math.floor(value / 64);
  } while (value > 0);
  return text;
}

/** `entries` as [index key, entry text]; several keys may share one text (indexed twice). */
export function makeDictd(entries: readonly (readonly [string, string])[]): { index: string; dict: Buffer } {
  const chunks: Buffer[] = [];
  const placed = new Map<string, [number, number]>();
  let offset = 0;
  const lines: string[] = [];
  for (const [key, text] of entries) {
    let at = placed.get(text);
    if (at === undefined) {
      const bytes = Buffer.from(text, 'utf8');
      at = [offset, bytes.length];
      placed.set(text, at);
      chunks.push(bytes);
      offset += bytes.length;
    }
    lines.push(`${key}\t${dictdNumber(at[0])}\t${dictdNumber(at[1])}`);
  }
  lines.sort();
  return { index: `${lines.join('\n')}\n`, dict: Buffer.concat(chunks) };
}
