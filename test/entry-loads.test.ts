/**
 * The core entry and the CLI's cheap paths must not pay for a training stack they never use:
 * `labelsleuth/core`, the main entry itself, and `labelsleuth --help` load no TensorFlow.js and no
 * sharp. Each case runs in a fresh child process whose module loads are traced.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const trace = fileURLToPath(new URL('./support/load-trace.mjs', import.meta.url));
const heavy = /\/node_modules\/(@tensorflow\/|sharp\/|@img\/)/;

function loadedBy(args: readonly string[]): string[] {
  const file = join(mkdtempSync(join(tmpdir(), 'labelsleuth-loads-')), 'trace.txt');
  const r = spawnSync(process.execPath, ['--import', trace, ...args], {
    cwd: root,
    env: { ...process.env, LABELSLEUTH_LOAD_TRACE: file, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

const importing = (specifier: string, use = '') => ['--input-type=module', '-e', `const m = await import('${specifier}'); ${use}`];

describe('what each entry loads', () => {
  it('the trace sees tfjs and sharp when they do load (the test can fail)', () => {
    const urls = loadedBy(importing('labelsleuth', "await m.initBackend('cpu'); await import('sharp');"));
    expect(urls.some((u) => u.includes('/node_modules/@tensorflow/tfjs-core/'))).toBe(true);
    expect(urls.some((u) => u.includes('/node_modules/sharp/'))).toBe(true);
  });

  it('labelsleuth/core loads neither tfjs nor sharp, and works', () => {
    const urls = loadedBy(
      importing(
        'labelsleuth/core',
        "const f = m.fitLossMixture(Array.from({ length: 200 }, (_, i) => (i < 160 ? 0.1 : 3) + (i % 7) / 50)); if (f.status !== 'fitted') process.exit(3);",
      ),
    );
    expect(urls.some((u) => u.endsWith('/dist/core.js'))).toBe(true);
    expect(urls.filter((u) => heavy.test(u))).toEqual([]);
  });

  it('the main entry loads neither until a call needs them', () => {
    const urls = loadedBy(importing('labelsleuth', "if (typeof m.runAudit !== 'function') process.exit(3);"));
    expect(urls.some((u) => u.endsWith('/dist/index.js'))).toBe(true);
    expect(urls.filter((u) => heavy.test(u))).toEqual([]);
  });

  it('audit --probs (another model’s probabilities) loads neither: nothing is trained or decoded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labelsleuth-probs-'));
    const rows = Array.from({ length: 40 }, (_, i) => `s${i},${i % 2 ? 'b' : 'a'},${i % 2 ? '0.2,0.8' : '0.7,0.3'}`);
    writeFileSync(join(dir, 'probs.csv'), `id,given_label,a,b\n${rows.join('\n')}\n`);
    const urls = loadedBy(['bin/labelsleuth.js', 'audit', '--probs', join(dir, 'probs.csv'), '--out', join(dir, 'out')]);
    expect(urls.some((u) => u.endsWith('/dist/pipeline/find-label-issues.js'))).toBe(true);
    expect(urls.filter((u) => heavy.test(u))).toEqual([]);
    // The Parquet reader loads only for a Parquet file.
    expect(urls.filter((u) => u.includes('/node_modules/hyparquet'))).toEqual([]);
  });

  it('audit --probs on a Parquet folder and --losses load neither; the Parquet reader loads only then', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labelsleuth-parquet-'));
    const parquet = loadedBy(['bin/labelsleuth.js', 'audit', '--probs', 'fixtures/byom/spark/probs', '--out', join(dir, 'a')]);
    expect(parquet.some((u) => u.includes('/node_modules/hyparquet/'))).toBe(true);
    expect(parquet.filter((u) => heavy.test(u))).toEqual([]);
    const losses = loadedBy(['bin/labelsleuth.js', 'audit', '--losses', 'fixtures/byom/pytorch/losses.csv', '--out', join(dir, 'b')]);
    expect(losses.filter((u) => heavy.test(u) || u.includes('/node_modules/hyparquet'))).toEqual([]);
  });

  it('inspect loads no tfjs (nor sharp for a table), and tfjs not for images either', () => {
    const table = loadedBy(['bin/labelsleuth.js', 'inspect', 'fixtures/formats/table.csv']);
    expect(table.some((u) => u.endsWith('/dist/pipeline/inspect.js'))).toBe(true);
    expect(table.filter((u) => heavy.test(u))).toEqual([]);
    const images = loadedBy(['bin/labelsleuth.js', 'inspect', 'fixtures/formats/images-split', '--json']);
    expect(images.some((u) => u.includes('/node_modules/sharp/'))).toBe(true);
    expect(images.filter((u) => u.includes('/node_modules/@tensorflow/'))).toEqual([]);
  });

  it.each([['--help'], ['inspect', '--help'], ['audit', '--help'], ['retrain', '--help'], ['predict', '--help'], ['clean', '--help'], ['review', '--help']])(
    'labelsleuth %s loads neither',
    (...args) => {
      const urls = loadedBy(['bin/labelsleuth.js', ...args]);
      expect(urls.filter((u) => heavy.test(u))).toEqual([]);
    },
  );
});
