#!/usr/bin/env node
/**
 * A DNA-like table a network memorises within a few epochs, with its truth file: random 0/1
 * features, the class (c0, c1, c2) a function of six of them, a share of the labels moved to
 * another class (the generator of test/pipeline/audit-extension.test.ts, any size). Used to measure
 * rules for memorising models on data they were not chosen on (BENCHMARKS.md, fifth and sixth
 * rounds). Run `npm run build` first.
 *
 *   node bench/quality/make-memoriser.mjs --seed 2 --rows 1500 --features 60 --rate 0.2 --out /tmp/syn/s2
 *   -> /tmp/syn/s2.csv, /tmp/syn/s2.truth.csv
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createRng } from '../../dist/util/rng.js';

const { values: v } = parseArgs({
  options: {
    seed: { type: 'string', default: '2' },
    rows: { type: 'string', default: '1500' },
    features: { type: 'string', default: '60' },
    rate: { type: 'string', default: '0.2' },
    out: { type: 'string' },
  },
});
if (!v.out) throw new Error('--out PREFIX is required');
const rng = createRng(Number(v.seed));
const f = Number(v.features);
const lines = [`id,label,${Array.from({ length: f }, (_, j) => `f${j}`).join(',')}`];
const truth = ['id,true_label,noisy_label,is_noisy'];
for (let i = 1; i <= Number(v.rows); i++) {
  const x = Array.from({ length: f }, () => (rng.next() < 0.5 ? 1 : 0));
  const score = x[0] + x[1] + x[2] - x[3] + x[4] * x[5];
  const y = score <= 0 ? 0 : score <= 1 ? 1 : 2;
  const given = rng.next() < Number(v.rate) ? (y + 1 + Math.floor(rng.next() * 2)) % 3 : y;
  lines.push(`${i},c${given},${x.join(',')}`);
  truth.push(`${i},c${y},c${given},${given === y ? 0 : 1}`);
}
writeFileSync(`${v.out}.csv`, `${lines.join('\n')}\n`);
writeFileSync(`${v.out}.truth.csv`, `${truth.join('\n')}\n`);
