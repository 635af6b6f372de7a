import type { backend_util, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { allocF32, heapF32 } from './heap.js';

/**
 * Exact MaxPoolGrad for any window layout: each window sends its dy to the first position
 * holding its maximum (row-major within the window), like the cpu backend, starting from
 * -Infinity so windows whose max is <= 0 keep their gradient. A plain loop over NHWC with the
 * channel innermost reads memory in order; it beats composing the many elementwise wasm
 * kernels an op-level formulation needs. (The CNN's 2x2 windows go to a C kernel instead.)
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
