#!/usr/bin/env node
// From losses alone, how many to flag: the mixture's expected count (the sum of p_noisy, the
// default) against p_noisy > 0.5 (the count of posteriors above a half), each scored against the
// best threshold's F1 on the same ranking. Run by hand after `npm run build`:
//
//   node bench/byom-flag-rule.mjs LOSSES.csv:TRUTH.csv ...
//
// Another model's probabilities (any file `audit --probs` reads) can stand in for a losses file as
// PROBS:TRUTH.csv:probs; their losses, -log p(given label), are written to bench/data/ first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { auditSignals } from '../dist/pipeline/audit-signals.js';
import { readSignalsTable } from '../dist/data/signals-table.js';

/** -log p(given) of each row of a probability table, as a losses CSV with the labels, in bench/data/. */
async function lossesFromProbs(path) {
  const t = await readSignalsTable(path, {});
  const k = t.classNames.length;
  const out = ['id,loss,given_label'];
  for (let i = 0; i < t.ids.length; i++) {
    const p = t.values[i * k + t.classNames.indexOf(t.labels[i])];
    out.push(`${t.ids[i]},${(-Math.log(Math.max(p, 1e-12))).toFixed(6)},${t.labels[i]}`);
  }
  mkdirSync('bench/data', { recursive: true });
  const target = `bench/data/${basename(path).replace(/\.[a-z.]+$/, '')}.losses.csv`;
  writeFileSync(target, `${out.join('\n')}\n`);
  return target;
}

const f = (x) => (x === null || x === undefined ? '-' : x.toFixed(3));
console.log('| losses file | samples | AUROC | best-threshold F1 | expected count: flagged, F1 | p_noisy > 0.5: flagged, F1 |');
console.log('|---|---|---|---|---|---|');
for (const arg of process.argv.slice(2)) {
  const [given, truth, kind] = arg.split(':');
  const path = kind === 'probs' ? await lossesFromProbs(given) : given;
  const [count, half] = await Promise.all([null, 0.5].map((threshold) => auditSignals({ path, kind: 'losses', truth, threshold })));
  const m = count.evaluation.metrics;
  const h = half.evaluation.metrics;
  console.log(`| ${path} | ${m.n} | ${f(m.auroc)} | ${f(m.bestF1?.f1)} | ${m.mask.flagged}, ${f(m.mask.f1)} | ${h.mask.flagged}, ${f(h.mask.f1)} |`);
}
