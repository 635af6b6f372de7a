import { mkdir, rename, rm, writeFile, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/**
 * Writes an output folder all at once: files go to a hidden sibling folder, which is renamed into
 * place only when every file is written. A failed run leaves nothing behind, and a reader never
 * sees half a report.
 *
 * `isReplaceable` decides whether an existing folder at the target may be replaced (e.g. it holds
 * an earlier report of ours); anything else there is refused, never deleted.
 */
export async function writeStagedDir(
  outDir: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  isReplaceable: (dir: string) => Promise<boolean>,
): Promise<void> {
  const target = resolve(outDir);
  const existing = await assertWritableTarget(outDir, isReplaceable);
  const staging = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    await mkdir(staging, { recursive: true });
    for (const [name, content] of files) await writeFile(join(staging, name), content);
    if (existing) await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Refuses a target that exists and may not be replaced; call it before long work too, so a bad
 * --out fails in a second rather than after training. Returns whether the target exists.
 */
export async function assertWritableTarget(outDir: string, isReplaceable: (dir: string) => Promise<boolean>): Promise<boolean> {
  const target = resolve(outDir);
  const existing = await stat(target).catch(() => null);
  if (existing && !(existing.isDirectory() && (await isReplaceable(target)))) {
    throw new UserError('file', `${outDir}: already exists and is not a labelsleuth report folder; choose another --out or remove it`);
  }
  return existing !== null;
}

/** True when dir/file is a JSON object whose `kind` is the given one. */
export async function holdsJsonOfKind(dir: string, file: string, kind: string): Promise<boolean> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, file), 'utf8')) as { kind?: unknown };
    return parsed.kind === kind;
  } catch {
    return false;
  }
}
