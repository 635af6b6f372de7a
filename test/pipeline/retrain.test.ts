import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSavedModel } from '../../src/models/saved-model.js';
import { modelFiles } from '../../src/models/model-folder.js';
import { runPredict } from '../../src/pipeline/predict.js';
import { refitEpochs } from '../../src/pipeline/prune-refit.js';
import { runRetrain } from '../../src/pipeline/retrain.js';
import { resolveRetrainOptions } from '../../src/options/retrain.js';
import { writeRetrain } from '../../src/pipeline/write-retrain.js';
import { POSTERIOR_SOURCES } from '../../src/training/posterior-source.js';
import { RETRAIN_LOSSES } from '../../src/training/robust-losses.js';
import { tiny, tinyTest } from '../fixtures.js';

// lr 0.005: at the default 0.001 two epochs of 5 steps leave 600 rows' losses one population, and the warm-up
// posterior's gate would turn bootstrapping off (tested below); at 0.005 the wrong labels stand apart by epoch 2.
const base = { path: tiny.csv, id: 'id', test: tinyTest, backend: 'wasm', epochs: 6, warmup: 2, learningRate: 0.005 } as const;

describe('retrain', () => {
  it.each(RETRAIN_LOSSES)('%s: finite, decreasing training loss and a usable model', async (loss) => {
    // loss-history: ungated, so every dynamic kind bootstraps here (with mixup, 600 rows' warm-up losses show no
    // separate noisy mode by epoch 2 and the warmup posterior's gate would rightly switch bootstrapping off).
    const { report, model } = await runRetrain({ ...base, loss, posterior: 'loss-history' });
    model.dispose();
    const [run] = report.runs;
    const losses = run!.epochs.map((e) => e.trainLoss);
    for (const l of losses) expect(Number.isFinite(l)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    // 10 classes: chance is 10%; even 6 epochs on 480 noisy rows do far better.
    expect(run!.last.accuracy).toBeGreaterThan(0.4);
    // prune refits a fresh model on the unflagged samples after its warm-up: every refit epoch is corrected, and
    // it keeps the gradient steps of 6 epochs on all rows, so it trains more epochs on fewer (prune-refit.ts).
    const refit = loss === 'prune' ? refitEpochs(6, 600, 600 - run!.detection!.flagged!, 128) : 6;
    expect(run!.epochs.map((e) => e.bootstrapping)).toEqual(Array.from({ length: refit }, (_, i) => (loss === 'prune' || i >= 2) && !['ce', 'mixup'].includes(loss)));
    if (loss.includes('dynamic')) expect(run!.epochs.every((e) => e.estimatedNoise !== null)).toBe(true);
  });

  it('every posterior source trains; they part where their posteriors do, and the settings say which ran', async () => {
    const runs = [];
    for (const posterior of POSTERIOR_SOURCES) {
      const { report, model } = await runRetrain({ ...base, loss: 'dynamic-hard', posterior });
      model.dispose();
      expect(report.settings.posterior).toBe(posterior);
      runs.push(report.runs[0]!);
    }
    // The audit's detection exists from the warm-up's end (epoch 2); the loss-mixture sources fit every epoch.
    for (const run of runs)
      expect(run.epochs.slice(run.detection?.source === 'audit' ? 1 : 0).every((e) => e.estimatedNoise !== null && e.estimatedNoise >= 0 && e.estimatedNoise <= 1)).toBe(true);
    const [audit, warmup, history, batch] = runs.map((r) => r.epochs);
    // Same seed and warm-up (2 epochs): identical until bootstrapping starts.
    expect(new Set(runs.map((r) => r.epochs[1]!.trainLoss)).size).toBe(1);
    // warmup and loss-history bootstrap epoch 3 with the same fit (of epochs 1-2); loss-history refits after it.
    expect(warmup![2]!.trainLoss).toBe(history![2]!.trainLoss);
    expect(warmup![2]!.trainLoss).not.toBe(batch![2]!.trainLoss);
    expect(new Set(runs.map((r) => r.epochs.at(-1)!.trainLoss)).size).toBe(4);
    // The audit's detection is held too, and is not the loss mixture's.
    expect(new Set(audit!.slice(1).map((e) => e.estimatedNoise)).size).toBe(1);
    expect(audit![2]!.trainLoss).not.toBe(warmup![2]!.trainLoss);
    // The warm-up posterior is held: its noise estimate stops moving when the warm-up ends.
    expect(new Set(warmup!.slice(1).map((e) => e.estimatedNoise)).size).toBe(1);
    expect(new Set(history!.slice(1).map((e) => e.estimatedNoise)).size).toBeGreaterThan(1);
  });

  it('a warm-up that finds no separate group of wrong labels turns bootstrapping off and says so', async () => {
    const { report, model } = await runRetrain({ ...base, learningRate: 0.001, loss: 'dynamic-hard', posterior: 'warmup' });
    model.dispose();
    const [run] = report.runs;
    expect(run!.epochs.map((e) => e.bootstrapping)).toEqual([false, false, false, false, false, false]);
    expect(run!.epochs.slice(1).map((e) => e.estimatedNoise)).toEqual([0, 0, 0, 0, 0]);
    expect(report.warnings).toContain(
      'dynamic-hard: the warm-up losses show no separate group of wrong labels (one population of losses), so bootstrapping is off: the rest of the run is plain cross-entropy',
    );
    // ...which is exactly plain ce from the same seed.
    const ce = await runRetrain({ ...base, learningRate: 0.001, loss: 'ce' });
    ce.model.dispose();
    expect(run!.epochs.map((e) => e.trainLoss)).toEqual(ce.report.runs[0]!.epochs.map((e) => e.trainLoss));
  });

  it('--compare trains ce from the same seed; a saved model round-trips to identical predictions', async () => {
    const result = await runRetrain({ ...base, loss: 'mixup-dynamic-hard', compare: true });
    expect(result.report.runs.map((r) => r.loss)).toEqual(['mixup-dynamic-hard', 'ce']);
    expect(result.report.evaluation).toEqual({ kind: 'test', path: tinyTest, rows: 200 });
    const dir = join(await mkdtemp(join(tmpdir(), 'labelsleuth-retrain-')), 'model');
    await writeRetrain(dir, result);
    result.model.dispose();
    const predicted = await runPredict({ model: dir, path: tinyTest, backend: 'wasm' });
    expect(predicted.predictions).toEqual(result.predictions);
    expect(predicted.accuracy).toBeCloseTo(result.report.runs[0]!.last.accuracy, 10);

    // A tampered weights file is refused with one clear line.
    const weights = await readFile(join(dir, modelFiles.weights));
    weights[10] = weights[10]! ^ 0xff;
    await writeFile(join(dir, modelFiles.weights), weights);
    await expect(loadSavedModel(dir)).rejects.toThrow(
      `${join(dir, modelFiles.weights)}: does not match the checksum in labelsleuth-model.json; the file was changed or damaged, retrain to write it again`,
    );
  });

  it('--keep best-clean chooses the epoch on a held-out training split scored on the samples called clean, and says so', async () => {
    const { report, model } = await runRetrain({ ...base, loss: 'prune', posterior: 'audit', keep: 'best-clean', valSplit: 0.2 });
    model.dispose();
    const run = report.runs[0]!;
    expect(report.dataset.trainRows).toBe(480);
    expect(run.kept).toBeDefined();
    expect(run.kept!.accuracy).toBe(run.epochs[run.kept!.epoch - 1]!.accuracy);
    expect(run.kept!.how).toMatch(/^the epoch with the best accuracy on the \d+ of 120 held-out training samples the detector calls clean .*no clean label was used$/);
    expect(() => resolveRetrainOptions({ loss: 'ce', keep: 'best-clean' })).toThrow('--keep best-clean needs a detector');
  });

  it('without --test, holds out a seeded split and says its labels are noisy', async () => {
    const { report, model } = await runRetrain({ path: tiny.csv, id: 'id', backend: 'wasm', epochs: 2, loss: 'ce', valSplit: 0.25 });
    model.dispose();
    expect(report.evaluation).toEqual({ kind: 'validation', fraction: 0.25, rows: 150, labelsMayBeNoisy: true });
    expect(report.dataset.trainRows).toBe(450);
    expect(report.warnings.join(' ')).toContain('as noisy as the rest');
  });
});

describe('retrain on an image folder', () => {
  it('trains the CNN, and predict on a folder reproduces its predictions', async () => {
    const folder = fileURLToPath(new URL('../../fixtures/images-demo', import.meta.url));
    const result = await runRetrain({ path: folder, test: folder, backend: 'wasm', epochs: 2, warmup: 1, loss: 'dynamic-hard' });
    expect(result.input).toMatchObject({ kind: 'image', imageSize: 28, channels: 1 });
    expect(result.report.runs[0]!.epochs).toHaveLength(2);
    expect(result.predictions[0]!.id).toMatch(/^[^/]+\/.+\.png$/);
    const dir = join(await mkdtemp(join(tmpdir(), 'labelsleuth-retrain-img-')), 'model');
    await writeRetrain(dir, result);
    result.model.dispose();
    const predicted = await runPredict({ model: dir, path: folder, backend: 'wasm' });
    expect(predicted.predictions).toEqual(result.predictions);
    await expect(runPredict({ model: dir, path: tiny.csv, backend: 'wasm' })).rejects.toThrow(
      `${tiny.csv}: is not a folder or a table of image files, but the model was trained on images; pass a folder with one subfolder per class, or a table with a column of image paths`,
    );
  });
});
