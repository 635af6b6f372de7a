/**
 * findLabelIssues({ losses }): the verdict from another run's per-sample losses of every epoch
 * (training dynamics, as for our own training), with the same validation as the CLI's --losses:
 * a ragged epoch, a non-finite or negative loss, a label outside the classes is a UserError naming
 * the epoch and sample. Labels are optional: without them the samples form one placeholder class.
 */
import { UserError } from '../errors.js';
import { resolveAuditOptions } from '../options/audit.js';
import { buildLossesReport } from '../reports/build-losses-report.js';
import type { AuditResult } from '../reports/build-audit-report.js';
import { type FindLabelIssuesRequest, indexLabels } from './find-label-issues.js';

/** The class of every sample when no labels were given: per-class results are then listed as unavailable. */
export const NO_LABEL_CLASS = '(no label given)';

/** One array per epoch, checked: same length, finite, >= 0. */
function epochsOf(losses: NonNullable<FindLabelIssuesRequest['losses']>): Float64Array[] {
  const list = Array.isArray(losses) && losses.length > 0 && typeof losses[0] !== 'number' ? (losses as readonly ArrayLike<number>[]) : [losses as ArrayLike<number>];
  const n = list[0]?.length ?? 0;
  if (n === 0) throw new UserError('value', 'losses: no samples; give one loss per sample (per epoch)');
  return list.map((epoch, e) => {
    if (epoch.length !== n) throw new UserError('value', `losses epoch ${e + 1}: ${epoch.length} values, epoch 1 has ${n}; every epoch needs one loss per sample`);
    const out = Float64Array.from(epoch);
    for (let i = 0; i < n; i++) {
      const v = out[i]!;
      if (!(v >= 0) || v === Infinity)
        throw new UserError('value', `losses epoch ${e + 1}, sample ${i + 1}: ${v} is not a loss; a per-sample loss is a finite number >= 0 (cross-entropy, reduction='none')`);
    }
    return out;
  });
}

/** A loop, not Math.max(...): 10M labels would overflow the call stack. */
function largest(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

export function findIssuesFromLosses(r: FindLabelIssuesRequest, started: number, large: number): AuditResult {
  const settings = {
    ...resolveAuditOptions({ threshold: r.threshold ?? null, ...(r.aggregate ? { aggregate: r.aggregate } : {}) }),
    epochs: 1,
    stop: 'fixed' as const,
    neighbours: 0,
  };
  const epochLosses = epochsOf(r.losses!);
  const n = epochLosses[0]!.length;
  let labels: Int32Array;
  let classNames: string[];
  if (r.labels === undefined) {
    if (r.classNames !== undefined) throw new UserError('option', 'classNames without labels: give the labels too, or neither');
    labels = new Int32Array(n);
    classNames = [NO_LABEL_CLASS];
  } else {
    if (r.labels.length !== n) throw new UserError('value', `${r.labels.length} labels for ${n} losses per epoch; give one label per sample`);
    const k =
      r.classNames?.length ?? (typeof (r.labels as ArrayLike<unknown>)[0] === 'string' ? new Set(r.labels as readonly string[]).size : largest(r.labels as ArrayLike<number>) + 1);
    ({ labels, classNames } = indexLabels({ ...r, labels: r.labels }, k));
  }
  const ids = r.ids ? [...r.ids] : Array.from({ length: n }, (_, i) => String(i + 1));
  if (ids.length !== n) throw new UserError('value', `${ids.length} ids for ${n} samples; give one id per sample`);
  if (r.truth !== undefined && r.truth.length !== n) throw new UserError('value', `truth: ${r.truth.length} flags for ${n} samples; give one per sample`);
  const { report, rows } = buildLossesReport(
    {
      settings,
      dataset: {
        source: 'signals',
        signals: 'losses',
        path: r.source ?? 'losses',
        ...(r.format !== undefined ? { format: r.format } : {}),
        sampleShape: [],
        labels,
        ids,
        classNames,
        warnings: [],
      },
      labelsGiven: r.labels !== undefined,
      epochLosses,
      ...(r.truth ? { truth: { path: 'truth', isNoisy: Uint8Array.from(r.truth, (v) => (v ? 1 : 0)) } } : {}),
      timing: { loadSeconds: 0, trainSeconds: 0, totalSeconds: 0 },
    },
    large,
  );
  const seconds = (performance.now() - started) / 1000;
  return { report: { ...report, timing: { loadSeconds: 0, trainSeconds: 0, totalSeconds: seconds } }, rows };
}
