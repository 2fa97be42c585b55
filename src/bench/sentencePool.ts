import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectLanguage } from '../core/detectLanguage.js';
import { splitSentences } from '../core/splitSentences.js';
import type { Language } from '../core/types.js';
import { loadCorpus } from '../corpus/loadCorpus.js';
import { parseArticleFile } from '../corpus/parseArticleFile.js';

/** The project root (two levels above src/bench). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface TextSource {
  readonly name: string;
  readonly dir: string;
}

/** The real text the project has: the shipped news corpus and, when the shared folder is there, the
 * XQuAD development articles in English and Arabic. Only the folders that exist are returned. */
export function defaultSources(root = PROJECT_ROOT): { used: TextSource[]; missing: TextSource[] } {
  const all: TextSource[] = [
    { name: 'corpus/', dir: path.join(root, 'corpus') },
    { name: '../shared/eval/xquad-dev-en/corpus', dir: path.join(root, '..', 'shared', 'eval', 'xquad-dev-en', 'corpus') },
    { name: '../shared/eval/xquad-dev-ar/corpus', dir: path.join(root, '..', 'shared', 'eval', 'xquad-dev-ar', 'corpus') },
  ];
  return { used: all.filter((s) => existsSync(s.dir)), missing: all.filter((s) => !existsSync(s.dir)) };
}

export interface SentencePool {
  /** Distinct real sentences per language, in a fixed order (source, file, paragraph, position). */
  readonly en: readonly string[];
  readonly ar: readonly string[];
  /** Changes whenever the pool does: part of the generated corpus's cache key. */
  readonly hash: string;
  readonly sources: readonly string[];
}

const MIN_SENTENCE_LENGTH = 20;

/**
 * Would this sentence, alone on a line between blank lines, come back from the parser as exactly
 * one passage with exactly this text? Lines that the parser takes for metadata, site chrome or a
 * headline are left out of the pool, so the generated files hold exactly the generated passages.
 */
function survivesParsing(sentence: string): boolean {
  const documents = parseArticleFile('probe.txt', `---\ntitle: Probe\n---\n\nFirst paragraph of the probe.\n\n${sentence}\n`);
  const passages = documents.length === 1 ? documents[0]!.passages : [];
  return passages.length === 2 && passages[1]!.text === sentence;
}

/** Real sentences from the sources, split with the engine's own splitter. */
export async function buildSentencePool(sources: readonly TextSource[]): Promise<SentencePool> {
  const pools: Record<Language, string[]> = { en: [], ar: [] };
  const seen = new Set<string>();
  for (const source of sources) {
    const corpus = await loadCorpus(source.dir);
    for (const document of corpus.documents) {
      for (const passage of document.passages) {
        for (const span of splitSentences(passage.text)) {
          const sentence = passage.text.slice(span.start, span.end);
          // One line each: a sentence spanning a hard-wrapped line would not be one line in our files.
          if (sentence.length < MIN_SENTENCE_LENGTH || /[\r\n]/.test(sentence) || seen.has(sentence)) continue;
          const language = detectLanguage(sentence);
          if (language === undefined || !survivesParsing(sentence)) continue;
          seen.add(sentence);
          pools[language].push(sentence);
        }
      }
    }
  }
  const hash = createHash('sha256')
    .update(JSON.stringify([pools.en, pools.ar]))
    .digest('hex')
    .slice(0, 12);
  return { en: pools.en, ar: pools.ar, hash, sources: sources.map((s) => s.name) };
}
