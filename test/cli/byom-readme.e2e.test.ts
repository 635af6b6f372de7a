/**
 * The README's "Bring your own model" snippets, each checked on a committed fixture in exactly the
 * layout that snippet writes (fixtures/byom/, made by bench/make-byom-fixtures.mjs): the command
 * the README gives reads it, names the format, and finds the known flips.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

const fx = resolve('fixtures/byom');
const readme = readFileSync(resolve('README.md'), 'utf8');

describe('README: bring your own model', () => {
  it.each([
    ['PyTorch per-epoch losses', ['--losses', 'pytorch/losses.csv'], 'csv, long, 6 epochs'],
    [
      'PyTorch final probabilities',
      ['--probs', 'pytorch/probs.npy', '--labels', 'pytorch/labels.npy', '--ids', 'pytorch/ids.txt', '--classes', 'cat,dog,fox'],
      'npy (float32, 240 x 3)',
    ],
    ['Keras', ['--probs', 'keras/probs.npy', '--labels', 'keras/labels.npy', '--classes', 'cat,dog,fox'], 'npy (float32, 240 x 3)'],
    ['scikit-learn cross_val_predict', ['--probs', 'sklearn/probs.csv'], 'csv'],
    ['Spark Parquet folder', ['--probs', 'spark/probs'], 'parquet (3 shards)'],
  ])('%s', async (_name, args, format) => {
    // The README shows this very command line (file names as the snippet writes them).
    expect(readme).toContain(`labelsleuth audit ${args.join(' ').replace(/\b(pytorch|keras|sklearn|spark)\//g, '')}`);
    const out = join(await tempDir(), 'out');
    const ids = args.includes('--ids') || !args.some((a) => a.endsWith('.npy'));
    const r = await runCli(['audit', ...args, ...(ids ? ['--truth', 'truth.csv'] : []), '--out', out], fx);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.dataset.format).toBe(format);
    if (ids) expect(report.evaluation.metrics.auroc).toBeGreaterThan(0.9);
    else expect(report.samples.slice(0, 20).filter((s: { id: string }) => (Number(s.id) - 1) % 20 < 3).length).toBeGreaterThan(15);
  });
});
