/** Without accents or harakat: "Maiziere" is "Maizière" as typed on a keyboard without them. */
export function foldMarks(text: string): string {
  // Printable ASCII, and the Arabic letters that are no mark and have no decomposition (all but
  // the hamza-carrying alef, waw and yeh), are as NFD leaves them: most words of either language,
  // and the answer check folds every candidate term.
  return NEEDS_FOLDING.test(text) ? text.normalize('NFD').replace(/\p{M}/gu, '') : text;
}

/** A code unit outside printable ASCII, U+0621 and U+0627–U+064A. */
const NEEDS_FOLDING = /[^\x20-\x7e\u0621\u0627-\u064a]/;
