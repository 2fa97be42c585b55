/**
 * The lexicon folder's README, written by `npm run build-lexicon` from what it read, so the
 * provenance, versions and counts it states are always those of the committed file.
 */

export interface LexiconSource {
  readonly debianPackage: string;
  readonly version: string;
  /** The dictionary's own name and edition, from its `00databaseshort` and `00databaseinfo`. */
  readonly short: string;
  readonly edition: string | undefined;
  /** The dictionary's own copyright statement, from the Availability section of its info. */
  readonly availability: string | undefined;
  readonly headwords: number;
  readonly translations: number;
  readonly notice: { readonly stanza: string; readonly license: string; readonly text: string };
}

export interface LexiconReadmeFacts {
  readonly file: string;
  readonly bytes: number;
  readonly sources: readonly LexiconSource[];
  readonly licenseFile: string;
}

/** The Availability section of FreeDict's `00databaseinfo`: its copyright and licence statement. */
export function dictdAvailability(info: string): string | undefined {
  const section = /^Availability:\n([\s\S]*?)\n\s*\n(?=\S)/m.exec(info)?.[1];
  return section === undefined ? undefined : section.replace(/^ {2,4}/gm, '').trim();
}

/** The edition line of a dictd `00databaseinfo` entry (FreeDict writes `Edition: 0.6.3`). */
export function dictdEdition(info: string): string | undefined {
  return /^Edition: *(\S.*)$/m.exec(info)?.[1]?.trim();
}

export function lexiconReadme(facts: LexiconReadmeFacts): string {
  const rows = facts.sources.map(
    (s) =>
      `| \`${s.debianPackage}\` | ${s.version} | ${s.short}${s.edition === undefined || s.short.includes(s.edition) ? '' : `, edition ${s.edition}`} | ${s.headwords.toLocaleString('en-US')} | ${s.translations.toLocaleString('en-US')} |`,
  );
  // Both packages come from one source package, so their licence paragraphs are usually the same text.
  const texts = [...new Set(facts.sources.map((s) => s.notice.text))];
  const notices = [
    ...facts.sources.map((s) => `From \`/usr/share/doc/${s.debianPackage}/copyright\`:\n\n\`\`\`\n${s.notice.stanza}\n\`\`\``),
    `and the licence paragraph ${texts.length === 1 ? 'they refer' : 'each refers'} to:`,
    ...texts.map((text) => `\`\`\`\n${text}\n\`\`\``),
    ...facts.sources.flatMap((s) => (s.availability === undefined ? [] : [`The ${s.short} says of itself:`, `\`\`\`\n${s.availability}\n\`\`\``])),
  ];
  const downloads = facts.sources.map((s) => s.debianPackage).join(' ');
  return `# lexicon — English ↔ Arabic dictionary

\`${facts.file}\` (${facts.bytes.toLocaleString('en-US')} bytes) is the bilingual vocabulary isnad uses to look for
an answer in the other language than the question's. It is the FreeDict English–Arabic and
Arabic–English dictionaries, made from the Arabeyes.org Wordlist, converted from the dictd format
the Debian packages ship. isnad reads only this file: a fresh clone needs no package.

| Debian package | version | dictionary | headwords | translations |
|---|---|---|--:|--:|
${rows.join('\n')}

Upstream: FreeDict (https://freedict.org/), from the Arabeyes Wordlist project
(http://www.arabeyes.org/project.php?proj=Wordlist).

## Format

gzip of UTF-8 text. The first line is \`isnad-lexicon<TAB>1\`; then one line per dictionary entry:
the language of the headword (\`en\` for the English–Arabic dictionary, \`ar\` for the Arabic–English
one), the headword as the dictionary writes it, and each of its translations as written (numbering
removed; glosses, notes in parentheses and multi-word translations kept), separated by tabs. The
pronunciations are left out. Nothing else is changed: which translations are glosses, notes or
wrong senses is decided in code (\`src/core/Lexicon.ts\`), never by editing this file.

Known defects, measured: often one sense per word, some archaic or wrong senses (live → بشكل
مباشر, Polish → الصقل), glosses instead of words, many Arabic entries in one inflected form only
(الوزير but no وزير). \`src/core/Lexicon.ts\` handles them with lookup tiers, weights and filtering
rules; the data is not edited.

## Rebuilding

\`\`\`sh
apt-get update
mkdir -p /tmp/freedict && cd /tmp/freedict
apt-get download ${downloads}
for deb in *.deb; do dpkg -x "$deb" x; done
cd - && npm run build-lexicon -- /tmp/freedict/x/usr/share/dictd
\`\`\`

The script reads the package versions from the extracted changelogs and the notice below from the
extracted copyright files, and rewrites this folder's \`${facts.file}\`, \`README.md\` and
\`${facts.licenseFile}\`.

## Licence

GPL-2.0-or-later, as the packages' copyright files state (the full text of version 2 is in
\`${facts.licenseFile}\`). This folder keeps that licence; the rest of isnad is under the MIT licence
(\`../LICENSE\`).

${notices.join('\n\n')}
`;
}
