import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEvaluateReport } from '../../src/pipeline/evaluate.js';
import { renderEvaluation } from '../../src/reports/evaluation.js';
import { fourSamples, truthCsv, writeReportFolder } from './report-fixture.js';

async function setUp(): Promise<{ report: string; truth: string }> {
  const report = await writeReportFolder(fourSamples);
  const truth = join(dirname(report), 'truth.csv');
  await writeFile(truth, truthCsv);
  return { report, truth };
}

describe('runEvaluateReport', () => {
  it('matches metrics computed by hand', async () => {
    const { report, truth } = await setUp();
    const { metrics: m, threshold } = await runEvaluateReport({ report, truth });
    expect(threshold).toBe(0.5); // the audit's, from report.json
    // Flagged at 0.5: a (noisy), b (clean). Missed: c.
    expect(m.mask).toMatchObject({ tp: 1, fp: 1, fn: 1, tn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    // Pairs (noisy, clean): (a,b) (a,d) (c,d) ordered right, (c,b) wrong: 3/4.
    expect(m.auroc).toBe(0.75);
    // Ranked a+, b-, c+, d-: AP = 0.5 * 1 + 0.5 * 2/3.
    expect(m.averagePrecision).toBeCloseTo(0.5 + 1 / 3, 12);
    // Best cut at 0.3: flags a, b, c: P 2/3, R 1, F1 0.8.
    expect(m.bestF1).toMatchObject({ threshold: 0.3, flagged: 3, recall: 1 });
    expect(m.bestF1?.f1).toBeCloseTo(0.8, 12);
    expect(m.atK).toEqual([{ k: 2, hits: 1, precision: 0.5, recall: 0.5 }]);
    const table = renderEvaluation({ report, truth, threshold, metrics: m });
    expect(table).toContain('4 samples, 2 truly mislabeled (50.0%)');
    expect(table).toContain('AUROC 0.750   average precision 0.833');
    expect(table).toMatch(/F1 +0\.500 +0\.800/);
  });

  it('takes another threshold', async () => {
    const { report, truth } = await setUp();
    const { metrics } = await runEvaluateReport({ report, truth, threshold: 0.25 });
    expect(metrics.mask).toMatchObject({ tp: 2, fp: 1, fn: 0 });
  });

  it('says how many ids the truth file lacks, with a few of them', async () => {
    const { report, truth } = await setUp();
    await writeFile(truth, 'id,is_noisy\na,1\nzz,0\n');
    await expect(runEvaluateReport({ report, truth })).rejects.toThrow(
      `${truth}: 3 of 4 sample ids have no row in the truth file (e.g. 'b', 'c', 'd'); the truth file must cover every sample id`,
    );
  });

  it('refuses a folder whose samples.csv does not match report.json', async () => {
    const report = await writeReportFolder(fourSamples, { dataset: { source: 'csv', rows: 5 } });
    await expect(runEvaluateReport({ report, truth: 'x.csv' })).rejects.toThrow(
      `${join(report, 'samples.csv')}: has 4 samples but report.json describes 5; the folder is incomplete or was edited, so run the audit again`,
    );
  });
});
