/**
 * decisions.csv: what a person decided about each suspect while reviewing report.html (or
 * `labelsleuth review`), and what `clean --decisions` applies. Columns `id,decision,new_label,decided_at`:
 *   relabel  the label is wrong; new_label is the right one (the suggestion, or a class picked by hand)
 *   drop     remove the sample
 *   keep     the label is right (nothing changes)
 *   skip     looked at, not decided (nothing changes)
 * The page writes the same bytes (review-script.ts mirrors renderDecisionsCsv), so a file exported
 * from the browser and one written by `review` are interchangeable.
 */
import { UserError } from '../errors.js';
import { formatCsvRow } from '../data/csv-rows.js';
import { quote } from '../util/quote.js';

export const DECISIONS = ['relabel', 'drop', 'keep', 'skip'] as const;
export type Decision = (typeof DECISIONS)[number];

/** What each decision does to the data; `clean --decisions` applies exactly the ones that change it. */
export const decisionEffects = { relabel: 'change', drop: 'change', keep: 'none', skip: 'none' } as const satisfies Record<Decision, 'change' | 'none'>;

export const DECISION_COLUMNS = ['id', 'decision', 'new_label', 'decided_at'] as const;

export interface DecisionRow {
  readonly id: string;
  readonly decision: Decision;
  /** The new label of a relabel; null for every other decision. */
  readonly newLabel: string | null;
  /** ISO 8601 time of the decision, as the page recorded it; may be empty in a hand-written file. */
  readonly decidedAt: string;
  /** 1-based line in the file it was read from (0 when made in memory), for messages. */
  readonly line: number;
}

const isDecision = (v: string): v is Decision => (DECISIONS as readonly string[]).includes(v);

/** decided_at as the page writes it (Date.toISOString), or empty in a hand-written file; decisions.schema.json says the same. */
export const isDecidedAt = (v: string): boolean => v === '' || /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v);

/**
 * Parses one data record of decisions.csv; the checks that need only the row itself (the vocabulary,
 * a relabel's new_label). Ids and classes are checked against the data by the caller.
 */
export function parseDecisionRecord(path: string, fields: readonly string[], line: number): DecisionRow {
  const at = `${path} line ${line}`;
  if (fields.length !== DECISION_COLUMNS.length) {
    throw new UserError('format', `${at}: ${fields.length} fields, expected ${DECISION_COLUMNS.length} (${DECISION_COLUMNS.join(',')}); fix the row`);
  }
  const [id, decision, newLabel, decidedAt] = fields as [string, string, string, string];
  if (id === '') throw new UserError('value', `${at}: empty id; every row needs the id of a sample`);
  if (!isDecision(decision)) {
    throw new UserError('value', `${at}: decision ${quote(decision)} is not one of ${DECISIONS.join(', ')}; fix the row`);
  }
  if (decision === 'relabel' && newLabel === '') throw new UserError('value', `${at}: relabel of ${quote(id)} has no new_label; give the class it should have`);
  if (decision !== 'relabel' && newLabel !== '') {
    throw new UserError('value', `${at}: ${decision} of ${quote(id)} has a new_label (${quote(newLabel)}); only relabel takes one, so empty it or make the row a relabel`);
  }
  if (!isDecidedAt(decidedAt))
    throw new UserError('value', `${at}: decided_at ${quote(decidedAt)} is not an ISO 8601 UTC time (2026-12-01T10:00:00.000Z); fix it or leave it empty`);
  return { id, decision, newLabel: decision === 'relabel' ? newLabel : null, decidedAt, line };
}

/** Checks the header line; anything else is not a decisions file. */
export function checkDecisionsHeader(path: string, fields: readonly string[]): void {
  if (fields.join(',') !== DECISION_COLUMNS.join(',')) {
    throw new UserError(
      'format',
      `${path}: header is ${quote(fields.join(','))}, not ${DECISION_COLUMNS.join(',')}; pass a decisions.csv exported from report.html or written by labelsleuth review`,
    );
  }
}

/** Refuses a second row for an id: which of two decisions was meant cannot be guessed. */
export function checkUniqueIds(path: string, rows: readonly DecisionRow[]): void {
  const first = new Map<string, number>();
  for (const r of rows) {
    const earlier = first.get(r.id);
    if (earlier !== undefined) {
      throw new UserError('value', `${path} line ${r.line}: id ${quote(r.id)} was already decided on line ${earlier}; keep one row per id`);
    }
    first.set(r.id, r.line);
  }
}

/** The file's bytes: header, then one row per decision in the order given (the page's: rank order). */
export function renderDecisionsCsv(rows: readonly Pick<DecisionRow, 'id' | 'decision' | 'newLabel' | 'decidedAt'>[]): string {
  const lines = [formatCsvRow(DECISION_COLUMNS)];
  for (const r of rows) lines.push(formatCsvRow([r.id, r.decision, r.newLabel ?? '', r.decidedAt]));
  return lines.join('\n') + '\n';
}
