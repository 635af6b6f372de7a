#!/usr/bin/env node
// What the reservoir sample costs: the Beta mixture fitted on every loss vs on the default seeded
// sample (maxFitSamples), on an id,loss file with a truth file beside it (bench/byom-make.mjs).
// AUROC of p_noisy, and F1 when the expected count (sum of p_noisy) is flagged, as audit --losses does.
//   node bench/byom-reservoir.mjs bench/data/losses-1m.csv
import { readFileSync } from 'node:fs';
import { evaluateScores, fitLossMixture, rankByScore } from '../dist/core.js';

const path = process.argv[2];
const column = (file, j) => Float64Array.from(readFileSync(file, 'utf8').trimEnd().split('\n').slice(1), (l) => Number(l.split(',')[j]));
const losses = column(path, 1);
const truth = Uint8Array.from(column(path.replace(/\.csv$/, '.truth.csv'), 1));
for (const [name, maxFitSamples] of [
  ['full', Infinity],
  ['reservoir', undefined],
]) {
  const t = performance.now();
  const m = fitLossMixture(losses, maxFitSamples === undefined ? { seed: 1 } : { maxFitSamples });
  const p = m.posteriors(losses);
  const seconds = (performance.now() - t) / 1000;
  const { order } = rankByScore(p, losses);
  const expected = Math.round(p.reduce((a, b) => a + b, 0));
  const flagged = new Uint8Array(losses.length);
  for (let r = 0; r < expected; r++) flagged[order[r]] = 1;
  const e = evaluateScores(truth, p, { flagged, tieBreak: losses });
  console.log(
    JSON.stringify({
      fit: name,
      n: losses.length,
      fitted: m.summary.sampled ?? m.summary.nSamples,
      seconds: +seconds.toFixed(2),
      auroc: +e.auroc.toFixed(4),
      f1: +e.mask.f1.toFixed(4),
      flagged: expected,
      noisyWeight: +m.summary.noisy.weight.toFixed(4),
    }),
  );
}
