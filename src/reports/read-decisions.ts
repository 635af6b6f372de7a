/** Reads a decisions.csv whole, with every check that needs only the file (reports/decisions.ts). */
import { UserError } from '../errors.js';
import { pathKind } from '../data/path-kind.js';
import { streamCsvRecords } from '../data/csv-tokenizer.js';
import { checkDecisionsHeader, checkUniqueIds, parseDecisionRecord, type DecisionRow } from './decisions.js';

export async function readDecisionsFile(path: string): Promise<DecisionRow[]> {
  const kind = await pathKind(path);
  if (kind !== 'file') throw new UserError('file', `${path}: ${kind === 'missing' ? 'not found' : 'is a folder'}; pass the decisions.csv exported from report.html`);
  const rows: DecisionRow[] = [];
  let header = false;
  await streamCsvRecords(path, (fields, line) => {
    if (!header) {
      checkDecisionsHeader(path, fields);
      header = true;
    } else rows.push(parseDecisionRecord(path, fields, line));
  });
  if (!header) throw new UserError('file', `${path}: is empty; pass the decisions.csv exported from report.html`);
  checkUniqueIds(path, rows);
  return rows;
}
