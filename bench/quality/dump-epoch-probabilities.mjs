#!/usr/bin/env node
/**
 * Every epoch's probabilities of the audit's own training, for offline study of how the ranking
 * is aggregated over epochs (BENCHMARKS.md, "Detection quality, fifth round"). Trains each CSV
 * case exactly as `labelsleuth audit` does (resolved defaults, same seed, same batches) but for a
 * fixed number of epochs, and writes beside --out-dir:
 *   <case>.json        n, k, labels, truth (is_noisy), the epoch records (agreement, both noise
 *                      estimates, steps): enough to replay the memorisation stop offline
 *   <case>.probs.f32   every epoch's probabilities, epochs x n x k (float32)
 * bench/quality/epoch-windows.py scores aggregations on these. Run `npm run build` first.
 *
 *   LABELSLEUTH_WASM_THREADS=1 node bench/quality/dump-epoch-probabilities.mjs --out-dir DIR [--epochs 30] CASE.csv ...
 */
import { mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../../dist/backend/select.js';
import { loadTruth } from '../../dist/data/truth.js';
import { fitLossMixture } from '../../dist/mixture/loss-mixture.js';
import { buildModel } from '../../dist/models/registry.js';
import { modelSpecFor } from '../../dist/models/specs.js';
import { resolveAuditOptions } from '../../dist/options/audit.js';
import { loadDataset } from '../../dist/pipeline/load-dataset.js';
import { accuracy } from '../../dist/scoring/accuracy.js';
import { confidentJoint } from '../../dist/scoring/confident-joint.js';
import { meanPNoisy } from '../../dist/scoring/noise-estimate.js';
import { computeSampleSignals } from '../../dist/training/per-sample-loss.js';
import { trainModel } from '../../dist/training/train.js';
import { createRng } from '../../dist/util/rng.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'out-dir': { type: 'string' }, epochs: { type: 'string', default: '30' } },
});
const outDir = values['out-dir'];
if (!outDir || positionals.length === 0) {
  console.error('usage: dump-epoch-probabilities.mjs --out-dir DIR [--epochs N] CASE.csv ...');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
await initBackend('wasm');

for (const path of positionals) {
  const settings = resolveAuditOptions({ id: 'id', epochs: Number(values.epochs) });
  const ds = await loadDataset(path, settings);
  const truth = await loadTruth(
    path.replace(/\.csv$/, '.truth.csv'),
    ds.ids,
    Array.from(ds.labels, (l) => ds.classNames[l]),
    settings.encoding,
  );
  const data = { features: ds.features, sampleShape: ds.sampleShape, labels: ds.labels, numClasses: ds.classNames.length };
  const name = basename(path).replace(/\.csv$/, '');
  const t0 = performance.now();
  // As trainOnce (src/pipeline/audit-training.ts): the same rng feeds the model's init and the batches.
  const rng = createRng(settings.seed);
  const model = buildModel(modelSpecFor(ds.source, settings.hidden), ds.sampleShape, data.numClasses, rng);
  const fd = openSync(join(outDir, `${name}.probs.f32`), 'w');
  const sum = new Float64Array(data.labels.length * data.numClasses);
  const epochs = [];
  const stepsPerEpoch = Math.ceil(data.labels.length / settings.batchSize);
  await trainModel(
    model,
    data,
    { epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate, rng },
    {
      onEpochEnd(info) {
        const s = computeSampleSignals(model, data, Math.max(settings.batchSize, 512));
        for (let i = 0; i < sum.length; i++) sum[i] += s.probabilities[i];
        writeSync(fd, Buffer.from(Float32Array.from(s.probabilities).buffer));
        epochs.push({
          epoch: info.epoch,
          steps: info.epoch * stepsPerEpoch,
          agreement: accuracy(s.predictions, data.labels),
          estimatedNoise: meanPNoisy(fitLossMixture(s.losses).posteriors(s.losses)),
          confidentNoise: confidentJoint(sum, data.labels, data.numClasses).issues / data.labels.length,
        });
        return undefined;
      },
    },
  );
  model.dispose();
  closeSync(fd);
  const meta = { case: name, n: data.labels.length, k: data.numClasses, labels: Array.from(ds.labels), truth: Array.from(truth), epochs };
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(meta));
  console.error(`${name}: ${epochs.length} epochs, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
