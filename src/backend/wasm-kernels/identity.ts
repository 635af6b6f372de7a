import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { WASM, type KernelFix, unpack } from './kernel-fix.js';

/**
 * The engine clones every tensor it saves for the backward pass through Identity, and the stock
 * wasm kernel copies the data (the CNN's saved activations: ~10-20 ms of a batch-128 step).
 * Tensors are immutable, so the clone can share the data and count one more reference, as the
 * wasm Reshape and the cpu backend's Identity already do.
 */
export const identityFix: KernelFix = {
  kernelName: 'Identity',
  reason: 'copies every tensor saved for the backward pass; shares the data instead',
  make(stock): KernelConfig {
    if (stock === undefined) throw new Error('wasm Identity is not registered');
    const kernelFunc: KernelFunc = (args) => {
      const { inputs, backend } = unpack(args);
      const x = inputs['x'] as TensorInfo;
      if (x.dtype === 'string') return stock.kernelFunc(args);
      backend.incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    };
    return { ...stock, kernelName: 'Identity', backendName: WASM, kernelFunc };
  },
};
