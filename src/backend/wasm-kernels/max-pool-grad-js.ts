import type { backend_util, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { allocF32, heapF32 } from './heap.js';

/**
 * Exact MaxPoolGrad for any window layout: each window sends its dy to the first position
 * holding its maximum (row-major within the window), like the cpu backend, starting from
 * -Infinity so windows whose max is <= 0 keep their gradient. A plain loop over NHWC with the
 * channel innermost reads memory in order; on wasm's one thread it beats composing the many
 * elementwise wasm kernels an op-level formulation needs.
 */
export function maxPoolGradLoop(backend: KernelBackend, dy: TensorInfo, input: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const result = allocF32(backend, input.shape);
  const x = heapF32(backend, input);
  const g = heapF32(backend, dy);
  const dx = heapF32(backend, result).fill(0);
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  if (fh === 2 && fw === 2 && sh === 2 && sw === 2 && dh === 1 && dw === 1 && top === 0 && left === 0 && 2 * OH <= H && 2 * OW <= W) {
    pool2x2Grad(x, g, dx, batchSize, H, W, C, OH, OW);
    return result;
  }
  const best = new Float32Array(C);
  const at = new Int32Array(C);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * sh - top;
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * sw - left;
        best.fill(Number.NEGATIVE_INFINITY);
        at.fill(-1);
        for (let wy = 0; wy < fh; wy += dh) {
          const iy = y0 + wy;
          if (iy < 0 || iy >= H) continue;
          for (let wx = 0; wx < fw; wx += dw) {
            const ix = x0 + wx;
            if (ix < 0 || ix >= W) continue;
            const base = ((b * H + iy) * W + ix) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c]!;
              if (v > best[c]!) {
                best[c] = v;
                at[c] = base + c;
              }
            }
          }
        }
        const gBase = ((b * OH + oy) * OW + ox) * C;
        for (let c = 0; c < C; c++) {
          const k = at[c]!;
          if (k >= 0) dx[k] = dx[k]! + g[gBase + c]!;
        }
      }
    }
  }
  return result;
}

/**
 * The CNN's case, 2x2 windows at stride 2 inside the image: four fixed reads per channel and no
 * per-window bookkeeping, about twice as fast as the general loop. Same rule: the first maximum
 * in row-major order takes the gradient, and windows do not overlap, so dx is assigned, not summed.
 */
function pool2x2Grad(x: Float32Array, g: Float32Array, dx: Float32Array, B: number, H: number, W: number, C: number, OH: number, OW: number): void {
  const row = W * C;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        const i00 = ((b * H + 2 * oy) * W + 2 * ox) * C;
        const i01 = i00 + C;
        const i10 = i00 + row;
        const i11 = i10 + C;
        const gBase = ((b * OH + oy) * OW + ox) * C;
        for (let c = 0; c < C; c++) {
          let k = i00 + c;
          let m = x[k]!;
          const v01 = x[i01 + c]!;
          if (v01 > m) {
            m = v01;
            k = i01 + c;
          }
          const v10 = x[i10 + c]!;
          if (v10 > m) {
            m = v10;
            k = i10 + c;
          }
          if (x[i11 + c]! > m) k = i11 + c;
          dx[k] = g[gBase + c]!;
        }
      }
    }
  }
}
