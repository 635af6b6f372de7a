import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Runs wasm kernels directly on the backend from inside another kernel. Tensors made here are
 * backend data the engine does not know about, so the runner owns them: every intermediate is
 * released in `dispose()` except the ones handed out through `keep()` (the kernel's result).
 * Without this a replaced kernel would leak wasm heap on every training step.
 */
export class KernelRunner {
  private readonly owned: TensorInfo[] = [];

  constructor(private readonly backend: KernelBackend) {}

  /** Runs the kernel currently registered for wasm under `name`. */
  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const config = tf.getKernel(name, 'wasm');
    if (config === undefined) throw new Error(`wasm kernel '${name}' is not registered`);
    return this.runConfig(config, inputs, attrs);
  }

  /** Runs a given kernel config (used to reach a stock kernel we have replaced). */
  runConfig(config: KernelConfig, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    return this.track(this.invoke(config, inputs, attrs));
  }

  /** Runs a kernel with several outputs; all of them are tracked. */
  runMulti(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo[] {
    const config = tf.getKernel(name, 'wasm');
    if (config === undefined) throw new Error(`wasm kernel '${name}' is not registered`);
    const out = this.invoke(config, inputs, attrs);
    return (Array.isArray(out) ? out : [out]).map((t) => this.track(t));
  }

  /** Marks a tracked tensor as the kernel's output so `dispose()` leaves it alone. */
  keep(t: TensorInfo): TensorInfo {
    const i = this.owned.indexOf(t);
    if (i >= 0) this.owned.splice(i, 1);
    return t;
  }

  dispose(): void {
    for (const t of this.owned.splice(0)) this.backend.disposeData(t.dataId);
  }

  private invoke(config: KernelConfig, inputs: NamedTensorInfoMap, attrs: NamedAttrMap): TensorInfo | TensorInfo[] {
    return config.kernelFunc({ inputs, attrs, backend: this.backend });
  }

  /** Takes ownership of a tensor the caller allocated on the backend (released with the rest). */
  track(t: TensorInfo | TensorInfo[]): TensorInfo {
    if (Array.isArray(t)) throw new Error('expected a single-output kernel');
    this.owned.push(t);
    return t;
  }
}

/** Runs `body` with a fresh runner and always releases its intermediates, even on error. */
export function withRunner(backend: KernelBackend, body: (r: KernelRunner) => TensorInfo): TensorInfo {
  const runner = new KernelRunner(backend);
  try {
    return runner.keep(body(runner));
  } finally {
    runner.dispose();
  }
}
