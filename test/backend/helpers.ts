import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { createRng } from '../../src/util/rng.js';

export type Shape4 = [number, number, number, number];

/** Seeded normal values, so cpu and wasm see the very same inputs. */
export function randomValues(shape: number[], seed: number, shift = 0): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = rng.normal() + shift;
  return out;
}

/** Runs `body` on cpu and on wasm, returning the values of its tensors on each. */
export async function onBoth(body: () => tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (name: string): Promise<Float32Array[]> => {
    await tf.setBackend(name);
    const ts = body();
    const values = ts.map((t) => t.dataSync() as Float32Array);
    tf.dispose(ts);
    return values;
  };
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  return { cpu, wasm };
}

/** Max |a-b| relative to the largest |a| (gradients sum many terms in different orders). */
export function expectClose(actual: Float32Array, expected: Float32Array, tol = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-6;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs((actual[i] ?? NaN) - (expected[i] ?? NaN)));
  }
  expect(worst / scale).toBeLessThan(tol);
}
