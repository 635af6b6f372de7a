#!/usr/bin/env node
/**
 * The audit's own training, kept for offline scoring of flag rules (BENCHMARKS.md, "Detection
 * quality, fourth round"): for each case, trains exactly as `labelsleuth audit` does (resolved
 * default settings, the memorisation stop) and writes beside --out-dir:
 *   <case>.json       n, k, labels, truth (is_noisy), the epoch records, why it stopped
 *   <case>.mean.f32   the probabilities averaged over the epochs trained (n x k, float32)
 *   <case>.last.f32   the last epoch's probabilities (n x k)
 *   <case>.count.f32  what the count of wrong labels reads (countProbabilities, else the mean; n x k)
 *   <case>.loss.f32   every epoch's per-sample loss (epochs x n)
 * bench/quality/guard-rules.py scores rules on these. Builds nothing: run `npm run build` first.
 *
 *   LABELSLEUTH_WASM_THREADS=1 node bench/quality/dump-audit-signals.mjs --out-dir DIR CASE.csv|IMAGE_DIR --truth-for-dir T.csv ...
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../../dist/backend/select.js';
import { loadTruth } from '../../dist/data/truth.js';
import { resolveAuditOptions, withRoomToStop } from '../../dist/options/audit.js';
import { trainAudited } from '../../dist/pipeline/audit-training.js';
import { loadDataset } from '../../dist/pipeline/load-dataset.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'out-dir': { type: 'string' }, truth: { type: 'string' }, name: { type: 'string' } },
});
const outDir = values['out-dir'];
if (!outDir || positionals.length === 0) {
  console.error('usage: dump-audit-signals.mjs --out-dir DIR CASE.csv... (or one image folder with --truth T.csv --name NAME)');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
await initBackend('wasm');

for (const path of positionals) {
  const isCsv = path.endsWith('.csv');
  const resolved = resolveAuditOptions(isCsv ? { id: 'id' } : {});
  const ds = await loadDataset(path, resolved);
  const settings = withRoomToStop(resolved, ds.labels.length, false);
  const truthPath = values.truth ?? path.replace(/\.csv$/, '.truth.csv');
  const truth = await loadTruth(
    truthPath,
    ds.ids,
    Array.from(ds.labels, (l) => ds.classNames[l]),
    settings.encoding,
  );
  const t0 = performance.now();
  const t = await trainAudited({ dataset: ds, settings });
  const name = values.name ?? basename(path).replace(/\.csv$/, '');
  const f32 = (a) => Buffer.from(Float32Array.from(a).buffer);
  writeFileSync(join(outDir, `${name}.mean.f32`), f32(t.meanProbabilities));
  writeFileSync(join(outDir, `${name}.last.f32`), f32(t.probabilities));
  // What the count reads (the model's own probabilities up to the stop, never the neighbours' blend).
  writeFileSync(join(outDir, `${name}.count.f32`), f32(t.countProbabilities ?? t.meanProbabilities));
  const losses = new Float32Array(t.epochLosses.length * ds.labels.length);
  for (const [e, l] of t.epochLosses.entries()) losses.set(l, e * ds.labels.length);
  writeFileSync(join(outDir, `${name}.loss.f32`), Buffer.from(losses.buffer));
  writeFileSync(
    join(outDir, `${name}.json`),
    JSON.stringify({
      case: name,
      n: ds.labels.length,
      k: ds.classNames.length,
      classNames: ds.classNames,
      labels: Array.from(ds.labels),
      truth: Array.from(truth),
      epochs: t.epochs.map(({ mixture: _, ...r }) => r),
      stoppedEarly: t.stoppedEarly ?? null,
      extension: t.extension ?? null,
      neighbours: t.neighbours ?? null,
    }),
  );
  console.error(`${name}: ${t.epochs.length} epochs, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
