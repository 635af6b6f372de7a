/**
 * Finds the images of a class-per-folder dataset (`<root>/<class>/**\/<image>`) without decoding
 * anything, so the loader, `inject-noise` and `clean` all agree on which files form the dataset.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { UserError } from '../errors.js';

/** Extensions sharp decodes that we accept, lower case; matched case-insensitively. */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff']);

export interface ImageFile {
  /** Path relative to the root with '/' separators, e.g. 'cat/img_0042.jpg'; the sample id. */
  readonly relPath: string;
  /** Name of the top-level folder the file sits under (nested folders count for it). */
  readonly className: string;
  /** Absolute path (through any symlinks as found, not resolved). */
  readonly absPath: string;
}

export interface IgnoredEntry {
  readonly relPath: string;
  /** Why it is not part of the dataset, e.g. 'not an image (.txt)'. */
  readonly reason: string;
}

export interface ImageFolderListing {
  /** Absolute path of the folder given. */
  readonly root: string;
  /** Classes with at least one image, in natural order ('class2' before 'class10'). */
  readonly classes: readonly string[];
  /** Every image, sorted by relPath in natural order. */
  readonly files: readonly ImageFile[];
  /** Files (and hidden entries, special files, broken links) that are not part of the dataset. */
  readonly ignored: readonly IgnoredEntry[];
  /** Class folders without a single image; they do not become classes. */
  readonly emptyClasses: readonly string[];
}

const collator = new Intl.Collator('en', { numeric: true });
/** Natural order with a code-unit tie-break, so 'a01' and 'a1' still get a fixed order. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function isImageFileName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

export async function discoverImageFolder(dir: string): Promise<ImageFolderListing> {
  const root = resolve(dir);
  const rootStat = await stat(root).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
      throw new UserError('file', `${dir}: no such folder; give a folder with one subfolder per class`);
    }
    if (e.code === 'EACCES' || e.code === 'EPERM') {
      throw new UserError('file', `${dir}: permission denied; make the folder readable`);
    }
    throw e;
  });
  if (!rootStat.isDirectory()) {
    throw new UserError('file', `${dir}: not a folder; give a folder with one subfolder per class`);
  }
  const files: ImageFile[] = [];
  const ignored: IgnoredEntry[] = [];
  const emptyClasses: string[] = [];
  const visited = new Set<string>([await realpath(root)]);

  const rootEntries = await readDirOrFail(root, dir);
  if (rootEntries.length === 0) {
    throw new UserError('file', `${dir}: the folder is empty; put each class's images in a subfolder named after the class`);
  }
  for (const name of rootEntries) {
    if (name.startsWith('.')) {
      ignored.push({ relPath: name, reason: 'hidden' });
      continue;
    }
    const abs = join(root, name);
    const kind = await entryKind(abs);
    if (kind !== 'folder') {
      ignored.push({ relPath: name, reason: kind === 'file' ? 'file outside a class folder' : kind });
      continue;
    }
    const before = files.length;
    await walkClass(abs, name, name, files, ignored, visited);
    if (files.length === before) emptyClasses.push(name);
  }

  files.sort((a, b) => naturalCompare(a.relPath, b.relPath));
  ignored.sort((a, b) => naturalCompare(a.relPath, b.relPath));
  emptyClasses.sort(naturalCompare);
  const classes = [...new Set(files.map((f) => f.className))].sort(naturalCompare);
  if (classes.length < 2) {
    const found = classes.length === 0 ? 'no class folder with images' : `only one class with images ('${classes[0]}')`;
    throw new UserError('dataset', `${dir}: ${found}; need at least two subfolders with images (${[...IMAGE_EXTENSIONS].join(' ')})`);
  }
  return { root, classes, files, ignored, emptyClasses };
}

type EntryKind = 'file' | 'folder' | 'broken symlink' | 'unreadable' | 'not a regular file';

async function entryKind(abs: string): Promise<EntryKind> {
  try {
    const s = await stat(abs); // follows symlinks on purpose: linked images and folders count
    return s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'not a regular file';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP') return 'broken symlink';
    if (code === 'EACCES' || code === 'EPERM') return 'unreadable';
    throw e;
  }
}

async function readDirOrFail(abs: string, shown: string): Promise<string[]> {
  try {
    return await readdir(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UserError('file', `${shown}: permission denied; make the folder readable`);
    }
    throw e;
  }
}

async function walkClass(absDir: string, relDir: string, className: string, files: ImageFile[], ignored: IgnoredEntry[], visited: Set<string>): Promise<void> {
  // A symlink back to an ancestor (or any folder already seen) would loop or double-count.
  const real = await realpath(absDir);
  if (visited.has(real)) {
    ignored.push({ relPath: relDir, reason: 'folder already visited (symlink loop or duplicate link)' });
    return;
  }
  visited.add(real);
  let names: string[];
  try {
    names = await readdir(absDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EPERM') throw e;
    ignored.push({ relPath: relDir, reason: 'unreadable folder' });
    return;
  }
  for (const name of names) {
    const rel = `${relDir}/${name}`;
    if (name.startsWith('.')) {
      ignored.push({ relPath: rel, reason: 'hidden' });
      continue;
    }
    const abs = join(absDir, name);
    const kind = await entryKind(abs);
    if (kind === 'folder') await walkClass(abs, rel, className, files, ignored, visited);
    else if (kind !== 'file') ignored.push({ relPath: rel, reason: kind });
    else if (isImageFileName(name)) files.push({ relPath: rel, className, absPath: abs });
    else ignored.push({ relPath: rel, reason: `not an image (${extname(name) || 'no extension'})` });
  }
}
