#!/usr/bin/env node
/**
 * Given the very same probabilities, who finds more of the wrong labels? For every case of the
 * quality suite where cleanlab ran (bench/quality/run.sh --methods cleanlab-insample,cleanlab-cv5
 * writes the probabilities it saw as <case>/<method>.probs.csv), runs
 * `labelsleuth audit --probs <that file> --truth <the case's truth>` and prints both side by side.
 * Then, from per-epoch losses alone: the paper's recipe in PyTorch writes the very losses its
 * mixture saw as <case>/paper-last.losses.csv (one column per epoch); `labelsleuth audit --losses`
 * on that file is set against the recipe's own AUROC (last-epoch BMM) on the same losses.
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
      pair: `${probs} ${join(out, 'samples.csv')}`,
      heldBack: report.estimate.clarity?.heldBack ?? 0,
    });
  }
}
const lossRows = [];
for (const c of readdirSync(values.out).sort()) {
  const losses = join(values.out, c, 'paper-last.losses.csv');
  const result = join(values.out, c, 'paper-last.json');
  if (!existsSync(losses) || !existsSync(result)) continue;
  const peer = JSON.parse(readFileSync(result, 'utf8'));
  const out = join(mkdtempSync(join(tmpdir(), 'ls-byom-')), 'report');
  execFileSync(process.execPath, [bin, 'audit', '--losses', losses, '--truth', join(ROOT, peer.case.truth), '--out', out, '--quiet'], { stdio: 'ignore' });
  const m = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).evaluation.metrics;
  lossRows.push({ case: c, ls: { auroc: m.auroc, ap: m.averagePrecision, f1: m.mask.f1 }, paper: peer.metrics });
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
  // report.json keeps 7 significant digits: equal F1s differ below that.
  const better = noisy.filter((r) => r.ls.f1 >= r.cl.f1 - 1e-6).length;
  const dominates = noisy.filter((r) => r.ls.tp >= r.cl.tp && r.ls.fp <= r.cl.fp).length;
  console.log(
    `\n${method}: ${noisy.length} noisy cases, labelsleuth F1 ${f(mean(noisy, (r) => r.ls.f1))} vs cleanlab ${f(mean(noisy, (r) => r.cl.f1))}; ` +
      `AUROC ${f(mean(noisy, (r) => r.ls.auroc))} vs ${f(mean(noisy, (r) => r.cl.auroc))}; F1 >= cleanlab's on ${better}; as many found with no more false alarms on ${dominates}; ` +
      `clean cases flagged ${mean(clean, (r) => r.ls.flagged).toFixed(1)} vs ${mean(clean, (r) => r.cl.flagged).toFixed(1)} rows on average`,
  );
}

// The same bytes on both sides: cleanlab run on the very file labelsleuth read, flags compared id for id.
const python = process.env.PYTHON ?? '/usr/bin/python3';
const exact = execFileSync(python, [join(ROOT, 'bench', 'quality', 'cleanlab_on_file.py')], { input: rows.map((r) => r.pair).join('\n'), encoding: 'utf8', maxBuffer: 1 << 26 })
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
const same = exact.filter((e) => e.onlyCleanlab.length === 0 && e.onlyLabelsleuth.length === 0).length;
// The other way they may differ by design: labelsleuth's clean-data guard for one model holds back
// flags of a small margin below 10% estimated noise (estimate.clarity.heldBack).
const guarded = exact.filter((e, i) => e.onlyLabelsleuth.length === 0 && rows[i].heldBack > 0 && e.cleanlab - e.labelsleuth === rows[i].heldBack);
const differ = exact.filter((e) => !(e.onlyCleanlab.length === 0 && e.onlyLabelsleuth.length === 0) && !guarded.includes(e));
console.log(
  `\ncleanlab on the very files labelsleuth read (${exact.length} case x probabilities): the same flagged ids on ${same}; ` +
    `cleanlab's ids less exactly those the clean-data guard held back on ${guarded.length}; otherwise different on ${differ.length}`,
);
for (const e of differ)
  console.log(
    `  differs: ${e.probs}: cleanlab ${e.cleanlab}, labelsleuth ${e.labelsleuth}; only cleanlab ${e.onlyCleanlab.join(' ')}; only labelsleuth ${e.onlyLabelsleuth.join(' ')}`,
  );

if (lossRows.length > 0) {
  console.log("\n| case | from the recipe's per-epoch losses: labelsleuth AUROC / AP / F1 | the paper's recipe (last-epoch BMM) AUROC / AP / F1 |");
  console.log('|---|---|---|');
  for (const r of lossRows) console.log(`| ${r.case} | ${f(r.ls.auroc)} / ${f(r.ls.ap)} / ${f(r.ls.f1)} | ${f(r.paper.auroc)} / ${f(r.paper.ap)} / ${f(r.paper.f1)} |`);
  const noisy = lossRows.filter((r) => r.paper.trueNoisy > 0);
  const mean = (g) => noisy.reduce((a, x) => a + g(x), 0) / Math.max(1, noisy.length);
  const atLeast = noisy.filter((r) => r.ls.auroc >= r.paper.auroc - 0.002).length;
  console.log(
    `\nper-epoch losses: ${noisy.length} noisy cases, labelsleuth AUROC ${f(mean((r) => r.ls.auroc))} vs the recipe's ${f(mean((r) => r.paper.auroc))}; ` +
      `at least the recipe's (less 0.002, the quality issue's tolerance) on ${atLeast}; F1 ${f(mean((r) => r.ls.f1))} vs ${f(mean((r) => r.paper.f1))}`,
  );
}
