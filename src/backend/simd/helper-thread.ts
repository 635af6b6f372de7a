import { Worker } from 'node:worker_threads';

/**
 * A second thread that runs the C kernels on tfjs's shared heap, so that our kernels use both
 * cores as XNNPACK's do. It instantiates the same module on the same shared memory and waits on
 * a futex in a control block; a call posts one job, the main thread does its own share, then
 * waits for the helper's. Jobs are a few milliseconds long, so a postMessage round trip
 * (~50-100 µs and an event-loop turn the main thread cannot give while inside a kernel) would
 * not do: Atomics.wait/notify wake the other side in microseconds.
 */

/** Control block: [0] job sequence, [1] last job done, [2] export index, [3..] int args. */
const SEQ = 0;
const DONE = 1;
const FN = 2;
const ARGS = 3;
const MAX_ARGS = 32;
/** A kernel call never takes this long; beyond it the helper is taken to be dead, not slow. */
const WAIT_MS = 120_000;

export interface HelperThread {
  /** Starts `exports[name](...args)` on the helper; `join()` waits for it. */
  start(name: string, args: readonly number[]): void;
  join(): void;
}

/** What the helper needs from the main thread (structured-cloned into the worker). */
interface HelperData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: SharedArrayBuffer;
  readonly stackTop: number;
  readonly names: readonly string[];
}

export function startHelperThread(module: WebAssembly.Module, memory: WebAssembly.Memory, stackTop: number, names: readonly string[]): HelperThread {
  const control = new SharedArrayBuffer(4 * (ARGS + MAX_ARGS));
  const ctl = new Int32Array(control);
  const data: HelperData = { module, memory, control, stackTop, names };
  // Evaluated source (the function below, self-contained) so the same code runs from src/ under
  // the tests and from dist/ in the CLI; a CommonJS script, like wasm-threads.ts's workers.
  const worker = new Worker(`(${helperMain.toString()})()`, {
    eval: true,
    workerData: data,
    execArgv: process.execArgv.filter((a) => !a.startsWith('--input-type')),
  });
  // Idle on a futex forever: the helper must not keep the process alive.
  worker.unref();
  let pending = 0;
  return {
    start(name, args) {
      const fn = names.indexOf(name);
      if (fn < 0 || args.length > MAX_ARGS) throw new Error(`helper thread: bad job ${name}/${args.length}`);
      ctl[FN] = fn;
      ctl.set(args, ARGS);
      pending = Atomics.add(ctl, SEQ, 1) + 1;
      Atomics.notify(ctl, SEQ);
    },
    join() {
      for (;;) {
        const done = Atomics.load(ctl, DONE);
        if (done === pending) return;
        if (Atomics.wait(ctl, DONE, done, WAIT_MS) === 'timed-out') throw new Error('the SIMD kernels helper thread stopped answering');
      }
    },
  };
}

/** The helper's body. Runs inside the worker: it may use nothing from this module's scope. */
function helperMain(): void {
  const { workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  const d = workerData as HelperData;
  const instance = new WebAssembly.Instance(d.module, { env: { memory: d.memory } });
  const exports = instance.exports as Record<string, unknown>;
  (exports['__stack_pointer'] as WebAssembly.Global).value = d.stackTop;
  const fns = d.names.map((n) => exports[n] as (...a: number[]) => void);
  const ctl = new Int32Array(d.control);
  let seen = 0;
  for (;;) {
    Atomics.wait(ctl, 0, seen);
    seen = Atomics.load(ctl, 0);
    const fn = fns[ctl[2]!]!;
    fn(...Array.from(ctl.subarray(3)));
    Atomics.store(ctl, 1, seen);
    Atomics.notify(ctl, 1);
  }
}
