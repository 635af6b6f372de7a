#!/usr/bin/env node
/**
 * Markdown tables from the detection-quality suite's JSONs (bench/out/quality/<case>/<method>.json).
 *
 *   node bench/quality/table.mjs [--out bench/out/quality] [--config bench/quality/methods.json] [--no-long]
 *   node bench/quality/table.mjs --spread bench/out/quality-seed2     (run-to-run spread against a second run)
 *
 * Prints: AUROC and F1 by case and method (the best of each row in bold), the means by noise kind,
 * the clean (0%) cases' false alarms and estimates, estimated vs true counts, wall seconds, where
 * the baseline method (labelsleuth's default) is behind the best peer, and (unless --no-long) one
 * row per (case, method) with every metric.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { NOISES, ROOT } from './cases.mjs';

const DATASET_ORDER = ['vowel', 'soybean', 'vehicle', 'dna', 'digits'];
const GROUP_ORDER = ['table', 'fmnist', 'images'];

export function loadResults(out) {
  const results = [];
  if (!existsSync(out)) return results;
  for (const d of readdirSync(out, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name.startsWith('.')) continue;
    for (const f of readdirSync(join(out, d.name))) {
      if (!f.endsWith('.json')) continue;
      const r = JSON.parse(readFileSync(join(out, d.name, f), 'utf8'));
      if (r.kind === 'labelsleuth-quality-result') results.push(r);
    }
  }
  return results;
}

const noiseIndex = (n) => NOISES.findIndex((x) => x.name === n);
function caseOrder(a, b) {
  const g = GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group);
  if (g) return g;
  const da = DATASET_ORDER.indexOf(a.dataset);
  const db = DATASET_ORDER.indexOf(b.dataset);
  if (da !== db) return (da < 0 ? 99 : da) - (db < 0 ? 99 : db) || a.dataset.localeCompare(b.dataset);
  if (a.dataset !== b.dataset) return a.dataset.localeCompare(b.dataset);
  return noiseIndex(a.noise.name) - noiseIndex(b.noise.name);
}

const f3 = (v) => (v === null || v === undefined ? '-' : v.toFixed(3));
const int = (v) => (v === null || v === undefined ? '-' : Math.round(v).toLocaleString('en'));
const secs = (v) => (v === null || v === undefined ? '-' : v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en'));
const mean = (xs) => {
  const v = xs.filter((x) => x !== null && x !== undefined);
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
};

/** Rows: cases; columns: methods; cell(r) -> number; the best (max or min) of a row in bold. */
function matrix(cases, methods, get, cell, { best = 'max', format = f3, meanRow = true } = {}) {
  const head = `| case | ${methods.join(' | ')} |\n|---|${methods.map(() => '---|').join('')}\n`;
  const body = cases.map((c) => {
    const vals = methods.map((m) => {
      const r = get(c.name, m);
      return r ? cell(r) : null;
    });
    const present = vals.filter((v) => v !== null && v !== undefined);
    const top = present.length > 1 ? (best === 'max' ? Math.max(...present) : Math.min(...present)) : null;
    const cells = vals.map((v) => (v === null || v === undefined ? '-' : format(v) === format(top) && top !== null ? `**${format(v)}**` : format(v)));
    return `| ${c.name} | ${cells.join(' | ')} |`;
  });
  if (meanRow) {
    const means = methods.map((m) =>
      mean(
        cases.map((c) => {
          const r = get(c.name, m);
          return r ? cell(r) : null;
        }),
      ),
    );
    body.push(`| **mean** | ${means.map((v) => (v === null ? '-' : format(v))).join(' | ')} |`);
  }
  return `${head}${body.join('\n')}\n`;
}

export function renderTables(out, { config, long = true } = {}) {
  const results = loadResults(out);
  if (results.length === 0) return `No results in ${out}.\n`;
  const cfgMethods = config?.methods ?? [];
  const names = [...new Set(results.map((r) => r.method.name))];
  const order = (m) => {
    const i = cfgMethods.findIndex((x) => x.name === m);
    return i < 0 ? 999 : i;
  };
  const methods = names.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const byKey = new Map(results.map((r) => [`${r.case.name}\t${r.method.name}`, r]));
  const get = (c, m) => byKey.get(`${c}\t${m}`);
  const caseMap = new Map();
  for (const r of results) caseMap.set(r.case.name, r.case);
  const cases = [...caseMap.values()].sort(caseOrder);
  const noisy = cases.filter((c) => c.noise.rate > 0);
  const clean = cases.filter((c) => c.noise.rate === 0);
  const cfgOf = (m) => cfgMethods.find((x) => x.name === m) ?? results.find((r) => r.method.name === m)?.method ?? {};
  const baseline = methods.find((m) => cfgOf(m).baseline) ?? 'labelsleuth';
  const peers = methods.filter((m) => cfgOf(m).peer);

  let md = '';
  md += `Methods: ${methods.map((m) => `\`${m}\`${m === baseline ? ' (baseline)' : peers.includes(m) ? ' (peer)' : ''}`).join(', ')}. `;
  md += `${cases.length} cases, ${results.length} results. Bold: the best of a row.\n\n`;

  if (noisy.length) {
    md += `**AUROC** of each method's score against the true wrong labels (1 = perfect ranking, 0.5 = chance):\n\n`;
    md += matrix(noisy, methods, get, (r) => r.metrics.auroc);
    md += `\n**F1** of each method's own flags (mixtures: p_noisy >= 0.5; cleanlab: find_label_issues):\n\n`;
    md += matrix(noisy, methods, get, (r) => r.metrics.f1);
    md += `\n**Average precision**:\n\n`;
    md += matrix(noisy, methods, get, (r) => r.metrics.ap);

    const kinds = NOISES.filter((n) => noisy.some((c) => c.noise.name === n.name));
    md += `\n**Means by noise kind** over the datasets that have it (AUROC / F1):\n\n`;
    md += `| noise | cases | ${methods.join(' | ')} |\n|---|---|${methods.map(() => '---|').join('')}\n`;
    for (const k of kinds) {
      const cs = noisy.filter((c) => c.noise.name === k.name);
      const cells = methods.map((m) => {
        const a = mean(cs.map((c) => get(c.name, m)?.metrics.auroc));
        const f = mean(cs.map((c) => get(c.name, m)?.metrics.f1));
        return `${f3(a)} / ${f3(f)}`;
      });
      md += `| ${k.label} | ${cs.length} | ${cells.join(' | ')} |\n`;
    }

    md += `\n**Estimated number of wrong labels** (labelsleuth and the mixtures: sum of p_noisy; cleanlab: num_label_issues, calibrated) against the true number:\n\n`;
    md += `| case | true | ${methods.join(' | ')} |\n|---|---|${methods.map(() => '---|').join('')}\n`;
    for (const c of noisy) {
      const t = methods.map((m) => get(c.name, m)).find(Boolean)?.metrics.trueNoisy;
      md += `| ${c.name} | ${int(t)} | ${methods.map((m) => int(get(c.name, m)?.estimate?.count)).join(' | ')} |\n`;
    }
    md += `| **mean abs. error / true** | | ${methods
      .map((m) => {
        const e = mean(
          noisy.map((c) => {
            const r = get(c.name, m);
            return r && r.estimate?.count !== undefined ? Math.abs(r.estimate.count - r.metrics.trueNoisy) / r.metrics.trueNoisy : null;
          }),
        );
        return e === null ? '-' : `${(100 * e).toFixed(0)}%`;
      })
      .join(' | ')} |\n`;
  }

  if (clean.length) {
    md += `\n**Clean data (0%)**: flagged / estimated wrong labels (every flag is a false alarm; fewer is better):\n\n`;
    md += `| case | rows | ${methods.join(' | ')} |\n|---|---|${methods.map(() => '---|').join('')}\n`;
    for (const c of clean) {
      md += `| ${c.name} | ${int(c.rows)} | ${methods
        .map((m) => {
          const r = get(c.name, m);
          return r ? `${int(r.metrics.flagged)} / ${int(r.estimate?.count)}` : '-';
        })
        .join(' | ')} |\n`;
    }
  }

  md += `\n**Wall seconds** per (case, method) on one thread (torch methods: from process start, incl. imports; cleanlab-cv5: 5 trainings):\n\n`;
  md += matrix(cases, methods, get, (r) => r.seconds?.total, { best: 'min', format: secs, meanRow: false });
  const totals = methods.map((m) => cases.reduce((s, c) => s + (get(c.name, m)?.seconds?.total ?? 0), 0));
  md += `| **sum** | ${totals.map(secs).join(' | ')} |\n`;

  if (noisy.length && peers.length && methods.includes(baseline)) {
    const gaps = [];
    md += `\n**Where \`${baseline}\` is behind the best peer** (${peers.map((p) => `\`${p}\``).join(', ')}); gap = best peer - ${baseline}:\n\n`;
    md += `| case | AUROC ${baseline} | best peer AUROC | gap | F1 ${baseline} | best peer F1 | gap |\n|---|---|---|---|---|---|---|\n`;
    for (const c of noisy) {
      const b = get(c.name, baseline);
      if (!b) continue;
      const bestOf = (key) =>
        peers
          .map((p) => [p, get(c.name, p)?.metrics[key]])
          .filter(([, v]) => v !== null && v !== undefined)
          .sort((x, y) => y[1] - x[1])[0];
      const pa = bestOf('auroc');
      const pf = bestOf('f1');
      const ga = pa && b.metrics.auroc !== null ? pa[1] - b.metrics.auroc : null;
      const gf = pf && b.metrics.f1 !== null ? pf[1] - b.metrics.f1 : null;
      if (ga !== null) gaps.push({ c: c.name, metric: 'AUROC', base: b.metrics.auroc, peer: pa[0], value: pa[1], gap: ga });
      if (gf !== null) gaps.push({ c: c.name, metric: 'F1', base: b.metrics.f1, peer: pf[0], value: pf[1], gap: gf });
      const g = (v) => (v === null ? '-' : v > 0 ? `**${v.toFixed(3)}**` : v.toFixed(3));
      md += `| ${c.name} | ${f3(b.metrics.auroc)} | ${pa ? `${f3(pa[1])} (${pa[0]})` : '-'} | ${g(ga)} | ${f3(b.metrics.f1)} | ${pf ? `${f3(pf[1])} (${pf[0]})` : '-'} | ${g(gf)} |\n`;
    }
    const behind = gaps.filter((x) => x.gap > 0).sort((x, y) => y.gap - x.gap);
    md += `\nBehind on ${behind.filter((x) => x.metric === 'AUROC').length} of ${noisy.length} noisy cases in AUROC and ${behind.filter((x) => x.metric === 'F1').length} in F1. The largest gaps:\n\n`;
    md += `| # | case | metric | ${baseline} | best peer | gap |\n|---|---|---|---|---|---|\n`;
    behind.slice(0, 10).forEach((x, i) => {
      md += `| ${i + 1} | ${x.c} | ${x.metric} | ${f3(x.base)} | ${f3(x.value)} (${x.peer}) | ${x.gap.toFixed(3)} |\n`;
    });
  }

  if (long) {
    md += `\n**Every result** (P, R, F1 of the method's own flags; est. = estimated wrong labels; s = wall seconds):\n\n`;
    md += `| case | method | AUROC | AP | P | R | F1 | P@k | flagged | est. | true | s |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n`;
    for (const c of cases) {
      for (const m of methods) {
        const r = get(c.name, m);
        if (!r) continue;
        const x = r.metrics;
        md += `| ${c.name} | ${m} | ${f3(x.auroc)} | ${f3(x.ap)} | ${f3(x.precision)} | ${f3(x.recall)} | ${f3(x.f1)} | ${f3(x.precisionAtK)} | ${int(x.flagged)} | ${int(r.estimate?.count)} | ${int(x.trueNoisy)} | ${secs(r.seconds?.total)} |\n`;
      }
    }
  }
  return md;
}

/**
 * Run-to-run spread: the same cases and methods in two result folders (e.g. run.mjs --train-seed 2
 * --out bench/out/quality-seed2): mean and largest |difference| of AUROC and F1 per method and
 * case group, and the baseline's gaps to the best peer in both.
 */
export function renderSpread(outA, outB, { config } = {}) {
  const a = loadResults(outA);
  const b = new Map(loadResults(outB).map((r) => [`${r.case.name}\t${r.method.name}`, r]));
  const cfgMethods = config?.methods ?? [];
  const rows = new Map();
  for (const r of a) {
    const o = b.get(`${r.case.name}\t${r.method.name}`);
    if (!o || r.case.noise.rate === 0) continue;
    const key = `${r.method.name}\t${r.case.group}`;
    if (!rows.has(key)) rows.set(key, { method: r.method.name, group: r.case.group, da: [], df: [] });
    const row = rows.get(key);
    if (r.metrics.auroc !== null && o.metrics.auroc !== null) row.da.push(Math.abs(r.metrics.auroc - o.metrics.auroc));
    if (r.metrics.f1 !== null && o.metrics.f1 !== null) row.df.push(Math.abs(r.metrics.f1 - o.metrics.f1));
  }
  const order = (m) => {
    const i = cfgMethods.findIndex((x) => x.name === m);
    return i < 0 ? 999 : i;
  };
  const list = [...rows.values()].sort((x, y) => order(x.method) - order(y.method) || GROUP_ORDER.indexOf(x.group) - GROUP_ORDER.indexOf(y.group));
  let md = `Run-to-run spread between ${outA} and ${outB} (noisy cases): |difference| of AUROC and F1, mean / largest:\n\n`;
  md += '| method | cases | n | AUROC mean | AUROC max | F1 mean | F1 max |\n|---|---|---|---|---|---|---|\n';
  for (const r of list) {
    md += `| ${r.method} | ${r.group} | ${r.da.length} | ${f3(mean(r.da))} | ${f3(r.da.length ? Math.max(...r.da) : null)} | ${f3(mean(r.df))} | ${f3(r.df.length ? Math.max(...r.df) : null)} |\n`;
  }
  return md;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(ROOT, 'bench', 'out', 'quality') },
      config: { type: 'string', default: join(ROOT, 'bench', 'quality', 'methods.json') },
      'no-long': { type: 'boolean', default: false },
      spread: { type: 'string' },
    },
  });
  const config = JSON.parse(readFileSync(values.config, 'utf8'));
  if (values.spread) process.stdout.write(renderSpread(resolve(values.out), resolve(values.spread), { config }));
  else process.stdout.write(renderTables(resolve(values.out), { config, long: !values['no-long'] }));
}
