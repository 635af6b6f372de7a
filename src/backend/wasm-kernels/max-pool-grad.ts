import { backend_util } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { simdKernels } from '../simd/simd-kernels.js';
import { allocF32 } from './heap.js';
import { maxPoolGradLoop } from './max-pool-grad-js.js';
import { WASM, pair, unpack, type KernelFix } from './kernel-fix.js';

/**
 * The stock kernel (and MaxPoolWithArgmax, which shares the bug) seeds its running maximum with
 * the smallest positive float, so a window whose maximum is <= 0 loses its gradient; it is also
 * slow. Measured on [128,28,28,32] 2x2/2 (min of 15, loaded 2-vCPU box): stock 175 ms, an
 * op-level rewrite (window transpose, ArgMax, OneHot, Cast, Multiply, transpose back) 114 ms,
 * the exact JS loop 51 ms, its 2x2 special case ~20 ms. So the loop serves every layout,
 * overlapping and padded included, and the CNN's 2x2 windows at stride 2 go to a SIMD C kernel
 * (simd/kernels.c, on both cores) with the same first-maximum rule.
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
      if (isPlain2x2(info)) {
        const dx = allocF32(backend, input.shape);
        simdKernels(backend).maxPoolGrad2x2(input, dy, dx, info);
        return dx;
      }
      return maxPoolGradLoop(backend, dy, input, info);
    };
    return { kernelName: 'MaxPoolGrad', backendName: WASM, kernelFunc };
  },
};

/** 2x2 windows at stride 2 that start inside the image (leftover odd rows and columns get no gradient). */
function isPlain2x2(info: backend_util.Conv2DInfo): boolean {
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  return (
    fh === 2 &&
    fw === 2 &&
    sh === 2 &&
    sw === 2 &&
    dh === 1 &&
    dw === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    2 * info.outHeight <= info.inHeight &&
    2 * info.outWidth <= info.inWidth
  );
}
