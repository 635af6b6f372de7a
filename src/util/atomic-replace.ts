/**
 * Replaces one small file whole, again and again (labelsleuth review writes decisions.csv after
 * every decision): the bytes go to a hidden sibling, are flushed to disk, and the sibling is renamed
 * over the file. A reader, or a crash at any moment, sees the old file or the new one, never half.
 * atomic-output.ts is for a command's outputs, checked once against its inputs; this file lives in
 * a folder the command reads, which those checks rightly refuse.
 */
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

export async function replaceFileAtomically(path: string, content: string): Promise<void> {
  const staged = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${++counter}`);
  try {
    const handle = await open(staged, 'w', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(staged, path);
  } catch (e) {
    await rm(staged, { force: true });
    throw e;
  }
  // The rename itself reaches the disk with the folder's entry; not every system can sync a folder.
  const folder = await open(dirname(path), 'r').catch(() => null);
  await folder
    ?.sync()
    .catch(() => undefined)
    .finally(() => folder.close());
}
