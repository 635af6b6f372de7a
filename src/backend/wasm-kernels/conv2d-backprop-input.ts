import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelRunner } from './kernel-runner.js';
import { withRunner } from './kernel-runner.js';
import { allocF32, heapF32 } from './heap.js';
import { PATCH_GEMM_MAX_K, patchLength, scatterPatches } from './patches.js';
import { WASM, pair, type KernelFix, unpack } from './kernel-fix.js';

/**
 * dx is the 'valid' forward convolution of dy, zero-inserted by the stride and padded by
 * (k - 1 - pad), with the filter rotated 180 degrees and its channel axes swapped. The stock
 * kernel is a scalar loop; this routes the work to XNNPACK's convolution.
 */
export const conv2dBackpropInputFix: KernelFix = {
  kernelName: 'Conv2DBackpropInput',
  reason: 'stock kernel is a scalar loop; computed as a forward conv of the padded dy',
  make(stock): KernelConfig {
    const kernelFunc: KernelFunc = (args) => {
      const { inputs, backend, attrs } = unpack(args);
      const dataFormat = attrs['dataFormat'] as string | undefined;
      if (dataFormat === 'NCHW' && stock !== undefined) return stock.kernelFunc(args);
      const dy = inputs['dy'] as TensorInfo;
      const filter = inputs['filter'] as TensorInfo;
      const inputShape = attrs['inputShape'] as [number, number, number, number];
      const info = backend_util.computeConv2DInfo(
        inputShape,
        filter.shape as [number, number, number, number],
        pair(attrs['strides'] as number | [number, number]),
        1,
        attrs['pad'] as 'valid' | 'same' | number | backend_util.ExplicitPadding,
        attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
      );
      if (patchLength(info) <= PATCH_GEMM_MAX_K) {
        return withRunner(backend, (r) => patchGemm(r, backend, dy, filter, info));
      }
      return withRunner(backend, (r) => {
        const dyPad = padForTransposedConv(r, dy, info);
        const flipped = r.run('Reverse', { x: filter }, { dims: [0, 1] });
        const rotated = r.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
        return r.run(
          'Conv2D',
          { x: dyPad, filter: rotated },
          {
            strides: [1, 1],
            pad: 'valid',
            dataFormat: 'NHWC',
            dilations: [1, 1],
          },
        );
      });
    };
    return { kernelName: 'Conv2DBackpropInput', backendName: WASM, kernelFunc };
  },
};

/** dx = scatter(dy · Wᵀ): each position's patch of contributions, added back where it was read (patches.ts). */
function patchGemm(r: KernelRunner, backend: KernelBackend, dy: TensorInfo, filter: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const n = info.batchSize * info.outHeight * info.outWidth;
  const k = patchLength(info);
  const dy2 = r.run('Reshape', { x: dy }, { shape: [1, n, info.outChannels] });
  const w = r.run('Reshape', { x: filter }, { shape: [1, k, info.outChannels] });
  const cols = r.run('BatchMatMul', { a: dy2, b: w }, { transposeA: false, transposeB: true });
  const dx = r.track(allocF32(backend, [info.batchSize, info.inHeight, info.inWidth, info.inChannels]));
  scatterPatches(heapF32(backend, cols), heapF32(backend, dx).fill(0), info);
  return dx;
}

/**
 * Places dy row i at row (k - 1 - padTop) + i * stride of a zero tensor of height inH + k - 1
 * (likewise for columns), so that a stride-1 'valid' conv with a k-sized filter yields inH rows.
 */
function padForTransposedConv(r: KernelRunner, dy: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, outChannels: oc } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  let x = dy;
  if (sh > 1 || sw > 1) {
    // Zero insertion: give every element (sh-1) zero rows and (sw-1) zero columns after it.
    const x6 = r.run('Reshape', { x }, { shape: [n, oh, 1, ow, 1, oc] });
    const padded = r.run(
      'PadV2',
      { x: x6 },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
    x = r.run('Reshape', { x: padded }, { shape: [n, oh * sh, ow * sw, oc] });
  }
  const top = fh - 1 - info.padInfo.top;
  const left = fw - 1 - info.padInfo.left;
  // The zero insertion already appended (s - 1) trailing zeros.
  const bottom = info.inHeight + fh - 1 - oh * sh - top;
  const right = info.inWidth + fw - 1 - ow * sw - left;
  const pads = [top, bottom, left, right];
  if (pads.some((v) => v > 0)) {
    x = r.run(
      'PadV2',
      { x },
      {
        paddings: [
          [0, 0],
          [Math.max(top, 0), Math.max(bottom, 0)],
          [Math.max(left, 0), Math.max(right, 0)],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
  }
  if (pads.some((v) => v < 0)) {
    x = r.run(
      'Slice',
      { x },
      {
        begin: [0, Math.max(-top, 0), Math.max(-left, 0), 0],
        size: [n, info.inHeight + fh - 1, info.inWidth + fw - 1, oc],
      },
    );
  }
  return x;
}
