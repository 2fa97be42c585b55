/**
 * FNV-1a, 32-bit, over UTF-16 code units: a short, stable, non-cryptographic hash for names and
 * keys (document-id suffixes, button keys). Changing it changes document ids and invalidates
 * buttons already posted, so both users share this one.
 */
export function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** FNV-1a's starting value and multiplier, for hashing code units as they are read (TokenScanner). */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/**
 * A hash's bits spread (murmur3's finalizer, halved): FNV-1a's low bits vary little over short
 * keys, and an open-addressing table indexes by the low bits. The build's and the question's hash
 * tables all probe with this.
 */
export function spreadHash(hash: number): number {
  const h = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}
