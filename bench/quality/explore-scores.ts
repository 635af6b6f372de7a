/**
 * Which score, stopping rule and flagging rule, measured: trains the audit's model once per case (a
 * CSV of the quality suite with its truth file), keeps every epoch's per-sample losses and
 * probabilities, and writes one JSON line per (case, epoch) on stdout: training agreement, the loss
 * mixture's and confident learning's noise estimates, the AUROC/AP/best F1 of the margin of the
 * probabilities averaged so far, and the F1 of several flag rules. A stopping rule is then a
 * function of these lines (BENCHMARKS.md, "Detection quality: the new defaults"). Not part of the tests; build it like backend-speed.ts:
 *
 *   npx tsc bench/quality/explore-scores.ts --outDir /tmp/ls-explore --module nodenext --target es2022 \
 *     --types node --skipLibCheck && echo '{"type":"module"}' > /tmp/ls-explore/package.json \
 *     && ln -sfn "$PWD/node_modules" /tmp/ls-explore/node_modules \
 *     && node /tmp/ls-explore/bench/quality/explore-scores.js --epochs 40 CASE.csv... > trace.jsonl
 */
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/backend/select.js';
import { loadCsv } from '../../src/data/csv.js';
import { loadTruth } from '../../src/data/truth.js';
import { fitLossMixture } from '../../src/mixture/loss-mixture.js';
import { buildModel } from '../../src/models/registry.js';
import { modelSpecFor } from '../../src/models/specs.js';
import { requiredMargin } from '../../src/scoring/clarity.js';
import { confidentJoint, marginScores } from '../../src/scoring/confident-joint.js';
import { evaluateScores } from '../../src/scoring/evaluate.js';
import type { TrainingData } from '../../src/training/batches.js';
import { computeSampleSignals } from '../../src/training/per-sample-loss.js';
import { trainModel } from '../../src/training/train.js';
import { createRng } from '../../src/util/rng.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { epochs: { type: 'string', default: '10,20,40,80' }, batch: { type: 'string', default: '128' }, lr: { type: 'string', default: '0.001' } },
});
const checkpoints = values.epochs.split(',').map(Number);
const maxEpochs = Math.max(...checkpoints);

/** Mean over epochs [0, e) of the per-epoch probability matrices. */
/** Weighted mean over epochs [from, e) of the per-epoch probability matrices; weight(t) for epoch index t. */
function weightedProbs(history: readonly Float32Array[], from: number, e: number, weight: (t: number) => number): Float64Array {
  const out = new Float64Array(history[0]!.length);
  let total = 0;
  for (let t = from; t < e; t++) {
    const w = weight(t);
    total += w;
    const p = history[t]!;
    for (let i = 0; i < out.length; i++) out[i]! += w * p[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}

function meanProbs(history: readonly Float32Array[], e: number): Float64Array {
  const out = new Float64Array(history[0]!.length);
  for (let t = 0; t < e; t++) {
    const p = history[t]!;
    for (let i = 0; i < out.length; i++) out[i]! += p[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= e;
  return out;
}

/** cleanlab's prune_by_noise_rate: in each off-diagonal cell (i, j), the round(cj) samples labelled i with the largest p_j - p_i. */
function pruneByNoiseRate(p: Float64Array, labels: Int32Array, k: number, cj: Float64Array): Uint8Array {
  const flagged = new Uint8Array(labels.length);
  const byClass: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((y, i) => {
    byClass[y]!.push(i);
  });
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      const m = Math.round(cj[i * k + j]!);
      if (m <= 0) continue;
      const members = byClass[i]!.slice().sort((a, b) => p[b * k + j]! - p[b * k + i]! - (p[a * k + j]! - p[a * k + i]!));
      for (const s of members.slice(0, m)) flagged[s] = 1;
    }
  }
  return flagged;
}

function topN(score: Float64Array, n: number): Uint8Array {
  const order = Array.from(score.keys()).sort((a, b) => score[b]! - score[a]!);
  const flagged = new Uint8Array(score.length);
  for (const i of order.slice(0, Math.max(0, Math.round(n)))) flagged[i] = 1;
  return flagged;
}

async function runCase(path: string): Promise<void> {
  const ds = await loadCsv(path, { id: 'id' });
  const truthPath = path.replace(/\.csv$/, '.truth.csv');
  const truth = await loadTruth(
    truthPath,
    ds.ids,
    Array.from(ds.labels, (l) => ds.classNames[l]!),
  );
  const k = ds.classNames.length;
  const n = ds.labels.length;
  const trueCount = truth.reduce((a, b) => a + b, 0);
  const data: TrainingData = { features: ds.features, sampleShape: ds.sampleShape, labels: ds.labels, numClasses: k };
  const rng = createRng(1);
  const model = buildModel(modelSpecFor('csv', [256, 128]), ds.sampleShape, k, rng);
  const losses: Float32Array[] = [];
  const probs: Float32Array[] = [];
  await trainModel(
    model,
    data,
    { epochs: maxEpochs, batchSize: Number(values.batch), learningRate: Number(values.lr), rng },
    {
      onEpochEnd: () => {
        const s = computeSampleSignals(model, data, 512);
        losses.push(s.losses);
        probs.push(s.probabilities);
      },
    },
  );
  model.dispose();
  const name = path
    .split('/')
    .pop()!
    .replace(/\.csv$/, '');
  // Every epoch: what a stopping rule could watch (agreement, estimates) and what it would get (AUROC, AP).
  let previousFlags: Uint8Array | undefined;
  for (let e = 1; e <= maxEpochs; e++) {
    const pAvg = meanProbs(probs, e);
    const last = probs[e - 1]!;
    let agree = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (last[i * k + j]! > last[i * k + best]!) best = j;
      if (best === ds.labels[i]) agree++;
    }
    const fit = fitLossMixture(losses[e - 1]!);
    const post = fit.posteriors(losses[e - 1]!);
    const margin = marginScores(pAvg, ds.labels, k);
    const m = evaluateScores(truth, margin);
    const cjA = confidentJoint(pAvg, ds.labels, k).issues;
    const cjL = confidentJoint(Float64Array.from(last), ds.labels, k).issues;
    const bmm = fitLossMixture(margin);
    const bmmPost = bmm.posteriors(margin);
    const f1Of = (flagged: Uint8Array) => {
      const r = evaluateScores(truth, margin, { flagged }).mask;
      return { f1: r.f1 ?? 0, flagged: r.tp + r.fp };
    };
    // The default's flags: the confident-joint count of the ranking's top, held to the clean-data guard's margin.
    const cjTop = topN(margin, cjA);
    const minMargin = requiredMargin(cjA / n);
    const guarded = Uint8Array.from(cjTop, (f, i) => (f && margin[i]! >= minMargin ? 1 : 0));
    // Agreement among the samples the count does not suspect: near 1 once the model has learnt all it can
    // from them, lower while it is still learning the clean population.
    let unsuspected = 0;
    let unsuspectedAgree = 0;
    for (let i = 0; i < n; i++) {
      if (cjTop[i]) continue;
      unsuspected++;
      let best = 0;
      for (let j = 1; j < k; j++) if (last[i * k + j]! > last[i * k + best]!) best = j;
      if (best === ds.labels[i]) unsuspectedAgree++;
    }
    // Label-free criteria a rule could maximise over epochs: the F1 the margin mixture expects of the
    // default's flags (its posteriors taken as the truth), the margin gap between flagged and unflagged,
    // the mixture's certainty, and how much the flags moved since the last epoch.
    let expTp = 0;
    let expFn = 0;
    let flaggedCount = 0;
    let flaggedMargin = 0;
    let otherMargin = 0;
    let certainty = 0;
    let inter = 0;
    let union = 0;
    for (let i = 0; i < n; i++) {
      certainty += Math.abs(2 * bmmPost[i]! - 1);
      if (guarded[i]) {
        flaggedCount++;
        expTp += bmmPost[i]!;
        flaggedMargin += margin[i]!;
      } else {
        expFn += bmmPost[i]!;
        otherMargin += margin[i]!;
      }
      if (previousFlags) {
        if (guarded[i] && previousFlags[i]) inter++;
        if (guarded[i] || previousFlags[i]) union++;
      }
    }
    previousFlags = guarded;
    const criteria = {
      selfF1: flaggedCount ? (2 * expTp) / (expTp + flaggedCount + expFn) : 0,
      gap: flaggedCount && flaggedCount < n ? flaggedMargin / flaggedCount - otherMargin / (n - flaggedCount) : 0,
      certainty: certainty / n,
      jaccard: union ? inter / union : 1,
    };
    // Other counts on the same ranking: the count scaled, and the samples whose averaged margin is positive
    // (the model prefers another class on average over training), each held to the guard.
    const guardedTop = (count: number) => {
      const top = topN(margin, count);
      return f1Of(Uint8Array.from(top, (f, i) => (f && margin[i]! >= minMargin ? 1 : 0)));
    };
    let positive = 0;
    for (let i = 0; i < n; i++) if (margin[i]! > 0) positive++;
    const counts = {
      positiveMargin: positive,
      scaled: Object.fromEntries([0.7, 0.8, 0.9, 1.1, 1.2, 1.3, 1.5].map((f) => [f, guardedTop(f * cjA)])),
      positive: guardedTop(positive),
      // The count, extended by every sample beyond it whose averaged margin is at least t.
      extended: Object.fromEntries(
        [0.1, 0.2, 0.3, 0.4, 0.5].map((t) => {
          let clear = 0;
          for (let i = 0; i < n; i++) if (margin[i]! >= t) clear++;
          return [t, guardedTop(Math.max(cjA, clear))];
        }),
      ),
    };
    // Other aggregates over the epochs so far, each scored as the default scores the mean: its margin
    // ranks, its confident joint counts, the guard holds back.
    const aggregates: Record<string, Float64Array> = {
      last: Float64Array.from(last),
      lastHalf: weightedProbs(probs, Math.floor(e / 2), e, () => 1),
      linear: weightedProbs(probs, 0, e, (t) => t + 1),
      ema5: weightedProbs(probs, 0, e, (t) => 0.5 ** (e - 1 - t)),
      ema7: weightedProbs(probs, 0, e, (t) => 0.7 ** (e - 1 - t)),
    };
    const aggregateScores = Object.fromEntries(
      Object.entries(aggregates).map(([name, pa]) => {
        const mg = marginScores(pa, ds.labels, k);
        const ev = evaluateScores(truth, mg);
        const count = confidentJoint(pa, ds.labels, k).issues;
        const mm = requiredMargin(count / n);
        const top = topN(mg, count);
        const flags = Uint8Array.from(top, (f, i) => (f && mg[i]! >= mm ? 1 : 0));
        const r = evaluateScores(truth, mg, { flagged: flags }).mask;
        return [name, { auroc: ev.auroc, ap: ev.averagePrecision, f1: r.f1 ?? 0, flagged: r.tp + r.fp, count }];
      }),
    );
    const rules = {
      guarded: f1Of(guarded),
      cjAvgTop: f1Of(cjTop),
      cjLastTop: f1Of(topN(margin, cjL)),
      bmm: f1Of(Uint8Array.from(bmmPost, (v) => (v >= 0.5 ? 1 : 0))),
      bmmMeanTop: f1Of(
        topN(
          margin,
          bmmPost.reduce((a, b) => a + b, 0),
        ),
      ),
      pruneAvg: f1Of(pruneByNoiseRate(pAvg, ds.labels, k, confidentJoint(pAvg, ds.labels, k).joint)),
    };
    console.log(
      JSON.stringify({
        case: name,
        n,
        k,
        epoch: e,
        trace: true,
        agreement: agree / n,
        unsuspectedAgreement: unsuspected ? unsuspectedAgree / unsuspected : 1,
        steps: e * Math.ceil(n / Number(values.batch)),
        meanLoss: losses[e - 1]!.reduce((a, b) => a + b, 0) / n,
        meanPost: post.reduce((a, b) => a + b, 0) / n,
        noiseDetected: fit.status === 'fitted' ? fit.noiseDetected : null,
        cjAvg: cjA,
        cjLast: cjL,
        trainLoss: null,
        auroc: m.auroc,
        ap: m.averagePrecision,
        bestF1: m.bestF1?.f1 ?? null,
        bestF1Count: m.bestF1?.flagged ?? null,
        trueCount,
        rules,
        criteria,
        counts,
        aggregateScores,
        bmmDetected: bmm.status === 'fitted' ? bmm.noiseDetected : null,
      }),
    );
  }
}

await initBackend('wasm');
for (const path of positionals) await runCase(path);
