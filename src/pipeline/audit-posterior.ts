/**
 * `retrain --from-audit <report-dir>`: a saved audit's per-sample p(noisy) and flags, matched to
 * the training data by id. A report of other data is refused before training, in one line that
 * counts and shows the ids that do not match: correcting with another data set's verdicts would
 * silently train on nonsense.
 */
import { UserError } from '../errors.js';
import { loadReportFolder } from '../reports/read-report-folder.js';
import type { GivenDetection } from './retrain-correction.js';

const examples = (ids: readonly string[]): string =>
  ids
    .slice(0, 3)
    .map((id) => JSON.stringify(id))
    .join(', ') + (ids.length > 3 ? ', ...' : '');

/** The verdicts, in the order of `trainIds`; `data` names the training data in the message. */
export async function readAuditDetection(
  dir: string,
  data: { readonly path: string; readonly ids: readonly string[]; readonly labels: readonly string[] },
  trainIds: readonly string[],
): Promise<GivenDetection> {
  const report = await loadReportFolder(dir);
  const byId = new Map(report.samples.map((s) => [s.id, s]));
  const dataIds = new Set(data.ids);
  const missing = data.ids.filter((id) => !byId.has(id));
  const extra = report.samples.filter((s) => !dataIds.has(s.id)).map((s) => s.id);
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      ...(missing.length > 0 ? [`${missing.length} of the data's ${data.ids.length} ids are not in it (${examples(missing)})`] : []),
      ...(extra.length > 0 ? [`${extra.length} of its ${report.samples.length} ids are not in the data (${examples(extra)})`] : []),
    ];
    throw new UserError('dataset', `--from-audit ${dir}: the report is of other data than ${data.path}: ${parts.join('; ')}; audit ${data.path} and pass that report folder`);
  }
  const relabelled = data.ids.filter((id, i) => byId.get(id)!.givenLabel !== data.labels[i]);
  if (relabelled.length > 0) {
    throw new UserError(
      'dataset',
      `--from-audit ${dir}: ${relabelled.length} of ${data.path}'s rows have another label than the audit saw (ids ${examples(relabelled)}); the labels changed since that audit, so audit ${data.path} again`,
    );
  }
  const pNoisy = Float64Array.from(trainIds, (id) => byId.get(id)!.pNoisy);
  const flagged = Uint8Array.from(trainIds, (id) => (byId.get(id)!.flagged ? 1 : 0));
  return { path: dir, pNoisy, flagged };
}
