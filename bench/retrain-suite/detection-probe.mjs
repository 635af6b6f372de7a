#!/usr/bin/env node
/**
 * What prune's detection stage would flag on a retrain-suite case, epoch by epoch, against the truth,
 * and what a refit on those flags scores (BENCHMARKS.md, "Retrain suite, fourth round"): a plain-ce
 * stage at a constant rate (as prune-refit.ts trains it), after every epoch the audit's detection over
 * the epochs so far (warmup-detector.ts detectFromPasses) with its precision and recall, the
 * memorization rule's evidence (agreement, share believed right) and the stage model's clean test
 * accuracy; then, for each --refit-at epoch, prune's refit (a fresh model, the same seed, the run's
 * gradient steps, the step schedule) on the unflagged rows. The stage and refit are the pipeline's
 * own steps: a stage of N epochs and its refit give the test accuracy of `retrain --warmup N`.
 *
 *   node bench/retrain-suite/detection-probe.mjs --cases vowel-sym40,soybean-sym60 --epochs 20 --refit-at oracle,10,20 [--quiet]
 *     [--seed 1] [--batch B] [--lr R] [--stage-lr R] [--stage-batch-scale k] [--refit-lr R] [--refit-scale k] [--refit-no-tail]
 *     [--refit-length steps|epochs] [--window w] [--stage2 E] [--relabel] [--continue STEPS]
 *
 * The batch is retrain's (retrainBatchSize) unless --batch. Needs: npm run build. One JSON line per
 * (case, epoch) and per refit on stdout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../quality/cases.mjs';
import { csvList } from '../quality/make-cases.mjs';
import { listCases } from './make-cases.mjs';

const d = (p) => import(join(ROOT, 'dist', p));
const [
  { resolveRetrainOptions, retrainBatchSize },
  { loadDataset },
  { subset },
  { buildModel },
  { modelSpecFor },
  { trainModel },
  { computeSampleSignals },
  { createRng },
  { detectFromPasses },
  { fitLossMixture },
  { meanPNoisy },
  { confidentJoint },
  { accuracy },
  { loadHeldOut },
  { initBackend },
] = await Promise.all([
  d('options/retrain.js'),
  d('pipeline/load-dataset.js'),
  d('data/dataset.js'),
  d('models/registry.js'),
  d('models/specs.js'),
  d('training/train.js'),
  d('training/per-sample-loss.js'),
  d('util/rng.js'),
  d('training/warmup-detector.js'),
  d('mixture/loss-mixture.js'),
  d('scoring/noise-estimate.js'),
  d('scoring/confident-joint.js'),
  d('scoring/accuracy.js'),
  d('data/held-out.js'),
  d('backend/select.js'),
]);
const [{ schedules }, { refitEpochs }] = await Promise.all([d('training/lr-schedules.js'), d('pipeline/prune-refit.js')]);

const { values } = parseArgs({
  options: {
    cases: { type: 'string' },
    epochs: { type: 'string', default: '20' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    optimizer: { type: 'string' },
    // Epochs of the stage after which the flags so far are refitted (prune's refit: a fresh model on the unflagged rows, the run's steps); 'oracle' refits on the truly clean rows.
    'refit-at': { type: 'string', default: '' },
    quiet: { type: 'boolean', default: false },
    // The refit's epochs: 'steps' keeps the run's gradient steps (prune-refit.ts refitEpochs), 'epochs' trains --epochs on the kept rows.
    'refit-length': { type: 'string', default: 'steps' },
    'stage-lr': { type: 'string' },
    // The refit's epochs times this (1: the run's steps).
    'refit-scale': { type: 'string', default: '1' },
    // Train the refit's schedule only up to its second milestone (5/6 of it), skipping the last phase at 0.01x the rate.
    'refit-no-tail': { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
    'refit-lr': { type: 'string' },
    // The stage's batch as a multiple of the run's (the refit keeps the run's).
    'stage-batch-scale': { type: 'string', default: '1' },
    // A second stage: a fresh model trained this many epochs on the rows the first stage kept, scoring every row (the dropped ones out of sample); its detection is what the refit drops.
    stage2: { type: 'string', default: '0' },
    // Flagged rows are relabelled to the stage's most probable other class (averaged over its epochs) instead of dropped.
    relabel: { type: 'boolean', default: false },
    // The detection averages only the last `window` share of the stage's epochs (1 = all, as the audit).
    window: { type: 'string', default: '1' },
    // Instead of a fresh refit: the stage's own model goes on training on the kept rows for this many gradient steps, at a tenth of the rate for the first 3/4 and a hundredth after (the step schedule's tail).
    continue: { type: 'string', default: '0' },
  },
});
const refitAt = csvList(values['refit-at']);
const wanted = csvList(values.cases);
const epochs = Number(values.epochs);
await initBackend('auto', { model: 'mlp' });

for (const c of listCases().filter((x) => wanted.includes(x.name))) {
  const s = resolveRetrainOptions({
    id: 'id',
    seed: Number(values.seed),
    ...(values.lr ? { learningRate: Number(values.lr) } : {}),
    ...(values.optimizer ? { optimizer: values.optimizer } : {}),
  });
  const ds = await loadDataset(c.data, s);
  const train = subset(
    ds,
    Int32Array.from({ length: ds.labels.length }, (_, i) => i),
  );
  const input = { kind: 'table', encoding: ds.encoding };
  const t = await loadHeldOut(c.test, input, ds.classNames, { label: s.label, id: s.id, textEncoding: s.encoding, delimiter: s.delimiter });
  const test = { features: t.features, sampleShape: t.sampleShape, labels: t.labels, numClasses: ds.classNames.length, ids: t.ids };
  const noisy = new Map(
    readFileSync(c.truth, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map((f) => [f[0], f[3] === '1']),
  );
  const wrong = Uint8Array.from(ds.ids, (id) => (noisy.get(String(id)) ? 1 : 0));
  const trueName = new Map(
    readFileSync(c.truth, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .map((f) => [f[0], f[1]]),
  );
  const trueLabel = Int32Array.from(ds.ids, (id) => ds.classNames.indexOf(trueName.get(String(id))));
  const nWrong = wrong.reduce((a, b) => a + b, 0);
  const batchSize = values.batch ? Number(values.batch) : retrainBatchSize(train.labels.length);
  const steps = Math.ceil(train.labels.length / batchSize);
  const rng = createRng(s.seed);
  const spec = modelSpecFor(ds.source, s.hidden);
  const model = buildModel(spec, train.sampleShape, train.numClasses, rng);
  const K = train.numClasses;
  const losses = [];
  const probs = [];
  const probabilitySum = new Float64Array(train.labels.length * K);
  const flagsAt = new Map();
  const relabelAt = new Map();
  if (refitAt.includes('oracle')) flagsAt.set('oracle', wrong);
  await trainModel(
    model,
    train,
    {
      epochs,
      batchSize: Math.round(batchSize * Number(values['stage-batch-scale'])),
      learningRate: values['stage-lr'] ? Number(values['stage-lr']) : s.learningRate,
      optimizer: s.optimizer,
      weightDecay: s.weightDecay,
      rng,
    },
    {
      onEpochEnd: (info) => {
        const pass = computeSampleSignals(model, train, 512);
        losses.push(pass.losses);
        probs.push(pass.probabilities);
        for (let i = 0; i < probabilitySum.length; i++) probabilitySum[i] += pass.probabilities[i];
        const from = Math.floor(losses.length * (1 - Number(values.window)));
        const winSum = new Float64Array(probabilitySum.length);
        for (const p of probs.slice(from)) for (let i = 0; i < winSum.length; i++) winSum[i] += p[i];
        const det = detectFromPasses(losses.slice(from), winSum, train.labels, K);
        let tp = 0;
        for (let i = 0; i < wrong.length; i++) if (det.flagged[i] && wrong[i]) tp++;
        const fit = fitLossMixture(pass.losses);
        const agreement = accuracy(pass.predictions, train.labels);
        const estimatedNoise = meanPNoisy(fit.posteriors(pass.losses));
        const confidentNoise = confidentJoint(probabilitySum, train.labels, K).issues / train.labels.length;
        const ev = computeSampleSignals(model, test, 512);
        if (refitAt.includes(String(info.epoch))) flagsAt.set(String(info.epoch), det.flagged);
        if (refitAt.includes(String(info.epoch))) relabelAt.set(String(info.epoch), bestOther(probabilitySum, train.labels, K));
        if (!values.quiet)
          console.log(
            JSON.stringify({
              case: c.name,
              epoch: info.epoch,
              steps: info.epoch * steps,
              rows: train.labels.length,
              wrong: nWrong,
              flagged: det.count,
              precision: +(tp / Math.max(1, det.count)).toFixed(3),
              recall: +(tp / Math.max(1, nWrong)).toFixed(3),
              agreement: +agreement.toFixed(3),
              believed: +(1 - Math.max(estimatedNoise, confidentNoise)).toFixed(3),
              test: +accuracy(ev.predictions, test.labels).toFixed(3),
            }),
          );
      },
    },
  );
  const cont = Number(values.continue);
  if (cont > 0) {
    const flagged = flagsAt.get(refitAt[refitAt.length - 1]);
    const keep = Int32Array.from(flagged.keys()).filter((i) => flagged[i] === 0);
    const kept = subset({ ...train, classNames: ds.classNames }, keep);
    const e = Math.max(1, Math.round(cont / Math.ceil(kept.labels.length / batchSize)));
    await trainModel(model, kept, {
      epochs: e,
      batchSize,
      learningRate: s.learningRate,
      optimizer: s.optimizer,
      weightDecay: s.weightDecay,
      rng,
      schedule: (ep) => (ep > Math.round((3 * e) / 4) ? 0.01 : 0.1),
    });
    const ev = computeSampleSignals(model, test, 512);
    console.log(JSON.stringify({ case: c.name, continuedAfter: refitAt[refitAt.length - 1], epochs: e, test: +accuracy(ev.predictions, test.labels).toFixed(3) }));
  }
  model.dispose();
  const stage2 = Number(values.stage2);
  for (const [at, first] of flagsAt) {
    let flagged = first;
    if (stage2 > 0 && at !== 'oracle') {
      const keep1 = Int32Array.from(first.keys()).filter((i) => first[i] === 0);
      const kept1 = subset({ ...train, classNames: ds.classNames }, keep1);
      const r2 = createRng(s.seed + 1);
      const m2 = buildModel(spec, kept1.sampleShape, kept1.numClasses, r2);
      const l2 = [];
      const p2 = new Float64Array(train.labels.length * K);
      await trainModel(
        m2,
        kept1,
        { epochs: stage2, batchSize, learningRate: s.learningRate, optimizer: s.optimizer, weightDecay: s.weightDecay, rng: r2 },
        {
          onEpochEnd: () => {
            const pass = computeSampleSignals(m2, train, 512);
            l2.push(pass.losses);
            for (let i = 0; i < p2.length; i++) p2[i] += pass.probabilities[i];
          },
        },
      );
      m2.dispose();
      flagged = detectFromPasses(l2, p2, train.labels, K).flagged;
    }
    const relabel = values.relabel && relabelAt.get(at);
    const keep = relabel ? Int32Array.from(flagged.keys()) : Int32Array.from(flagged.keys()).filter((i) => flagged[i] === 0);
    let kept = subset({ ...train, classNames: ds.classNames }, keep);
    let relabelRight = 0;
    if (relabel) {
      const labels = Int32Array.from(train.labels, (l, i) => (flagged[i] ? relabel[i] : l));
      for (let i = 0; i < labels.length; i++) if (flagged[i] && labels[i] === trueLabel[i]) relabelRight++;
      kept = { ...kept, labels };
    }
    const e = Math.max(
      1,
      Math.round(Number(values['refit-scale']) * (values['refit-length'] === 'steps' ? refitEpochs(s.epochs, train.labels.length, kept.labels.length, batchSize) : s.epochs)),
    );
    const r = createRng(s.seed);
    const m = buildModel(spec, kept.sampleShape, kept.numClasses, r);
    await trainModel(m, kept, {
      epochs: values['refit-no-tail'] ? Math.round((5 * e) / 6) : e,
      batchSize,
      learningRate: values['refit-lr'] ? Number(values['refit-lr']) : s.learningRate,
      optimizer: s.optimizer,
      weightDecay: s.weightDecay,
      rng: r,
      schedule: schedules.step(e),
    });
    const ev = computeSampleSignals(m, test, 512);
    let tp = 0;
    for (let i = 0; i < wrong.length; i++) if (flagged[i] && wrong[i]) tp++;
    const n = flagged.reduce((a, b) => a + b, 0);
    // Per given class: rows kept, and of them truly labelled right (the refit's clean rows per class).
    const keptByClass = Array.from({ length: K }, () => 0);
    const cleanKeptByClass = Array.from({ length: K }, () => 0);
    for (const i of keep) {
      keptByClass[train.labels[i]]++;
      if (!wrong[i]) cleanKeptByClass[train.labels[i]]++;
    }
    console.log(
      JSON.stringify({
        case: c.name,
        refitAt: at,
        flagged: n,
        precision: +(tp / Math.max(1, n)).toFixed(3),
        recall: +(tp / Math.max(1, nWrong)).toFixed(3),
        refitEpochs: e,
        ...(relabel ? { relabelRight } : {}),
        keptByClass: keptByClass.join(' '),
        cleanKeptByClass: cleanKeptByClass.join(' '),
        test: +accuracy(ev.predictions, test.labels).toFixed(3),
      }),
    );
    m.dispose();
  }
}

/** Per row, the most probable class other than its given label, from summed probabilities. */
function bestOther(sum, labels, K) {
  return Int32Array.from(labels, (l, i) => {
    let best = -1;
    for (let k = 0; k < K; k++) if (k !== l && (best < 0 || sum[i * K + k] > sum[i * K + best])) best = k;
    return best;
  });
}
