import { stat } from 'node:fs/promises';
import { errnoCode } from './writeFileAtomic.js';

/**
 * Why a file cannot be saved into `folder` ("is missing", "is not a folder", "cannot be read
 * (EACCES)"), or undefined when it is a folder: asked before an upload or a fetched page is
 * written, so the reply names the folder's state rather than a write error.
 */
export async function folderUnusable(folder: string): Promise<string | undefined> {
  try {
    return (await stat(folder)).isDirectory() ? undefined : 'is not a folder';
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'is missing';
    // stat fails only with a system error; anything else is a bug.
    if (code === undefined) throw error;
    return `cannot be read (${code})`;
  }
}
