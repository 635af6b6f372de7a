import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type PngOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeWithSharp } from '../../src/data/image-decode.js';
import { decodeSimplePng } from '../../src/data/png-fast.js';
import { createRng } from '../../src/util/rng.js';

/** Seeded pixels: noise rows and smooth rows, so libpng's adaptive filtering picks every filter type. */
function pixels(w: number, h: number, channels: number, seed: number): Buffer {
  const rng = createRng(seed);
  const px = Buffer.alloc(w * h * channels);
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < w * channels; i++) {
      px[y * w * channels + i] = y % 3 === 0 ? Math.floor(rng.next() * 256) : (y * 7 + i * 3) & 255;
    }
  }
  return px;
}

async function png(w: number, h: number, channels: 1 | 2 | 3 | 4, seed: number, options: PngOptions = {}): Promise<Buffer> {
  const img = sharp(pixels(w, h, channels, seed), { raw: { width: w, height: h, channels } });
  // Left alone, sharp writes 1- and 2-channel raw input as RGB(A) PNGs.
  return (channels <= 2 ? img.toColourspace('b-w') : img).png(options).toBuffer();
}

async function sharpPixels(bytes: Buffer, size: number, layout: 'gray' | 'rgb'): Promise<Buffer> {
  const r = await decodeWithSharp(bytes, size, layout);
  if (!r.ok) throw new Error(r.reason);
  return r.pixels;
}

describe('decodeSimplePng', () => {
  it("gives sharp's bytes for every image of the bundled demo folder, as gray and as rgb", async () => {
    const root = join('fixtures', 'images-demo');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.png'))
      .slice(0, 60);
    expect(files.length).toBe(60);
    for (const f of files) {
      const bytes = readFileSync(join(root, f));
      for (const layout of ['gray', 'rgb'] as const) {
        const fast = decodeSimplePng(bytes, 28, layout);
        expect(fast, f).toBeDefined();
        expect(fast!.equals(await sharpPixels(bytes, 28, layout)), `${f} ${layout}`).toBe(true);
      }
    }
  });

  it.each([
    { channels: 1 as const, layout: 'gray' as const },
    { channels: 1 as const, layout: 'rgb' as const },
    { channels: 3 as const, layout: 'rgb' as const },
  ])('decodes $channels-channel PNGs as $layout exactly like sharp, whatever filters and compression', async ({ channels, layout }) => {
    for (const [seed, options] of [
      [1, { adaptiveFiltering: true, compressionLevel: 9 }],
      [2, { adaptiveFiltering: false, compressionLevel: 1 }],
      [3, { adaptiveFiltering: true, compressionLevel: 0 }],
    ] as const) {
      const bytes = await png(32, 32, channels, seed, options);
      const fast = decodeSimplePng(bytes, 32, layout);
      expect(fast).toBeDefined();
      expect(fast!.equals(await sharpPixels(bytes, 32, layout))).toBe(true);
    }
  });

  it('leaves to sharp what it does not handle exactly', async () => {
    const ok = await png(16, 16, 3, 4);
    expect(decodeSimplePng(ok, 16, 'rgb')).toBeDefined();
    const cases: Array<[string, Buffer, 'gray' | 'rgb']> = [
      ['another size (needs resizing)', ok, 'rgb'],
      ['rgb to gray (libvips luminance)', ok, 'gray'],
      ['alpha (flattening)', await png(16, 16, 4, 5), 'rgb'],
      ['gray + alpha', await png(16, 16, 2, 6), 'gray'],
      ['palette', await png(16, 16, 3, 7, { palette: true }), 'rgb'],
      ['interlaced', await png(16, 16, 3, 8, { progressive: true }), 'rgb'],
      [
        '16-bit',
        await sharp(pixels(16, 16, 3, 9), { raw: { width: 16, height: 16, channels: 3 } })
          .toColourspace('rgb16')
          .png()
          .toBuffer(),
        'rgb',
      ],
      [
        'an ICC profile',
        await sharp(pixels(16, 16, 3, 10), { raw: { width: 16, height: 16, channels: 3 } })
          .withIccProfile('p3')
          .png()
          .toBuffer(),
        'rgb',
      ],
      [
        'not a PNG',
        await sharp(pixels(16, 16, 3, 11), { raw: { width: 16, height: 16, channels: 3 } })
          .jpeg()
          .toBuffer(),
        'rgb',
      ],
      ['truncated', ok.subarray(0, ok.length - 20), 'rgb'],
    ];
    for (const [what, bytes, layout] of cases) {
      const size = what.startsWith('another size') ? 8 : 16;
      expect(decodeSimplePng(bytes, size, layout), what).toBeUndefined();
    }
    // A flipped bit inside the image data fails the chunk's CRC: sharp then decides what it is.
    const corrupt = Buffer.from(ok);
    corrupt[corrupt.length - 30] = corrupt[corrupt.length - 30]! ^ 0x10;
    expect(decodeSimplePng(corrupt, 16, 'rgb')).toBeUndefined();
  });
});
