import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildLexiconFiles } from '../corpus/buildLexiconFiles.js';
import { runMain } from './runMain.js';
import { stderrLog } from './stderrLog.js';

const USAGE = `Usage:
  npm run build-lexicon -- DICTD_DIR [--out DIR] [--gpl FILE]
DICTD_DIR is usr/share/dictd of the extracted dict-freedict-eng-ara and dict-freedict-ara-eng
packages (apt-get download, then dpkg -x each into one folder); lexicon/README.md says how.
Options:
  --out DIR    where to write (default: the repository's lexicon/)
  --gpl FILE   the GPL version 2 text (default: /usr/share/common-licenses/GPL-2)`;

const log = stderrLog('build-lexicon');

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseCommandLine() {
  return parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, gpl: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const out = values.out ?? path.join(REPOSITORY, 'lexicon');
  const built = await buildLexiconFiles(positionals[0]!, out, { gplFile: values.gpl ?? '/usr/share/common-licenses/GPL-2' });
  if (built.kind === 'failed') {
    log(built.reason);
    return 1;
  }
  for (const s of built.sources) log(`${s.debianPackage} ${s.version}: ${s.headwords} headwords, ${s.translations} translations`);
  log(`wrote ${built.file} (${built.bytes} bytes)`);
  return 0;
}

runMain(main, log);
