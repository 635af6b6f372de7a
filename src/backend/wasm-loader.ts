import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { prepareThreadedWasm } from './wasm-threads.js';

let pathsSet = false;

/**
 * Points the wasm backend at the .wasm files beside its own module. The Node build finds them
 * through its __dirname already, but a bundle or a global install run from another cwd would
 * not; resolving from this module keeps the lookup local and never touches the network.
 * setWasmPaths must run before the first `setBackend('wasm')`, hence the flag.
 */
function pointAtBundledBinaries(): void {
  if (pathsSet) return;
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(`${dirname(entry)}/`);
  pathsSet = true;
}

let initialised = false;

/**
 * Initialises and activates the wasm backend with up to `threads` threads; returns the threads
 * it runs on, or why it failed. The thread count is fixed by the first initialisation.
 */
export async function activateWasm(threads: number): Promise<{ threads: number } | { failure: string }> {
  let settle: (() => void) | undefined;
  try {
    if (!initialised) {
      pointAtBundledBinaries();
      // Not tf.findBackend('wasm') to ask: it starts an initialisation of its own, and then
      // setBackend starts a second wasm instance (and a second pool of pthread workers).
      if (threads > 1) settle = prepareThreadedWasm(threads);
    }
    const ok = await tf.setBackend('wasm');
    if (!ok) return { failure: 'the wasm backend failed to initialise' };
    await tf.ready();
    initialised = true;
    return { threads: getThreadsCount() };
  } catch (e) {
    return { failure: `the wasm backend failed to initialise: ${firstLine(e)}` };
  } finally {
    settle?.();
  }
}

export function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}
