/** What a user-given path points at, so callers can route files and folders to the right loader. */
import { stat } from 'node:fs/promises';

export type PathKind = 'file' | 'folder' | 'missing' | 'other';

export async function pathKind(path: string): Promise<PathKind> {
  try {
    const s = await stat(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'other';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw e;
  }
}

export async function isFile(path: string): Promise<boolean> {
  return (await pathKind(path)) === 'file';
}
