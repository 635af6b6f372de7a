import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadImageFolder } from '../../src/data/image-folder.js';
import { UserError } from '../../src/errors.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ls-images-'));
});
afterEach(async () => {
  await chmod(join(root, 'b'), 0o755).catch(() => {});
  await rm(root, { recursive: true, force: true });
});

/** A w x h image of one colour (rgb) or one gray level, written in the format of the extension. */
async function image(rel: string, colour: [number, number, number] | number, w = 6, h = 4): Promise<void> {
  const abs = join(root, rel);
  await mkdir(join(abs, '..'), { recursive: true });
  const gray = typeof colour === 'number';
  const channels = gray ? 1 : 3;
  const px = Buffer.alloc(w * h * channels);
  for (let i = 0; i < w * h; i++) {
    if (gray) px[i] = colour;
    else px.set(colour, i * 3);
  }
  let img = sharp(px, { raw: { width: w, height: h, channels } });
  if (gray) img = img.toColourspace('b-w');
  await img.toFile(abs);
}

describe('loadImageFolder', () => {
  it('detects an all-gray folder, resizes, standardises per channel and labels by folder', async () => {
    await image('a/1.png', 0);
    await image('a/2.JPG', 0);
    await image('b/x/3.webp', 255, 9, 13);
    await image('b/4.tiff', 255);
    const progress: number[] = [];
    const ds = await loadImageFolder(root, { imageSize: 4, channels: 'auto' }, (done, total) => progress.push(done / total));
    expect(ds.source).toBe('image-folder');
    expect(ds.channels).toBe('gray');
    expect(ds.sampleShape).toEqual([4, 4, 1]);
    expect(ds.classNames).toEqual(['a', 'b']);
    expect(ds.ids).toEqual(['a/1.png', 'a/2.JPG', 'b/4.tiff', 'b/x/3.webp']);
    expect(Array.from(ds.labels)).toEqual([0, 0, 1, 1]);
    expect(ds.absPaths[0]).toBe(join(root, 'a/1.png'));
    expect(ds.features).toHaveLength(4 * 16);
    expect(progress.at(-1)).toBe(1);
    // Half black, half white: mean 0.5, std 0.5, so features are -1 and +1 (JPEG may be off by a level).
    expect(ds.normalisation.mean[0]).toBeCloseTo(0.5, 2);
    expect(ds.normalisation.std[0]).toBeCloseTo(0.5, 2);
    expect(ds.features[0]).toBeCloseTo(-1, 1);
    expect(ds.features[4 * 16 - 1]).toBeCloseTo(1, 1);
    expect(ds.skipped).toEqual([]);
    expect(ds.warnings).toEqual([]);
  });

  it('keeps three channels when one image has colour, and honours an explicit choice', async () => {
    await image('a/1.png', [255, 0, 0]);
    await image('b/2.png', 128);
    const auto = await loadImageFolder(root, { imageSize: 2, channels: 'auto' });
    expect(auto.channels).toBe('rgb');
    expect(auto.sampleShape).toEqual([2, 2, 3]);
    expect(auto.normalisation.mean[0]).toBeCloseTo((1 + 128 / 255) / 2, 5);
    expect(auto.normalisation.mean[1]).toBeCloseTo(128 / 255 / 2, 5);
    const gray = await loadImageFolder(root, { imageSize: 2, channels: 'gray' });
    expect(gray.sampleShape).toEqual([2, 2, 1]);
    await rm(join(root, 'a/1.png'));
    await image('a/1.png', 10);
    const rgb = await loadImageFolder(root, { imageSize: 2, channels: 'rgb' });
    expect(rgb.sampleShape).toEqual([2, 2, 3]);
    expect((await loadImageFolder(root, { imageSize: 2, channels: 'auto' })).channels).toBe('gray');
  });

  it('skips corrupt, truncated, zero-byte and unreadable files, lists them and warns once', async () => {
    await image('a/1.png', 10);
    await image('a/2.png', 20);
    await image('b/3.png', 30);
    await image('b/ok.jpg', [1, 2, 3], 64, 64);
    await writeFile(join(root, 'a/zero.png'), '');
    await writeFile(join(root, 'a/text.png'), 'not a png at all');
    const full = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    await writeFile(join(root, 'b/truncated.png'), full.subarray(0, full.length - 30));
    await image('b/secret.png', 40);
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) await chmod(join(root, 'b/secret.png'), 0);
    await writeFile(join(root, 'a/notes.txt'), 'hello');
    const ds = await loadImageFolder(root, { imageSize: 4, channels: 'gray' });
    const expected = [
      { relPath: 'a/text.png', reason: 'not a decodable image' },
      { relPath: 'a/zero.png', reason: 'empty file (0 bytes)' },
      ...(asRoot ? [] : [{ relPath: 'b/secret.png', reason: 'unreadable (permission denied)' }]),
    ];
    expect(ds.skipped.filter((s) => s.relPath !== 'b/truncated.png')).toEqual(expected);
    expect(ds.skipped.find((s) => s.relPath === 'b/truncated.png')?.reason).toMatch(/^corrupt or truncated \(/);
    expect(ds.ids).toEqual(['a/1.png', 'a/2.png', 'b/3.png', 'b/ok.jpg', ...(asRoot ? ['b/secret.png'] : [])]);
    expect(ds.warnings[0]).toMatch(
      new RegExp(`^${expected.length + 1} of ${ds.ids.length + expected.length + 1} images could not be decoded and were skipped: a/text.png \\(not a decodable image\\), `),
    );
    expect(ds.warnings[1]).toBe('1 entry was ignored (not a class image): a/notes.txt: not an image (.txt)');
  });

  it('fails in one line when fewer than two classes have a decodable image', async () => {
    await image('a/1.png', 10);
    await writeFile(join(root, 'a/2.png'), '');
    await mkdir(join(root, 'b'));
    await writeFile(join(root, 'b/broken.png'), 'garbage');
    const e = await loadImageFolder(root, { imageSize: 4, channels: 'auto' }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toBe(
      `${root}: fewer than two classes have a decodable image (2 of 3 images could not be decoded, e.g. a/2.png: empty file (0 bytes)); need at least two`,
    );
  });
});
