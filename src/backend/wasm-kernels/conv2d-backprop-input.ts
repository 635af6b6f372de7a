import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelRunner } from './kernel-runner.js';
import { withRunner } from './kernel-runner.js';
import { simdKernels } from '../simd/simd-kernels.js';
import { allocF32 } from './heap.js';
import { WASM, pair, type KernelFix, unpack } from './kernel-fix.js';

/**
 * Up to this many input channels dx goes to the C kernel (simd/kernels.c): XNNPACK would see a
 * convolution with that many output channels, its worst shape (a first layer on 28x28x1: ~30 ms
 * of a batch-128 step that way, ~3 ms in C). With more, XNNPACK's convolution is the faster.
 */
const FEW_INPUT_CHANNELS = 4;

/**
 * dx is the 'valid' forward convolution of dy, zero-inserted by the stride and padded by
 * (k - 1 - pad), with the filter rotated 180 degrees and its channel axes swapped. The stock
 * kernel is a scalar loop; this routes the work to XNNPACK's convolution (or, for few input
 * channels, to a C kernel).
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
      if (info.inChannels <= FEW_INPUT_CHANNELS) {
        const dx = allocF32(backend, inputShape);
        simdKernels(backend).inputGrad(dy, filter, dx, info);
        return dx;
      }
      return withRunner(backend, (r) => {
        const flipped = r.run('Reverse', { x: filter }, { dims: [0, 1] });
        const rotated = r.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
        const conv = (x: TensorInfo, pad: 'valid' | number[][]) => r.run('Conv2D', { x, filter: rotated }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1] });
        // At stride 1 the padding goes to XNNPACK, which pads as it reads (a PadV2 first would
        // copy dy: ~4 ms of the CNN's second layer); zero insertion for strides needs the copy.
        const pads = transposedConvPads(info);
        if (info.strideHeight === 1 && info.strideWidth === 1 && pads.every((v) => v >= 0)) {
          const [top, bottom, left, right] = pads;
          return conv(dy, [
            [0, 0],
            [top!, bottom!],
            [left!, right!],
            [0, 0],
          ]);
        }
        return conv(padForTransposedConv(r, dy, info), 'valid');
      });
    };
    return { kernelName: 'Conv2DBackpropInput', backendName: WASM, kernelFunc };
  },
};

/** [top, bottom, left, right] padding of the zero-inserted dy (negative: rows to crop). */
function transposedConvPads(info: backend_util.Conv2DInfo): [number, number, number, number] {
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  // The zero insertion already appended (s - 1) trailing zeros.
  const bottom = info.inHeight + info.filterHeight - 1 - info.outHeight * info.strideHeight - top;
  const right = info.inWidth + info.filterWidth - 1 - info.outWidth * info.strideWidth - left;
  return [top, bottom, left, right];
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
  const pads = transposedConvPads(info);
  const [top, bottom, left, right] = pads;
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
