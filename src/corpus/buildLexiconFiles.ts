import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatLexicon, LEXICON_FILE_NAME, type LexiconEntry } from '../core/lexiconFile.js';
import { dictdAvailability, dictdEdition, lexiconReadme, type LexiconSource } from '../lexicon/lexiconReadme.js';
import type { DictdPackage } from './readDictd.js';
import { readDictd } from './readDictd.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * `npm run build-lexicon`: FreeDict's two dictd dictionaries (as `dpkg -x` extracts Debian's
 * packages) → the lexicon folder: the gzipped lexicon file, its README with provenance and
 * counts, and the GPL text. Each file is written atomically; the lexicon file is written last of
 * the data so a failed build leaves the previous one in place.
 */

export const LICENSE_FILE_NAME = 'COPYING';

export interface BuildLexiconOptions {
  /** The full text of the GPL version 2 (Debian's /usr/share/common-licenses/GPL-2). */
  readonly gplFile: string;
}

export type BuildLexiconResult =
  | { readonly kind: 'built'; readonly file: string; readonly bytes: number; readonly sources: readonly LexiconSource[] }
  | { readonly kind: 'failed'; readonly reason: string };

export async function buildLexiconFiles(dictdDir: string, outDir: string, options: BuildLexiconOptions): Promise<BuildLexiconResult> {
  const eng = await readDictd(dictdDir, 'freedict-eng-ara', 'eng-ara/*');
  if (eng.kind === 'failed') return eng;
  const ara = await readDictd(dictdDir, 'freedict-ara-eng', 'ara-eng/*');
  if (ara.kind === 'failed') return ara;
  let gpl: Buffer;
  try {
    gpl = await readFile(options.gplFile);
  } catch (error) {
    return { kind: 'failed', reason: `cannot read the GPL-2 text at ${options.gplFile} (${(error as NodeJS.ErrnoException).code}); pass --gpl FILE` };
  }
  const data = { en: eng.dictd.dictionary.entries, ar: ara.dictd.dictionary.entries };
  const bytes = gzipSync(Buffer.from(formatLexicon(data), 'utf8'), { level: 9 });
  const sources = [source(eng.dictd, data.en), source(ara.dictd, data.ar)];
  const readme = lexiconReadme({ file: LEXICON_FILE_NAME, bytes: bytes.length, sources, licenseFile: LICENSE_FILE_NAME });
  const writes: [string, Uint8Array][] = [
    [LICENSE_FILE_NAME, gpl],
    [LEXICON_FILE_NAME, bytes],
    ['README.md', Buffer.from(readme, 'utf8')],
  ];
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    return { kind: 'failed', reason: `cannot create ${outDir} (${(error as NodeJS.ErrnoException).code})` };
  }
  for (const [name, content] of writes) {
    const written = await writeFileAtomic(path.join(outDir, name), content);
    if (written.kind === 'failed') return { kind: 'failed', reason: `cannot write ${path.join(outDir, name)}: ${written.reason}` };
  }
  return { kind: 'built', file: path.join(outDir, LEXICON_FILE_NAME), bytes: bytes.length, sources };
}

function source(dictd: DictdPackage, entries: readonly LexiconEntry[]): LexiconSource {
  return {
    debianPackage: dictd.debianPackage,
    version: dictd.version,
    short: dictd.dictionary.short,
    edition: dictdEdition(dictd.dictionary.info),
    availability: dictdAvailability(dictd.dictionary.info),
    headwords: entries.length,
    translations: entries.reduce((sum, e) => sum + e.translations.length, 0),
    notice: dictd.notice,
  };
}
