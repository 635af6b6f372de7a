#!/usr/bin/env node
/**
 * Issue 17's targets for one method, case by case: at 40% noise and above, at least 3 points over
 * plain ce (last epoch) and at least the better of prune and the paper's dynamic bootstrapping in
 * PyTorch; at 0-30%, never more than 0.5 points below ce; wall time at most 1.5x ce's.
 *   node bench/retrain-suite/targets.mjs --method prune [--ce ce] [--prune prune]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../quality/cases.mjs';
import { listCases } from './make-cases.mjs';

const OUT = join(ROOT, 'bench', 'out', 'retrain-suite');
const { values } = parseArgs({ options: { method: { type: 'string' }, ce: { type: 'string', default: 'ce' }, prune: { type: 'string', default: 'prune' } } });
const read = (c, m) => (existsSync(join(OUT, c, `${m}.json`)) ? JSON.parse(readFileSync(join(OUT, c, `${m}.json`), 'utf8')) : undefined);
const rows = ['| case | ce | torch DY-H | prune | method | accuracy target | time vs ce |', '|---|---:|---:|---:|---:|---|---:|'];
let met = 0;
let all = 0;
let timeMet = 0;
for (const c of listCases()) {
  const m = read(c.name, values.method);
  const ce = read(c.name, values.ce);
  if (!m || !ce) continue;
  const dy = read(c.name, 'torch-dynamic-hard');
  const pr = read(c.name, values.prune);
  const high = c.noise.rate >= 0.4;
  const need = high ? Math.max(ce.last + 0.03, dy?.last ?? 0, pr?.last ?? 0) : ce.last - 0.005;
  const ok = m.last >= need - 1e-9;
  const ratio = m.seconds / ce.seconds;
  all++;
  if (ok) met++;
  if (ratio <= 1.5) timeMet++;
  const f = (r) => (r ? (100 * r.last).toFixed(1) : '');
  rows.push(`| ${c.name} | ${f(ce)} | ${f(dy)} | ${f(pr)} | ${f(m)} | ${ok ? 'met' : 'missed'} (needs ${(100 * need).toFixed(1)}) | ${ratio.toFixed(2)}x |`);
}
rows.push(`| **${values.method}** | | | | | **met on ${met} of ${all}** | **<= 1.5x on ${timeMet} of ${all}** |`);
console.log(rows.join('\n'));
