import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { batchMatMulFix } from './batch-mat-mul.js';
import { conv2dBackpropFilterFix } from './conv2d-backprop-filter.js';
import { conv2dBackpropInputFix } from './conv2d-backprop-input.js';
import { identityFix } from './identity.js';
import { maxPoolGradFix } from './max-pool-grad.js';
import { sumFix } from './sum.js';
import { WASM, type KernelFix } from './kernel-fix.js';

export type { KernelFix } from './kernel-fix.js';

/** Every wasm kernel we replace (tfjs 4.22.0). test/backend/wasm-kernels.test.ts checks each. */
export const wasmKernelFixes: readonly KernelFix[] = [batchMatMulFix, conv2dBackpropFilterFix, conv2dBackpropInputFix, identityFix, maxPoolGradFix, sumFix];

/** Stock configs of the kernels we replaced (undefined: none was registered). */
const stockKernels = new Map<string, KernelConfig | undefined>();

/**
 * Replaces the slow or missing wasm kernels and returns their names. Call it after the wasm
 * backend is initialised (`await tf.setBackend('wasm')`): the replacements call stock kernels
 * whose wasm bindings are created by the backend's setup. Calling it again is a no-op.
 */
export function installWasmKernelFixes(): string[] {
  for (const fix of wasmKernelFixes) {
    if (stockKernels.has(fix.kernelName)) continue;
    const stock = tf.getKernel(fix.kernelName, WASM);
    const replacement = fix.make(stock);
    if (stock !== undefined) tf.unregisterKernel(fix.kernelName, WASM);
    // Keep the stock setup so a re-created wasm backend still binds what the fix calls into.
    tf.registerKernel({ ...replacement, setupFunc: stock?.setupFunc });
    stockKernels.set(fix.kernelName, stock);
  }
  return wasmKernelFixes.map((f) => f.kernelName);
}

/** Puts the stock kernels back (benchmarks compare stock with fixed). */
export function uninstallWasmKernelFixes(): void {
  for (const [name, stock] of stockKernels) {
    tf.unregisterKernel(name, WASM);
    if (stock !== undefined) tf.registerKernel(stock);
  }
  stockKernels.clear();
}
