import { backend_util, util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelRunner } from './kernel-runner.js';
import { withRunner } from './kernel-runner.js';
import { WASM, pair, type KernelFix, unpack } from './kernel-fix.js';

/**
 * The stock kernel seeds its running maximum with the smallest positive float, so a window whose
 * maximum is <= 0 gets no gradient at all, and it is slow. The replacement sends dy to the
 * argmax of each window (MaxPoolWithArgmax) and sums it there with ScatterNd; summing is what
 * overlapping windows need, and for non-overlapping ones each input receives at most one dy.
 */
export const maxPoolGradFix: KernelFix = {
  kernelName: 'MaxPoolGrad',
  reason: 'stock kernel drops the gradient of windows whose max is <= 0; argmax + scatter',
  make(): KernelConfig {
    const kernelFunc: KernelFunc = (args) => {
      const { inputs, backend, attrs } = unpack(args);
      const dy = inputs['dy'] as TensorInfo;
      const input = inputs['input'] as TensorInfo;
      return withRunner(backend, (r) => scatterToArgmax(r, dy, input, attrs));
    };
    return { kernelName: 'MaxPoolGrad', backendName: WASM, kernelFunc };
  },
};

function scatterToArgmax(
  r: KernelRunner,
  dy: TensorInfo,
  input: TensorInfo,
  attrs: Record<string, unknown>,
): TensorInfo {
  const filterSize = pair(attrs['filterSize'] as number | [number, number]);
  const strides = pair(attrs['strides'] as number | [number, number]);
  const pad = attrs['pad'] as 'valid' | 'same' | number;
  // MaxPoolWithArgmax takes no dimRoundingMode: check it agrees with the shape dy was made for.
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  const plain = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
  );
  util.assert(
    util.arraysEqual(info.outShape, plain.outShape),
    () => `MaxPoolGrad on wasm: unsupported dimRoundingMode '${String(attrs['dimRoundingMode'])}'`,
  );
  const [, argmax] = r.runMulti('MaxPoolWithArgmax', { x: input }, {
    filterSize,
    strides,
    pad,
    includeBatchInIndex: true,
  }) as [TensorInfo, TensorInfo];
  const count = util.sizeFromShape(dy.shape);
  const indices = r.run('Reshape', { x: argmax }, { shape: [count, 1] });
  const updates = r.run('Reshape', { x: dy }, { shape: [count] });
  const flat = r.run('ScatterNd', { indices, updates }, { shape: [util.sizeFromShape(input.shape)] });
  return r.run('Reshape', { x: flat }, { shape: input.shape });
}
