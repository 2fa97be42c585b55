import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes each file of `files` (a path relative to `dir`, its folders made as needed) with its content. */
export async function writeTree(dir: string, files: Readonly<Record<string, string | Uint8Array>>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}
