import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { KernelRunner } from './kernel-runner.js';
import { withRunner } from './kernel-runner.js';
import { maxPoolGradLoop } from './max-pool-grad-js.js';
import { WASM, pair, unpack, type KernelFix } from './kernel-fix.js';

/**
 * The stock kernel (and MaxPoolWithArgmax) seed the running maximum with the smallest positive
 * float, so a window whose maximum is <= 0 loses its gradient; it is also slow. For
 * non-overlapping windows (pool size == stride: the usual maxPooling2d) the windows are laid
 * out on their own axis, ArgMax picks each window's first maximum (the cpu backend's tie rule),
 * and OneHot * dy puts the gradient there. Other layouts take an exact loop.
 */
export const maxPoolGradFix: KernelFix = {
  kernelName: 'MaxPoolGrad',
  reason: 'stock kernel drops the gradient of windows whose max is <= 0, and is slow',
  make(): KernelConfig {
    const kernelFunc: KernelFunc = (args) => {
      const { inputs, backend, attrs } = unpack(args);
      const dy = inputs['dy'] as TensorInfo;
      const input = inputs['input'] as TensorInfo;
      const info = backend_util.computePool2DInfo(
        input.shape as [number, number, number, number],
        pair(attrs['filterSize'] as number | [number, number]),
        pair(attrs['strides'] as number | [number, number]),
        1,
        attrs['pad'] as 'valid' | 'same' | number,
        attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
      );
      const disjoint =
        info.filterHeight === info.strideHeight && info.filterWidth === info.strideWidth;
      if (!disjoint) return maxPoolGradLoop(backend, dy, input, info);
      return withRunner(backend, (r) => windowArgmaxGrad(r, dy, input, info));
    };
    return { kernelName: 'MaxPoolGrad', backendName: WASM, kernelFunc };
  },
};

/** Rows/columns to add (> 0, filled) or drop (< 0) before and after, to tile exactly. */
function fit(inSize: number, before: number, covered: number): [number, number] {
  return [before, covered - before - inSize];
}

function windowArgmaxGrad(
  r: KernelRunner,
  dy: TensorInfo,
  input: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: n, outHeight: oh, outWidth: ow, inChannels: c } = info;
  const { filterHeight: fh, filterWidth: fw } = info;
  const rows = fit(info.inHeight, info.padInfo.top, oh * fh);
  const cols = fit(info.inWidth, info.padInfo.left, ow * fw);
  // -Infinity padding can never be a window's maximum, as in the cpu backend.
  const x = resize(r, input, rows, cols, Number.NEGATIVE_INFINITY);
  const x6 = r.run('Reshape', { x }, { shape: [n, oh, fh, ow, fw, c] });
  const windows = r.run('Transpose', { x: x6 }, { perm: [0, 1, 3, 5, 2, 4] });
  const flat = r.run('Reshape', { x: windows }, { shape: [n, oh, ow, c, fh * fw] });
  const argmax = r.run('ArgMax', { x: flat }, { axis: 4 });
  // The wasm OneHot always writes int32, whatever dtype it is asked for.
  const hotInt = r.run('OneHot', { indices: argmax }, { depth: fh * fw, onValue: 1, offValue: 0, dtype: 'int32' });
  const hot = r.run('Cast', { x: hotInt }, { dtype: 'float32' });
  const dy5 = r.run('Reshape', { x: dy }, { shape: [n, oh, ow, c, 1] });
  const g = r.run('Multiply', { a: hot, b: dy5 }, {});
  const g6 = r.run('Reshape', { x: g }, { shape: [n, oh, ow, c, fh, fw] });
  const back = r.run('Transpose', { x: g6 }, { perm: [0, 1, 4, 2, 5, 3] });
  const tiled = r.run('Reshape', { x: back }, { shape: [n, oh * fh, ow * fw, c] });
  return resize(r, tiled, [-rows[0], -rows[1]], [-cols[0], -cols[1]], 0);
}

/** Pads (positive amounts, with `fill`) and crops (negative amounts) the two spatial axes. */
function resize(
  r: KernelRunner,
  x: TensorInfo,
  [top, bottom]: [number, number],
  [left, right]: [number, number],
  fill: number,
): TensorInfo {
  let out = x;
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    out = r.run('PadV2', { x: out }, {
      paddings: [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]],
      constantValue: fill,
    });
  }
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const [n, h, w, c] = out.shape as [number, number, number, number];
    const t = Math.max(-top, 0);
    const l = Math.max(-left, 0);
    out = r.run('Slice', { x: out }, {
      begin: [0, t, l, 0],
      size: [n, h - t - Math.max(-bottom, 0), w - l - Math.max(-right, 0), c],
    });
  }
  return out;
}
