import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels } from '../simd/simd-kernels.js';
import { allocF32 } from './heap.js';
import { WASM, assertChannelsLast, pair, type KernelFix, unpack } from './kernel-fix.js';

/**
 * dW[p,q,c,o] = sum over (b,i,j) of xpad[b, i*s+p, j*s+q, c] * dy[b,i,j,o], as a C kernel with
 * SIMD on both cores (simd/kernels.c). Earlier versions routed it through XNNPACK, as a forward
 * convolution dilated by the stride (the second CNN layer: 60-100 ms a batch-128 step) and, for
 * few input channels, as one GEMM against a JS patch matrix; the C kernel reads x and dy where
 * they lie and keeps each tile of dW in registers.
 */
export const conv2dBackpropFilterFix: KernelFix = {
  kernelName: 'Conv2DBackpropFilter',
  reason: 'not registered for wasm (conv training throws); a SIMD C kernel',
  make(): KernelConfig {
    const kernelFunc: KernelFunc = (args) => {
      const { inputs, backend, attrs } = unpack(args);
      const x = inputs['x'] as TensorInfo;
      const dy = inputs['dy'] as TensorInfo;
      assertChannelsLast('Conv2DBackpropFilter', attrs['dataFormat'] as string | undefined);
      const filterShape = attrs['filterShape'] as [number, number, number, number];
      const info = backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        filterShape,
        pair(attrs['strides'] as number | [number, number]),
        1,
        attrs['pad'] as 'valid' | 'same' | number | backend_util.ExplicitPadding,
        attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
      );
      const dW = allocF32(backend, filterShape);
      simdKernels(backend).filterGrad(x, dy, dW, info);
      return dW;
    };
    return { kernelName: 'Conv2DBackpropFilter', backendName: WASM, kernelFunc };
  },
};
