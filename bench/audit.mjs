#!/usr/bin/env node
// Detection quality and speed of `labelsleuth audit` on a CSV with known truth, through the library
// (dist/, so run `npm run build` first). Prints a JSON result on stdout, a summary on stderr.
//
//   node bench/audit.mjs bench/data/fmnist-20k-n40.csv [--truth T] [--epochs 10] [--aggregate mean-loss] [--backend auto]
//
// Peak memory is the process's max RSS (process.resourceUsage), CPU seconds from process.cpuUsage.
import { parseArgs } from 'node:util';
import { evaluateScores, runAudit } from '../dist/index.js';
import { readFile } from 'node:fs/promises';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    truth: { type: 'string' },
    epochs: { type: 'string' },
    aggregate: { type: 'string' },
    backend: { type: 'string', default: 'auto' },
    hidden: { type: 'string' },
    lr: { type: 'string' },
    'batch-size': { type: 'string' },
    seed: { type: 'string' },
    label: { type: 'string', default: 'label' },
    id: { type: 'string', default: 'id' },
  },
});
const csv = positionals[0];
if (!csv) throw new Error('usage: node bench/audit.mjs DATA.csv [options]');
const truth = values.truth ?? csv.replace(/\.csv$/, '.truth.csv');
const f4 = (v) => (v === null || v === undefined ? 'n/a' : v.toFixed(4));
const num = (v) => (v === undefined ? undefined : Number(v));

const wall0 = performance.now();
const cpu0 = process.cpuUsage();
const { report, epochLosses, dataset } = await runAudit({
  path: csv,
  truth,
  label: values.label,
  id: values.id,
  backend: values.backend,
  epochs: num(values.epochs),
  aggregate: values.aggregate,
  hidden: values.hidden?.split(',').map(Number),
  learningRate: num(values.lr),
  batchSize: num(values['batch-size']),
  seed: num(values.seed),
  onEvent: (e) => {
    if (e.kind === 'epoch') {
      const r = e.record;
      process.stderr.write(`epoch ${r.epoch} loss ${r.trainLoss.toFixed(4)} agree ${r.agreement.toFixed(3)} est ${r.estimatedNoise.toFixed(3)} ${r.seconds.toFixed(2)}s\n`);
    }
  },
});
const cpu = process.cpuUsage(cpu0);
// Per-epoch separation of the raw loss (AUROC against the truth), to see where memorisation sets in.
const truthRows = (await readFile(truth, 'utf8')).trim().split('\n');
const col = truthRows[0].split(',').indexOf('is_noisy');
const noisyIds = new Set(
  truthRows
    .slice(1)
    .map((r) => r.split(','))
    .filter((f) => f[col] === '1')
    .map((f) => f[0]),
);
const isNoisy = dataset.ids.map((id) => (noisyIds.has(id) ? 1 : 0));
const perEpochAuroc = epochLosses.map((l) => evaluateScores(isNoisy, l).auroc);
// The simplest baseline peers compare against: flag every sample whose prediction differs from its label.
const disagree = new Uint8Array(dataset.ids.length);
for (const smp of report.samples) disagree[smp.index] = smp.suggestedLabel !== smp.givenLabel ? 1 : 0;
const baseline = evaluateScores(isNoisy, disagree).mask;
process.stderr.write(`baseline argmax != label: P ${baseline.precision?.toFixed(4)} R ${baseline.recall?.toFixed(4)} F1 ${baseline.f1?.toFixed(4)} flagged ${baseline.flagged}\n`);
process.stderr.write(`per-epoch loss AUROC: ${perEpochAuroc.map(f4).join(' ')}\n`);
const m = report.evaluation.metrics;
const atK = m.atK.find((a) => a.k === m.positives);
const n = report.dataset.rows;
const trainStepSeconds = report.epochs.reduce((s, e) => s + e.seconds, 0);
const result = {
  kind: 'labelsleuth-audit-bench',
  data: csv,
  backend: report.backend.name,
  settings: report.settings,
  rows: n,
  features: report.dataset.featureSize,
  detection: {
    precision: m.mask.precision,
    recall: m.mask.recall,
    f1: m.mask.f1,
    auroc: m.auroc,
    averagePrecision: m.averagePrecision,
    k: atK?.k,
    precisionAtK: atK?.precision,
    flagged: m.mask.flagged,
    bestF1: m.bestF1,
  },
  estimatedNoise: report.estimate.noiseFraction,
  perEpochLossAuroc: perEpochAuroc,
  baselineArgmaxNeLabel: { precision: baseline.precision, recall: baseline.recall, f1: baseline.f1, flagged: baseline.flagged },
  seconds: {
    load: report.timing.loadSeconds,
    trainSteps: trainStepSeconds,
    lossPassesAndMixtures: report.timing.trainSeconds - trainStepSeconds,
    total: (performance.now() - wall0) / 1000,
  },
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  trainSamplesPerSecond: (n * report.epochs.length) / trainStepSeconds,
  peakRssMiB: process.resourceUsage().maxRSS / 1024,
};
const d = result.detection;
process.stderr.write(
  `P ${f4(d.precision)} R ${f4(d.recall)} F1 ${f4(d.f1)} AUROC ${f4(d.auroc)} AP ${f4(d.averagePrecision)} ` +
    `P@${d.k} ${f4(d.precisionAtK)} flagged ${d.flagged} (estimated noise ${f4(result.estimatedNoise)})\n` +
    `time load ${result.seconds.load.toFixed(2)}s train ${result.seconds.trainSteps.toFixed(2)}s passes+bmm ${result.seconds.lossPassesAndMixtures.toFixed(2)}s ` +
    `total ${result.seconds.total.toFixed(2)}s cpu ${result.cpuSeconds.toFixed(1)}s; ${result.trainSamplesPerSecond.toFixed(0)} samples/s; peak RSS ${result.peakRssMiB.toFixed(0)} MiB\n`,
);
console.log(JSON.stringify(result, null, 2));
