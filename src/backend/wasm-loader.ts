import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

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

/** Initialises and activates the wasm backend; returns why it failed, or undefined. */
export async function activateWasm(): Promise<string | undefined> {
  try {
    if (tf.findBackend('wasm') === null) pointAtBundledBinaries();
    const ok = await tf.setBackend('wasm');
    if (!ok) return 'the wasm backend failed to initialise';
    await tf.ready();
    return undefined;
  } catch (e) {
    return `the wasm backend failed to initialise: ${firstLine(e)}`;
  }
}

export function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] ?? text;
}
