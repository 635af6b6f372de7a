import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/select.js';
import { installWasmKernelFixes, uninstallWasmKernelFixes, wasmKernelFixes } from '../../src/backend/wasm-kernels/index.js';
import { expectClose, onBoth, randomValues, type Shape4 } from './helpers.js';

// Every replaced kernel against the cpu backend: after a tfjs upgrade this shows at once
// whether a fix still works (and, via the stock-bug test, whether it is still needed).

beforeAll(async () => {
  await initBackend('wasm');
});

describe('BatchMatMul', () => {
  const cases: Array<{ a: number[]; b: number[]; ta: boolean; tb: boolean }> = [];
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      cases.push({ a: ta ? [33, 17] : [17, 33], b: tb ? [9, 33] : [33, 9], ta, tb });
      cases.push({ a: ta ? [3, 20, 7] : [3, 7, 20], b: tb ? [3, 5, 20] : [3, 20, 5], ta, tb });
      // broadcast batch
      cases.push({ a: ta ? [2, 2, 6, 4] : [2, 2, 4, 6], b: tb ? [1, 1, 3, 6] : [1, 1, 6, 3], ta, tb });
    }
  }
  it.each(cases)('matMul a=$a b=$b transposeA=$ta transposeB=$tb', async ({ a, b, ta, tb }) => {
    const av = randomValues(a, 1);
    const bv = randomValues(b, 2);
    const { cpu, wasm } = await onBoth(() => [tf.matMul(tf.tensor(av, a), tf.tensor(bv, b), ta, tb)]);
    expectClose(wasm[0]!, cpu[0]!);
  });

  it('dense-layer gradients (transposed matMuls) match cpu', async () => {
    const xv = randomValues([16, 30], 3);
    const wv = randomValues([30, 8], 4);
    const rv = randomValues([16, 8], 5);
    const { cpu, wasm } = await onBoth(() => {
      const r = tf.tensor(rv, [16, 8]);
      const f = (x: tf.Tensor, w: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.matMul(x, w), r));
      const [dx, dw] = tf.grads(f as (...a: tf.Tensor[]) => tf.Tensor)([tf.tensor(xv, [16, 30]), tf.tensor(wv, [30, 8])]);
      return [dx!, dw!];
    });
    expectClose(wasm[0]!, cpu[0]!);
    expectClose(wasm[1]!, cpu[1]!);
  });
});

describe('conv2d gradients (Conv2DBackpropFilter, Conv2DBackpropInput)', () => {
  const cases: Array<{ x: Shape4; k: number; outC: number; stride: 1 | 2; pad: 'valid' | 'same' }> = [];
  for (const stride of [1, 2] as const) {
    for (const pad of ['valid', 'same'] as const) {
      cases.push({ x: [2, 8, 8, 1], k: 3, outC: 4, stride, pad });
      cases.push({ x: [3, 7, 9, 3], k: 3, outC: 5, stride, pad });
      cases.push({ x: [1, 6, 5, 2], k: 2, outC: 3, stride, pad });
      cases.push({ x: [2, 11, 10, 4], k: 5, outC: 2, stride, pad });
      // More input channels than the C dx kernel takes (XNNPACK's path), odd channel counts
      // (the C dW kernel's 4x8 tiles, their 1-row and 4-column leftovers and scalar columns).
      cases.push({ x: [2, 9, 7, 13], k: 3, outC: 19, stride, pad });
      cases.push({ x: [1, 6, 6, 8], k: 3, outC: 8, stride, pad });
      cases.push({ x: [1, 14, 14, 32], k: 3, outC: 64, stride, pad }); // the CNN's second layer, batch 1
    }
  }
  it.each(cases)('x=$x k=$k outC=$outC stride=$stride pad=$pad', async ({ x, k, outC, stride, pad }) => {
    const wShape: Shape4 = [k, k, x[3], outC];
    const xv = randomValues(x, 10);
    const wv = randomValues(wShape, 11);
    const { cpu, wasm } = await onBoth(() => {
      const f = (xt: tf.Tensor, wt: tf.Tensor): tf.Scalar => {
        const y = tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, stride, pad);
        // Random upstream gradient: a sum alone would give dy = 1 everywhere and hide index bugs.
        return tf.sum(tf.mul(y, tf.tensor(randomValues(y.shape, 12), y.shape)));
      };
      const [dx, dw] = tf.grads(f as (...a: tf.Tensor[]) => tf.Tensor)([tf.tensor(xv, x), tf.tensor(wv, wShape)]);
      return [dx!, dw!];
    });
    expectClose(wasm[0]!, cpu[0]!);
    expectClose(wasm[1]!, cpu[1]!);
  });
});

describe('MaxPoolGrad', () => {
  const cases: Array<{ x: Shape4; size: number; stride: number; pad: 'valid' | 'same'; shift: number }> = [
    { x: [2, 8, 8, 3], size: 2, stride: 2, pad: 'valid', shift: -10 }, // only negative windows
    { x: [2, 8, 8, 3], size: 2, stride: 2, pad: 'valid', shift: 0 },
    { x: [1, 7, 9, 2], size: 2, stride: 2, pad: 'valid', shift: -10 }, // odd: leftover rows
    { x: [1, 7, 9, 2], size: 2, stride: 2, pad: 'same', shift: -10 },
    { x: [2, 9, 9, 2], size: 3, stride: 2, pad: 'valid', shift: -10 }, // overlapping
    { x: [2, 8, 8, 2], size: 3, stride: 1, pad: 'same', shift: 0 }, // overlapping, padded
    { x: [1, 9, 9, 4], size: 3, stride: 3, pad: 'valid', shift: -10 },
    { x: [3, 6, 4, 6], size: 2, stride: 2, pad: 'valid', shift: -10 }, // 4 SIMD lanes and 2 leftover channels
    { x: [1, 5, 7, 9], size: 2, stride: 2, pad: 'valid', shift: 0 }, // odd sides and channels
  ];
  it.each(cases)('x=$x size=$size stride=$stride pad=$pad shift=$shift', async ({ x, size, stride, pad, shift }) => {
    await expectPoolGradMatchesCpu(x, size, stride, pad, randomValues(x, 20, shift));
  });

  it.each([
    { x: [2, 8, 8, 3] as Shape4, size: 2, stride: 2 },
    { x: [2, 8, 8, 12] as Shape4, size: 2, stride: 2 },
    { x: [1, 9, 9, 2] as Shape4, size: 3, stride: 2 },
  ])('ties go to the first maximum of the window, as on cpu: x=$x size=$size', async ({ x, size, stride }) => {
    // Rounded values (many exact ties, many zeros): what ReLU activations look like.
    const xv = randomValues(x, 22).map((v) => Math.max(0, Math.round(v)));
    await expectPoolGradMatchesCpu(x, size, stride, 'valid', xv);
  });

  async function expectPoolGradMatchesCpu(x: Shape4, size: number, stride: number, pad: 'valid' | 'same', xv: Float32Array): Promise<void> {
    const { cpu, wasm } = await onBoth(() => {
      const f = (xt: tf.Tensor): tf.Scalar => {
        const y = tf.maxPool(xt as tf.Tensor4D, size, stride, pad);
        return tf.sum(tf.mul(y, tf.tensor(randomValues(y.shape, 21), y.shape)));
      };
      return [tf.grad(f as (a: tf.Tensor) => tf.Tensor)(tf.tensor(xv, x))];
    });
    expectClose(wasm[0]!, cpu[0]!);
    // The gradient must be non-trivial, or the comparison proves nothing.
    expect(cpu[0]!.some((v) => v !== 0)).toBe(true);
  }

  it('the stock wasm kernel still drops negative windows (drop the fix when this fails)', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(randomValues([1, 4, 4, 1], 30, -10), [1, 4, 4, 1]);
    uninstallWasmKernelFixes();
    try {
      // Four windows, each should pass a gradient of 1 to exactly one position.
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(x);
      const values = Array.from(g.dataSync());
      expect(values.filter((v) => v === 1).length).toBeLessThan(4);
      g.dispose();
    } finally {
      installWasmKernelFixes();
      x.dispose();
    }
  });
});

describe('Sum', () => {
  const cases: Array<{ shape: number[]; axis: number[]; keepDims: boolean }> = [
    { shape: [4, 5, 6, 7], axis: [0, 1, 2], keepDims: false }, // bias gradient
    { shape: [4, 5, 6, 7], axis: [0], keepDims: true },
    { shape: [4, 5, 6, 7], axis: [1, 0], keepDims: false }, // unsorted
    { shape: [4, 5, 6, 7], axis: [1, 2], keepDims: false }, // not leading: stock path
    { shape: [30, 3], axis: [0], keepDims: false },
    { shape: [64, 9, 9, 10], axis: [0, 1, 2], keepDims: false }, // columns split over threads
    { shape: [1, 1, 1, 1], axis: [0, 1, 2], keepDims: true },
    { shape: [4, 5], axis: [0, 1], keepDims: false }, // all axes: stock path
  ];
  it.each(cases)('sum shape=$shape axis=$axis keepDims=$keepDims', async ({ shape, axis, keepDims }) => {
    const xv = randomValues(shape, 50);
    const { cpu, wasm } = await onBoth(() => {
      const s = tf.sum(tf.tensor(xv, shape), axis, keepDims);
      return [s, tf.tensor(s.shape, [s.shape.length], 'float32')];
    });
    expectClose(wasm[0]!, cpu[0]!);
    expect(Array.from(wasm[1]!)).toEqual(Array.from(cpu[1]!));
  });
});

describe('Identity', () => {
  it('a clone shares the data: values equal, either one outlives the other, no buffer left behind', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numDataBuffers;
    const x = tf.tensor(randomValues([3, 5], 60), [3, 5]);
    const values = Array.from(x.dataSync());
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(values);
    const z = tf.clone(y);
    y.dispose();
    const sum = tf.add(z, 0);
    expect(Array.from(sum.dataSync())).toEqual(values);
    tf.dispose([z, sum]);
    expect(tf.memory().numDataBuffers).toBe(before);
  });
});

describe('resource use', () => {
  // 3 input channels take the C dx kernel, 8 XNNPACK's convolution (and k = 5 its padded path).
  it.each([
    [3, 3],
    [8, 3],
    [8, 5],
  ])('the replaced kernels leave no tensors or wasm buffers behind (c = %i, k = %i)', async (c, k) => {
    await tf.setBackend('wasm');
    const x = tf.tensor(randomValues([2, 8, 8, c], 40, -1), [2, 8, 8, c]);
    const w = tf.tensor(randomValues([k, k, c, 4], 41), [k, k, c, 4]);
    const m = tf.tensor(randomValues([32, 16], 42), [32, 16]);
    const step = (): void => {
      const [dx, dw] = tf.grads((xt: tf.Tensor, wt: tf.Tensor) => {
        const y = tf.maxPool(tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, 2, 'same'), 2, 2, 'valid');
        const dense = tf.sum(tf.matMul(tf.reshape(y, [2, 16]), m, false, true));
        return tf.add(dense, tf.sum(tf.sum(y, [0, 1, 2]))); // leading-axes Sum, as in bias grads
      })([x, w]);
      tf.dispose([dx!, dw!]);
    };
    step(); // warm-up: lazily created backend state is not a leak
    const before = tf.memory();
    for (let i = 0; i < 3; i++) step();
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    tf.dispose([x, w, m]);
  });

  it('initBackend reports the backend it activated, and is idempotent', async () => {
    const cpu = await initBackend('cpu');
    expect(cpu).toMatchObject({ name: 'cpu', requested: 'cpu', kernelFixes: [] });
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await initBackend('wasm');
    expect(wasm.name).toBe('wasm');
    expect(wasm.kernelFixes).toEqual(wasmKernelFixes.map((f) => f.kernelName));
    expect(tf.getBackend()).toBe('wasm');
    expect(await initBackend('wasm')).toEqual(wasm);
  });
});
