import { util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { withRunner } from './kernel-runner.js';
import { WASM, unpack, type KernelFix } from './kernel-fix.js';

/**
 * The stock Sum reduces only innermost axes, so summing over leading axes first transposes the
 * whole tensor. Every bias gradient is such a sum (dy over batch, height, width), which made Sum
 * the third-largest cost of a CNN step. A leading-axes sum is ones[1, outer] x X[outer, inner]:
 * one XNNPACK matMul, no transpose ([128,28,28,32] over [0,1,2]: 78 ms -> ~1 ms).
 */
export const sumFix: KernelFix = {
  kernelName: 'Sum',
  reason: 'sums over leading axes (bias gradients) transpose the whole tensor; use a ones-matMul',
  make(stock): KernelConfig {
    if (stock === undefined) throw new Error('wasm Sum is not registered');
    const kernelFunc: KernelFunc = (args) => {
      const { inputs, backend, attrs } = unpack(args);
      const x = inputs['x'] as TensorInfo;
      const rank = x.shape.length;
      const axes = util.parseAxisParam(attrs['axis'] as number | number[], x.shape).sort((a, b) => a - b);
      const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
      if (x.dtype !== 'float32' || !leading || util.sizeFromShape(x.shape) === 0) return stock.kernelFunc(args);
      const outer = util.sizeFromShape(x.shape.slice(0, axes.length));
      const kept = x.shape.slice(axes.length);
      const outShape = attrs['keepDims'] === true ? [...axes.map(() => 1), ...kept] : kept;
      return withRunner(backend, (r) => {
        const x2 = r.run('Reshape', { x }, { shape: [outer, util.sizeFromShape(kept)] });
        const ones = r.run('Fill', {}, { shape: [1, outer], value: 1, dtype: 'float32' });
        const row = r.run('BatchMatMul', { a: ones, b: x2 }, { transposeA: false, transposeB: false });
        return r.run('Reshape', { x: row }, { shape: outShape });
      });
    };
    return { ...stock, kernelName: 'Sum', backendName: WASM, kernelFunc };
  },
};
