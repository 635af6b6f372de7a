/**
 * How a folder output of ours (report, model, predictions) says what it holds, so that a later run
 * replaces it only when nothing else is inside: a user who saved notes in an old report folder, or
 * kept an edited suspects.csv there, must not lose them to `--out` pointing at it again.
 *
 * Every such folder gets `.labelsleuth-output.json`:
 *   { "format": "labelsleuth-output", "version": 1, "kind": "label-noise-report",
 *     "tool": { "name": "labelsleuth", "version": "0.1.0" },
 *     "files": [{ "name": "report.html", "size": 51234 }, ...] }
 * Hidden because it is bookkeeping, not something to open: a listing of the folder shows only the
 * files a person reads. Sizes catch a file edited since it was written (same-size edits pass).
 *
 * Folders written before the manifest existed are recognised as before (their kind JSON, e.g.
 * report.json of kind label-noise-report) and replaced only when every entry is one of the file
 * names that kind of folder has always held; anything else inside is refused the same way.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import { toolVersion } from '../version.js';

export const OUTPUT_MANIFEST = '.labelsleuth-output.json';
const FORMAT = 'labelsleuth-output';
const VERSION = 1;

/** One kind of folder this tool writes and may later replace. */
export interface FolderOwner {
  /** Recorded in the manifest; a folder of another kind is never replaced. e.g. 'label-noise-report' */
  readonly kind: string;
  /** Every file name this kind of folder holds (how a folder from before manifests is checked). */
  readonly files: readonly string[];
  /** Recognises a folder of this kind written before manifests (e.g. by its report.json). */
  readonly isEarlier: (dir: string) => Promise<boolean>;
}

export interface OutputManifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly kind: string;
  readonly tool: { readonly name: 'labelsleuth'; readonly version: string };
  readonly files: readonly { readonly name: string; readonly size: number }[];
}

/**
 * Written by the operating system when a person merely opens the folder (Finder, Explorer): they
 * hold nothing of the user's, and refusing because of them would make every report irreplaceable.
 */
const SYSTEM_CLUTTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** Records the files of a staged folder (flat: our folder outputs have no subfolders). */
export async function writeManifest(dir: string, kind: string): Promise<void> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name !== OUTPUT_MANIFEST)
    .map((e) => e.name)
    .sort();
  const files = await Promise.all(names.map(async (name) => ({ name, size: (await stat(join(dir, name))).size })));
  const manifest: OutputManifest = { format: FORMAT, version: VERSION, kind, tool: { name: 'labelsleuth', version: toolVersion }, files };
  await writeFile(join(dir, OUTPUT_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/** The existing folder message, kept for every folder that is not an output of this kind. */
const notOurs = (path: string) => new UserError('file', `${path}: already exists and is not a labelsleuth report folder; choose another --out or remove it`);
const stray = (path: string, name: string) => new UserError('file', `${join(path, name)}: is not a file labelsleuth wrote; move it, or choose another --out`);

/**
 * Refuses to replace `path` (an existing folder) unless it is an output of the owner's kind
 * holding only the files labelsleuth wrote there; the first other entry (in name order) is named.
 */
export async function checkOwnedFolder(path: string, owner: FolderOwner): Promise<void> {
  const dir = resolve(path);
  const listed = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    throw new UserError('file', `${path}: cannot be read (${e.code ?? e.message}) to see whether it holds only what labelsleuth wrote; choose another --out`);
  });
  const entries = listed.filter((e) => !SYSTEM_CLUTTER.has(e.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const hasManifest = entries.some((e) => e.name === OUTPUT_MANIFEST);
  if (!hasManifest) {
    // Written before manifests: the kind JSON says whose it is, the known names what belongs.
    if (!(await owner.isEarlier(dir))) throw notOurs(path);
    const known = new Set(owner.files);
    const other = entries.find((e) => !(e.isFile() && known.has(e.name)));
    if (other) throw stray(path, other.name);
    return;
  }
  const manifest = await readManifest(dir);
  // A manifest we cannot read was not written by us (or was damaged): it is the stray file.
  if (!manifest) throw stray(path, OUTPUT_MANIFEST);
  if (manifest.kind !== owner.kind) throw notOurs(path);
  const recorded = new Map(manifest.files.map((f) => [f.name, f.size]));
  for (const e of entries) {
    if (e.name === OUTPUT_MANIFEST) continue;
    const size = recorded.get(e.name);
    if (size === undefined || !e.isFile()) throw stray(path, e.name);
    const now = (await stat(join(dir, e.name))).size;
    if (now !== size) {
      throw new UserError('file', `${join(path, e.name)}: was changed since labelsleuth wrote it (${now} bytes, not ${size}); move it, or choose another --out`);
    }
  }
}

async function readManifest(dir: string): Promise<OutputManifest | null> {
  try {
    const m = JSON.parse(await readFile(join(dir, OUTPUT_MANIFEST), 'utf8')) as Partial<OutputManifest> | null;
    const filesOk = Array.isArray(m?.files) && m.files.every((f) => typeof f?.name === 'string' && typeof f?.size === 'number');
    return m?.format === FORMAT && m.version === VERSION && typeof m.kind === 'string' && filesOk ? (m as OutputManifest) : null;
  } catch {
    return null;
  }
}
