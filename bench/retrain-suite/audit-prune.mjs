#!/usr/bin/env node
/**
 * Prune-and-refit driven by the audit itself: `labelsleuth audit` on the case's training data
 * (default settings, seed 1, written to bench/out/retrain-suite/<case>/audit-report/), then
 * `retrain --loss prune --from-audit <that folder>` (plus any extra retrain options), so the
 * refit drops exactly the audit's flags. Writes <case>/<method>.json like run.mjs, with the
 * audit's wall time added to the run's, and the flags scored against the case's truth.
 *
 *   node bench/retrain-suite/audit-prune.mjs --method audit-prune [--datasets vowel] [--noise sym40]
 *        [--seed 1] [--audit '{"neighbours":0}'] [--retrain '{"learningRate":0.003}'] [--force]
 *
 * --scale f: flag instead the first round(f x flagged) of the audit's ranking (what prune would
 * gain from dropping more or fewer rows than the audit flags).
 *
 * Use one wasm thread (LABELSLEUTH_WASM_THREADS=1) as run.sh does, so times compare with ce's.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../quality/cases.mjs';
import { csvList } from '../quality/make-cases.mjs';
import { listCases, makeCase } from './make-cases.mjs';

const OUT_DIR = join(ROOT, 'bench', 'out', 'retrain-suite');
const { values } = parseArgs({
  options: {
    method: { type: 'string', default: 'audit-prune' },
    datasets: { type: 'string' },
    noise: { type: 'string' },
    audit: { type: 'string', default: '{}' },
    retrain: { type: 'string', default: '{}' },
    seed: { type: 'string', default: '1' },
    scale: { type: 'string' },
    force: { type: 'boolean', default: false },
  },
});
const { runAudit, writeAudit, runRetrain } = await import(join(ROOT, 'dist', 'index.js'));
const auditOpts = JSON.parse(values.audit);
const retrainOpts = JSON.parse(values.retrain);
const seed = Number(values.seed);

for (const c of listCases({ datasets: csvList(values.datasets), noise: csvList(values.noise) })) {
  makeCase(c);
  const out = join(OUT_DIR, c.name, `${values.method}.json`);
  if (existsSync(out) && !values.force) continue;
  const dir = join(OUT_DIR, c.name, `${values.method}-report`);
  rmSync(dir, { recursive: true, force: true });
  const t0 = performance.now();
  const a = await runAudit({ path: c.data, id: 'id', seed, ...auditOpts });
  if (values.scale !== undefined) rescaleFlags(a.report.samples, Number(values.scale));
  await writeAudit(dir, a.report);
  const auditSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const r = await runRetrain({ path: c.data, test: c.test, id: 'id', seed, loss: 'prune', fromAudit: dir, ...retrainOpts });
  const retrainSeconds = (performance.now() - t1) / 1000;
  r.model.dispose();
  const run = r.report.runs[0];
  const noisy = new Set(
    readFileSync(c.truth, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((f) => f[3] === '1' || f[3] === 'true')
      .map((f) => f[0]),
  );
  const flaggedIds = a.report.samples.filter((s) => s.flagged).map((s) => String(s.id));
  const hits = flaggedIds.filter((id) => noisy.has(id)).length;
  const result = {
    case: c.name,
    method: values.method,
    options: { audit: auditOpts, retrain: retrainOpts },
    last: run.last.accuracy,
    best: run.best.accuracy,
    bestEpoch: run.best.epoch,
    kept: run.kept ?? null,
    seconds: auditSeconds + retrainSeconds,
    auditSeconds,
    retrainSeconds,
    flags: { flagged: flaggedIds.length, noisy: noisy.size, precision: flaggedIds.length ? hits / flaggedIds.length : null, recall: noisy.size ? hits / noisy.size : null },
    epochs: run.epochs.length,
    warnings: r.report.warnings,
    detection: run.detection ?? null,
  };
  mkdirSync(join(OUT_DIR, c.name), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  const f = result.flags;
  process.stderr.write(
    `${c.name} ${values.method}: last ${(100 * result.last).toFixed(2)} flagged ${f.flagged} (P ${f.precision?.toFixed(3)} R ${f.recall?.toFixed(3)}) audit ${auditSeconds.toFixed(1)} s + retrain ${retrainSeconds.toFixed(1)} s\n`,
  );
}

/** Flags the first round(scale x flagged) samples by rank (a prefix of the ranking, whatever the guard held back). */
function rescaleFlags(samples, scale) {
  const wanted = Math.round(scale * samples.filter((x) => x.flagged).length);
  for (const x of samples) x.flagged = x.rank <= wanted;
}
