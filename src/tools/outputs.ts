/**
 * All-or-nothing output for the dataset tools, which write a file or folder plus a companion file
 * (truth, change log). Everything is written to hidden temporary siblings and renamed into place
 * only once complete, so a failed run leaves nothing behind (as src/util/staged-dir.ts does for
 * report folders). An existing target is refused unless `force`; an input is never a target.
 */
import { realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { UserError } from '../errors.js';

export type OutputKind = 'file' | 'folder';

export interface OutputTarget {
  /** As the user gave it (messages quote it). */
  readonly path: string;
  readonly kind: OutputKind;
}

export interface OutputCheck {
  /** Paths that are only read: no target may equal, contain or sit inside one. */
  readonly inputs: readonly string[];
  /** Replace existing targets of the same kind. @default false */
  readonly force?: boolean;
}

/** The real path when it exists (so a symlink cannot disguise the input), else the resolved one. */
async function canonical(p: string): Promise<string> {
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

function within(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** Refuses targets that overlap an input or exist (without force). Call before any long work. */
export async function checkOutputs(targets: readonly OutputTarget[], check: OutputCheck): Promise<void> {
  const inputs = await Promise.all(check.inputs.map(async (p) => ({ p, real: await canonical(p) })));
  for (const t of targets) {
    const real = await canonical(t.path);
    for (const input of inputs) {
      if (within(real, input.real) || within(input.real, real)) {
        const how = real === input.real ? 'is' : within(real, input.real) ? 'is inside' : 'contains';
        throw new UserError('option', `${t.path}: ${how} the input ${input.p}; the tools never write over their input, so choose an --out elsewhere`);
      }
    }
    const existing = await stat(t.path).catch(() => null);
    if (!existing) continue;
    if (!check.force) throw new UserError('file', `${t.path}: already exists; choose another --out, or pass --force to replace it`);
    if (existing.isDirectory() !== (t.kind === 'folder')) {
      const is = existing.isDirectory() ? 'a folder' : 'a file';
      throw new UserError('file', `${t.path}: is ${is} and would be replaced by a ${t.kind}; --force only replaces a ${t.kind}, so choose another --out`);
    }
  }
}

/**
 * Runs `write` with a temporary sibling path for each target, then renames them into place. On any
 * failure the temporaries are removed and the targets are untouched.
 */
export async function writeStaged<T>(targets: readonly OutputTarget[], write: (temp: readonly string[]) => Promise<T>): Promise<T> {
  const stamp = `${process.pid}-${Date.now()}`;
  const temps = targets.map((t) => join(dirname(resolve(t.path)), `.${basename(t.path)}.tmp-${stamp}`));
  const removeTemps = () => Promise.all(temps.map((p) => rm(p, { recursive: true, force: true })));
  try {
    const result = await write(temps);
    for (const t of targets) await rm(t.path, { recursive: true, force: true });
    for (let i = 0; i < targets.length; i++) await rename(temps[i] as string, resolve((targets[i] as OutputTarget).path));
    return result;
  } catch (e) {
    await removeTemps();
    throw e;
  }
}

/** `<name>.<suffix>.csv` beside a CSV `<name>.csv` (or `<path>.<suffix>.csv` for any other name). */
export function companionPath(path: string, suffix: string): string {
  return `${path.replace(/\.csv$/i, '')}.${suffix}.csv`;
}
