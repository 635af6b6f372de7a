import type { backend_util } from '@tensorflow/tfjs-core';

/**
 * Patch-matrix ("im2col") loops for the conv gradients of layers with few input channels.
 *
 * XNNPACK is fast when a convolution has many channels on both sides. A first layer has 1 or 3
 * input channels, and both of its gradients then map onto badly shaped convolutions: dW is a
 * conv with a batch of `inC` images and a kernel as large as the feature map, dx a conv with
 * `inC` output channels. Written instead as one GEMM against the patch matrix, with the patch
 * gather (or scatter) as a plain loop, they run 4-6x faster on 28x28 inputs (measured in a
 * batch-128 step: dW 51 -> 9 ms, dx 30 -> ~6 ms). With many channels the loop's memory traffic
 * eats the GEMM's lead (dW of 14x14x32 -> 64: 92 ms either way), so the convs keep those.
 */
export const PATCH_GEMM_MAX_K = 64;

/** Patch length: the number of input values one output position sees. */
export function patchLength(info: backend_util.Conv2DInfo): number {
  return info.filterHeight * info.filterWidth * info.inChannels;
}

/**
 * dst[(p*fw + q)*inC + c][m] = x[b, oy*sh + p*dh - top, ox*sw + q*dw - left, c] (0 outside the
 * image), with m = (b*outH + oy)*outW + ox: the [patchLength, positions] matrix whose product
 * with dy ([positions, outC]) is dW.
 */
export function gatherPatches(x: Float32Array, dst: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  let k = 0;
  for (let p = 0; p < fh; p++) {
    for (let q = 0; q < fw; q++) {
      for (let c = 0; c < C; c++) {
        for (let b = 0; b < B; b++) {
          for (let oy = 0; oy < OH; oy++) {
            const iy = oy * sh + p * dh - top;
            if (iy < 0 || iy >= H) {
              dst.fill(0, k, k + OW);
              k += OW;
              continue;
            }
            const row = (b * H + iy) * W;
            for (let ox = 0; ox < OW; ox++) {
              const ix = ox * sw + q * dw - left;
              dst[k++] = ix >= 0 && ix < W ? x[(row + ix) * C + c]! : 0;
            }
          }
        }
      }
    }
  }
}

/**
 * The adjoint of the gather, from the other layout: adds cols[m][(p*fw + q)*inC + c] (dy times
 * the filter, [positions, patchLength]) into dx at the input position that patch entry reads.
 * dx must start zeroed; positions no window reaches stay 0.
 */
export function scatterPatches(cols: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  let k = 0;
  for (let b = 0; b < B; b++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        for (let p = 0; p < fh; p++) {
          const iy = oy * sh + p * dh - top;
          if (iy < 0 || iy >= H) {
            k += fw * C;
            continue;
          }
          const row = (b * H + iy) * W;
          for (let q = 0; q < fw; q++) {
            const ix = ox * sw + q * dw - left;
            if (ix < 0 || ix >= W) {
              k += C;
              continue;
            }
            const at = (row + ix) * C;
            for (let c = 0; c < C; c++) dx[at + c] = dx[at + c]! + cols[k++]!;
          }
        }
      }
    }
  }
}
