import { readFile } from 'node:fs/promises';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import * as fc from 'fast-check';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeWithSharp } from '../../src/data/image-decode.js';
import { decodeSimplePng } from '../../src/data/png-fast.js';
import { fuzzOptions } from './expect-user-error.js';
import { applyMutations, mutations } from './mutate.js';

const SIZE = 28;
const LAYOUTS = ['gray', 'rgb'] as const;
type Layout = (typeof LAYOUTS)[number];

let gray: Buffer;
let rgb: Buffer;
beforeAll(async () => {
  gray = await readFile('fixtures/images-demo/Bag/fmnist-train-1013.png');
  const px = Buffer.alloc(SIZE * SIZE * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 37) & 255;
  rgb = await sharp(px, { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .png({ adaptiveFiltering: true })
    .toBuffer();
});

/**
 * decodeSimplePng's contract: never throws; undefined (sharp decides) or exactly SIZE x SIZE
 * pixels of the layout's channels.
 */
function decode(bytes: Buffer, layout: Layout): Buffer | undefined {
  let out: Buffer | undefined;
  try {
    out = decodeSimplePng(bytes, SIZE, layout);
  } catch (e) {
    throw new Error(`decodeSimplePng threw on ${bytes.length} bytes ${bytes.toString('hex')} (${layout}):\n${(e as Error).stack}`);
  }
  if (out !== undefined) expect(out.length).toBe(SIZE * SIZE * (layout === 'gray' ? 1 : 3));
  return out;
}

interface Chunk {
  type: string;
  data: Buffer;
}

function chunksOf(png: Buffer): Chunk[] {
  const out: Chunk[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    out.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

/** A PNG from chunks, with correct lengths and CRCs, so a mutation reaches the decoder's logic. */
function pngOf(chunks: readonly Chunk[]): Buffer {
  const parts: Buffer[] = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10])];
  for (const c of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(c.data.length, 0);
    head.write(c.type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), c.data])));
    parts.push(head, c.data, crc);
  }
  return Buffer.concat(parts);
}

const source = fc.constantFrom<'gray' | 'rgb'>('gray', 'rgb');
const layout = fc.constantFrom(...LAYOUTS);

describe('decodeSimplePng on arbitrary input', () => {
  it('random and mutated bytes: pixels or undefined, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 100 }).map((b) => ({ random: b })),
          fc.record({ png: source, ms: mutations(4) }),
        ),
        layout,
        (input, l) => {
          const bytes = 'random' in input ? Buffer.from(input.random) : Buffer.from(applyMutations(input.png === 'gray' ? gray : rgb, input.ms));
          decode(bytes, l);
        },
      ),
      fuzzOptions(500),
    );
  });

  it('chunks mutated, reordered, dropped or repeated with correct CRCs: pixels or undefined', () => {
    const chunkEdit = fc.oneof(
      fc.record({ kind: fc.constant('data' as const), chunk: fc.nat(), ms: mutations(2) }),
      fc.record({ kind: fc.constant('drop' as const), chunk: fc.nat() }),
      fc.record({ kind: fc.constant('repeat' as const), chunk: fc.nat() }),
      fc.record({ kind: fc.constant('swap' as const), chunk: fc.nat(), other: fc.nat() }),
      fc.record({ kind: fc.constant('type' as const), chunk: fc.nat(), type: fc.constantFrom('IHDR', 'IDAT', 'IEND', 'tEXt', 'iCCP', 'PLTE', 'tRNS', 'abcd') }),
    );
    fc.assert(
      fc.property(source, fc.array(chunkEdit, { minLength: 1, maxLength: 3 }), layout, (png, edits, l) => {
        const chunks = chunksOf(png === 'gray' ? gray : rgb);
        for (const e of edits) {
          if (chunks.length === 0) break;
          const i = e.chunk % chunks.length;
          if (e.kind === 'data') chunks[i] = { ...chunks[i]!, data: Buffer.from(applyMutations(chunks[i]!.data, e.ms)) };
          else if (e.kind === 'drop') chunks.splice(i, 1);
          else if (e.kind === 'repeat') chunks.splice(i, 0, chunks[i]!);
          else if (e.kind === 'swap') [chunks[i], chunks[e.other % chunks.length]] = [chunks[e.other % chunks.length]!, chunks[i]!];
          else chunks[i] = { ...chunks[i]!, type: e.type };
        }
        decode(pngOf(chunks), l);
      }),
      fuzzOptions(500),
    );
  });

  it('scanlines mutated (filter bytes, pixels, length) and compressed again: undefined, or the pixels sharp decodes', async () => {
    // Mostly in place (a row's filter byte, or a pixel byte), so that most runs decode and are compared.
    const inPlace = fc.array(
      fc.oneof(fc.record({ row: fc.nat(), filter: fc.integer({ min: 0, max: 5 }) }), fc.record({ row: fc.nat(), column: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) })),
      { minLength: 1, maxLength: 4 },
    );
    const scanlineEdits = fc.oneof(
      { weight: 4, arbitrary: inPlace.map((cells) => ({ cells })) },
      mutations(2).map((ms) => ({ ms })),
    );
    await fc.assert(
      fc.asyncProperty(source, scanlineEdits, layout, async (png, edits, l) => {
        const chunks = chunksOf(png === 'gray' ? gray : rgb);
        const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
        const stride = raw.length / SIZE;
        let edited: Buffer;
        if ('ms' in edits) edited = Buffer.from(applyMutations(raw, edits.ms));
        else {
          edited = Buffer.from(raw);
          for (const c of edits.cells) {
            const row = (c.row % SIZE) * stride;
            if ('filter' in c) edited[row] = c.filter;
            else edited[row + 1 + (c.column % (stride - 1))] = c.byte;
          }
        }
        const idat = { type: 'IDAT', data: deflateSync(edited) };
        const bytes = pngOf([...chunks.filter((c) => c.type !== 'IDAT' && c.type !== 'IEND'), idat, { type: 'IEND', data: Buffer.alloc(0) }]);
        const fast = decode(bytes, l);
        if (fast === undefined) return;
        const reference = await decodeWithSharp(bytes, SIZE, l);
        expect(reference.ok && reference.pixels.equals(fast)).toBe(true);
      }),
      fuzzOptions(200),
    );
  });
});
