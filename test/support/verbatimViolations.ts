import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SearchIndex } from '../../src/core/SearchIndex.js';
import type { Answer } from '../../src/core/types.js';

/**
 * The check behind isnad's promise (every extract is a verbatim, correctly cited slice of a corpus
 * file), shared by test/core/verbatim.test.ts and test/quality/floors.test.ts: the floors answer
 * the XQuAD development sets anyway, so they check those same answers instead of the set being
 * answered a second time in another file.
 */

export interface VerbatimCorpus {
  readonly name: string;
  readonly index: SearchIndex;
  /** Original text of each file (BOM removed), by path relative to the corpus folder. */
  readonly files: ReadonlyMap<string, string>;
}

/** The text of each file as citation offsets count it: UTF-8, BOM removed. */
export function readCorpusFiles(dir: string, files: Iterable<string>): Map<string, string> {
  const texts = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    texts.set(file, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  }
  return texts;
}

/** Every way `result` could break the verbatim-and-cited promise, as readable messages. */
export function verbatimViolations(corpus: VerbatimCorpus, question: string, result: Answer, limit: number): string[] {
  const problems: string[] = [];
  const where = `${corpus.name} ${JSON.stringify(question.slice(0, 80))}`;
  if (result.question !== question) problems.push(`${where}: answer is for another question`);
  if (result.kind === 'no-answer') {
    if (result.reason !== 'empty-question' && result.reason !== 'not-in-corpus') problems.push(`${where}: unknown reason ${String(result.reason)}`);
    return problems;
  }
  if (result.extracts.length === 0) problems.push(`${where}: an answer with no extract`);
  if (result.extracts.length > limit) problems.push(`${where}: ${result.extracts.length} extracts, limit ${limit}`);
  const quotes = new Set<string>();
  result.extracts.forEach(({ quote, citation }, i) => {
    const at = `${where} extract ${i + 1}`;
    if (quote.length === 0) problems.push(`${at}: empty quote`);
    if (quote !== quote.trim()) problems.push(`${at}: quote has leading or trailing whitespace`);
    if (quotes.has(quote)) problems.push(`${at}: same quote twice`);
    quotes.add(quote);
    const text = corpus.files.get(citation.file);
    if (text === undefined) return void problems.push(`${at}: cites unknown file ${citation.file}`);
    if (text.slice(citation.start, citation.end) !== quote) problems.push(`${at}: quote is not fileText.slice(start, end)`);
    const document = corpus.index.documents.find((d) => d.id === citation.documentId);
    if (document === undefined) return void problems.push(`${at}: cites unknown document ${citation.documentId}`);
    if (document.file !== citation.file) problems.push(`${at}: file ${citation.file} is not the document's ${document.file}`);
    if (document.title !== citation.title) problems.push(`${at}: title is not the document's`);
    if (document.source !== citation.source) problems.push(`${at}: source is not the document's`);
    if (document.url !== citation.url) problems.push(`${at}: url is not the document's`);
    const passage = document.passages.find((p) => p.paragraph === citation.paragraph);
    if (passage === undefined) return void problems.push(`${at}: no paragraph ${citation.paragraph}`);
    if (citation.start < passage.start || citation.end > passage.end) problems.push(`${at}: quote runs outside paragraph ${citation.paragraph}`);
  });
  return problems;
}
