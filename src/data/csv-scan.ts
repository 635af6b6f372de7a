/**
 * The streaming passes of loadCsv: read the header, validate every row as it arrives, and gather
 * the label, id and feature cells column-wise (numbers straight into typed arrays), so the raw
 * text of a big numeric file is never held in memory.
 */
import { UserError } from '../errors.js';
import { planColumns, ROWS_PER_PROGRESS, type ColumnPlan, type ResolvedCsvOptions } from './csv-options.js';
import { recordFileFormat, sniffDelimiter, streamCsvRecords } from './csv-tokenizer.js';
import { delimiterChars, detectDelimiter, type Delimiter, type DelimiterChoice } from './delimiter.js';

/** How a feature table's bytes are laid out: delimited text (CSV, TSV, ...), JSON Lines or Parquet. */
export type TableFileFormat = 'csv' | 'jsonl' | 'parquet';
import type { TextEncoding } from './text-source.js';
import { isMissing, isNonFiniteWord, parseDecimal } from './csv-values.js';
import { quote } from '../util/quote.js';
import { NumericColumn } from './numeric-column.js';

export interface CellAt {
  readonly line: number;
  readonly cell: string;
}

/** A feature column while it is read: numeric until a cell says otherwise. */
export type GatheredColumn =
  | { readonly kind: 'numeric'; readonly name: string; readonly index: number; readonly values: NumericColumn; firstNonFinite: CellAt | null }
  | { readonly kind: 'text'; readonly name: string; readonly index: number; readonly firstText: CellAt; readonly values: string[] };

export interface ScanResult {
  readonly header: readonly string[];
  readonly plan: ColumnPlan;
  readonly labels: readonly string[];
  /** null when ids are row numbers. */
  readonly ids: readonly string[] | null;
  /** File line each data row starts on. */
  readonly lines: Int32Array;
  readonly columns: readonly GatheredColumn[];
  /** What separated the fields: the option, or what the header line said; null for JSON Lines and Parquet. */
  readonly delimiter: Delimiter | null;
  readonly format: TableFileFormat;
}

export async function scanCsv(path: string, options: ResolvedCsvOptions, onRows?: (rows: number) => void): Promise<ScanResult> {
  let header: string[] | null = null;
  let plan: ColumnPlan | null = null;
  let columns: GatheredColumn[] = [];
  const labels: string[] = [];
  const ids: string[] = [];
  const idLines = new Map<string, number>();
  const lines: number[] = [];
  // An explicit --delimiter means a delimited text file; 'auto' may also find JSON Lines or Parquet.
  const format = options.delimiter === 'auto' ? await recordFileFormat(path, options.encoding) : null;
  const delimiter = format !== null ? null : options.delimiter === 'auto' ? await sniffDelimiter(path, options.encoding) : options.delimiter;
  const read: DelimiterChoice = delimiter ?? 'auto';

  await streamCsvRecords(
    path,
    (fields, line) => {
      if (header === null || plan === null) {
        checkHeader(path, fields, line, delimiter);
        header = fields;
        plan = planColumns(path, fields, options);
        columns = plan.features.map((index) => ({
          kind: 'numeric',
          name: fields[index] as string,
          index,
          values: new NumericColumn(),
          firstNonFinite: null,
        }));
        return;
      }
      if (fields.length !== header.length) {
        throw new UserError(
          'format',
          `${path} line ${line}: row has ${fields.length} fields but the header has ${header.length}; fix the row, and quote values that contain commas`,
        );
      }
      if (onRows !== undefined && lines.length % ROWS_PER_PROGRESS === 0 && lines.length > 0) onRows(lines.length);
      const label = fields[plan.label] as string;
      if (isMissing(label)) {
        throw new UserError('value', `${path} line ${line}: missing label in column ${quote(options.label)}; fill it in or remove the row`);
      }
      labels.push(label);
      if (plan.id >= 0) {
        const id = fields[plan.id] as string;
        const name = quote(header[plan.id] as string);
        if (isMissing(id)) throw new UserError('value', `${path} line ${line}: missing id in column ${name}; every row needs a unique id`);
        const first = idLines.get(id);
        if (first !== undefined) {
          throw new UserError('value', `${path} line ${line}: id ${quote(id)} in column ${name} is also on line ${first}; ids must be unique`);
        }
        idLines.set(id, line);
        ids.push(id);
      }
      lines.push(line);
      for (let c = 0; c < columns.length; c++) {
        const col = columns[c] as GatheredColumn;
        if (col.kind === 'numeric') readNumeric(col, fields[col.index] as string, line, columns, c);
      }
    },
    options.encoding,
    read,
  );

  // TS cannot see the callback's assignments; re-read them through a widened type.
  const [h, p] = [header, plan] as [string[] | null, ColumnPlan | null];
  if (h === null || p === null) {
    throw new UserError('file', `${path}: file is empty; expected a header line and data rows`);
  }
  const text = columns.filter((c) => c.kind === 'text');
  if (text.length > 0) await gatherText(path, text, options.encoding, read);
  return { header: h, plan: p, labels, ids: p.id >= 0 ? ids : null, lines: Int32Array.from(lines), columns, delimiter, format: format ?? 'csv' };
}

function readNumeric(col: Extract<GatheredColumn, { kind: 'numeric' }>, cell: string, line: number, columns: GatheredColumn[], c: number): void {
  if (isMissing(cell)) return col.values.pushMissing();
  const v = parseDecimal(cell);
  if (v !== undefined && Number.isFinite(v)) return col.values.push(v);
  if (v !== undefined || isNonFiniteWord(cell)) {
    // An error only if the column stays numeric; as text, "inf" is just a category.
    col.firstNonFinite ??= { line, cell };
    return col.values.pushMissing();
  }
  // Not a number: the whole column is categorical. Its strings are read in a second pass, so
  // numbers seen so far keep their exact spelling ("1.0" stays "1.0").
  columns[c] = { kind: 'text', name: col.name, index: col.index, firstText: { line, cell }, values: [] };
}

async function gatherText(path: string, text: GatheredColumn[], encoding: TextEncoding, delimiter: DelimiterChoice): Promise<void> {
  let headerSeen = false;
  await streamCsvRecords(
    path,
    (fields) => {
      if (!headerSeen) {
        headerSeen = true;
        return;
      }
      for (const col of text) if (col.kind === 'text') col.values.push(fields[col.index] as string);
    },
    encoding,
    delimiter,
  );
}

function checkHeader(path: string, fields: readonly string[], line: number, delimiter: Delimiter | null): void {
  const h = fields[0] ?? '';
  const other = detectDelimiter(h);
  if (delimiter !== null && fields.length === 1 && h.includes(delimiterChars[other])) {
    // A table needs a label and a feature: one column that another delimiter would split is a wrong delimiter.
    const fix = `it looks ${other}-separated, so pass --delimiter ${other}`;
    throw new UserError('format', `${path} line ${line}: the header line is one column when split by ${delimiter} (${quote(h.length > 60 ? `${h.slice(0, 59)}…` : h)}); ${fix}`);
  }
  const seen = new Map<string, number>();
  fields.forEach((name, j) => {
    if (name === '') {
      throw new UserError('column', `${path} line ${line}: header column ${j + 1} has no name; give every column a name`);
    }
    const prev = seen.get(name);
    if (prev !== undefined) {
      throw new UserError('column', `${path} line ${line}: column name ${quote(name)} appears twice in the header (columns ${prev + 1} and ${j + 1}); rename one of them`);
    }
    seen.set(name, j);
  });
}
