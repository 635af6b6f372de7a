/**
 * `--keep best-clean`: keep the epoch whose model does best on a held-out split of the TRAINING
 * data, scored only on the samples the detector calls clean, so that no clean label is needed to
 * choose it (the paper chose its "best" on the test set, method.md pitfall 10). The split's labels
 * are as noisy as the rest; the samples the detector doubts are left out of the score, because a
 * model that fits wrong labels is rewarded by them. Who is clean: a saved audit's verdict
 * (--from-audit, unflagged), else the model at the warm-up's end (or, where the audit ran as prune's
 * detection and left no model, the refit at its first epoch) agreeing with the given label on these
 * unseen samples (it has not trained on them, so it cannot have memorised them).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DatasetSlice } from '../data/dataset.js';
import type { KeptEpoch } from '../reports/retrain-report.js';
import { computeSampleSignals } from '../training/per-sample-loss.js';

export interface BestKeeper {
  /** Takes the clean verdict from this model now (prune: the warm-up model, before the refit starts). */
  judge(model: tfl.LayersModel): void;
  /** After every epoch; `scoring` is true once the warm-up has ended (the clean verdict is taken at the first such epoch). */
  after(epoch: number, model: tfl.LayersModel, scoring: boolean): void;
  /** Puts the kept epoch's weights back into the model (when it is not the last); what the report says. */
  restore(model: tfl.LayersModel, lastEpoch: number): Omit<KeptEpoch, 'accuracy'> | undefined;
  dispose(): void;
}

/** `unflagged`: the saved audit's verdict on the select split (1 = clean), when there is one. */
export function bestKeeper(select: DatasetSlice, batchSize: number, unflagged?: Uint8Array): BestKeeper {
  let clean: Uint8Array | undefined = unflagged;
  let best: { epoch: number; score: number; weights: tf.Tensor[] } | undefined;
  let cleanCount = 0;
  const verdict = (predictions: Int32Array) => Uint8Array.from(predictions, (p, i) => (p === select.labels[i] ? 1 : 0));
  return {
    judge(model) {
      clean ??= verdict(computeSampleSignals(model, select, batchSize).predictions);
    },
    after(epoch, model, scoring) {
      if (!scoring) return;
      const pass = computeSampleSignals(model, select, batchSize);
      clean ??= verdict(pass.predictions);
      let right = 0;
      cleanCount = 0;
      for (let i = 0; i < clean.length; i++) {
        if (clean[i] !== 1) continue;
        cleanCount++;
        if (pass.predictions[i] === select.labels[i]) right++;
      }
      const score = cleanCount > 0 ? right / cleanCount : 0;
      // Ties go to the later epoch: it has seen more of the data at a lower learning rate.
      if (best && score < best.score) return;
      for (const w of best?.weights ?? []) w.dispose();
      best = { epoch, score, weights: model.getWeights().map((w) => w.clone()) };
    },
    restore(model, lastEpoch) {
      if (!best) return undefined;
      if (best.epoch !== lastEpoch) model.setWeights(best.weights);
      return {
        epoch: best.epoch,
        selectAccuracy: best.score,
        how: `the epoch with the best accuracy on the ${cleanCount} of ${select.labels.length} held-out training samples the detector calls clean (${unflagged ? 'unflagged by the saved audit' : 'a model that has not trained on them predicts their label'}); no clean label was used`,
      };
    },
    dispose() {
      for (const w of best?.weights ?? []) w.dispose();
      best = undefined;
    },
  };
}
