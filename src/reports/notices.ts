/**
 * What a reader must see before any number: said once here, shown at the top of the terminal
 * output and of report.html alike.
 */
import { judgedOwnCount, type LabelNoiseReport } from './report.js';

export function topNotices(r: LabelNoiseReport): string[] {
  const notes: string[] = [];
  if (r.partial) {
    const by = r.partial.stoppedBy === 'abort' ? 'stopped by the caller' : `interrupted by ${r.partial.stoppedBy}`;
    notes.push(`PARTIAL: ${by} after ${r.partial.epochsCompleted} of ${r.partial.epochsRequested} epochs; every score comes from the epochs that finished`);
  }
  if (r.training.stoppedEarly) notes.push(`Training stopped after epoch ${r.training.epochsRun} of at most ${r.training.maxEpochs}: ${r.training.stoppedEarly}.`);
  const confusion = r.estimate.confusion;
  if (confusion && Math.round(confusion.removed) > 0) {
    notes.push(
      `Estimate: confident learning also counts ${Math.round(confusion.removed)} samples in class pairs the model confuses both ways (${pairList(confusion.pairs)}); they are left out as the model's confusions, because ${(100 * confusion.backgroundShare).toFixed(0)}% of the count is spread over every class, as random noise is.`,
    );
  }
  const clarity = r.estimate.clarity;
  if (clarity && clarity.heldBack > 0) {
    const estimated = Math.round(r.estimate.expectedWrongLabels);
    const judged = judgedOwnCount(r.estimate);
    const paired = clarity.mutual?.heldBack ?? 0;
    const unclear = clarity.heldBack - paired;
    const margin = `a flag needs the ${r.dataset.source === 'signals' ? '' : 'averaged '}probability of another class to beat the given label's by ${clarity.minMargin.toFixed(2)}`;
    const why = [
      ...(paired > 0 ? [`${paired} sit in class pairs the model confuses both ways (${pairList(clarity.mutual!.pairs)}) beyond the rate the other classes show`] : []),
      ...(unclear > 0
        ? [`${paired > 0 ? `${unclear} more are` : 'the model does'} not clearly ${paired > 0 ? 'placed' : 'place them'} in another class: with this little noise ${margin}`]
        : []),
    ];
    notes.push(
      `Clean-data guard: ${clarity.heldBack} of the ${judged === null ? `${estimated} labels estimated wrong (${(100 * r.estimate.noiseFraction).toFixed(1)}%)` : `${judged} labels confident learning counts wrong`} are not flagged, because ${why.join('; ')}. They are more likely hard than mislabeled.`,
    );
  }
  const last = r.epochs.at(-1);
  if (last && last.agreement < 0.5) {
    notes.push(
      `The model agrees with only ${(100 * last.agreement).toFixed(1)}% of the labels: it may be underfitting (too few epochs, or features that do not predict the label), so the flags are weak evidence.`,
    );
  }
  const swamped = r.perClass.filter((c) => c.rows > 0 && c.flagged > c.rows / 2).map((c) => c.name);
  if (swamped.length > 0) {
    notes.push(
      `More than half of class ${swamped.slice(0, 3).join(', ')}${swamped.length > 3 ? ` (and ${swamped.length - 3} more)` : ''} is flagged: the model may not have learnt ${swamped.length > 1 ? 'those classes' : 'that class'}, rather than ${swamped.length > 1 ? 'their' : 'its'} labels being wrong.`,
    );
  }
  return notes;
}

/** "Shirt / T-shirt, Coat / Pullover and 3 more". */
function pairList(pairs: readonly (readonly [string, string])[]): string {
  const shown = pairs.slice(0, 3).map(([a, b]) => `${a} / ${b}`);
  return pairs.length > 3 ? `${shown.join(', ')} and ${pairs.length - 3} more` : shown.join(', ');
}
