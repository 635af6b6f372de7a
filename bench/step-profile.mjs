#!/usr/bin/env node
// Milliseconds per training step by kernel (tf.profile), for the audit's CNN or MLP on the wasm
// backend, built from a labelsleuth dist/ (run `npm run build` first). Compare two builds by
// running this once with each --root, alternately, in the same session: the machine's load moves
// absolute times a lot, the ratios much less.
//
//   node bench/step-profile.mjs [--root .] [--model cnn|mlp] [--batch 128] [--features 784] [--steps 8] [--top 25]
//
// The step is train.ts's: the model from models/registry, Adam (tf.train.adam, or FusedAdam where
// the build has it), plain mean cross-entropy, a seeded random batch.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';

const { values } = parseArgs({
  options: {
    root: { type: 'string', default: '.' },
    model: { type: 'string', default: 'cnn' },
    batch: { type: 'string', default: '128' },
    features: { type: 'string', default: '784' },
    steps: { type: 'string', default: '8' },
    top: { type: 'string', default: '25' },
  },
});
const at = (p) => import(pathToFileURL(resolve(values.root, 'dist', p)).href);
const [{ initBackend }, { buildModel }, { meanCrossEntropy }, { createRng }] = await Promise.all([
  at('backend/select.js'),
  at('models/registry.js'),
  at('training/losses.js'),
  at('util/rng.js'),
]);
const fused = await at('backend/simd/fused-adam.js').catch(() => undefined);
const kind = values.model;
const batch = Number(values.batch);
const steps = Number(values.steps);
const info = await initBackend('wasm', { model: kind });
const shape = kind === 'cnn' ? [28, 28, 1] : [Number(values.features)];
const spec = kind === 'cnn' ? { kind: 'cnn', filters: [32, 64], dense: 128 } : { kind: 'mlp', hidden: [256, 128] };
const model = buildModel(spec, shape, 10, createRng(1));
const optimizer = fused ? new fused.FusedAdam(1e-3) : tf.train.adam(1e-3);
const variables = model.trainableWeights.map((w) => w.read());
const rng = createRng(2);
const xs = Float32Array.from({ length: batch * shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
const ys = Int32Array.from({ length: batch }, () => rng.int(10));
const step = () => {
  const cost = tf.tidy(() => {
    const x = tf.tensor(xs, [batch, ...shape]);
    const y = tf.tensor1d(ys, 'int32');
    return optimizer.minimize(() => meanCrossEntropy(model.apply(x, { training: true }), y, 10), true, variables);
  });
  cost.dataSync();
  cost.dispose();
};
for (let i = 0; i < 3; i++) step();
const t0 = performance.now();
for (let s = 0; s < steps; s++) step();
const plain = (performance.now() - t0) / steps;
const byKernel = new Map();
for (let s = 0; s < steps; s++) {
  const profile = await tf.profile(step);
  for (const k of profile.kernels) {
    // Ops that wrap a kernel (fusedConv2d__op around FusedConv2D) would count it twice.
    if (k.name.endsWith('__op')) continue;
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    byKernel.set(key, (byKernel.get(key) ?? 0) + k.kernelTimeMs);
  }
}
const rows = [...byKernel].map(([k, ms]) => [k, ms / steps]).sort((a, b) => b[1] - a[1]);
const total = rows.reduce((a, [, ms]) => a + ms, 0);
for (const [k, ms] of rows.slice(0, Number(values.top))) console.log(`${ms.toFixed(2).padStart(8)}  ${k}`);
console.log(`${total.toFixed(1).padStart(8)}  all kernels (${rows.length} kinds)`);
console.log(
  `${plain.toFixed(1).padStart(8)}  ms per step unprofiled (${((batch / plain) * 1000).toFixed(0)} samples/s); wasm ${info.threads} thread(s); ${fused ? 'FusedAdam' : 'tf.train.adam'}`,
);
