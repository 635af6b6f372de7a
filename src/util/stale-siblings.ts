/**
 * The hidden siblings a write makes beside its target (`.<name>.tmp-<id>` staging, `.<name>.old-<id>`
 * the earlier output moved aside, `.<name>.probe-<id>` the writability probe), and what to do with
 * the ones a run left behind when it died (killed, power cut) before it could remove them.
 *
 * The id starts with the writer's pid, so a sibling is known to be stale when that process no
 * longer exists. A live pid's siblings are left alone: another run may be writing right now (or
 * the pid was reused; leaving a stale folder is the safe mistake). An `.old-` sibling whose target
 * is missing holds the complete earlier output of a run that died between its two renames, so it is
 * renamed back rather than deleted.
 */
import { readdir, lstat, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

export type SiblingTag = 'tmp' | 'old' | 'probe';

/** `.<name>.<tag>-<id>`; the id is `<pid>-<ms>` or `<pid>-<ms>-<n>`. */
export function siblingName(name: string, tag: SiblingTag, id: string): string {
  return `.${name}.${tag}-${id}`;
}

interface Sibling {
  readonly entry: string;
  readonly tag: SiblingTag;
  readonly pid: number;
  /** For picking the newest `.old-` when several are left: ms, then the write counter. */
  readonly order: readonly [number, number];
}

const TAIL = /^(tmp|old|probe)-(\d+)-(\d+)(?:-(\d+))?$/;

/** The siblings of `name` among a folder's entries (exact name match: no other target's). */
export function parseSiblings(name: string, entries: readonly string[]): Sibling[] {
  const prefix = `.${name}.`;
  const found: Sibling[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const m = TAIL.exec(entry.slice(prefix.length));
    if (!m) continue;
    found.push({ entry, tag: m[1] as SiblingTag, pid: Number(m[2]), order: [Number(m[3]), Number(m[4] ?? 0)] });
  }
  return found;
}

/** process.kill(pid, 0) sends nothing: ESRCH means no such process; EPERM means it exists (another user's). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Restores or removes the siblings that dead runs left beside each target; returns one note per
 * action, naming the sibling as the user's path names its folder (for one line each on stderr).
 */
export async function sweepStale(targets: readonly string[]): Promise<string[]> {
  const notes: string[] = [];
  for (const path of targets) {
    const final = resolve(path);
    const entries = await readdir(dirname(final)).catch(() => [] as string[]);
    const dead = parseSiblings(basename(final), entries).filter((s) => !isAlive(s.pid));
    if (dead.length === 0) continue;
    const shown = (s: Sibling) => join(dirname(path), s.entry);
    const at = (s: Sibling) => join(dirname(final), s.entry);
    const olds = dead.filter((s) => s.tag === 'old').sort((a, b) => b.order[0] - a.order[0] || b.order[1] - a.order[1]);
    const newest = olds[0];
    if (newest && !(await exists(final))) {
      await rename(at(newest), final).catch((e: NodeJS.ErrnoException) => {
        // Never go on to write (and later delete the sibling): it may be the only copy.
        throw new UserError(
          'file',
          `${path}: a run died while replacing it and its earlier output, at ${shown(newest)}, cannot be put back (${e.code ?? e.message}); rename it back to ${path}`,
        );
      });
      notes.push(`restored ${path} from ${shown(newest)}, left by a run that died while replacing it`);
    }
    for (const s of dead) {
      if (s === newest && !(await exists(at(s)))) continue;
      const what = (await lstat(at(s)).catch(() => null))?.isDirectory() ? 'folder' : 'file';
      try {
        await rm(at(s), { recursive: true, force: true });
        notes.push(`removed a stale temporary ${what} ${shown(s)} of a run that died`);
      } catch (e) {
        // Only wasted space, no reason to refuse the run; the user is told where it is.
        notes.push(`could not remove the stale temporary ${what} ${shown(s)} of a run that died (${(e as NodeJS.ErrnoException).code ?? String(e)}); remove it by hand`);
      }
    }
  }
  return notes;
}

async function exists(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => null)) !== null;
}
