import { describe, expect, it } from 'vitest';
import { changeRow, planClean } from '../../src/pipeline/clean-plan.js';
import { selectSuspects } from '../../src/pipeline/export.js';
import { loadReportFolder } from '../../src/reports/read-report-folder.js';
import { fourSamples, writeReportFolder } from './report-fixture.js';

describe('planClean and selectSuspects', async () => {
  const { samples } = await loadReportFolder(await writeReportFolder(fourSamples));

  it('drops the audit flags by default, or p_noisy >= threshold', () => {
    expect([...planClean(samples, 'drop').changes.keys()]).toEqual(['a', 'b']);
    expect([...planClean(samples, 'drop', 0.3).changes.keys()]).toEqual(['a', 'b', 'c']);
    expect(changeRow(planClean(samples, 'drop').changes.get('a')!)).toEqual(['a', 'drop', 'cat', '', '0.900000']);
  });

  it('relabels to the suggestion, keeping suspects whose suggestion is their own label', () => {
    const plan = planClean(samples, 'relabel', 0.3);
    expect([...plan.changes.keys()]).toEqual(['a', 'c']);
    expect(plan).toMatchObject({ suspects: 3, unchanged: 1 });
    expect(changeRow(plan.changes.get('c')!)).toEqual(['c', 'relabel', 'cat', 'fox', '0.300000']);
  });

  it('selects for export by flag, threshold, top n and class', () => {
    const ids = (xs: { id: string }[]) => xs.map((s) => s.id);
    expect(ids(selectSuspects(samples, { kind: 'flagged' }))).toEqual(['a', 'b']);
    expect(ids(selectSuspects(samples, { kind: 'threshold', threshold: 0.85 }))).toEqual(['a']);
    expect(ids(selectSuspects(samples, { kind: 'top', n: 3 }))).toEqual(['a', 'b', 'c']);
    expect(ids(selectSuspects(samples, { kind: 'top', n: 1 }, 'cat'))).toEqual(['a']);
    expect(ids(selectSuspects(samples, { kind: 'threshold', threshold: 0 }, 'cat'))).toEqual(['a', 'c']);
  });
});
