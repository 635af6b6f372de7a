import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// The Node build of tfjs-core registers no gradients (tf.grad fails with "gradient function not
// found"); the Node build of tfjs-layers registers all of them into the shared registry.
import '@tensorflow/tfjs-layers';
import { UserError } from '../errors.js';
import { activateWasm, firstLine } from './wasm-loader.js';
import { MAX_WASM_THREADS } from './wasm-threads.js';
import { installWasmKernelFixes } from './wasm-kernels/index.js';

import type { ModelKind } from '../models/specs.js';
import type { BackendChoice, BackendInfo } from './choices.js';

export { backendChoices, type BackendChoice, type BackendInfo, type BackendName } from './choices.js';

// A variable specifier keeps TypeScript from requiring the optional package's types.
const TFJS_NODE: string = '@tensorflow/tfjs-node';
const INSTALL_HINT = `install it with \`npm install ${TFJS_NODE}@${tf.version_core}\` (needs internet access to download libtensorflow), or use --backend wasm`;

let current: BackendInfo | undefined;

export interface BackendOptions {
  /**
   * The model the run trains, which sets the wasm backend's threads (LABELSLEUTH_WASM_THREADS
   * overrides it): every core for the CNN, whose big convolutions split well, one for an MLP,
   * whose many small ops lose more to waking the thread pool than its matrix products gain (a
   * 50k x 32 table's audit took half the time on one thread, the 20k x 784 one no longer).
   * The count is fixed when wasm first initialises: later calls keep it.
   * @default 'cnn' (every core)
   */
  readonly model?: ModelKind;
}

/**
 * Activates a tfjs backend and reports which one runs. Safe to call repeatedly: the same
 * choice returns the same answer without re-initialising.
 * @throws UserError('option') when 'tensorflow' or 'wasm' is asked for and cannot load.
 */
export async function initBackend(choice: BackendChoice, options: BackendOptions = {}): Promise<BackendInfo> {
  if (current !== undefined && current.requested === choice && tf.getBackend() === current.name) {
    return { ...current, kernelFixes: [...current.kernelFixes] };
  }
  current = await activate(choice, options.model);
  return { ...current, kernelFixes: [...current.kernelFixes] };
}

async function activate(choice: BackendChoice, model: ModelKind | undefined): Promise<BackendInfo> {
  switch (choice) {
    case 'tensorflow': {
      const failure = await activateTensorflow();
      if (failure !== undefined) {
        throw new UserError('option', `--backend tensorflow: ${failure}; ${INSTALL_HINT}`);
      }
      return { name: 'tensorflow', requested: choice, kernelFixes: [] };
    }
    case 'wasm': {
      const wasm = await activateWasm(wasmThreads(process.env, model));
      if ('failure' in wasm) throw new UserError('option', `--backend wasm: ${wasm.failure}; use --backend cpu`);
      return { name: 'wasm', requested: choice, kernelFixes: installWasmKernelFixes(), threads: wasm.threads };
    }
    case 'cpu':
      await activateCpu();
      return { name: 'cpu', requested: choice, kernelFixes: [] };
    case 'auto': {
      const tfFailure = await activateTensorflow();
      if (tfFailure === undefined) return { name: 'tensorflow', requested: choice, kernelFixes: [] };
      const wasm = await activateWasm(wasmThreads(process.env, model));
      if (!('failure' in wasm)) {
        return { name: 'wasm', requested: choice, fallbackReason: tfFailure, kernelFixes: installWasmKernelFixes(), threads: wasm.threads };
      }
      await activateCpu();
      return { name: 'cpu', requested: choice, fallbackReason: `${tfFailure}; ${wasm.failure}`, kernelFixes: [] };
    }
  }
}

export const WASM_THREADS_ENV = 'LABELSLEUTH_WASM_THREADS';

/** Threads for the wasm backend: LABELSLEUTH_WASM_THREADS, else one for an MLP and every core (up to the build's 8) otherwise. */
export function wasmThreads(env: NodeJS.ProcessEnv = process.env, model: ModelKind = 'cnn'): number {
  const raw = env[WASM_THREADS_ENV];
  if (raw === undefined || raw === '') return model === 'mlp' ? 1 : Math.min(availableParallelism(), MAX_WASM_THREADS);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WASM_THREADS) {
    throw new UserError('option', `${WASM_THREADS_ENV} must be a whole number from 1 to ${MAX_WASM_THREADS}, got '${raw}'`);
  }
  return n;
}

/** Returns why tfjs-node cannot be used, or undefined once it is the active backend. */
async function activateTensorflow(): Promise<string | undefined> {
  if (tf.findBackend('tensorflow') === null) {
    try {
      await import(TFJS_NODE);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? `${TFJS_NODE} is not installed` : `${TFJS_NODE} failed to load: ${firstLine(e)}`;
    }
  }
  // tfjs-node registers into its own copy of tfjs-core if the versions differ.
  if (tf.findBackendFactory('tensorflow') === null) {
    return `${TFJS_NODE} loaded but did not register with @tensorflow/tfjs-core ${tf.version_core} (version mismatch?)`;
  }
  try {
    if (!(await tf.setBackend('tensorflow'))) return `${TFJS_NODE} failed to initialise`;
  } catch (e) {
    return `${TFJS_NODE} failed to initialise: ${firstLine(e)}`;
  }
  return undefined;
}

async function activateCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the tfjs cpu backend failed to initialise');
  // On first use in Node the cpu backend prints a banner to stderr urging tfjs-node; BackendInfo
  // already says which backend runs and why, and the CLI's stderr is for our own messages.
  const cpu = tf.backend() as { firstUse?: boolean };
  if (cpu.firstUse === true) cpu.firstUse = false;
}
