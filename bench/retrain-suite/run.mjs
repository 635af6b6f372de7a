#!/usr/bin/env node
/**
 * Runs retrain methods on the retrain suite's cases, in this one process (tfjs loads once), and
 * writes one JSON per (case, method) to bench/out/retrain-suite/<case>/<method>.json:
 * test accuracy at the last and the best epoch (the best is picked on the clean test set: an
 * upper bound, as the paper's "best"), the run's own selection when it keeps one, and wall time.
 *
 *   node bench/retrain-suite/run.mjs --methods ce,default,prune [--datasets vowel] [--noise sym40] [--force]
 *
 * A result file that exists is not rerun (--force reruns). Use run.sh (one thread everywhere).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../quality/cases.mjs';
import { csvList } from '../quality/make-cases.mjs';
import { listCases, makeCase } from './make-cases.mjs';

export const OUT_DIR = join(ROOT, 'bench', 'out', 'retrain-suite');

/** Method name -> retrain options (on top of id, test, seed 1). */
export const METHODS = JSON.parse(readFileSync(join(ROOT, 'bench', 'retrain-suite', 'methods.json'), 'utf8'));

const { values } = parseArgs({
  options: { methods: { type: 'string' }, datasets: { type: 'string' }, noise: { type: 'string' }, force: { type: 'boolean', default: false } },
});
const { runRetrain } = await import(join(ROOT, 'dist', 'index.js'));
const methods = csvList(values.methods);
for (const m of methods) if (!(m in METHODS)) throw new Error(`unknown method ${m}; methods.json has ${Object.keys(METHODS).join(', ')}`);
for (const c of listCases({ datasets: csvList(values.datasets), noise: csvList(values.noise) })) {
  makeCase(c);
  for (const m of methods) {
    const out = join(OUT_DIR, c.name, `${m}.json`);
    if (existsSync(out) && !values.force) continue;
    const opts = { ...METHODS[m] };
    delete opts.note;
    const t0 = performance.now();
    const r = await runRetrain({ path: c.data, test: c.test, id: 'id', seed: 1, ...opts });
    const seconds = (performance.now() - t0) / 1000;
    r.model.dispose();
    const run = r.report.runs[0];
    const result = {
      case: c.name,
      method: m,
      options: opts,
      last: run.last.accuracy,
      best: run.best.accuracy,
      bestEpoch: run.best.epoch,
      kept: run.kept ?? null,
      seconds,
      epochs: run.epochs.length,
      warnings: r.report.warnings,
      detection: run.detection ?? null,
    };
    mkdirSync(join(OUT_DIR, c.name), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(`${c.name} ${m}: last ${(100 * result.last).toFixed(2)} best ${(100 * result.best).toFixed(2)} @${result.bestEpoch} ${seconds.toFixed(1)} s\n`);
  }
}
