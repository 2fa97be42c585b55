/**
 * FNV-1a, 32-bit, over UTF-16 code units: a short, stable, non-cryptographic hash for names and
 * keys (document-id suffixes, button keys). Changing it changes document ids and invalidates
 * buttons already posted, so both users share this one.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
