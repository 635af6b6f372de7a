import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readAuditDetection } from '../../src/pipeline/audit-posterior.js';
import { runRetrain } from '../../src/pipeline/retrain.js';
import { tiny, tinyTest } from '../fixtures.js';
import { fourSamples, writeReportFolder } from './report-fixture.js';

const data = { path: 'data.csv', ids: ['a', 'b', 'c', 'd'], labels: ['cat', 'dog', 'cat', 'fox'] };

describe('retrain --from-audit', () => {
  it("reads the audit's p(noisy) and flags in the training order", async () => {
    const dir = await writeReportFolder(fourSamples);
    const got = await readAuditDetection(dir, data, ['d', 'a', 'c']);
    expect([...got.pNoisy]).toEqual([0.1, 0.9, 0.3]);
    expect([...got.flagged]).toEqual([0, 1, 0]);
  });

  it('refuses a report of other data in one line: how many ids do not match, and some of them', async () => {
    const dir = await writeReportFolder(fourSamples);
    const other = { path: 'other.csv', ids: ['a', 'b', 'x', 'y', 'z', 'w'], labels: ['cat', 'dog', 'cat', 'cat', 'cat', 'cat'] };
    await expect(readAuditDetection(dir, other, other.ids)).rejects.toThrow(
      `--from-audit ${dir}: the report is of other data than other.csv: 4 of the data's 6 ids are not in it ("x", "y", "z", ...); 2 of its 4 ids are not in the data ("c", "d"); audit other.csv and pass that report folder`,
    );
    const relabelled = { ...data, labels: ['cat', 'dog', 'dog', 'fox'] };
    await expect(readAuditDetection(dir, relabelled, data.ids)).rejects.toThrow(`1 of data.csv's rows have another label than the audit saw (ids "c")`);
  });

  it('runRetrain refuses it before training, naming the data', async () => {
    const dir = await writeReportFolder(fourSamples);
    await expect(runRetrain({ path: tiny.csv, id: 'id', test: tinyTest, backend: 'wasm', epochs: 2, loss: 'prune', fromAudit: dir })).rejects.toThrow(
      /the report is of other data than .*fashion-mnist-600\.csv: 600 of the data's 600 ids are not in it/,
    );
  });

  it('prune drops exactly the flagged ids from the first epoch, and the report says where the flags came from', async () => {
    const truth = (await readFile(tiny.truth, 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const rows = truth.map(([id, , noisy, isNoisy], i) => `${i + 1},${id},${noisy},${noisy},${isNoisy === '1' ? '0.900000' : '0.100000'},1.000000,${isNoisy}`);
    const dir = await writeReportFolder(rows);
    const { report, model } = await runRetrain({ path: tiny.csv, id: 'id', test: tinyTest, backend: 'wasm', epochs: 2, loss: 'prune', fromAudit: dir });
    model.dispose();
    const run = report.runs[0]!;
    expect(run.detection).toEqual({
      source: 'from-audit',
      report: dir,
      warmupEpochs: 0,
      warmupEnded: 'the saved audit flags were known before training',
      flagged: tiny.noisy,
      gated: false,
    });
    // 480 kept rows take 4 steps an epoch where 600 took 5: the refit trains 3 epochs, the steps of 2 on all.
    expect(run.epochs.map((e) => e.bootstrapping)).toEqual([true, true, true]);
    expect(report.warnings).toContain('prune: the refit trained 3 epochs on the 480 kept rows, the gradient steps of 2 epochs on all 600');
    expect(report.settings.fromAudit).toBe(dir);
  });
});
