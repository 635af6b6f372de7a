/**
 * Decodes one image file to a small square of 8-bit pixels with sharp. A file that cannot be read
 * or decoded is a result, not an exception: the folder loader skips it and says why.
 */
import { readFile } from 'node:fs/promises';
import { loadSharp } from './load-sharp.js';
import type { PixelLayout } from './channels.js';
import { decodeSimplePng } from './png-fast.js';

export type DecodeResult = { readonly ok: true; readonly pixels: Buffer } | { readonly ok: false; readonly reason: string };

/** Largest image we try to decode, in pixels (sharp's own default, ~16k x 16k). */
export const MAX_INPUT_PIXELS = 268_402_689;

/**
 * The first frame (GIF, multi-page TIFF), turned upright by its EXIF orientation, transparency
 * flattened onto black, squashed to size x size (fit 'fill', like torchvision's Resize((s, s)):
 * nothing is cropped away, which matters when the object is off-centre).
 */
export async function decodeImage(absPath: string, size: number, layout: PixelLayout): Promise<DecodeResult> {
  let bytes: Buffer;
  try {
    // Reading the bytes ourselves tells "unreadable" from "not an image": sharp reports both alike.
    bytes = await readFile(absPath);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, reason: code === 'EACCES' || code === 'EPERM' ? 'unreadable (permission denied)' : `unreadable (${code})` };
  }
  if (bytes.length === 0) return { ok: false, reason: 'empty file (0 bytes)' };
  const simple = decodeSimplePng(bytes, size, layout);
  return simple !== undefined ? { ok: true, pixels: simple } : decodeWithSharp(bytes, size, layout);
}

/** The general path: every format and case, and the reference the PNG fast path is tested against. */
export async function decodeWithSharp(bytes: Buffer, size: number, layout: PixelLayout): Promise<DecodeResult> {
  const sharp = await loadSharp();
  try {
    let img = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, pages: 1 }).rotate().flatten();
    img = layout === 'gray' ? img.grayscale() : img.toColourspace('srgb');
    const { data, info } = await img.resize(size, size, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
    const channels = layout === 'gray' ? 1 : 3;
    if (info.channels !== channels || data.length !== size * size * channels) {
      return { ok: false, reason: `decoded to ${info.channels} channels, expected ${channels}` };
    }
    return { ok: true, pixels: data };
  } catch (e) {
    return { ok: false, reason: decodeFailure((e as Error).message) };
  }
}

function decodeFailure(message: string): string {
  const first = (message.split('\n')[0] ?? '').trim();
  if (/exceeds pixel limit/i.test(first)) return `too large to decode (over ${MAX_INPUT_PIXELS} pixels)`;
  if (/unsupported image format/i.test(first)) return 'not a decodable image';
  return `corrupt or truncated (${first})`;
}

/** True when every pixel's R, G and B are within `tolerance` of each other (a gray image stored as RGB). */
export function isGrayRgb(pixels: Uint8Array, tolerance = 2): boolean {
  for (let i = 0; i + 2 < pixels.length; i += 3) {
    const r = pixels[i]!;
    const g = pixels[i + 1]!;
    const b = pixels[i + 2]!;
    if (Math.abs(r - g) > tolerance || Math.abs(g - b) > tolerance) return false;
  }
  return true;
}
