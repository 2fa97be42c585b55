/**
 * `text` as a string of its own. V8 makes a slice of 13 characters or more a view into the string
 * it was cut from, which then lives as long as the slice: a word or title kept from a streamed
 * build's document (a vocabulary entry, a document's title) would keep its whole file's text alive,
 * and every file's, once enough words are kept. Gluing a character on and cutting it off again
 * makes V8 copy the characters into a new string; the cut is a view of that copy only.
 */
export function ownString(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
