/**
 * What a Debian package says about itself, read from the files `dpkg -x` extracts, so the
 * lexicon's provenance is taken from the package rather than typed by hand.
 */

/** The version in a Debian changelog's first line: `freedict (2022.04.21-1) unstable; …`. */
export function debianChangelogVersion(changelog: string): string | undefined {
  return /^\S+ \(([^)\s]+)\)/.exec(changelog)?.[1];
}

/**
 * From a machine-readable (DEP-5) copyright file, the stanza for `files` (e.g. `eng-ara/*`) and
 * the full text of the licence it names, as they are written there; undefined if either is missing.
 */
export function debianCopyrightNotice(
  copyright: string,
  files: string,
): { readonly stanza: string; readonly license: string; readonly text: string } | undefined {
  const paragraphs = copyright.split(/\n[ \t]*\n/).map((p) => p.replace(/^\n+|\n+$/g, ''));
  const stanza = paragraphs.find((p) => p.split('\n').some((line) => /^Files:/.test(line) && line.slice(6).trim().split(/\s+/).includes(files)));
  const license = stanza === undefined ? undefined : /^License: *(\S.*)$/m.exec(stanza)?.[1]?.trim();
  if (stanza === undefined || license === undefined) return undefined;
  const text = paragraphs.find((p) => p.startsWith(`License: ${license}\n`) && !/^Files:/m.test(p));
  return text === undefined ? undefined : { stanza, license, text };
}
