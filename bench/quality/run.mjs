#!/usr/bin/env node
/**
 * The detection-quality suite, in one command: builds every case (make-cases.mjs), runs every
 * method of methods.json on it, writes one JSON per (case, method) and the markdown tables.
 *
 *   bash bench/quality/run.sh [options]          (sets one thread everywhere, builds dist/ if missing)
 *   node bench/quality/run.mjs [options]
 *
 * Options (lists are comma-separated; a dataset list may name groups: table, fmnist, images):
 *   --datasets vowel,dna    only these datasets (default: all tables and Fashion-MNIST CSV)
 *   --noise n0,sym40        only these noise kinds (n0 sym5 sym10 sym20 sym40 sym60 pf30 inst30)
 *   --methods a,b           only these methods (default: those marked "default" in methods.json)
 *   --config FILE           another method list (default: bench/quality/methods.json)
 *   --with-images           add the Fashion-MNIST PNG cases (CNN; slow: ~10 min per case)
 *   --fmnist-total N        rows of the Fashion-MNIST CSV cases (default 10000)
 *   --images-total N        images of the PNG cases (default 5000)
 *   --out DIR               results (default bench/out/quality)
 *   --skip-existing         keep a (case, method) whose JSON is already there
 *   --cleanlab-src DIR      cleanlab's source tree (default $CLEANLAB_SRC or /work/cleanlab-src)
 *   --threads N             torch threads and LABELSLEUTH_WASM_THREADS (default 1)
 *   --train-seed N          seed of every method's training (labelsleuth --seed, torch's seed; default 1);
 *                           the cases keep their noise seed, so a second seed measures run-to-run spread
 *
 * Output: <out>/<case>/<method>.json (metrics, estimate, seconds, versions; scored by score.py)
 * and <method>.scores.csv (id,score,flagged[,rank]); <out>/run.json (what ran, versions, wall
 * time; every run is also appended to runs.jsonl); <out>/results.md (table.mjs, from every JSON in <out>). A failed method writes <method>.error.txt and the run goes on.
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, listCases } from './cases.mjs';
import { csvList, makeCase } from './make-cases.mjs';
import { renderTables } from './table.mjs';

const PY = '/usr/bin/python3';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string' },
    noise: { type: 'string' },
    methods: { type: 'string' },
    config: { type: 'string', default: join(ROOT, 'bench', 'quality', 'methods.json') },
    'with-images': { type: 'boolean', default: false },
    'fmnist-total': { type: 'string', default: '10000' },
    'images-total': { type: 'string', default: '5000' },
    out: { type: 'string', default: join(ROOT, 'bench', 'out', 'quality') },
    'skip-existing': { type: 'boolean', default: false },
    'cleanlab-src': { type: 'string', default: process.env.CLEANLAB_SRC ?? '/work/cleanlab-src' },
    threads: { type: 'string', default: '1' },
    'train-seed': { type: 'string', default: '1' },
  },
});

const out = resolve(values.out);
const threads = String(Number(values.threads) || 1);
const trainSeed = Number(values['train-seed']);
if (!Number.isInteger(trainSeed) || trainSeed < 0) {
  console.error(`--train-seed must be a whole number, got ${values['train-seed']}`);
  process.exit(2);
}
const config = JSON.parse(readFileSync(values.config, 'utf8'));
const wanted = csvList(values.methods);
for (const w of wanted) {
  if (!config.methods.some((m) => m.name === w)) {
    console.error(`--methods: no method '${w}' in ${values.config} (${config.methods.map((m) => m.name).join(', ')})`);
    process.exit(2);
  }
}
const methods = config.methods.filter((m) => (wanted.length ? wanted.includes(m.name) : m.default));
const cases = listCases({
  datasets: csvList(values.datasets),
  noise: csvList(values.noise),
  withImages: values['with-images'] || csvList(values.datasets).some((d) => d === 'images' || d.endsWith('png')),
  fmnistTotal: Number(values['fmnist-total']),
  imagesTotal: Number(values['images-total']),
});
if (cases.length === 0 || methods.length === 0) {
  console.error(`nothing to run: ${cases.length} cases, ${methods.length} methods`);
  process.exit(2);
}
if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
  console.error('dist/ is missing: run npm run build first');
  process.exit(2);
}
const needsCleanlab = methods.some((m) => m.kind === 'cleanlab');
if (needsCleanlab && !existsSync(join(values['cleanlab-src'], 'cleanlab', '__init__.py'))) {
  console.error(`${values['cleanlab-src']}: no cleanlab source tree; see bench/README.md (Detection-quality suite) for how to get it, or pass --cleanlab-src`);
  process.exit(2);
}

const env = {
  ...process.env,
  OMP_NUM_THREADS: threads,
  OPENBLAS_NUM_THREADS: threads,
  MKL_NUM_THREADS: threads,
  LABELSLEUTH_WASM_THREADS: process.env.LABELSLEUTH_WASM_THREADS ?? threads,
};

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

function versions() {
  const pkgs = [
    'r-cran-mlbench',
    'r-base-core',
    'python3-sklearn',
    'python3-pandas',
    'python3-numpy',
    'python3-scipy',
    'python3-torch',
    'libopenblas0-pthread',
    'dataset-fashion-mnist',
  ];
  const debian = {};
  for (const p of pkgs) debian[p] = sh('dpkg-query', ['-W', '-f', '$' + '{Version}', p]); // dpkg's own placeholder, not a template
  const commitFile = join(values['cleanlab-src'], '.commit');
  return {
    node: process.version,
    labelsleuth: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
    labelsleuthCommit: sh('git', ['rev-parse', 'HEAD']),
    labelsleuthDirty: (sh('git', ['status', '--porcelain', '--', 'src', 'bin', 'package.json']) ?? '') !== '',
    cleanlabSrc: needsCleanlab ? values['cleanlab-src'] : null,
    cleanlabCommit: needsCleanlab && existsSync(commitFile) ? readFileSync(commitFile, 'utf8').trim() : null,
    debian,
  };
}

function caseInfo(c, manifest) {
  return {
    name: c.name,
    dataset: c.dataset.name,
    group: c.dataset.group,
    from: c.dataset.from,
    shape: c.dataset.shape,
    noise: c.noise,
    rows: manifest.rows,
    flipped: manifest.flipped,
    data: relative(ROOT, c.data),
    truth: relative(ROOT, c.truth),
    truthSha256: manifest.truthSha256,
  };
}

const appliesTo = (m, c) => !m.groups || m.groups.includes(c.dataset.group);

function runLabelsleuth(c, info, m, dir, vers) {
  const tmp = join(out, '.tmp', `${c.name}--${m.name}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(out, '.tmp'), { recursive: true });
  const seed = (m.args ?? []).includes('--seed') || trainSeed === 1 ? [] : ['--seed', String(trainSeed)];
  const args = ['bin/labelsleuth.js', 'audit', c.data, ...(c.isFolder ? [] : ['--id', 'id']), '--truth', c.truth, '--out', tmp, '--quiet', ...(m.args ?? []), ...seed];
  const t0 = performance.now();
  const r = spawnSync('node', args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`labelsleuth exited ${r.status}: ${r.stderr.trim().split('\n').slice(-5).join('\n')}`);
  const report = JSON.parse(readFileSync(join(tmp, 'report.json'), 'utf8'));
  const scores = join(dir, `${m.name}.scores.csv`);
  const q = (s) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  writeFileSync(scores, `id,score,flagged,rank\n${report.samples.map((s) => `${q(String(s.id))},${s.pNoisy},${s.flagged ? 1 : 0},${s.rank}`).join('\n')}\n`);
  const ev = report.evaluation?.metrics;
  const meta = {
    case: info,
    method: { name: m.name, kind: m.kind, spec: m, peer: Boolean(m.peer), baseline: Boolean(m.baseline) },
    command: ['node', ...args.map((a) => (a.startsWith('/') ? relative(ROOT, a) : a))].join(' '),
    settings: { ...report.settings, backend: report.backend },
    estimate: {
      count: report.estimate.expectedWrongLabels,
      share: report.estimate.noiseFraction,
      how: 'report.json estimate.expectedWrongLabels (sum of p_noisy)',
    },
    seconds: { total: wall, load: report.timing.loadSeconds, train: report.timing.trainSeconds, audit: report.timing.totalSeconds },
    extra: {
      reported: ev ? { auroc: ev.auroc, ap: ev.averagePrecision, f1: ev.mask.f1, flagged: ev.mask.flagged, bestF1: ev.bestF1 } : null,
      mixture: report.mixture
        ? { clean: report.mixture.clean, noisy: report.mixture.noisy, noiseDetected: report.mixture.noiseDetected, cleanOnlyCheck: report.mixture.cleanOnlyCheck }
        : null,
      finalEpoch: report.epochs?.at(-1) ? { trainLoss: report.epochs.at(-1).trainLoss, agreement: report.epochs.at(-1).agreement ?? report.epochs.at(-1).accuracy ?? null } : null,
      // Without the one-per-column 'treated as categorical' notes, which say nothing about detection.
      warnings: report.warnings.filter((w) => !/^column '.*' has non-numeric values/.test(w)),
      categoricalColumnNotes: report.warnings.filter((w) => /^column '.*' has non-numeric values/.test(w)).length,
    },
    versions: { node: vers.node, labelsleuth: vers.labelsleuth, commit: vers.labelsleuthCommit, dirty: vers.labelsleuthDirty },
    scores: relative(ROOT, scores),
  };
  const metaPath = join(dir, `${m.name}.meta.json`);
  writeFileSync(metaPath, JSON.stringify(meta));
  const s = spawnSync(PY, [join(ROOT, 'bench', 'quality', 'score.py'), '--scores', scores, '--truth', c.truth, '--meta', metaPath, '--out', join(dir, `${m.name}.json`)], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  rmSync(metaPath, { force: true });
  rmSync(tmp, { recursive: true, force: true });
  if (s.status !== 0) throw new Error(`score.py exited ${s.status}: ${s.stderr.trim()}`);
}

function runPython(c, info, ms) {
  const args = [
    join(ROOT, 'bench', 'quality', 'torch_methods.py'),
    '--data',
    c.data,
    '--truth',
    c.truth,
    '--case-json',
    JSON.stringify(info),
    '--methods-json',
    JSON.stringify(ms.map((m) => (trainSeed === 1 || m.train?.seed !== undefined ? m : { ...m, train: { ...m.train, seed: trainSeed } }))),
    '--out-dir',
    out,
    '--threads',
    threads,
    '--cleanlab-src',
    values['cleanlab-src'],
  ];
  const r = spawnSync(PY, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`torch_methods.py exited ${r.status}: ${r.stderr.trim().split('\n').slice(-8).join('\n')}`);
  return r.stderr;
}

const fmt = (v) => (v === null || v === undefined ? '-' : v.toFixed(4));
function line(dir, name) {
  const p = join(dir, `${name}.json`);
  if (!existsSync(p)) return `${name}: (no result)`;
  const r = JSON.parse(readFileSync(p, 'utf8'));
  const m = r.metrics;
  return `${r.case.name} ${name}: AUROC ${fmt(m.auroc)} F1 ${fmt(m.f1)} flagged ${m.flagged} est ${Math.round(r.estimate.count)} true ${m.trueNoisy} ${r.seconds.total.toFixed(1)}s`;
}

const started = new Date();
const t0 = performance.now();
mkdirSync(out, { recursive: true });
const vers = versions();
const failures = [];
console.error(`${cases.length} cases x ${methods.length} methods (${methods.map((m) => m.name).join(', ')}) -> ${relative(ROOT, out) || out}/`);
for (const [i, c] of cases.entries()) {
  const manifest = makeCase(c);
  const info = caseInfo(c, manifest);
  const dir = join(out, c.name);
  mkdirSync(dir, { recursive: true });
  const todo = methods.filter((m) => appliesTo(m, c) && !(values['skip-existing'] && existsSync(join(dir, `${m.name}.json`))));
  const tc = performance.now();
  for (const m of todo.filter((x) => x.kind === 'labelsleuth')) {
    rmSync(join(dir, `${m.name}.error.txt`), { force: true });
    try {
      runLabelsleuth(c, info, m, dir, vers);
      console.error(`  ${line(dir, m.name)}`);
    } catch (e) {
      failures.push(`${c.name} ${m.name}`);
      writeFileSync(join(dir, `${m.name}.error.txt`), `${e.stack ?? e}\n`);
      console.error(`  ${c.name} ${m.name}: FAILED (${String(e.message).split('\n')[0]})`);
    }
  }
  const py = todo.filter((x) => x.kind === 'torch' || x.kind === 'cleanlab');
  if (py.length) {
    for (const m of py) rmSync(join(dir, `${m.name}.error.txt`), { force: true });
    try {
      runPython(c, info, py);
      for (const m of py) console.error(`  ${line(dir, m.name)}`);
    } catch (e) {
      for (const m of py) {
        failures.push(`${c.name} ${m.name}`);
        writeFileSync(join(dir, `${m.name}.error.txt`), `${e.stack ?? e}\n`);
      }
      console.error(`  ${c.name} ${py.map((m) => m.name).join(', ')}: FAILED (${String(e.message).split('\n')[0]})`);
    }
  }
  console.error(`[${i + 1}/${cases.length}] ${c.name} done in ${((performance.now() - tc) / 1000).toFixed(1)} s (${((performance.now() - t0) / 60000).toFixed(1)} min so far)`);
}
const wall = (performance.now() - t0) / 1000;
const run = {
  kind: 'labelsleuth-quality-run',
  started: started.toISOString(),
  wallSeconds: wall,
  options: values,
  threads: Number(threads),
  cases: cases.map((c) => c.name),
  methods,
  failures,
  versions: vers,
};
writeFileSync(join(out, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
writeFileSync(join(out, 'runs.jsonl'), `${JSON.stringify(run)}\n`, { flag: 'a' });
const md = renderTables(out, { config });
writeFileSync(join(out, 'results.md'), md);
process.stdout.write(md);
console.error(
  `done: ${cases.length} cases in ${(wall / 60).toFixed(1)} min; ${failures.length} failed${failures.length ? ` (${failures.join('; ')})` : ''}; ${join(out, 'results.md')}`,
);
process.exit(failures.length ? 1 : 0);
