import type { KernelBackend, KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';

/** One wasm kernel we replace, and why (the reason is echoed in BackendInfo diagnostics). */
export interface KernelFix {
  readonly kernelName: string;
  readonly reason: string;
  /**
   * Builds the replacement. `stock` is the kernel shipped with tfjs-backend-wasm, or undefined
   * when none is registered (Conv2DBackpropFilter); fixes fall back to it for cases they do
   * not speed up.
   */
  make(stock: KernelConfig | undefined): KernelConfig;
}

export const WASM = 'wasm';

/** tfjs accepts strides as a number or a pair; the identities need the pair. */
export function pair(v: number | [number, number]): [number, number] {
  return typeof v === 'number' ? [v, v] : v;
}

/** NHWC is the only layout the wasm Conv2D supports, so it is the only one the fixes handle. */
export function assertChannelsLast(kernel: string, dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports only dataFormat 'NHWC', got '${dataFormat}'`);
  }
}

/** tfjs types a kernel's backend as `{}` and its attrs as optional; every wasm call has both. */
export function unpack(args: Parameters<KernelFunc>[0]): {
  inputs: NamedTensorInfoMap;
  backend: KernelBackend;
  attrs: NamedAttrMap;
} {
  return { inputs: args.inputs, backend: args.backend as KernelBackend, attrs: args.attrs ?? {} };
}
