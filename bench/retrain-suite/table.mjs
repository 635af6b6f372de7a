#!/usr/bin/env node
/**
 * The retrain suite's table: test accuracy (last epoch; best-on-test in brackets where asked) per
 * case and method, from bench/out/retrain-suite/<case>/<method>.json.
 *   node bench/retrain-suite/table.mjs --methods ce,default,torch-ce [--best] [--seconds]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../quality/cases.mjs';
import { csvList } from '../quality/make-cases.mjs';
import { listCases } from './make-cases.mjs';

const OUT = join(ROOT, 'bench', 'out', 'retrain-suite');
const { values } = parseArgs({
  options: { methods: { type: 'string' }, datasets: { type: 'string' }, noise: { type: 'string' }, best: { type: 'boolean' }, seconds: { type: 'boolean' } },
});
const methods = csvList(values.methods);
const rows = [`| case | ${methods.join(' | ')} |`, `|---|${methods.map(() => '---:').join('|')}|`];
const sums = methods.map(() => ({ s: 0, n: 0 }));
for (const c of listCases({ datasets: csvList(values.datasets), noise: csvList(values.noise) })) {
  const cells = methods.map((m, j) => {
    const p = join(OUT, c.name, `${m}.json`);
    if (!existsSync(p)) return '';
    const r = JSON.parse(readFileSync(p, 'utf8'));
    sums[j].s += r.last;
    sums[j].n++;
    let cell = (100 * r.last).toFixed(1);
    if (values.best) cell += ` (${(100 * r.best).toFixed(1)})`;
    if (values.seconds) cell += ` ${r.seconds.toFixed(0)}s`;
    return cell;
  });
  rows.push(`| ${c.name} | ${cells.join(' | ')} |`);
}
rows.push(`| mean (cases run) | ${sums.map((x) => (x.n ? `${((100 * x.s) / x.n).toFixed(1)} (${x.n})` : '')).join(' | ')} |`);
console.log(rows.join('\n'));
