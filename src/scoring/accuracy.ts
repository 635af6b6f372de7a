/**
 * How often predictions equal labels: overall (the audit's training agreement, retrain's and
 * predict's accuracy) and per class. Counted once here, not in each pipeline.
 */

/** Share of positions where predictions[i] === labels[i]; NaN for no samples. */
export function accuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) right++;
  return right / labels.length;
}

export interface ClassAccuracy {
  readonly name: string;
  /** Samples whose label is this class. */
  readonly rows: number;
  /** Share of them predicted as this class; null when the class has no samples. */
  readonly accuracy: number | null;
}

export function perClassAccuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>, classNames: readonly string[]): ClassAccuracy[] {
  const rows = new Array<number>(classNames.length).fill(0);
  const right = new Array<number>(classNames.length).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    rows[c]!++;
    if (predictions[i] === c) right[c]!++;
  }
  return classNames.map((name, c) => ({ name, rows: rows[c]!, accuracy: rows[c]! > 0 ? right[c]! / rows[c]! : null }));
}
