import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { Lexicon } from '../core/Lexicon.js';
import { LEXICON_FILE_NAME, parseLexiconSteps } from '../core/lexiconFile.js';
import { inTurns } from './inTurns.js';

/**
 * The one reader of the lexicon file (`lexicon/freedict-en-ar.tsv.gz`, built by `npm run
 * build-lexicon`). It is found beside the code, not in the working folder, so every entry point
 * reads the same file wherever it is started from.
 */

export const DEFAULT_LEXICON_FILE = fileURLToPath(new URL(`../../lexicon/${LEXICON_FILE_NAME}`, import.meta.url));

export type LexiconLoad = { readonly kind: 'loaded'; readonly lexicon: Lexicon } | { readonly kind: 'failed'; readonly reason: string };

const gunzipAsync = promisify(gunzip);

/**
 * Reads, parses and builds the lexicon, lookup tables included. The bot loads it while it serves:
 * decompression runs off the main thread, and parsing and building go a few milliseconds at a
 * time, letting the event loop run between, so an interaction that arrives meanwhile is
 * acknowledged within Discord's three seconds (in one block the load took 1.2 s, 6 s under load).
 */
export async function loadLexicon(file: string = DEFAULT_LEXICON_FILE): Promise<LexiconLoad> {
  let compressed: Buffer;
  try {
    compressed = await readFile(file);
  } catch (error) {
    return { kind: 'failed', reason: `cannot read the lexicon ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  let text: string;
  try {
    text = (await gunzipAsync(compressed)).toString('utf8');
  } catch {
    return { kind: 'failed', reason: `the lexicon ${file} is not gzip data` };
  }
  const parsed = await inTurns(parseLexiconSteps(text));
  if (parsed.kind === 'failed') return { kind: 'failed', reason: `the lexicon ${file}: ${parsed.reason}` };
  return { kind: 'loaded', lexicon: await inTurns(Lexicon.stepwise(parsed.data)) };
}
