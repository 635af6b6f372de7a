import type { Rng } from '../util/rng.js';
import type { BatchAugment } from './batches.js';

/** Light image augmentation for training batches (never the loss pass), done on the JS batch: no tensors. */
export interface ImageAugmentOptions {
  /**
   * Random crop: pad each side by `pad` pixels and cut a window of the original size back out,
   * i.e. shift by up to `pad` pixels each way. 0 turns it off. @default 2
   */
  readonly pad?: number;
  /** Mirror left-right with probability 1/2. @default true */
  readonly flip?: boolean;
  /**
   * Value of the pixels shifted in. Features are standardised, so 0 is the dataset's mean colour,
   * which looks less like an edge to the first conv layer than black would. @default 0
   */
  readonly fill?: number;
}

export const augmentDefaults = { pad: 2, flip: true, fill: 0 } as const satisfies Required<ImageAugmentOptions>;

/** A BatchAugment for [h, w, c] samples; same rng state, same output. */
export function imageAugment(options: ImageAugmentOptions = {}): BatchAugment {
  const pad = options.pad ?? augmentDefaults.pad;
  const flip = options.flip ?? augmentDefaults.flip;
  const fill = options.fill ?? augmentDefaults.fill;
  if (!Number.isInteger(pad) || pad < 0) throw new Error(`augment pad must be a whole number >= 0, got ${pad}`);
  let scratch = new Float32Array(0);
  return (batch, count, sampleShape, rng: Rng) => {
    const [h, w, c] = sampleShape;
    if (sampleShape.length !== 3 || h === undefined || w === undefined || c === undefined) {
      throw new Error(`image augmentation needs [height, width, channels] samples, got [${sampleShape.join(', ')}]`);
    }
    const size = h * w * c;
    if (scratch.length !== size) scratch = new Float32Array(size);
    for (let s = 0; s < count; s++) {
      // Draw in a fixed order per sample so the stream (and so the result) depends only on the seed.
      const dy = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
      const dx = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
      const mirror = flip && rng.next() < 0.5;
      if (dx === 0 && dy === 0 && !mirror) continue;
      const base = s * size;
      scratch.set(batch.subarray(base, base + size));
      for (let y = 0; y < h; y++) {
        const sy = y + dy;
        const rowInside = sy >= 0 && sy < h;
        for (let x = 0; x < w; x++) {
          const sx = (mirror ? w - 1 - x : x) + dx;
          const o = base + (y * w + x) * c;
          if (rowInside && sx >= 0 && sx < w) {
            const i = (sy * w + sx) * c;
            for (let k = 0; k < c; k++) batch[o + k] = scratch[i + k]!;
          } else {
            for (let k = 0; k < c; k++) batch[o + k] = fill;
          }
        }
      }
    }
  };
}
