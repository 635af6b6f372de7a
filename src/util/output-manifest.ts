/**
 * How a folder output of ours (report, model, predictions) says what it holds, so that a later run
 * replaces it only when nothing else is inside: a user who saved notes in an old report folder, or
 * kept an edited suspects.csv there, must not lose them to `--out` pointing at it again.
 *
 * Every such folder gets `.labelsleuth-output.json`:
 *   { "format": "labelsleuth-output", "version": 1, "kind": "label-noise-report",
 *     "tool": { "name": "labelsleuth", "version": "0.1.0" },
 *     "files": [{ "name": "report.html", "size": 51234, "sha256": "9f2c..." }, ...] }
 * Hidden because it is bookkeeping, not something to open: a listing of the folder shows only the
 * files a person reads. Size and checksum catch a file edited since it was written, and the model
 * loader checks every file of a model folder against them (verifyOutputFolder), so a changed
 * topology, preprocessing or class list is refused like changed weights.
 *
 * Folders written before the manifest existed are recognised as before (their kind JSON, e.g.
 * report.json of kind label-noise-report) and replaced only when every entry is one of the file
 * names that kind of folder has always held; anything else inside is refused the same way.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
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

export interface ManifestEntry {
  readonly name: string;
  readonly size: number;
  /** Absent in manifests written before checksums were recorded. */
  readonly sha256?: string;
}

export interface OutputManifest {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly kind: string;
  readonly tool: { readonly name: 'labelsleuth'; readonly version: string };
  readonly files: readonly ManifestEntry[];
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
  // One file at a time, streamed: a 10M-sample report's samples.csv alone is ~570 MB.
  const files: ManifestEntry[] = [];
  for (const name of names) files.push({ name, ...(await digestFile(join(dir, name))) });
  const manifest: OutputManifest = { format: FORMAT, version: VERSION, kind, tool: { name: 'labelsleuth', version: toolVersion }, files };
  await writeFile(join(dir, OUTPUT_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/** A file's size and sha256, read in chunks rather than whole. */
async function digestFile(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** How a file's bytes differ from what the manifest recorded, if they do: the one test both checks below make. */
function changedFrom(found: { size: number; sha256: string }, f: ManifestEntry): 'size' | 'checksum' | undefined {
  if (found.size !== f.size) return 'size';
  return f.sha256 !== undefined && found.sha256 !== f.sha256 ? 'checksum' : undefined;
}

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
  const recorded = new Map(manifest.files.map((f) => [f.name, f]));
  for (const e of entries) {
    if (e.name === OUTPUT_MANIFEST) continue;
    const file = recorded.get(e.name);
    if (file === undefined || !e.isFile()) throw stray(path, e.name);
    const found = await digestFile(join(dir, e.name));
    const how = changedFrom(found, file);
    if (how !== undefined) {
      const why = how === 'size' ? `${found.size} bytes, not ${file.size}` : 'its checksum differs';
      throw new UserError('file', `${join(path, e.name)}: was changed since labelsleuth wrote it (${why}); move it, or choose another --out`);
    }
  }
}

/**
 * Checks that every file an output folder's manifest lists is there, unchanged (size and sha256).
 * 'no-manifest' for a folder written before manifests, which the caller checks its own way.
 * `fix` ends each message (e.g. "retrain to write the model again").
 */
export async function verifyOutputFolder(dir: string, kind: string, fix: string): Promise<'verified' | 'no-manifest'> {
  const present = await stat(join(dir, OUTPUT_MANIFEST)).then(
    () => true,
    () => false,
  );
  if (!present) return 'no-manifest';
  const manifest = await readManifest(dir);
  if (!manifest || manifest.kind !== kind) throw new UserError('format', `${join(dir, OUTPUT_MANIFEST)}: not the manifest of a ${kind} folder; ${fix}`);
  for (const f of manifest.files) {
    const found = await digestFile(join(dir, f.name)).catch(() => null);
    if (found === null) throw new UserError('file', `${join(dir, f.name)}: missing, though the folder's manifest lists it; ${fix}`);
    if (changedFrom(found, f) !== undefined) {
      throw new UserError('format', `${join(dir, f.name)}: was changed since labelsleuth wrote it (it no longer matches ${OUTPUT_MANIFEST}); ${fix}`);
    }
  }
  return 'verified';
}

async function readManifest(dir: string): Promise<OutputManifest | null> {
  try {
    const m = JSON.parse(await readFile(join(dir, OUTPUT_MANIFEST), 'utf8')) as Partial<OutputManifest> | null;
    const filesOk =
      Array.isArray(m?.files) &&
      m.files.every(
        (f) =>
          typeof f?.name === 'string' && !f.name.includes('/') && !f.name.includes('\\') && typeof f?.size === 'number' && (f.sha256 === undefined || typeof f.sha256 === 'string'),
      );
    return m?.format === FORMAT && m.version === VERSION && typeof m.kind === 'string' && filesOk ? (m as OutputManifest) : null;
  } catch {
    return null;
  }
}
