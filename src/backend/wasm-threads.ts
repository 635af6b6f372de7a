import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { Worker as NodeWorker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/**
 * Runs tfjs-backend-wasm's pthread build (XNNPACK on several cores) in Node.
 *
 * tfjs ships the build but enables it only in browsers (tfjs issue #3830): its Emscripten glue
 * starts each pthread from a Blob URL, which Node's Worker cannot load, and hands the worker the
 * main script as a Blob. The glue itself supports Node; these are the only gaps. So, for the
 * duration of `tf.setBackend('wasm')` only:
 * - `globalThis.Worker` is a worker_threads Worker that evaluates the shipped worker source and
 *   points its "load" message at the threaded module's file instead of the Blob;
 * - `os.cpus()` reports two entries per thread wanted: the C++ side caps its pool at half the
 *   logical cores (meant for hyperthreads), which is one thread on a 2-core machine.
 * Afterwards the pthread workers are unref'd: they idle on futexes and must not keep the process
 * alive once the CLI is done. Measured on 2 cores: a CNN training step 340 -> 231 ms, inference
 * 319 -> 198 ms per 512 images, matMul 512³ 17 -> 28 GFLOP/s.
 */
const require = createRequire(import.meta.url);

/** The most threads the build can use: it pre-creates 8 workers, and more cannot start later. */
export const MAX_WASM_THREADS = 8;

interface ThreadedBuild {
  readonly workerSource: string;
  readonly moduleFile: string;
}

function locateThreadedBuild(): ThreadedBuild | undefined {
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), '..', 'wasm-out');
  const workerFile = join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js');
  const moduleFile = join(dir, 'tfjs-backend-wasm-threaded-simd.js');
  if (!existsSync(workerFile) || !existsSync(moduleFile)) return undefined;
  const { wasmWorkerContents } = require(workerFile) as { wasmWorkerContents?: unknown };
  if (typeof wasmWorkerContents !== 'string') return undefined;
  // The source sits in a template literal whose "\n" escapes arrived as real newlines inside
  // string literals; tfjs re-escapes them the same way before making its Blob.
  return { workerSource: wasmWorkerContents.replace(/\n/g, '\\n'), moduleFile };
}

/**
 * Makes the next `tf.setBackend('wasm')` start the threaded build with `threads` threads (the
 * calling thread counts as one). Returns the function to call once that has settled, or
 * undefined when the threaded build cannot be found (the caller then runs single-threaded).
 */
export function prepareThreadedWasm(threads: number): (() => void) | undefined {
  const build = locateThreadedBuild();
  if (build === undefined) return undefined;
  const workers: NodeWorker[] = [];
  class PthreadWorker extends NodeWorker {
    constructor() {
      // The source is a CommonJS script: a parent started with --input-type=module must not pass that on.
      super(build!.workerSource, { eval: true, execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')) });
      workers.push(this);
    }
    override postMessage(...[message, transfer]: Parameters<NodeWorker['postMessage']>): void {
      const m = message as { cmd?: unknown } | null;
      super.postMessage(m !== null && typeof m === 'object' && m.cmd === 'load' ? { ...m, urlOrBlob: build!.moduleFile } : message, transfer);
    }
  }
  const hadWorker = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  // The glue assigns Node's own Worker to the global when it starts; the setter keeps ours.
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => PthreadWorker, set: () => {} });
  const cpus = os.cpus;
  const cpu = cpus()[0];
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpu!);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  return () => {
    os.cpus = cpus;
    if (hadWorker === undefined) delete (globalThis as { Worker?: unknown }).Worker;
    else Object.defineProperty(globalThis, 'Worker', hadWorker);
    for (const w of workers) w.unref();
  };
}
