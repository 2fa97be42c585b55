/**
 * The architecture's rules, read from the sources: which code may speak on Discord, read files or
 * the environment. A change that breaks one fails here, naming the file and line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(?:ts|mts|mjs)$/.test(entry.name) ? [full] : [];
  });
}

/** `file:line: text` of every line of the files under `folder` (of src/) that matches `pattern`. */
function offending(pattern: RegExp, folder = '', except: readonly string[] = []): string[] {
  return sources(path.join(SRC, folder))
    .map((file) => path.relative(SRC, file).split(path.sep).join('/'))
    .filter((file) => !except.includes(file))
    .flatMap((file) =>
      readFileSync(path.join(SRC, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (pattern.test(line) && !/^\s*(?:\*|\/\/)/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
}

describe('layers', () => {
  it('every message to Discord goes through src/discord/respond.ts (mentions off, limits kept)', () => {
    // The calls that post or change a message: replies, follow-ups, edits, channel and message sends.
    const sends = /\.(?:reply|editReply|followUp|deleteReply)\(|\.channel\??\.send\(/;
    expect(offending(sends, '', ['discord/respond.ts'])).toEqual([]);
  });

  it('src/core is pure: no discord.js, no file system, no environment', () => {
    expect(offending(/from ['"](?:discord\.js|@discordjs\/[\w-]+|node:fs(?:\/promises)?|fs)['"]|process\.env/, 'core')).toEqual([]);
  });

  it('each folder imports only the folders below it (core ← corpus ← discord ← bin)', () => {
    // What each folder of src/ may import besides itself; bin (the entry points) may import anything.
    const ALLOWED: Record<string, readonly string[]> = {
      core: [],
      lexicon: [],
      eval: ['core'],
      corpus: ['core', 'lexicon', 'defaultPaths', 'siblingModule'],
      monitoring: ['core', 'corpus'],
      discord: ['core', 'corpus', 'monitoring'],
    };
    const crossings = Object.entries(ALLOWED).flatMap(([folder, allowed]) =>
      offending(/from '\.\.\//, folder).filter((line) => {
        const file = line.slice(0, line.indexOf(':'));
        const specifier = /from '([^']+)'/.exec(line)?.[1] ?? '';
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).split('/');
        const top = target[0]!.replace(/\.js$/, '');
        return top !== folder && !allowed.includes(top);
      }),
    );
    expect(crossings).toEqual([]);
  });

  it('only src/config.ts reads process.env', () => {
    expect(offending(/process\.env/, '', ['config.ts'])).toEqual([]);
  });
});
