#!/usr/bin/env node
/**
 * Builds the detection-quality suite's cases from Debian packages, by fixed seeds.
 *
 *   node bench/quality/make-cases.mjs [--datasets vowel,dna|table|fmnist] [--noise n0,sym40]
 *                                     [--with-images] [--fmnist-total 10000] [--images-total 5000] [--force]
 *
 * 1. Sources (clean labels), in bench/data/quality/src/:
 *    - vowel, soybean, vehicle, dna.csv (and satellite, letter5k, glass.csv outside the suite):
 *      r-cran-mlbench's .rda files via Rscript export-mlbench.R;
 *    - digits.csv: python3-sklearn's bundled digits via /usr/bin/python3 export-sklearn.py;
 *    - fmnist10k.csv: bench/make-fmnist.mjs --total 10000 --pool 1 --noise none --seed 1
 *      (dataset-fashion-mnist, train split, 784 pixel columns);
 *    - fmnist5kpng/: bench/make-fmnist-images.mjs --total 5000 --noise none --seed 1 (--with-images).
 *    Every table has the columns id,label,<features>.
 * 2. Cases, in bench/data/quality/cases/: `labelsleuth inject-noise <source> --kind K --rate R
 *    --seed 1` for every noise kind of cases.mjs, so the suite's noise is the tool's own
 *    (symmetric, pairflip in sorted class order, instance: ambiguous samples of a nearest-centroid
 *    reference model to their most confusable class). Each writes <case>.csv and
 *    <case>.truth.csv (id,true_label,noisy_label,is_noisy), or for images <case>/ with truth.csv.
 *    <case>.manifest.json records the command and the files' SHA-256, and a case whose manifest
 *    matches is not rebuilt (--force rebuilds).
 * Needs: npm run build (for bin/labelsleuth.js), and the apt packages of bench/README.md.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { CASES_DIR, FMNIST_SEED, NOISE_SEED, ROOT, SRC_DIR, listCases } from './cases.mjs';

const PY = '/usr/bin/python3';
const LS = join(ROOT, 'bin', 'labelsleuth.js');

export function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function run(cmd, args, opts = {}) {
  return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
}

function makeSource(c) {
  const d = c.dataset;
  if (existsSync(c.source)) return;
  mkdirSync(SRC_DIR, { recursive: true });
  if (['vowel', 'soybean', 'vehicle', 'dna', 'satellite', 'letter5k', 'glass'].includes(d.name)) {
    process.stderr.write(run('Rscript', [join('bench', 'quality', 'export-mlbench.R'), SRC_DIR]));
  } else if (d.name === 'digits') {
    process.stderr.write(run(PY, [join('bench', 'quality', 'export-sklearn.py'), SRC_DIR]));
  } else if (d.group === 'fmnist') {
    run('node', ['bench/make-fmnist.mjs', '--total', String(d.total), '--pool', '1', '--noise', 'none', '--seed', String(FMNIST_SEED), '--out', c.source]);
    process.stderr.write(`${d.name}: ${relative(ROOT, c.source)}\n`);
  } else if (d.group === 'images') {
    run('node', ['bench/make-fmnist-images.mjs', '--total', String(d.total), '--noise', 'none', '--seed', String(FMNIST_SEED), '--out', c.source]);
    process.stderr.write(`${d.name}: ${relative(ROOT, c.source)}/\n`);
  } else {
    throw new Error(`no recipe for the source of ${d.name}`);
  }
  if (!existsSync(c.source)) throw new Error(`${c.source} was not written`);
}

function injectArgs(c) {
  const args = ['inject-noise', c.source, '--kind', c.noise.kind, '--rate', String(c.noise.rate), '--seed', String(NOISE_SEED), '--out', c.data, '--force'];
  if (!c.isFolder) args.push('--id', 'id');
  return args;
}

function sourceDigest(c) {
  if (!c.isFolder) return sha256(c.source);
  // A folder: the digest of its files' names and digests.
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(`${relative(c.source, p)} ${sha256(p)}\n`);
    }
  };
  walk(c.source);
  return h.digest('hex');
}

function manifestPath(c) {
  return join(CASES_DIR, `${c.name}.manifest.json`);
}

/** Builds one case (and its source); returns its manifest. */
export function makeCase(c, { force = false } = {}) {
  makeSource(c);
  const command = ['node', 'bin/labelsleuth.js', ...injectArgs(c).map((a) => (a.startsWith('/') ? relative(ROOT, a) : a))].join(' ');
  const src = sourceDigest(c);
  const mp = manifestPath(c);
  if (!force && existsSync(mp) && existsSync(c.data) && existsSync(c.truth)) {
    const m = JSON.parse(readFileSync(mp, 'utf8'));
    if (m.command === command && m.sourceSha256 === src && m.truthSha256 === sha256(c.truth)) return m;
  }
  mkdirSync(CASES_DIR, { recursive: true });
  if (c.isFolder) rmSync(c.data, { recursive: true, force: true });
  const said = run('node', [LS, ...injectArgs(c)])
    .trim()
    .replaceAll(`${ROOT}/`, '');
  const truthRows = readFileSync(c.truth, 'utf8').trim().split('\n').slice(1);
  const flipped = truthRows.filter((r) => r.endsWith(',1')).length;
  const manifest = {
    case: c.name,
    dataset: c.dataset.name,
    from: c.dataset.from,
    shape: c.dataset.shape,
    noise: c.noise,
    seed: NOISE_SEED,
    command,
    source: relative(ROOT, c.source),
    sourceSha256: src,
    data: relative(ROOT, c.data),
    dataSha256: c.isFolder ? null : sha256(c.data),
    truth: relative(ROOT, c.truth),
    truthSha256: sha256(c.truth),
    rows: truthRows.length,
    flipped,
    injectNoiseSaid: said,
  };
  writeFileSync(mp, `${JSON.stringify(manifest, null, 2)}\n`);
  process.stderr.write(`${c.name}: ${truthRows.length} rows, ${flipped} flipped\n`);
  return manifest;
}

export function makeCases(cases, opts) {
  return cases.map((c) => makeCase(c, opts));
}

export const csvList = (s) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      datasets: { type: 'string' },
      noise: { type: 'string' },
      'with-images': { type: 'boolean', default: false },
      'fmnist-total': { type: 'string', default: '10000' },
      'images-total': { type: 'string', default: '5000' },
      force: { type: 'boolean', default: false },
    },
  });
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
    console.error("dist/ is missing: run npm run build first (inject-noise is labelsleuth's)");
    process.exit(2);
  }
  const cases = listCases({
    datasets: csvList(values.datasets),
    noise: csvList(values.noise),
    withImages: values['with-images'],
    fmnistTotal: Number(values['fmnist-total']),
    imagesTotal: Number(values['images-total']),
  });
  const t0 = performance.now();
  makeCases(cases, { force: values.force });
  console.error(`${cases.length} cases ready in ${relative(ROOT, CASES_DIR)}/ (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
