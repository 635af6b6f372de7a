/**
 * Copies of an image folder for inject-noise and clean: every image is copied with fs.copyFile
 * (the originals are never modified or moved), an image whose label changes goes to its new class
 * folder in the copy, and a file already there under the same name is never overwritten.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { compareNatural } from './csv-values.js';
import { discoverImageFolder, type ImageFile } from './image-discovery.js';
import { UserError } from '../errors.js';
import { listNames } from '../util/quote.js';
import { resolveImageLayout } from './image-layout.js';

export interface ImageSamples {
  readonly files: readonly ImageFile[];
  /** Classes that hold images, in the loaders' sorted order. */
  readonly classNames: readonly string[];
  readonly labels: Int32Array;
}

export async function listImageSamples(dir: string): Promise<ImageSamples> {
  // Copies are made of class folders only: a split root's splits or a metadata file's labels would be taken for classes.
  const layout = await resolveImageLayout(dir);
  if (layout.kind === 'splits') {
    throw new UserError('option', `${dir}: is split into ${listNames(layout.splits)}; pass the folder of the split to copy, e.g. ${join(dir, layout.splits[0]!)}`);
  }
  if (layout.metadata !== null) {
    throw new UserError(
      'option',
      `${dir}: its labels come from ${layout.metadata}, and copies of a Hugging Face metadata folder are not supported yet; put the images in class folders, or list them in a CSV and pass that`,
    );
  }
  const listing = await discoverImageFolder(dir);
  if (listing.files.length === 0) throw new UserError('dataset', `${dir}: holds no images in class folders; put each class's images in a folder named after it`);
  const classNames = [...new Set(listing.files.map((f) => f.className))].sort(compareNatural);
  const index = new Map(classNames.map((c, i) => [c, i]));
  return { files: listing.files, classNames, labels: Int32Array.from(listing.files, (f) => index.get(f.className) as number) };
}

/** What happens to one image: kept in its class, moved to another class folder, or left out. */
export type ImagePlacement = { readonly kind: 'keep' } | { readonly kind: 'move'; readonly className: string } | { readonly kind: 'drop' };

/**
 * Copies the images into `target` (a fresh folder) and returns each image's relPath in the copy
 * (null when dropped): the id an audit of the copy will give it.
 */
export async function copyImages(files: readonly ImageFile[], place: (i: number) => ImagePlacement, target: string): Promise<(string | null)[]> {
  const placements = files.map((_, i) => place(i));
  const used = new Set<string>();
  const rel: (string | null)[] = placements.map((p, i) => {
    if (p.kind !== 'keep') return null;
    const r = (files[i] as ImageFile).relPath;
    used.add(r);
    return r;
  });
  placements.forEach((p, i) => {
    if (p.kind !== 'move') return;
    const f = files[i] as ImageFile;
    const rest = f.relPath.slice(f.relPath.indexOf('/') + 1);
    let candidate = posix.join(p.className, rest);
    // Same file name in the destination class: prefix the class it came from, then a counter.
    for (let n = 1; used.has(candidate); n++) {
      const prefix = n === 1 ? f.className : `${f.className}-${n}`;
      candidate = posix.join(p.className, posix.dirname(rest), `${prefix}--${posix.basename(rest)}`);
    }
    used.add(candidate);
    rel[i] = candidate;
  });
  await mkdir(target, { recursive: true });
  const made = new Set<string>();
  for (let i = 0; i < files.length; i++) {
    const r = rel[i];
    if (r === null || r === undefined) continue;
    const dest = join(target, ...r.split('/'));
    const parent = dirname(dest);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    await copyFile((files[i] as ImageFile).absPath, dest);
  }
  return rel;
}
