/**
 * `audit --probs|--logits|--losses <file>`: another model's signals instead of data. Everything is
 * read and checked (signals, truth, --data, --images) before the report folder is written, so a
 * bad input leaves no output.
 */
import { UserError } from '../../errors.js';
import { checkAuditTarget, writeAudit } from '../../pipeline/write-audit.js';
import { printNotes } from '../notes.js';
import { sharedOptionsFrom } from '../shared-flags.js';
import type { AuditFlags } from './audit.js';
import { printResult } from './audit-result.js';

export async function runSignalsAudit(kind: 'probs' | 'logits' | 'losses', data: string | undefined, flags: AuditFlags & Record<string, unknown>): Promise<void> {
  const signals = flags[kind]!;
  if (data !== undefined || flags.demo !== undefined)
    throw new UserError('option', `--${kind} replaces the data: give no data path or --demo with it (the original table goes in --data)`);
  const inputs = [signals, flags.truth, flags.labels, flags.ids, flags.data, flags.images].filter((p): p is string => p !== undefined);
  printNotes(await checkAuditTarget(flags.out, inputs, { force: flags.force }));
  const { auditSignalsResult } = await import('../../pipeline/audit-signals.js');
  const shared = sharedOptionsFrom(flags);
  const { report, rows } = await auditSignalsResult({
    path: signals,
    kind,
    ...(flags.aggregate !== undefined ? { aggregate: flags.aggregate } : {}),
    ...(shared.id ? { id: shared.id } : {}),
    ...(shared.label ? { label: shared.label } : {}),
    ...(shared.encoding ? { encoding: shared.encoding } : {}),
    ...(flags.labels ? { labels: flags.labels } : {}),
    ...(flags.ids ? { ids: flags.ids } : {}),
    ...(flags.classes ? { classes: flags.classes } : {}),
    ...(flags.threshold !== undefined ? { threshold: flags.threshold } : {}),
    ...(flags.truth ? { truth: flags.truth } : {}),
  });
  let written = report;
  let attached = {};
  if (flags.data !== undefined || flags.images !== undefined) {
    const { readAttachments } = await import('../../pipeline/attachments.js');
    const { warnings, attachedData, ...rest } = await readAttachments(report, rows, {
      ...(flags.data ? { data: flags.data } : {}),
      ...(shared.label ? { label: shared.label } : {}),
      ...(flags.images ? { images: flags.images } : {}),
      ...(shared.id ? { id: shared.id } : {}),
      ...(shared.encoding ? { encoding: shared.encoding } : {}),
    });
    written = { ...report, ...(attachedData ? { dataset: { ...report.dataset, attachedData } } : {}), warnings: [...report.warnings, ...warnings] };
    attached = rest;
  }
  printNotes(await writeAudit(flags.out, written, { attached, rows, force: flags.force }));
  printResult(written, flags);
}
