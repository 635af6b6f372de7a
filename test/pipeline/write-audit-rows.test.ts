import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLabelIssues, findLabelIssuesResult } from '../../src/pipeline/find-label-issues.js';
import { writeSampleCsvs } from '../../src/pipeline/write-audit-rows.js';
import { renderSamplesCsv, renderSuspectsCsv } from '../../src/reports/csv.js';
import { reportSamples } from '../../src/reports/sample-rows.js';
import { syntheticLosses } from './synthetic-losses.js';

const s = syntheticLosses();

describe('large audits: the report keeps the top, the CSVs stream every sample', () => {
  it('above the line the report holds the top of the ranking and says so; the rows hold all', () => {
    const full = findLabelIssues({ labels: s.labels, losses: s.epochs, ids: s.ids });
    const { report, rows } = findLabelIssuesResult({ labels: s.labels, losses: s.epochs, ids: s.ids }, 100);
    expect(rows.length).toBe(600);
    expect(report.samples).toEqual(reportSamples(rows, 100, 100_000));
    expect(report.samplesShown).toBeUndefined();
    expect(reportSamples(rows, 100, 50)).toEqual(full.samples.slice(0, 50));
    expect(Array.from({ length: 600 }, (_, r) => rows.at(r))).toEqual(full.samples);
  });

  it('the streamed samples.csv and suspects.csv are byte for byte the rendered ones', async () => {
    const { report, rows } = findLabelIssuesResult({ labels: s.labels, losses: s.epochs, ids: s.ids });
    const dir = await mkdtemp(join(tmpdir(), 'labelsleuth-rows-'));
    await writeSampleCsvs(dir, report, rows);
    expect(await readFile(join(dir, 'samples.csv'), 'utf8')).toBe(renderSamplesCsv(report));
    expect(await readFile(join(dir, 'suspects.csv'), 'utf8')).toBe(renderSuspectsCsv(report));
  });

  it('suspects.csv with image paths and original fields (quoted, non-ASCII) is byte for byte the rendered one', async () => {
    const { report: base, rows } = findLabelIssuesResult({ labels: s.labels, losses: s.epochs, ids: s.ids });
    const report = { ...base, dataset: { ...base.dataset, source: 'image-folder' as const, absolutePath: '/data/pics, 2' } };
    const original = { header: ['id', 'note'], rows: new Map(Array.from({ length: 600 }, (_, i) => [i, [`r${i}`, i % 2 ? 'chat, "gris"' : 'café']] as const)) };
    const dir = await mkdtemp(join(tmpdir(), 'labelsleuth-rows-'));
    await writeSampleCsvs(dir, report, rows, original);
    expect(await readFile(join(dir, 'suspects.csv'), 'utf8')).toBe(renderSuspectsCsv(report, original));
  });
});
