/**
 * The one way labelsleuth writes its outputs: report, model and prediction folders (audit,
 * retrain, predict) and dataset files with their companions (clean, inject-noise, export).
 *
 * A write goes in three steps:
 *  1. Stage: everything is written to a hidden staging sibling of each target
 *     (`.<name>.tmp-<id>`). A failure here removes the staging; the targets are not touched.
 *  2. Swap, target by target: the old target (if any) is renamed out of the way to a hidden
 *     sibling (`.<name>.old-<id>`), then the staging is renamed in. If a swap-in rename fails,
 *     every target swapped so far is renamed back out and every old one renamed back: the earlier
 *     output is restored whole, and the staging removed.
 *  3. Only then are the old targets deleted.
 * So at any moment one complete output exists at each target or can be recovered: between the two
 * renames of step 2 (or if a restore itself fails, which the error then says) the earlier one sits
 * complete at its `.old-` sibling. Siblings, not a temp folder elsewhere, so that every rename stays
 * on one filesystem and is atomic. A run that dies leaves its siblings behind; the next write to
 * the same target removes them, or renames an `.old-` one back (stale-siblings.ts).
 *
 * Before anything is written, and again by writeOutputs itself, checkOutputs refuses a target
 * that cannot be written (output-location.ts), that overlaps an input (the tools never write over
 * what they read), or that exists where the plan's ReplaceRule does not allow replacing it: a
 * folder of ours is replaced only when it holds nothing but what labelsleuth wrote there
 * (output-manifest.ts). Call prepareOutputs (the check, plus the clean-up of dead runs' siblings)
 * before long work, so a bad --out fails in a second rather than after training.
 */
import { renameSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { onAbruptExit } from './exit-cleanup.js';
import { canonical, checkLocation, makeParents, removeMadeFolders, within } from './output-location.js';
import { checkOwnedFolder, writeManifest, type FolderOwner } from './output-manifest.js';
import { siblingName, sweepStale } from './stale-siblings.js';

export { OUTPUT_MANIFEST, type FolderOwner } from './output-manifest.js';

export type OutputKind = 'file' | 'folder';

export interface OutputTarget {
  /** As the user gave it (messages quote it). */
  readonly path: string;
  readonly kind: OutputKind;
}

/** Which existing target may be replaced; anything else already there is refused, never deleted. */
export type ReplaceRule =
  /** None: the dataset tools without --force. */
  | { readonly when: 'never' }
  /** The user passed --force: a file may replace a file, a folder a folder. */
  | { readonly when: 'forced' }
  /** A folder this tool wrote before (an earlier report, model or prediction folder), holding nothing else. */
  | {
      readonly when: 'earlier';
      readonly owner: FolderOwner;
      /** `audit --force`: a folder there is replaced even when it holds files labelsleuth did not write. @default false */
      readonly forced?: boolean;
    };

export interface OutputPlan {
  /** The main output first, then its companions (truth file, change log). */
  readonly targets: readonly OutputTarget[];
  /** Paths only read: no target may equal, contain or sit inside one. @default none */
  readonly inputs?: readonly string[];
  readonly replace: ReplaceRule;
  /** Told of each stale sibling of a dead run that the write removed or restored. @default ignored */
  readonly onNote?: (note: string) => void;
}

/** The dataset tools' rule: replace only with --force. */
export function replaceIfForced(force: boolean | undefined): ReplaceRule {
  return force ? { when: 'forced' } : { when: 'never' };
}

/** A single folder of ours (report, model, predictions), replaceable when it holds only an earlier one. */
export function folderOutput(path: string, owner: FolderOwner, inputs?: readonly string[], forced = false): OutputPlan {
  return { targets: [{ path, kind: 'folder' }], replace: { when: 'earlier', owner, ...(forced ? { forced } : {}) }, ...(inputs ? { inputs } : {}) };
}

/**
 * Refuses targets that cannot be written, overlap an input, or exist where the plan's rule forbids
 * replacing them. Writes nothing (but a probe file it removes at once).
 */
export async function checkOutputs(plan: OutputPlan): Promise<void> {
  await checkPaths(plan);
  await checkExisting(plan);
}

/**
 * checkOutputs, with the siblings that dead runs left beside the targets removed (or an earlier
 * output they had moved aside put back) in between: after the checks that need no look inside the
 * targets, before the ones that do. Returns a note per sibling, for the CLI to print.
 */
export async function prepareOutputs(plan: OutputPlan): Promise<string[]> {
  await checkPaths(plan);
  const notes = await sweepStale(plan.targets.map((t) => t.path));
  await checkExisting(plan);
  return notes;
}

async function checkPaths(plan: OutputPlan): Promise<void> {
  const inputs = await Promise.all((plan.inputs ?? []).map(async (p) => ({ p, real: await canonical(p) })));
  for (const t of plan.targets) {
    await checkLocation(t.path, t.kind);
    const real = await canonical(t.path);
    for (const input of inputs) {
      if (within(real, input.real) || within(input.real, real)) {
        const how = real === input.real ? 'is' : within(real, input.real) ? 'is inside' : 'contains';
        throw new UserError('option', `${t.path}: ${how} the input ${input.p}; the tools never write over their input, so choose an --out elsewhere`);
      }
    }
  }
}

async function checkExisting(plan: OutputPlan): Promise<void> {
  for (const t of plan.targets) {
    const existing = await stat(t.path).catch(() => null);
    if (existing) await checkReplaceable(t, existing.isDirectory(), plan.replace);
  }
}

async function checkReplaceable(t: OutputTarget, isFolder: boolean, rule: ReplaceRule): Promise<void> {
  switch (rule.when) {
    case 'never':
      throw new UserError('file', `${t.path}: already exists; choose another --out, or pass --force to replace it`);
    case 'forced':
      if (isFolder !== (t.kind === 'folder')) {
        const is = isFolder ? 'a folder' : 'a file';
        throw new UserError('file', `${t.path}: is ${is} and would be replaced by a ${t.kind}; --force only replaces a ${t.kind}, so choose another --out`);
      }
      return;
    case 'earlier':
      if (!isFolder) throw new UserError('file', `${t.path}: already exists and is not a labelsleuth report folder; choose another --out or remove it`);
      if (!rule.forced) await checkOwnedFolder(t.path, rule.owner);
  }
}

/** One target's paths during a write, and how far its swap got (what a restore must undo). */
interface Slot {
  readonly target: OutputTarget;
  readonly final: string;
  readonly staged: string;
  readonly aside: string;
  movedAside: boolean;
  swappedIn: boolean;
}

let writes = 0;

function slotsFor(targets: readonly OutputTarget[]): Slot[] {
  // pid + time + a counter: two runs, or two writes of one run, never share a sibling name.
  const id = `${process.pid}-${Date.now()}-${writes++}`;
  return targets.map((target) => {
    const final = resolve(target.path);
    const sibling = (tag: 'tmp' | 'old') => join(dirname(final), siblingName(basename(final), tag, id));
    return { target, final, staged: sibling('tmp'), aside: sibling('old'), movedAside: false, swappedIn: false };
  });
}

/**
 * Checks the plan, runs `write` with one staging path per target (folders already created, files
 * for `write` to create), then swaps them in as the module comment describes. Returns what
 * `write` returned.
 */
export async function writeOutputs<T>(plan: OutputPlan, write: (staged: readonly string[]) => Promise<T>): Promise<T> {
  for (const note of await prepareOutputs(plan)) plan.onNote?.(note);
  const slots = slotsFor(plan.targets);
  const made: string[] = [];
  const removeStaged = () => Promise.all(slots.map((s) => rm(s.staged, { recursive: true, force: true })));
  // A second Ctrl-C exits at once: leave the old output or the new one, and no staging behind.
  const unregister = onAbruptExit(() => abandonSync(slots));
  try {
    return await stageAndSwap(plan, slots, made, removeStaged, write);
  } finally {
    unregister();
  }
}

async function stageAndSwap<T>(
  plan: OutputPlan,
  slots: Slot[],
  made: string[],
  removeStaged: () => Promise<unknown>,
  write: (staged: readonly string[]) => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    for (const s of slots) made.push(...(await makeParents(s.target.path, dirname(s.final))));
    for (const s of slots) if (s.target.kind === 'folder') await mkdir(s.staged);
    result = await write(slots.map((s) => s.staged));
    // Last, so it lists exactly what `write` made: what a later run may replace.
    if (plan.replace.when === 'earlier') for (const s of slots) if (s.target.kind === 'folder') await writeManifest(s.staged, plan.replace.owner.kind);
  } catch (e) {
    await removeStaged();
    await removeMadeFolders(made);
    throw e;
  }
  try {
    for (const s of slots) {
      s.movedAside = await renameIfPresent(s.final, s.aside);
      await rename(s.staged, s.final);
      s.swappedIn = true;
    }
  } catch (e) {
    await restore(slots, e).catch(async (err: unknown) => {
      await removeMadeFolders(made);
      throw err;
    });
  }
  // The new output is complete and in place: a leftover hidden .old- sibling would only waste
  // space, which is no reason to fail a finished run.
  await Promise.all(slots.filter((s) => s.movedAside).map((s) => rm(s.aside, { recursive: true, force: true }).catch(() => undefined)));
  return result;
}

/** The synchronous last resort of an abrupt exit: an old output moved aside goes back unless the new one is in. */
function abandonSync(slots: readonly Slot[]): void {
  for (const s of slots) {
    if (!s.swappedIn) rmSync(s.staged, { recursive: true, force: true });
    if (s.movedAside && !s.swappedIn) renameSync(s.aside, s.final);
    else if (s.movedAside) rmSync(s.aside, { recursive: true, force: true });
  }
}

async function renameIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Undoes a failed swap, newest first, then rethrows; an old output that cannot go back is named. */
async function restore(slots: readonly Slot[], cause: unknown): Promise<never> {
  const stranded: Slot[] = [];
  for (const s of [...slots].reverse()) {
    try {
      if (s.swappedIn) await rename(s.final, s.staged);
      if (s.movedAside) await rename(s.aside, s.final);
    } catch {
      stranded.push(s);
    }
  }
  await Promise.all(slots.map((s) => rm(s.staged, { recursive: true, force: true }).catch(() => undefined)));
  const first = stranded.find((s) => s.movedAside);
  if (first) {
    const code = (cause as NodeJS.ErrnoException)?.code ?? (cause as Error)?.message ?? String(cause);
    throw new UserError(
      'file',
      `${first.target.path}: could not be replaced (${code}) nor the earlier one put back; it is intact at ${first.aside}, so rename it back to ${first.target.path}`,
    );
  }
  throw cause;
}

/** The write step of a folderOutput: these files, by name, into the staged folder. */
export function folderFiles(files: ReadonlyMap<string, string | Uint8Array>): (staged: readonly string[]) => Promise<void> {
  return async ([dir]) => {
    for (const [name, content] of files) await writeFile(join(dir as string, name), content);
  };
}

/** True when dir/file is a JSON object whose `kind` is the given one (how an earlier output of ours is recognised). */
export async function holdsJsonOfKind(dir: string, file: string, kind: string): Promise<boolean> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, file), 'utf8')) as { kind?: unknown };
    return parsed.kind === kind;
  } catch {
    return false;
  }
}

/** `<name>.<suffix>.csv` beside a table `<name>.csv` (.tsv, .txt, gzipped or not), else `<path>.<suffix>.csv`. */
export function companionPath(path: string, suffix: string): string {
  return `${path.replace(/\.(csv|tsv|txt|jsonl|ndjson|parquet)(\.gz)?$/i, '')}.${suffix}.csv`;
}
