import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { backend_util, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { KERNELS_WASM_PLAIN, KERNELS_WASM_SHARED } from './kernels-wasm.js';
import { startHelperThread, type HelperThread } from './helper-thread.js';

/**
 * The C kernels of kernels.c, bound to the wasm backend's heap. Each call takes float32 tensors
 * that live on that heap and splits its work over the main thread and, on tfjs's pthread build,
 * one helper thread per further core (helper-thread.ts). Results do not depend on the split.
 */
export interface SimdKernels {
  /** dw = Conv2DBackpropFilter(x, dy); dw is overwritten. NHWC. */
  filterGrad(x: TensorInfo, dy: TensorInfo, dw: TensorInfo, info: backend_util.Conv2DInfo): void;
  /** dx = Conv2DBackpropInput(dy, w); dx is overwritten. Meant for few input channels. */
  inputGrad(dy: TensorInfo, w: TensorInfo, dx: TensorInfo, info: backend_util.Conv2DInfo): void;
  /** MaxPoolGrad for 2x2 windows at stride 2 without padding. */
  maxPoolGrad2x2(x: TensorInfo, dy: TensorInfo, dx: TensorInfo, info: backend_util.Conv2DInfo): void;
  /** dst[k] = sum over r of src[r * inner + k], in float64, rounded once. */
  sumRows(src: TensorInfo, dst: TensorInfo, outer: number, inner: number): void;
  /** One Adam step of one variable into fresh outputs, exactly as tfjs's AdamOptimizer computes it (fused-adam.ts). */
  adamUpdate(inputs: AdamTensors, outputs: AdamTensors, scalars: AdamScalars): void;
}

export interface AdamTensors {
  readonly value: TensorInfo;
  readonly m: TensorInfo;
  readonly v: TensorInfo;
  /** The gradient (inputs only; ignored in outputs). */
  readonly g?: TensorInfo;
}

/** Each already rounded to float32 as tfjs's scalar tensors hold it. */
export interface AdamScalars {
  readonly beta1: number;
  readonly oneMinusBeta1: number;
  readonly beta2: number;
  readonly oneMinusBeta2: number;
  readonly oneMinusAccBeta1: number;
  readonly oneMinusAccBeta2: number;
  readonly epsilon: number;
  readonly negLearningRate: number;
}

const NAMES = ['conv2d_filter_grad', 'conv2d_input_grad', 'max_pool_grad_2x2', 'sum_rows', 'adam_update'] as const;
type Name = (typeof NAMES)[number];
type Exports = Record<Name, (...args: number[]) => void> & { __stack_pointer: WebAssembly.Global };

/**
 * Below this many multiply-adds or elements a call stays on the calling thread: waking the
 * helper costs more than it saves (a small table's MLP has 128x10 tensors), and more so when
 * other processes hold the cores.
 */
const MIN_PARALLEL_WORK = 1 << 16;

/** Shadow stack for each thread. The kernels use none today (they are built not to); this is the guard if one ever does. */
const STACK_BYTES = 64 * 1024;

interface EmscriptenModule {
  wasmMemory?: WebAssembly.Memory;
  asm?: { memory?: WebAssembly.Memory };
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

const bound = new WeakMap<object, SimdKernels>();

/** The kernels for this wasm backend (instantiated on first use, once per backend instance). */
export function simdKernels(backend: KernelBackend): SimdKernels {
  const wasm = backend as unknown as BackendWasm;
  const module = wasm.wasm as unknown as EmscriptenModule;
  let kernels = bound.get(module);
  if (kernels === undefined) {
    kernels = bind(wasm, module);
    bound.set(module, kernels);
  }
  return kernels;
}

function bind(backend: BackendWasm, em: EmscriptenModule): SimdKernels {
  const memory = em.wasmMemory ?? em.asm?.memory;
  if (memory === undefined) throw new Error("cannot find the wasm backend's memory");
  const shared = memory.buffer instanceof SharedArrayBuffer;
  const module = new WebAssembly.Module(Buffer.from(shared ? KERNELS_WASM_SHARED : KERNELS_WASM_PLAIN, 'base64'));
  const stackTop = (): number => (em._malloc(STACK_BYTES) + STACK_BYTES) & ~15;
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as Exports;
  exports.__stack_pointer.value = stackTop();
  const helpers: HelperThread[] = [];
  if (shared) for (let t = 1; t < getThreadsCount(); t++) helpers.push(startHelperThread(module, memory, stackTop(), NAMES));
  const partsFor = (work: number): number => (work >= MIN_PARALLEL_WORK ? helpers.length + 1 : 1);
  const scratch = new Float32Array(1);
  const scratchBits = new Int32Array(scratch.buffer);
  const bits = (f: number): number => {
    scratch[0] = f;
    return scratchBits[0]!;
  };

  const ptr = (t: TensorInfo): number => backend.typedArrayFromHeap(t).byteOffset;
  const zero = (t: TensorInfo): void => {
    backend.typedArrayFromHeap(t).fill(0);
  };
  /** Runs part i of `jobs` on thread i (0: this one), then waits for the others. */
  const run = (name: Name, jobs: number[][]): void => {
    for (let i = 1; i < jobs.length; i++) helpers[i - 1]!.start(name, jobs[i]!);
    try {
      if (jobs[0] !== undefined) exports[name](...jobs[0]);
    } finally {
      for (let i = 0; i < jobs.length - 1; i++) helpers[i]!.join();
    }
  };

  return {
    filterGrad(x, dy, dw, info) {
      zero(dw);
      const base = [ptr(x), ptr(dy), ptr(dw), info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels];
      const geometry = [info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left];
      const C = info.inChannels;
      const O = info.outChannels;
      const parts = partsFor(info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * C * O);
      // Split the input channels (rows of dW) when each thread gets whole 4-row tiles, else the
      // output channels (a first layer has 1-3 input channels).
      const jobs =
        C >= 4 * parts ? ranges(C, parts, 4).map(([c0, c1]) => [...base, ...geometry, c0, c1, 0, O]) : ranges(O, parts, 4).map(([o0, o1]) => [...base, ...geometry, 0, C, o0, o1]);
      run('conv2d_filter_grad', jobs);
    },
    inputGrad(dy, w, dx, info) {
      zero(dx);
      const args = [ptr(dy), ptr(w), ptr(dx), info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels];
      const geometry = [info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left];
      run(
        'conv2d_input_grad',
        ranges(info.batchSize, partsFor(info.batchSize * info.outHeight * info.outWidth * info.filterHeight * info.filterWidth * info.inChannels * info.outChannels), 1).map(
          ([b0, b1]) => [...args, ...geometry, b0, b1],
        ),
      );
    },
    maxPoolGrad2x2(x, dy, dx, info) {
      const args = [ptr(x), ptr(dy), ptr(dx), info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth];
      run(
        'max_pool_grad_2x2',
        ranges(info.batchSize, partsFor(info.batchSize * info.inHeight * info.inWidth * info.inChannels), 1).map(([b0, b1]) => [...args, b0, b1]),
      );
    },
    sumRows(src, dst, outer, inner) {
      const acc = em._malloc(8 * inner);
      try {
        const args = [ptr(src), ptr(dst), acc, outer, inner];
        run(
          'sum_rows',
          ranges(inner, partsFor(outer * inner), 4).map(([k0, k1]) => [...args, k0, k1]),
        );
      } finally {
        em._free(acc);
      }
    },
    adamUpdate(inputs, outputs, c) {
      const n = inputs.value.shape.reduce((a, b) => a * b, 1);
      if (inputs.g === undefined) throw new Error('adamUpdate needs the gradient');
      const args = [ptr(inputs.value), ptr(inputs.g), ptr(inputs.m), ptr(inputs.v), ptr(outputs.value), ptr(outputs.m), ptr(outputs.v)];
      const scalars = [c.beta1, c.oneMinusBeta1, c.beta2, c.oneMinusBeta2, c.oneMinusAccBeta1, c.oneMinusAccBeta2, c.epsilon, c.negLearningRate].map(bits);
      run(
        'adam_update',
        ranges(n, partsFor(n), 4).map(([i0, i1]) => [...args, ...scalars, i0, i1]),
      );
    },
  };
}

/** Splits [0, n) into at most `parts` non-empty ranges whose inner bounds are multiples of `align`. */
export function ranges(n: number, parts: number, align: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const step = Math.ceil(n / parts / align) * align;
  for (let start = 0; start < n; start += step) out.push([start, Math.min(n, start + step)]);
  return out;
}
