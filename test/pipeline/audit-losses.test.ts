import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditSignals } from '../../src/pipeline/audit-signals.js';
import { findLabelIssues } from '../../src/pipeline/find-label-issues.js';
import { npyBytes } from '../support/npy.js';
import { syntheticLosses } from './synthetic-losses.js';

const s = syntheticLosses();
const n = s.ids.length;
const E = s.epochs.length;
const lib = findLabelIssues({ labels: s.labels, losses: s.epochs, ids: s.ids, truth: s.isNoisy });
const expected = lib.samples.map((x) => x.id);

// Long: one row per sample per epoch, epochs interleaved as a loop appends them.
const longRows = s.epochs.flatMap((losses, e) => losses.map((l, i) => ({ id: s.ids[i]!, epoch: e + 1, loss: l, given_label: s.labels[i]! })));
const longCsv = ['id,epoch,loss,given_label', ...longRows.map((r) => `${r.id},${r.epoch},${r.loss},${r.given_label}`)].join('\n') + '\n';
const wideCsv =
  ['id,given_label,' + s.epochs.map((_, e) => `loss_${e}`).join(','), ...s.ids.map((id, i) => [id, s.labels[i], ...s.epochs.map((l) => l[i])].join(','))].join('\n') + '\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labelsleuth-losses-'));
  await writeFile(join(dir, 'long.csv'), longCsv);
  await writeFile(join(dir, 'wide.csv'), wideCsv);
  await writeFile(join(dir, 'long.jsonl'), longRows.map((r) => JSON.stringify(r)).join('\n'));
  await parquetWriteFile({
    filename: join(dir, 'long.parquet'),
    columnData: [
      { name: 'id', data: longRows.map((r) => r.id) },
      { name: 'epoch', data: Int32Array.from(longRows, (r) => r.epoch), type: 'INT32' },
      { name: 'loss', data: Float64Array.from(longRows, (r) => r.loss), type: 'DOUBLE' },
      { name: 'given_label', data: longRows.map((r) => r.given_label) },
    ],
  });
  const matrix = s.ids.flatMap((_, i) => s.epochs.map((l) => l[i]!));
  await writeFile(join(dir, 'losses.npy'), npyBytes(matrix, [n, E], '<f8'));
  await writeFile(join(dir, 'labels.txt'), s.labels.join('\n'));
  await writeFile(join(dir, 'ids.txt'), s.ids.join('\n'));
  await writeFile(join(dir, 'last.csv'), ['id,loss', ...s.ids.map((id, i) => `${id},${s.epochs[E - 1]![i]}`)].join('\n'));
});

describe('findLabelIssues from per-epoch losses', () => {
  it('ranks the late-memorised (flipped) samples first, flags about as many, and says what it could not give', () => {
    expect(lib.evaluation!.metrics.auroc!).toBeGreaterThan(0.95);
    const noisy = s.isNoisy.reduce((a, b) => a + b, 0);
    expect(Math.abs(lib.estimate.flagged - noisy) / noisy).toBeLessThan(0.25);
    expect(lib.estimate.method).toBe('loss-mixture');
    expect(lib.settings.aggregate).toBe('mean-loss');
    expect(lib.dataset.signals).toBe('losses');
    expect(lib.noiseMatrix.classes).toEqual([]);
    expect(lib.unavailable!.map((u) => u.what)).toEqual([
      'the margin score (--aggregate mean-margin)',
      'confident learning’s per-class thresholds and count',
      'the noise matrix (given -> true label)',
      'a suggested label, p_given and p_suggested',
    ]);
    expect(lib.samples[0]!.suggestedLabel).toBe('');
    expect(lib.perClass.map((c) => c.rows)).toEqual([200, 200, 200]);
  });

  it('in place of the margin: the mean loss once the run settled (this fixture), the last epoch while it was still fitting', () => {
    expect(lib.unavailable![0]!.why).toMatch(/the mean normalised loss over every epoch was used: the run had settled \(\d+\.\d% of the samples unfitted/);
    // The first two epochs only: 100% then 65% of the samples unfitted, the clean ones still being fitted.
    const early = findLabelIssues({ labels: s.labels, losses: s.epochs.slice(0, 2), ids: s.ids, truth: s.isNoisy });
    expect(early.settings.aggregate).toBe('last');
    expect(early.unavailable![0]!.why).toMatch(/the last epoch's losses were used: the run was still fitting/);
    expect(early.samples.map((x) => x.id)).toEqual(findLabelIssues({ labels: s.labels, losses: s.epochs.slice(0, 2), ids: s.ids, aggregate: 'last' }).samples.map((x) => x.id));
    // An aggregate asked for is used as it is, with nothing to explain.
    expect(findLabelIssues({ labels: s.labels, losses: s.epochs, ids: s.ids, aggregate: 'last' }).unavailable!.map((u) => u.what)).not.toContain(
      'the margin score (--aggregate mean-margin)',
    );
  });

  it('with losses alone (no labels) still ranks, and lists per-class results as unavailable', () => {
    const r = findLabelIssues({ losses: s.epochs, ids: s.ids });
    expect(r.samples.map((x) => x.id)).toEqual(expected);
    expect(r.unavailable!.at(-1)).toEqual({ what: 'per-class results', why: 'the losses file has no given_label (or --label) column' });
  });

  it('refuses a ragged epoch and a negative loss, naming them', () => {
    expect(() => findLabelIssues({ losses: [s.epochs[0]!, s.epochs[1]!.slice(1)] })).toThrow('losses epoch 2: 599 values, epoch 1 has 600; every epoch needs one loss per sample');
    const bad = s.epochs.map((e) => [...e]);
    bad[2]![9] = -1;
    expect(() => findLabelIssues({ losses: bad })).toThrow(
      "losses epoch 3, sample 10: -1 is not a loss; a per-sample loss is a finite number >= 0 (cross-entropy, reduction='none')",
    );
  });
});

describe('audit --losses reads long and wide layouts in every format into the same report', () => {
  it.each([
    ['long.csv', 'csv, long, 8 epochs'],
    ['wide.csv', 'csv, wide, 8 epochs'],
    ['long.jsonl', 'jsonl, long, 8 epochs'],
    ['long.parquet', 'parquet, long, 8 epochs'],
  ])('%s', async (file, format) => {
    const report = await auditSignals({ path: join(dir, file), kind: 'losses' });
    expect(report.dataset.format).toBe(format);
    expect(report.samples.map((x) => x.id)).toEqual(expected);
    expect(report.dataset.classes.map((c) => c.name)).toEqual(['ant', 'bee', 'cat']);
  });

  it('findLabelIssuesInFile (labelsleuth/core) streams every sample in rank order, the report of the arrays', async () => {
    const { findLabelIssuesInFile } = await import('../../src/core.js');
    const { report, rows } = await findLabelIssuesInFile({ path: join(dir, 'long.csv'), kind: 'losses' });
    expect(rows.length).toBe(600);
    expect(Array.from({ length: rows.length }, (_, r) => rows.at(r).id)).toEqual(expected);
    expect(report.samples.map((x) => x.id)).toEqual(expected);
  });

  it('a .npy of n x epochs with --labels and --ids', async () => {
    const report = await auditSignals({ path: join(dir, 'losses.npy'), kind: 'losses', labels: join(dir, 'labels.txt'), ids: join(dir, 'ids.txt') });
    expect(report.dataset.format).toBe('npy (float64, 600 x 8), wide, 8 epochs');
    expect(report.samples.map((x) => x.id)).toEqual(expected);
  });

  it('one epoch of id,loss: the last-epoch ranking, same as the library on that epoch', async () => {
    const report = await auditSignals({ path: join(dir, 'last.csv'), kind: 'losses', aggregate: 'last' });
    expect(report.settings.aggregate).toBe('last');
    expect(report.samples.map((x) => x.id)).toEqual(findLabelIssues({ losses: s.epochs[E - 1]!, ids: s.ids, aggregate: 'last' }).samples.map((x) => x.id));
  });

  it.each([
    ['a sample missing an epoch', longCsv.replace(/\ns5,3,[\d.]+,\w+/, ''), /: sample 's5' has no loss for epoch 3; every sample needs a loss in every epoch recorded$/],
    ['a sample twice in an epoch', longCsv.replace(/\ns5,3,/, '\ns8,3,'), /: sample 's8' has two losses for epoch 3; one row per sample per epoch$/],
    ['a negative loss', longCsv.replace(/\ns5,3,[\d.]+,/, '\ns5,3,-0.5,'), /bad\.csv line \d+, column 'loss': '-0\.5' is not a loss; /],
    ['an epoch without a loss column', longCsv.replace('id,epoch,loss,', 'id,epoch,value,'), /bad\.csv: an 'epoch' column but no 'loss' column; /],
    [
      'a label that changes between epochs',
      longCsv.replace(/\ns5,3,([\d.]+),\w+/, '\ns5,3,$1,zebra'),
      /bad\.csv line \d+: sample 's5' is labelled 'zebra' here and 'cat' in an earlier epoch; /,
    ],
    ['an id twice without epochs', 'id,loss\na,0.1\na,0.2\n', /bad\.csv: id 'a' appears twice; ids must be unique \(for one row per sample per epoch, add an 'epoch' column\)$/],
  ])('%s: a UserError naming it', async (_name, text, message) => {
    await writeFile(join(dir, 'bad.csv'), text);
    await expect(auditSignals({ path: join(dir, 'bad.csv'), kind: 'losses' })).rejects.toMatchObject({ name: 'UserError', message: expect.stringMatching(message) });
  });
});
