#!/usr/bin/env node
/**
 * Given the very same probabilities, who finds more of the wrong labels? For every case of the
 * quality suite where cleanlab ran (bench/quality/run.sh --methods cleanlab-insample,cleanlab-cv5
 * writes the probabilities it saw as <case>/<method>.probs.csv), runs
 * `labelsleuth audit --probs <that file> --truth <the case's truth>` and prints both side by side.
 *
 *   node bench/quality/byom-vs-cleanlab.mjs [--out bench/out/quality]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './cases.mjs';

const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'bench', 'out', 'quality') } } });
const bin = join(ROOT, 'bin', 'labelsleuth.js');
const rows = [];
for (const c of readdirSync(values.out).sort()) {
  for (const method of ['cleanlab-insample', 'cleanlab-cv5']) {
    const probs = join(values.out, c, `${method}.probs.csv`);
    const result = join(values.out, c, `${method}.json`);
    if (!existsSync(probs) || !existsSync(result)) continue;
    const peer = JSON.parse(readFileSync(result, 'utf8'));
    const out = join(mkdtempSync(join(tmpdir(), 'ls-byom-')), 'report');
    const started = performance.now();
    execFileSync(process.execPath, [bin, 'audit', '--probs', probs, '--truth', join(ROOT, peer.case.truth), '--out', out, '--quiet'], { stdio: 'ignore' });
    const seconds = (performance.now() - started) / 1000;
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const m = report.evaluation.metrics;
    rows.push({
      case: c,
      method,
      ls: { auroc: m.auroc, f1: m.mask.f1, flagged: m.mask.tp + m.mask.fp, tp: m.mask.tp, fp: m.mask.fp },
      cl: peer.metrics,
      noisy: peer.metrics.trueNoisy,
      seconds,
    });
  }
}
const f = (v) => (v === null || v === undefined ? '-' : v.toFixed(3));
console.log('| case | probabilities | labelsleuth AUROC / F1 (tp / fp) | cleanlab AUROC / F1 (tp / fp) |');
console.log('|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.case} | ${r.method.replace('cleanlab-', '')} | ${f(r.ls.auroc)} / ${f(r.ls.f1)} (${r.ls.tp} / ${r.ls.fp}) | ${f(r.cl.auroc)} / ${f(r.cl.f1)} (${r.cl.tp} / ${r.cl.fp}) |`,
  );
for (const method of ['cleanlab-insample', 'cleanlab-cv5']) {
  const noisy = rows.filter((r) => r.method === method && r.noisy > 0);
  const clean = rows.filter((r) => r.method === method && r.noisy === 0);
  const mean = (xs, g) => xs.reduce((a, x) => a + g(x), 0) / Math.max(1, xs.length);
  const better = noisy.filter((r) => r.ls.f1 >= r.cl.f1).length;
  console.log(
    `\n${method}: ${noisy.length} noisy cases, labelsleuth F1 ${f(mean(noisy, (r) => r.ls.f1))} vs cleanlab ${f(mean(noisy, (r) => r.cl.f1))}; ` +
      `AUROC ${f(mean(noisy, (r) => r.ls.auroc))} vs ${f(mean(noisy, (r) => r.cl.auroc))}; F1 >= cleanlab's on ${better}; ` +
      `clean cases flagged ${mean(clean, (r) => r.ls.flagged).toFixed(1)} vs ${mean(clean, (r) => r.cl.flagged).toFixed(1)} rows on average`,
  );
}
