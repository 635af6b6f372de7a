import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/pipeline/audit.js';
import { agreesPastClean, countsAtOnset, EXTEND_BELOW_STEPS, extensionEnd, MEMORISED_SHARE, memorisedSinceStop } from '../../src/scoring/stopping.js';
import { createRng } from '../../src/util/rng.js';
import { tiny } from '../fixtures.js';

/**
 * A table a network memorises within a few epochs, as it does DNA: 1,500 rows of 60 random 0/1
 * features, the class a function of six of them, 20% of the labels moved to another class.
 */
function memorisableTable(dir: string): { csv: string; truth: string; wrong: number } {
  const rng = createRng(2);
  const features = 60;
  const rows = [`id,label,${Array.from({ length: features }, (_, j) => `f${j}`).join(',')}`];
  const truth = ['id,true_label,noisy_label,is_noisy'];
  let wrong = 0;
  for (let i = 1; i <= 1500; i++) {
    const x = Array.from({ length: features }, () => (rng.next() < 0.5 ? 1 : 0));
    const score = x[0]! + x[1]! + x[2]! - x[3]! + x[4]! * x[5]!;
    const y = score <= 0 ? 0 : score <= 1 ? 1 : 2;
    const given = rng.next() < 0.2 ? (y + 1 + Math.floor(rng.next() * 2)) % 3 : y;
    if (given !== y) wrong++;
    rows.push(`${i},c${given},${x.join(',')}`);
    truth.push(`${i},c${y},c${given},${given === y ? 0 : 1}`);
  }
  const csv = join(dir, 'memorisable.csv');
  writeFileSync(csv, `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'memorisable.truth.csv'), `${truth.join('\n')}\n`);
  return { csv, truth: join(dir, 'memorisable.truth.csv'), wrong };
}

const dir = mkdtempSync(join(tmpdir(), 'labelsleuth-memorise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('training on past the stop, for the ranking only', () => {
  it('goes on for as many epochs again, never past --epochs, and not at all after many steps', () => {
    expect(extensionEnd(7, 105, 30)).toBe(14);
    expect(extensionEnd(20, 100, 30)).toBe(30);
    expect(extensionEnd(30, 180, 30)).toBe(30);
    expect(extensionEnd(3, EXTEND_BELOW_STEPS - 1, 30)).toBe(6);
    expect(extensionEnd(12, 948, 30)).toBe(12);
  });

  it('calls it memorising when the labels still unfitted fall below a share of those at the stop', () => {
    // DNA: 16.4% unfitted at the stop, 4.9% three epochs on. Vowel at 5%: 15.7% -> 6.5% by twice the epochs.
    expect(memorisedSinceStop(0.164, 0.049)).toBe(true);
    expect(memorisedSinceStop(0.157, 0.065)).toBe(false);
    expect(memorisedSinceStop(0.2, MEMORISED_SHARE * 0.2)).toBe(false);
  });

  it("takes a memoriser's count at its onset only when the stop kept a third of it", () => {
    // DNA at 20%: 20.5% counted at epoch 1, 13.8% at the stop. Clean Vowel: 34.3% at epoch 3 (an underfit model), 5.5% at the stop.
    expect(countsAtOnset(0.205, 0.138)).toBe(true);
    expect(countsAtOnset(0.343, 0.055)).toBe(false);
    expect(countsAtOnset(0, 0)).toBe(false);
  });

  it('counts the wrong labels where the rule stopped and ranks on every epoch trained', async () => {
    const request = { path: tiny.csv, id: 'id', truth: tiny.truth, backend: 'wasm' } as const;
    const { report: extended } = await runAudit(request);
    const stop = extended.training.extension!.countedAtEpoch;
    expect(stop).toBeGreaterThanOrEqual(3);
    expect(extended.training.extension).toEqual({ countedAtEpoch: stop, scoredOnEpochs: extensionEnd(stop, stop * 5, 30), memorised: false });
    expect(extended.training.epochsRun).toBe(extensionEnd(stop, stop * 5, 30));
    expect(extended.training.stoppedEarly).toMatch(new RegExp(`^at epoch ${stop} the model agreed .*; the wrong labels are counted there`));
    expect(extended.training.stoppedEarly).toMatch(/more epochs sharpened the ranking$/);
    // The same run capped at the stop's epoch: the same count, from the same epochs; another ranking.
    const { report: atStop } = await runAudit({ ...request, epochs: stop });
    expect(atStop.training.epochsRun).toBe(stop);
    expect(atStop.training.extension).toBeUndefined();
    expect(extended.estimate.expectedWrongLabels).toBe(atStop.estimate.expectedWrongLabels);
    expect(extended.noiseMatrix.counts).toEqual(atStop.noiseMatrix.counts);
    expect(extended.samples.map((s) => s.id)).not.toEqual(atStop.samples.map((s) => s.id));
    expect(extended.evaluation!.metrics.auroc!).toBeGreaterThan(0.9);
  });

  it('counts a model found memorising where it first agreed with the labels believed right, not at the later stop', async () => {
    const table = memorisableTable(dir);
    const { report } = await runAudit({ path: table.csv, id: 'id', truth: table.truth, backend: 'wasm' });
    const ext = report.training.extension!;
    expect(ext.memorised).toBe(true);
    // 12 steps an epoch: the rule's 100-step minimum holds the stop to epoch 9, after the onset.
    const stop = ext.scoredOnEpochs;
    expect(stop).toBe(9);
    expect(ext.countedAtEpoch).toBeLessThan(stop);
    const at = (epoch: number) => report.epochs[epoch - 1]!;
    for (let e = 1; e < ext.countedAtEpoch; e++) expect(agreesPastClean(at(e))).toBe(false);
    expect(agreesPastClean(at(ext.countedAtEpoch))).toBe(true);
    // By the stop the model has fitted flips out of the count, though not most of it.
    const [onsetShare, stopShare] = [at(ext.countedAtEpoch).confidentNoise, at(stop).confidentNoise];
    expect(stopShare).toBeLessThan(0.75 * onsetShare);
    expect(countsAtOnset(onsetShare, stopShare)).toBe(true);
    expect(report.estimate.noiseFraction).toBeCloseTo(onsetShare, 6);
    const n = report.samples.length;
    expect(Math.abs(onsetShare * n - table.wrong)).toBeLessThan(Math.abs(stopShare * n - table.wrong));
    expect(report.training.stoppedEarly).toMatch(
      new RegExp(`memorising, so the ranking is from the first ${stop} epochs and the wrong labels are counted at epoch ${ext.countedAtEpoch}`),
    );
    // Its hidden layer holds the labels it was fitting: no neighbours' vote, the ranking is the model's alone.
    expect(report.settings.neighbours).toBeGreaterThan(0);
    expect(report.training.neighbours).toBeUndefined();
    const alone = (await runAudit({ path: table.csv, id: 'id', truth: table.truth, backend: 'wasm', neighbours: 0 })).report;
    expect(report.samples.map((s) => s.id)).toEqual(alone.samples.map((s) => s.id));
  });
});
