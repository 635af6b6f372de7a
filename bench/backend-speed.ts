/**
 * Train-step speed of the tfjs backends, and of the wasm backend with and without our kernel
 * fixes. Not part of the tests. Node 20 cannot strip types and tsx is not a dependency, so:
 *
 *   npx tsc bench/backend-speed.ts --outDir /tmp/ls-bench --module nodenext --target es2022 \
 *     --types node --skipLibCheck && echo '{"type":"module"}' > /tmp/ls-bench/package.json \
 *     && ln -sfn "$PWD/node_modules" /tmp/ls-bench/node_modules \
 *     && node /tmp/ls-bench/bench/backend-speed.js
 */
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../src/backend/select.js';
import { installWasmKernelFixes, uninstallWasmKernelFixes } from '../src/backend/wasm-kernels/index.js';

type Variant = 'cpu' | 'wasm stock' | 'wasm fixed';

async function use(variant: Variant): Promise<void> {
  if (variant === 'cpu') {
    await initBackend('cpu');
    return;
  }
  await initBackend('wasm');
  if (variant === 'wasm stock') uninstallWasmKernelFixes();
  else installWasmKernelFixes();
}

function mlp(): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [784], units: 256, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.dense({ units: 256, activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(3) }),
    ],
  });
}

function cnn(): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(3) }),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(4) }),
    ],
  });
}

/** Median ms per train step, or the error message if training fails. */
async function trainStep(make: () => tfl.Sequential, inputShape: number[], batch: number, steps: number): Promise<string> {
  const model = make();
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
  const x = tf.randomNormal([batch, ...inputShape], 0, 1, 'float32', 1);
  const y = tf.cast(tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2) as tf.Tensor1D, 10), 'float32');
  try {
    await model.trainOnBatch(x, y); // warm-up: kernel setup, weight creation
    const times: number[] = [];
    for (let i = 0; i < steps; i++) {
      const t0 = performance.now();
      await model.trainOnBatch(x, y);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return `${(times[Math.floor(times.length / 2)] ?? NaN).toFixed(1)} ms`;
  } catch (e) {
    return `fails: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

function matMulGflops(ta: boolean, tb: boolean): string {
  const n = 512;
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 3);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 4);
  tf.matMul(a, b, ta, tb).dispose();
  const reps = 5;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) {
    const c = tf.matMul(a, b, ta, tb);
    c.dataSync();
    c.dispose();
  }
  const seconds = (performance.now() - t0) / 1000 / reps;
  tf.dispose([a, b]);
  return ((2 * n ** 3) / seconds / 1e9).toFixed(1);
}

async function main(): Promise<void> {
  const rows: string[][] = [['figure', 'cpu', 'wasm stock', 'wasm fixed']];
  const variants: Variant[] = ['cpu', 'wasm stock', 'wasm fixed'];
  const cell = async (variant: Variant, f: () => Promise<string> | string, skipCpu = false): Promise<string> => {
    if (skipCpu && variant === 'cpu') return 'skipped (~100 s)';
    await use(variant);
    return f();
  };
  for (const batch of [128, 512]) {
    const row = [`MLP 784-256-256-10, batch ${batch} (ms/step)`];
    for (const v of variants) row.push(await cell(v, () => trainStep(mlp, [784], batch, batch === 128 ? 10 : 5)));
    rows.push(row);
  }
  const cnnRow = ['CNN 28x28 c32-p-c64-p-d128, batch 128 (ms/step)'];
  for (const v of variants) cnnRow.push(await cell(v, () => trainStep(cnn, [28, 28, 1], 128, 5), true));
  rows.push(cnnRow);
  for (const [ta, tb] of [
    [false, false],
    [true, false],
    [false, true],
  ] as const) {
    const row = [`matMul 512^3 transposeA=${ta} transposeB=${tb} (GFLOP/s)`];
    for (const v of variants) row.push(await cell(v, () => matMulGflops(ta, tb)));
    rows.push(row);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join(' | '));
  // Every row runs on the CNN's thread count (all cores unless LABELSLEUTH_WASM_THREADS says).
  console.log(`tfjs ${tf.version_core}, node ${process.version}, wasm threads: ${getThreadsCount()}`);
  // Absolute times scale with contention; compare columns, and check the load before quoting.
  console.log(
    `${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}

await main();
