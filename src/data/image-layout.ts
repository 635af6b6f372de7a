/**
 * Which images a folder means, before any is decoded. Three layouts:
 * - class folders: `<root>/<class>/**\/<image>`;
 * - splits (torchvision's and Hugging Face's imagefolder): `<root>/{train,val,test}/<class>/...`,
 *   one split chosen (--split, default train), which used to become the classes "train" and
 *   "test", every test image flagged;
 * - Hugging Face metadata: a `metadata.csv` or `metadata.jsonl` beside the images (in the root
 *   or in the chosen split), whose `file_name` column lists them and whose label column labels them.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { listNames, quote } from '../util/quote.js';
import { naturalCompare } from './image-discovery.js';

/** Folder names that mean a split, not a class. */
export const SPLIT_NAMES: ReadonlySet<string> = new Set(['train', 'val', 'valid', 'validation', 'test']);
/** The split an audit takes when none is named. */
export const DEFAULT_SPLIT = 'train';
/** The split retrain measures on when no --test is given. */
export const TEST_SPLIT = 'test';
/** Hugging Face's metadata file names, in the order they are looked for. */
export const METADATA_FILES = ['metadata.csv', 'metadata.jsonl'] as const;

export interface ImageLayout {
  readonly kind: 'class-folders' | 'splits';
  /** The folder given. */
  readonly given: string;
  /** The folder whose images are the dataset: the given one, or its chosen split. */
  readonly folder: string;
  /** The chosen split, or null for a plain class-folder root. */
  readonly split: string | null;
  /** Every split of the root, in natural order ([] for class folders). */
  readonly splits: readonly string[];
  /** A Hugging Face metadata file in `folder` that labels the images, or null. */
  readonly metadata: string | null;
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/** The visible subfolders of a folder, in natural order ([] when it cannot be read: discovery words that error). */
async function subfolders(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const folders: string[] = [];
  for (const n of names) if (!n.startsWith('.') && (await isFolder(join(dir, n)))) folders.push(n);
  return folders.sort(naturalCompare);
}

/**
 * The layout of `dir`. A root is a split root when every visible subfolder is a split name and
 * at least one of them holds a subfolder or a metadata file. `split` names the split to take;
 * given for a root that has none, or naming one that is not there, it is a one-line error.
 */
export async function resolveImageLayout(dir: string, split?: string | null): Promise<ImageLayout> {
  const top = await subfolders(dir);
  const splitRoot = top.length > 0 && top.every((n) => SPLIT_NAMES.has(n)) && (await someHoldsData(dir, top));
  if (!splitRoot) {
    if (split !== undefined && split !== null) {
      throw new UserError(
        'option',
        `${dir}: --split ${split} applies to a folder whose subfolders are splits (${[...SPLIT_NAMES].join(', ')}), but this one's are classes${top.length > 0 ? ` (${listNames(top.slice(0, 5))}${top.length > 5 ? ', …' : ''})` : ''}; drop --split`,
      );
    }
    return { kind: 'class-folders', given: dir, folder: dir, split: null, splits: [], metadata: await metadataIn(dir) };
  }
  const chosen = split ?? DEFAULT_SPLIT;
  if (!top.includes(chosen)) {
    const how = split === undefined || split === null ? `holds no '${DEFAULT_SPLIT}' split` : `has no split ${quote(chosen)}`;
    throw new UserError('option', `${dir}: ${how} (its splits: ${listNames(top)}); pass --split with one of them`);
  }
  const folder = join(dir, chosen);
  return { kind: 'splits', given: dir, folder, split: chosen, splits: top, metadata: await metadataIn(folder) };
}

async function someHoldsData(dir: string, splits: readonly string[]): Promise<boolean> {
  for (const s of splits) {
    if ((await subfolders(join(dir, s))).length > 0 || (await metadataIn(join(dir, s))) !== null) return true;
  }
  return false;
}

async function metadataIn(folder: string): Promise<string | null> {
  for (const name of METADATA_FILES) if (await isFile(join(folder, name))) return join(folder, name);
  return null;
}

/** What the report and the terminal say about a layout that is not plain class folders. */
export function layoutNote(layout: ImageLayout): string | null {
  const parts: string[] = [];
  if (layout.split !== null) {
    const others = layout.splits.filter((s) => s !== layout.split);
    parts.push(
      `${layout.given} is split into ${listNames(layout.splits)}: using the ${quote(layout.split)} split${others.length > 0 ? ` (pass --split ${others[0]} for another)` : ''}`,
    );
  }
  if (layout.metadata !== null) parts.push(`labels and file names from ${layout.metadata} (Hugging Face imagefolder metadata), not from the folder names`);
  return parts.length > 0 ? parts.join('; ') : null;
}
