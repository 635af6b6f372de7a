import type { backend_util, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Exact MaxPoolGrad for any window layout (overlapping, padded), as a plain loop: each window
 * sends its dy to the first position holding its maximum, like the cpu backend. Used only for
 * pool shapes the vectorised path does not cover, which small CNNs do not use.
 */
export function maxPoolGradLoop(
  backend: KernelBackend,
  dy: TensorInfo,
  input: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const x = backend.readSync(input.dataId) as Float32Array;
  const g = backend.readSync(dy.dataId) as Float32Array;
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dx = new Float32Array(x.length);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < OH; oy++) {
      const y0 = oy * sh - top;
      for (let ox = 0; ox < OW; ox++) {
        const x0 = ox * sw - left;
        for (let c = 0; c < C; c++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let wy = 0; wy < fh; wy += dh) {
            const iy = y0 + wy;
            if (iy < 0 || iy >= H) continue;
            for (let wx = 0; wx < fw; wx += dw) {
              const ix = x0 + wx;
              if (ix < 0 || ix >= W) continue;
              const k = ((b * H + iy) * W + ix) * C + c;
              const v = x[k] as number;
              if (v > best) {
                best = v;
                at = k;
              }
            }
          }
          if (at >= 0) dx[at] = (dx[at] as number) + (g[((b * OH + oy) * OW + ox) * C + c] as number);
        }
      }
    }
  }
  return { dataId: backend.write(dx, input.shape, 'float32'), shape: input.shape, dtype: 'float32' };
}
