/**
 * Where an output may go, checked before any work: a bad --out (empty, under a kernel
 * pseudo-filesystem, below a regular file, in a folder we cannot write to) should fail in a second
 * with one line, not as a stack trace after a whole training run.
 *
 * The check does not create anything the user would see: a missing parent is only checked to be
 * creatable (its nearest existing ancestor is a folder we can write in), and made by makeParents
 * when the write really happens, so a run refused for another reason leaves no empty folders.
 */
import { constants } from 'node:fs';
import { access, mkdir, realpath, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { siblingName } from './stale-siblings.js';

/** The real path when it exists (so a symlink cannot disguise an input), else the resolved one. */
export async function canonical(p: string): Promise<string> {
  const abs = resolve(p);
  try {
    return await realpath(abs);
  } catch {
    try {
      return join(await realpath(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/** True when child is parent or lies below it. */
export function within(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/**
 * Kernel pseudo-filesystems: they hold no user files, refuse new ones in odd ways (ENOENT for a
 * file in a folder that exists), and node's recursive mkdir loops forever under /proc.
 */
const PSEUDO_ROOTS = ['/proc', '/sys'] as const;

/** Refuses a path that cannot hold this output; `kind` only picks the word in the empty-path message. */
export async function checkLocation(path: string, kind: 'file' | 'folder'): Promise<void> {
  if (path === '') throw new UserError('file', `--out is empty; give a ${kind} path`);
  const abs = resolve(path);
  if (dirname(abs) === abs) throw new UserError('file', `${path}: is the root of the filesystem; give a ${kind} path below it`);
  const real = await canonical(abs);
  for (const root of PSEUDO_ROOTS) {
    if ([abs, real].some((p) => within(p, root))) {
      throw new UserError('file', `${path}: is under ${root}, a kernel pseudo-filesystem that holds no files; choose an --out elsewhere`);
    }
  }
  const folder = await nearestExistingFolder(path, dirname(abs));
  await checkWritable(path, folder, basename(abs));
}

/** The parent, or its nearest ancestor that exists; a regular file on the way is named. */
async function nearestExistingFolder(path: string, parent: string): Promise<string> {
  for (let at = parent; ; at = dirname(at)) {
    const s = await stat(at).catch((e: NodeJS.ErrnoException) => e);
    if (s instanceof Error) {
      // ENOENT: missing (creatable if an ancestor is a folder); ENOTDIR: a file further up, found next.
      if ((s.code === 'ENOENT' || s.code === 'ENOTDIR') && dirname(at) !== at) continue;
      throw new UserError('file', `${path}: cannot look at ${at} (${s.code ?? s.message}); choose another --out`);
    }
    if (s.isDirectory()) return at;
    throw new UserError('file', `${path}: cannot be created below ${at}, which is a file, not a folder; choose another --out`);
  }
}

let probes = 0;

/**
 * access(W_OK) answers from the mode bits, which root ignores, and says nothing of a read-only
 * mount or an immutable folder; so a tiny hidden file is also created and removed for real.
 */
async function checkWritable(path: string, folder: string, name: string): Promise<void> {
  const refuse = (e: unknown): never => {
    const code = (e as NodeJS.ErrnoException)?.code ?? String(e);
    throw new UserError('file', `${path}: cannot write in ${folder} (${code}); choose an --out in a folder you can write to`);
  };
  await access(folder, constants.W_OK).catch(refuse);
  // The counter keeps two checks of one process in the same millisecond from colliding (EEXIST).
  const probe = join(folder, siblingName(name, 'probe', `${process.pid}-${Date.now()}-${probes++}`));
  await writeFile(probe, '', { flag: 'wx' }).catch(refuse);
  await unlink(probe).catch(() => undefined);
}

/**
 * mkdir -p of an output's parent, one level at a time: node's recursive mkdir can spin forever on
 * a pseudo-filesystem, and a plain loop over the missing levels is bounded by the path's length.
 * Returns the folders it made, deepest last, so a failed write can take them away again.
 */
export async function makeParents(path: string, parent: string): Promise<string[]> {
  const missing: string[] = [];
  for (let at = parent; dirname(at) !== at; at = dirname(at)) {
    const s = await stat(at).catch(() => null);
    if (s?.isDirectory()) break;
    missing.unshift(at);
  }
  const made: string[] = [];
  for (const dir of missing) {
    try {
      await mkdir(dir);
      made.push(dir);
    } catch (e) {
      await removeMadeFolders(made);
      const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new UserError('file', `${path}: cannot create the folder ${dir} (${code}); choose another --out`);
    }
  }
  return made;
}

/** Undoes makeParents after a failed write; a folder something else has filled since stays. */
export async function removeMadeFolders(made: readonly string[]): Promise<void> {
  for (const dir of [...made].reverse()) await rmdir(dir).catch(() => undefined);
}
