import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parquetWriteFile } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditSignals } from '../../src/pipeline/audit-signals.js';
import { findLabelIssues } from '../../src/pipeline/find-label-issues.js';
import { npyBytes } from '../support/npy.js';
import { syntheticSignals } from './synthetic-signals.js';

// One probability matrix in every layout a training loop writes; every reader must give the very
// same ranking as findLabelIssues on the arrays.
const s = syntheticSignals();
const k = s.classNames.length;
const ids = s.labels.map((_, i) => `s${i}`);
const rounded = s.probs.map((row) => row.map((p) => Number(p.toFixed(6))));
const float32 = s.probs.map((row) => row.map((p) => Math.fround(p)));
const expected = findLabelIssues({ labels: s.labels, predProbs: rounded, ids, classNames: s.classNames }).samples.map((x) => x.id);
const expected32 = findLabelIssues({ labels: s.labels, predProbs: float32, ids, classNames: s.classNames }).samples.map((x) => x.id);
const header = ['id', 'given_label', ...s.classNames];
const table = (sep: string) => [header.join(sep), ...rounded.map((row, i) => [ids[i], s.labels[i], ...row].join(sep))].join('\n') + '\n';
const jsonl = rounded.map((row, i) => JSON.stringify({ id: ids[i], given_label: s.labels[i], ...Object.fromEntries(s.classNames.map((c, j) => [c, row[j]])) })).join('\n') + '\n';
const columns = (from: number, to: number): Parameters<typeof parquetWriteFile>[0]['columnData'] => [
  { name: 'id', data: ids.slice(from, to) },
  { name: 'given_label', data: s.labels.slice(from, to) },
  ...s.classNames.map((c, j) => ({ name: c, data: Float64Array.from(rounded.slice(from, to), (r) => r[j]!), type: 'DOUBLE' as const })),
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'labelsleuth-formats-'));
  await writeFile(join(dir, 'probs.csv'), table(','));
  await writeFile(join(dir, 'probs.tsv'), table('\t'));
  await writeFile(join(dir, 'probs.csv.gz'), gzipSync(table(',')));
  await writeFile(join(dir, 'probs.jsonl'), jsonl);
  await writeFile(join(dir, 'probs.jsonl.gz'), gzipSync(jsonl));
  await parquetWriteFile({ filename: join(dir, 'probs.parquet'), columnData: columns(0, ids.length), rowGroupSize: 300 });
  await mkdir(join(dir, 'shards'));
  for (const [p, from, to] of [
    [0, 0, 250],
    [1, 250, 600],
    [2, 600, 800],
  ] as const)
    await parquetWriteFile({ filename: join(dir, 'shards', `part-0000${p}-a1.c000.snappy.parquet`), columnData: columns(from, to) });
  await writeFile(join(dir, 'shards', '_SUCCESS'), '');
  await writeFile(join(dir, 'probs64.npy'), npyBytes(rounded.flat(), [ids.length, k], '<f8'));
  await writeFile(join(dir, 'probs64f.npy'), npyBytes(rounded.flat(), [ids.length, k], '<f8', true));
  await writeFile(join(dir, 'probs64be.npy'), npyBytes(rounded.flat(), [ids.length, k], '>f8'));
  await writeFile(join(dir, 'probs32.npy'), npyBytes(float32.flat(), [ids.length, k], '<f4'));
  await writeFile(join(dir, 'labels.txt'), `given_label\n${s.labels.join('\n')}\n`);
  await writeFile(join(dir, 'ids.txt'), `id\n${ids.join('\n')}\n`);
  await writeFile(
    join(dir, 'labels.npy'),
    npyBytes(
      s.labels.map((l) => s.classNames.indexOf(l)),
      [ids.length],
      '<i8',
    ),
  );
});

describe('audit --probs reads every format into the same report', () => {
  it.each([
    ['probs.csv', 'csv'],
    ['probs.tsv', 'tsv'],
    ['probs.csv.gz', 'csv (gzip)'],
    ['probs.jsonl', 'jsonl'],
    ['probs.jsonl.gz', 'jsonl (gzip)'],
    ['probs.parquet', 'parquet'],
    ['shards', 'parquet (3 shards)'],
  ])('%s', async (file, format) => {
    const report = await auditSignals({ path: join(dir, file), kind: 'probs' });
    expect(report.dataset.format).toBe(format);
    expect(report.dataset.classes.map((c) => c.name)).toEqual(s.classNames);
    expect(report.samples.map((x) => x.id)).toEqual(expected);
  });

  it.each([
    ['probs64.npy', 'npy (float64, 800 x 4)'],
    ['probs64f.npy', 'npy (float64, 800 x 4)'],
    ['probs64be.npy', 'npy (float64, 800 x 4)'],
  ])('%s with --labels (names, one per line) and --ids: the label names sorted are the columns', async (file, format) => {
    const report = await auditSignals({ path: join(dir, file), kind: 'probs', labels: join(dir, 'labels.txt'), ids: join(dir, 'ids.txt') });
    expect(report.dataset.format).toBe(format);
    expect(report.samples.map((x) => x.id)).toEqual(expected);
    expect(report.warnings).toContain(
      `the columns of ${join(dir, file)} were taken as the sorted label names ('ant', 'bee', 'cat', 'dog'), scikit-learn's classes_ order; give --classes if they are in another order`,
    );
  });

  it('a float32 .npy with a .npy of class indices and --classes: as the arrays are', async () => {
    const report = await auditSignals({ path: join(dir, 'probs32.npy'), kind: 'probs', labels: join(dir, 'labels.npy'), ids: join(dir, 'ids.txt'), classes: s.classNames });
    expect(report.dataset.format).toBe('npy (float32, 800 x 4)');
    expect(report.samples.map((x) => x.id)).toEqual(expected32);
    expect(report.samples.find((x) => x.id === 's0')!.givenLabel).toBe(s.labels[0]);
  });

  it('integer labels without --classes: classes 0..k-1, ids 1..n', async () => {
    const report = await auditSignals({ path: join(dir, 'probs64.npy'), kind: 'probs', labels: join(dir, 'labels.npy') });
    expect(report.dataset.classes.map((c) => c.name)).toEqual(['0', '1', '2', '3']);
    expect(report.samples.map((x) => `s${Number(x.id) - 1}`)).toEqual(expected);
  });

  it.each([
    ['a .npy without --labels', { path: 'probs64.npy' }, /probs64\.npy: a \.npy holds no labels; give them with --labels <file>/],
    ['--labels with a CSV', { path: 'probs.csv', labels: 'labels.txt' }, /--labels applies to a \.npy matrix; .*probs\.csv is csv, whose labels are its own column$/],
    ['too few labels', { path: 'probs64.npy', labels: 'ids.txt', extra: true }, /ids\.txt: 801 labels for the 800 rows of/],
    [
      '--classes of the wrong length',
      { path: 'probs64.npy', labels: 'labels.npy', classes: ['a', 'b'] },
      /--classes: 2 names for the 4 columns of .*; give one name per column, in column order$/,
    ],
    [
      'a 1-D .npy as the matrix',
      { path: 'labels.npy', labels: 'labels.npy' },
      /labels\.npy: a int64 array of shape 800; --probs\/--logits as \.npy need a float matrix, samples x classes$/,
    ],
  ])('%s: a UserError naming the file', async (_name, r, message) => {
    const { path, labels, classes } = r as { path: string; labels?: string; classes?: string[] };
    const run = auditSignals({ path: join(dir, path), kind: 'probs', ...(labels ? { labels: join(dir, labels) } : {}), ...(classes ? { classes } : {}) });
    await expect(run).rejects.toMatchObject({ name: 'UserError', message: expect.stringMatching(message) });
  });
});
