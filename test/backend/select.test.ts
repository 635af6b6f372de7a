import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { backendChoices, initBackend, wasmThreads } from '../../src/backend/select.js';

function tfjsNodeInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

describe('initBackend', () => {
  it('offers every choice to the CLI', () => {
    expect(backendChoices).toEqual(['auto', 'tensorflow', 'wasm', 'cpu']);
  });

  it.runIf(!tfjsNodeInstalled())('auto falls back to wasm and says why', async () => {
    const info = await initBackend('auto');
    expect(info).toMatchObject({ name: 'wasm', requested: 'auto' });
    expect(info.fallbackReason).toMatch(/tfjs-node is not installed/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it.runIf(!tfjsNodeInstalled())('an explicit tensorflow request without tfjs-node is a one-line user error', async () => {
    const err = await initBackend('tensorflow').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).kind).toBe('option');
    expect((err as UserError).message).toMatch(/npm install @tensorflow\/tfjs-node@4\.22\.0/);
    expect((err as UserError).message).not.toContain('\n');
  });

  it.runIf(tfjsNodeInstalled())('uses tfjs-node when it is installed', async () => {
    expect((await initBackend('auto')).name).toBe('tensorflow');
  });
});

describe('wasm threads', () => {
  it("uses every core up to the build's 8 for the CNN, one thread for an MLP, or LABELSLEUTH_WASM_THREADS", () => {
    expect(wasmThreads({})).toBe(Math.min(availableParallelism(), 8));
    expect(wasmThreads({}, 'cnn')).toBe(Math.min(availableParallelism(), 8));
    expect(wasmThreads({}, 'mlp')).toBe(1);
    expect(wasmThreads({ LABELSLEUTH_WASM_THREADS: '2' }, 'mlp')).toBe(2);
    expect(wasmThreads({ LABELSLEUTH_WASM_THREADS: '1' })).toBe(1);
    expect(wasmThreads({ LABELSLEUTH_WASM_THREADS: '3' })).toBe(3);
    for (const bad of ['0', '9', '1.5', 'two']) {
      expect(() => wasmThreads({ LABELSLEUTH_WASM_THREADS: bad })).toThrow(/LABELSLEUTH_WASM_THREADS must be a whole number from 1 to 8, got/);
    }
  });

  // A child process each: the thread count is fixed when wasm first initialises. Also checks
  // that the idle pthread workers do not keep the process alive (the spawn would time out).
  it('LABELSLEUTH_WASM_THREADS=1 and =2 run on 1 and 2 threads, agree on conv gradients, and exit', () => {
    const script = `
      import * as tf from '@tensorflow/tfjs-core';
      import { initBackend } from './dist/backend/select.js';
      const info = await initBackend('wasm');
      const x = tf.randomNormal([8, 12, 12, 3], 0, 1, 'float32', 1);
      const w = tf.randomNormal([3, 3, 3, 16], 0, 1, 'float32', 2);
      const g = tf.grad((wt) => tf.sum(tf.square(tf.conv2d(x, wt, 1, 'same'))))(w);
      console.log(JSON.stringify({ threads: info.threads, grad: Array.from(g.dataSync()) }));`;
    const run = (threads: string): { threads: number; grad: number[] } => {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: { ...process.env, LABELSLEUTH_WASM_THREADS: threads },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return JSON.parse(out.trim().split('\n').at(-1)!) as { threads: number; grad: number[] };
    };
    const one = run('1');
    const two = run('2');
    expect([one.threads, two.threads]).toEqual([1, 2]);
    expect(two.grad).toHaveLength(3 * 3 * 3 * 16);
    const scale = Math.max(...one.grad.map(Math.abs));
    for (let i = 0; i < one.grad.length; i++) expect(Math.abs(two.grad[i]! - one.grad[i]!) / scale).toBeLessThan(1e-5);
  });
});
