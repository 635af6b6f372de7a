import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLabelIssues } from '../../src/pipeline/find-label-issues.js';
import { syntheticSignals } from '../pipeline/synthetic-signals.js';
import { npyBytes } from '../support/npy.js';
import { runCli, tempDir } from './run-cli.js';

const s = syntheticSignals();
// What a PyTorch loop writes with pandas: id, given_label, one probability column per class.
const csv = ['id,given_label,' + s.classNames.join(','), ...s.probs.map((row, i) => `s${i},${s.labels[i]},${row.map((p) => p.toFixed(6)).join(',')}`)].join('\n') + '\n';
const truth = ['id,is_noisy', ...Array.from(s.isNoisy, (v, i) => `s${i},${v}`)].join('\n') + '\n';

describe('labelsleuth audit --probs (bring your own model)', () => {
  it('audits the probabilities without training, the same verdict as findLabelIssues', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'probs.csv'), csv);
    await writeFile(join(dir, 'truth.csv'), truth);
    const r = await runCli(['audit', '--probs', 'probs.csv', '--truth', 'truth.csv', '--out', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("another model's probabilities (nothing trained here)");
    expect(r.stdout).toMatch(/Found \d+ of the \d+ known wrong labels/);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.dataset.source).toBe('signals');
    expect(report.evaluation.metrics.auroc).toBeGreaterThan(0.97);
    const rounded = s.probs.map((row) => row.map((p) => Number(p.toFixed(6))));
    const lib = findLabelIssues({ labels: s.labels, predProbs: rounded, ids: s.labels.map((_, i) => `s${i}`), classNames: s.classNames });
    const ids = readFileSync(join(dir, 'out', 'samples.csv'), 'utf8')
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[1]);
    expect(ids).toEqual(lib.samples.map((x) => x.id));
  });

  it('reads a .npy matrix with --labels and --classes, and says so in report.json', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'probs.npy'), npyBytes(s.probs.flat(), [s.probs.length, s.classNames.length], '<f8'));
    await writeFile(
      join(dir, 'labels.npy'),
      npyBytes(
        s.labels.map((l) => s.classNames.indexOf(l)),
        [s.labels.length],
        '<i8',
      ),
    );
    const r = await runCli(['audit', '--probs', 'probs.npy', '--labels', 'labels.npy', '--classes', s.classNames.join(','), '--out', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.dataset.format).toBe('npy (float64, 800 x 4)');
    const lib = findLabelIssues({ labels: s.labels, predProbs: s.probs, classNames: s.classNames });
    expect(report.samples.slice(0, 50).map((x: { id: string }) => x.id)).toEqual(lib.samples.slice(0, 50).map((x) => x.id));
  });

  it('--labels without --probs: one line, exit 2', async () => {
    const r = await runCli(['audit', '--labels', 'labels.npy', '--out', 'out'], await tempDir());
    expect(r.stderr).toBe('labelsleuth: error: --labels goes with --probs or --logits and a .npy matrix\n');
    expect(r.code).toBe(2);
  });

  it.each([
    [
      'a row that does not sum to 1',
      (t: string) => t.replace(/\ns3,([a-z]+),[\d.]+,/, '\ns3,$1,0.9,'),
      /^labelsleuth: error: predProbs row 4: the probabilities sum to [\d.]+, not 1; pass softmax outputs, or the raw scores as logits\n$/,
    ],
    ['a ragged row', (t: string) => t.replace(/\ns5,([a-z]+),([\d.]+),/, '\ns5,$1,'), /^labelsleuth: error: probs\.csv line 7: 5 fields, the header has 6; /],
    ['a text cell', (t: string) => t.replace(/\ns8,([a-z]+),[\d.]+,/, '\ns8,$1,high,'), /^labelsleuth: error: probs\.csv line 10, column 'ant': 'high' is not a finite number\n$/],
    [
      'no given label column',
      (t: string) => t.replace('id,given_label,', 'id,truth,'),
      /^labelsleuth: error: probs\.csv: no label column 'label'; name the given-label column with --label <column>\n$/,
    ],
  ])('%s: one line, exit 2, nothing written', async (_name, edit, message) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'probs.csv'), edit(csv));
    const r = await runCli(['audit', '--probs', 'probs.csv', '--out', 'out'], dir);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['probs.csv']);
  });
});
