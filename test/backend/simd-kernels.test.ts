import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ranges } from '../../src/backend/simd/simd-kernels.js';

describe('ranges (how a C kernel call is split over threads)', () => {
  it('covers [0, n) with at most `parts` aligned, non-empty ranges', () => {
    expect(ranges(32, 2, 4)).toEqual([
      [0, 16],
      [16, 32],
    ]);
    expect(ranges(13, 2, 4)).toEqual([
      [0, 8],
      [8, 13],
    ]);
    expect(ranges(3, 2, 4)).toEqual([[0, 3]]);
    expect(ranges(1, 2, 1)).toEqual([[0, 1]]);
    expect(ranges(5, 1, 1)).toEqual([[0, 5]]);
    expect(ranges(0, 2, 1)).toEqual([]);
  });
});

// A child process per run: the thread count is fixed when the wasm backend first initialises.
// The C kernels' results are checked byte for byte between one and two threads (each output is
// summed by one thread in one order), and a seeded CNN trained twice on one thread must give
// the very same weights.
const script = `
  import { createHash } from 'node:crypto';
  import * as tf from '@tensorflow/tfjs-core';
  import { initBackend } from './dist/backend/select.js';
  import { buildModel } from './dist/models/registry.js';
  import { meanCrossEntropy } from './dist/training/losses.js';
  import { createRng } from './dist/util/rng.js';
  const info = await initBackend('wasm');
  const hash = (ts) => { const h = createHash('sha256'); for (const t of ts) h.update(Buffer.from(t.dataSync().buffer)); return h.digest('hex'); };
  const r = (shape, seed) => tf.randomNormal(shape, 0, 1, 'float32', seed);
  const run = (k, inputs, attrs) => tf.engine().runKernel(k, inputs, attrs);
  const conv = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC' };
  const x2 = r([3, 14, 14, 32], 1), dy2 = r([3, 14, 14, 64], 2), x1 = r([5, 12, 12, 1], 3), dy1 = r([5, 12, 12, 32], 4), w1 = r([3, 3, 1, 32], 5);
  const a = r([5, 12, 12, 8], 6), g = r([5, 6, 6, 8], 7);
  const kernels = hash([
    run('Conv2DBackpropFilter', { x: x2, dy: dy2 }, { ...conv, filterShape: [3, 3, 32, 64] }),
    run('Conv2DBackpropFilter', { x: x1, dy: dy1 }, { ...conv, filterShape: [3, 3, 1, 32] }),
    run('Conv2DBackpropInput', { dy: dy1, filter: w1 }, { ...conv, inputShape: [5, 12, 12, 1] }),
    run('MaxPoolGrad', { dy: g, input: a, output: tf.maxPool(a, 2, 2, 'valid') }, { filterSize: 2, strides: 2, pad: 'valid' }),
    tf.sum(dy2, [0, 1, 2]),
  ]);
  const rng = createRng(7);
  const model = buildModel({ kind: 'cnn', filters: [8, 16], dense: 16 }, [12, 12, 1], 4, rng);
  const opt = tf.train.adam(1e-3);
  const vars = model.trainableWeights.map((w) => w.read());
  const y = tf.tensor1d([0, 1, 2, 3, 0], 'int32');
  for (let i = 0; i < 3; i++) tf.dispose(opt.minimize(() => meanCrossEntropy(model.apply(x1, { training: true }), y, 4), true, vars));
  console.log(JSON.stringify({ threads: info.threads, kernels, weights: hash(vars) }));`;

function runWith(threads: string): { threads: number; kernels: string; weights: string } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    env: { ...process.env, LABELSLEUTH_WASM_THREADS: threads },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { threads: number; kernels: string; weights: string };
}

describe('the C kernels on one and two threads', () => {
  it('give the same bytes on either, and a seeded training run repeats exactly on one thread', () => {
    const one = runWith('1');
    const again = runWith('1');
    const two = runWith('2');
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(two.kernels).toBe(one.kernels);
    expect(again).toEqual(one);
  });
});
