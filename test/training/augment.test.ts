import { describe, expect, it } from 'vitest';
import { imageAugment } from '../../src/training/augment.js';
import { createRng } from '../../src/util/rng.js';

const [h, w, c] = [5, 6, 2];
const size = h * w * c;
/** Distinct positive values, so any pixel's origin can be read back. */
function batch(count: number): Float32Array {
  return Float32Array.from({ length: count * size }, (_, i) => i + 1);
}
const at = (b: Float32Array, s: number, y: number, x: number, k: number): number => b[s * size + (y * w + x) * c + k]!;

describe('imageAugment', () => {
  it('is deterministic for a seed, keeps shape, and differs for another seed', () => {
    const aug = imageAugment({ pad: 2 });
    const a = batch(16);
    const b = batch(16);
    const d = batch(16);
    aug(a, 16, [h, w, c], createRng(7));
    aug(b, 16, [h, w, c], createRng(7));
    aug(d, 16, [h, w, c], createRng(8));
    expect(a).toHaveLength(16 * size);
    expect(b).toEqual(a);
    expect(d).not.toEqual(a);
    expect(a).not.toEqual(batch(16));
  });

  it('moves every sample by one shift within the pad (and maybe a mirror), filling the border', () => {
    const pad = 2;
    const count = 64;
    const out = batch(count);
    const original = batch(count);
    imageAugment({ pad, fill: -9 })(out, count, [h, w, c], createRng(3));
    let mirrored = 0;
    let shifted = 0;
    for (let s = 0; s < count; s++) {
      // Find the (dy, dx, mirror) that explains the whole sample; exactly one must.
      const fits: string[] = [];
      for (const m of [false, true]) {
        for (let dy = -pad; dy <= pad; dy++) {
          for (let dx = -pad; dx <= pad; dx++) {
            let ok = true;
            for (let y = 0; y < h && ok; y++) {
              for (let x = 0; x < w && ok; x++) {
                const sy = y + dy;
                const sx = (m ? w - 1 - x : x) + dx;
                for (let k = 0; k < c; k++) {
                  const want = sy >= 0 && sy < h && sx >= 0 && sx < w ? at(original, s, sy, sx, k) : -9;
                  if (at(out, s, y, x, k) !== want) ok = false;
                }
              }
            }
            if (ok) fits.push(`${dy},${dx},${m}`);
          }
        }
      }
      expect(fits).toHaveLength(1);
      if (fits[0]!.endsWith('true')) mirrored++;
      if (!fits[0]!.startsWith('0,0,')) shifted++;
    }
    expect(mirrored).toBeGreaterThan(16);
    expect(mirrored).toBeLessThan(48);
    expect(shifted).toBeGreaterThan(40);
  });

  it('with no pad and no flip leaves the batch untouched', () => {
    const a = batch(4);
    imageAugment({ pad: 0, flip: false })(a, 4, [h, w, c], createRng(1));
    expect(a).toEqual(batch(4));
  });
});
