import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { debianChangelogVersion, debianCopyrightNotice } from '../lexicon/debianPackage.js';
import { parseDictd, type DictdDictionary } from '../lexicon/parseDictd.js';

/**
 * Reads one dictd dictionary as a Debian `dict-*` package installs it — or as `dpkg -x` extracts
 * it: `DIR/NAME.index` and `DIR/NAME.dict.dz` (or an uncompressed `NAME.dict`), with the package's
 * changelog and copyright beside them in `DIR/../doc/dict-NAME/`. The package version and licence
 * notice are required, so the lexicon built from it always says exactly where it came from.
 */

export interface DictdPackage {
  readonly name: string;
  readonly debianPackage: string;
  readonly version: string;
  readonly dictionary: DictdDictionary;
  readonly notice: { readonly stanza: string; readonly license: string; readonly text: string };
}

export type DictdRead = { readonly kind: 'read'; readonly dictd: DictdPackage } | { readonly kind: 'failed'; readonly reason: string };

/** `files` is the copyright file's pattern for this dictionary, e.g. `eng-ara/*`. */
export async function readDictd(dir: string, name: string, files: string): Promise<DictdRead> {
  const debianPackage = `dict-${name}`;
  const doc = path.join(dir, '..', 'doc', debianPackage);
  const index = await readText(path.join(dir, `${name}.index`));
  if (index.kind === 'failed') return index;
  const dict = await readDict(dir, name);
  if (dict.kind === 'failed') return dict;
  const changelog = await readBytes(path.join(doc, 'changelog.Debian.gz'));
  if (changelog.kind === 'failed')
    return {
      kind: 'failed',
      reason: `${changelog.reason} (extract the .deb with dpkg -x and pass its usr/share/dictd, so the package version can be recorded)`,
    };
  const version = debianChangelogVersion(gunzipText(changelog.bytes));
  if (version === undefined) return { kind: 'failed', reason: `${path.join(doc, 'changelog.Debian.gz')} does not begin with a version line` };
  const copyright = await readText(path.join(doc, 'copyright'));
  if (copyright.kind === 'failed') return copyright;
  const notice = debianCopyrightNotice(copyright.text, files);
  if (notice === undefined) return { kind: 'failed', reason: `${path.join(doc, 'copyright')} has no "Files: ${files}" stanza with its licence text` };
  const parsed = parseDictd(index.text, dict.bytes);
  if (parsed.kind === 'failed') return { kind: 'failed', reason: `${name}: ${parsed.reason}` };
  return { kind: 'read', dictd: { name, debianPackage, version, dictionary: parsed.dictionary, notice } };
}

async function readDict(dir: string, name: string): Promise<{ kind: 'read'; bytes: Uint8Array } | { kind: 'failed'; reason: string }> {
  const compressed = await readBytes(path.join(dir, `${name}.dict.dz`));
  if (compressed.kind === 'read') {
    try {
      // dictzip is gzip with a random-access table in an extra header field; gunzip ignores it.
      return { kind: 'read', bytes: gunzipSync(compressed.bytes) };
    } catch (error) {
      return { kind: 'failed', reason: `${name}.dict.dz is not gzip data (${(error as Error).message})` };
    }
  }
  const plain = await readBytes(path.join(dir, `${name}.dict`));
  return plain.kind === 'read' ? plain : { kind: 'failed', reason: `neither ${name}.dict.dz nor ${name}.dict can be read in ${dir}` };
}

function gunzipText(bytes: Uint8Array): string {
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch {
    return '';
  }
}

async function readBytes(file: string): Promise<{ kind: 'read'; bytes: Uint8Array } | { kind: 'failed'; reason: string }> {
  try {
    return { kind: 'read', bytes: await readFile(file) };
  } catch (error) {
    return { kind: 'failed', reason: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}

async function readText(file: string): Promise<{ kind: 'read'; text: string } | { kind: 'failed'; reason: string }> {
  const read = await readBytes(file);
  return read.kind === 'read' ? { kind: 'read', text: Buffer.from(read.bytes).toString('utf8') } : read;
}
