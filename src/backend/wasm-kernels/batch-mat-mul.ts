import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { withRunner } from './kernel-runner.js';
import { WASM, type KernelFix, unpack } from './kernel-fix.js';

/** Permutation that swaps the two innermost axes of a rank-n tensor. */
function swapInner(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/**
 * The stock kernel uses XNNPACK only when neither operand is transposed and otherwise runs a
 * naive loop (~1-3 GFLOP/s). Every matMul gradient is transposed, so training spends most of
 * its time there. An explicit transpose costs O(n^2) and buys the O(n^3) fast path.
 */
export const batchMatMulFix: KernelFix = {
  kernelName: 'BatchMatMul',
  reason: 'transposed operands take a naive loop; transpose first, then the XNNPACK path',
  make(stock) {
    if (stock === undefined) throw new Error('wasm BatchMatMul is not registered');
    const kernelFunc: KernelFunc = (args) => {
      const { inputs, backend, attrs } = unpack(args);
      const transposeA = attrs['transposeA'] === true;
      const transposeB = attrs['transposeB'] === true;
      if (!transposeA && !transposeB) return stock.kernelFunc(args);
      const a = inputs['a'] as TensorInfo;
      const b = inputs['b'] as TensorInfo;
      return withRunner(backend, (r) => {
        const a2 = transposeA ? r.run('Transpose', { x: a }, { perm: swapInner(a.shape.length) }) : a;
        const b2 = transposeB ? r.run('Transpose', { x: b }, { perm: swapInner(b.shape.length) }) : b;
        return r.runConfig(stock, { a: a2, b: b2 }, { ...attrs, transposeA: false, transposeB: false });
      });
    };
    return { ...stock, kernelName: 'BatchMatMul', backendName: WASM, kernelFunc } satisfies KernelConfig;
  },
};
