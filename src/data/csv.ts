/**
 * loadCsv: a CSV file -> CsvDataset (a LabeledDataset plus the TableEncoding that reproduces its
 * features). Numeric columns are standardised (mean 0, std 1; missing cells get the mean, i.e. 0);
 * string columns are one-hot encoded (missing cells: '__missing__'); constant and empty columns
 * are dropped with a warning. Lines in messages are 1-based lines of the file, header included.
 */
import { UserError } from '../errors.js';
import type { LabeledDataset } from './dataset.js';
import { resolveCsvOptions, type CsvOptions } from './csv-options.js';
import { scanCsv, type GatheredColumn, type ScanResult, type TableFileFormat } from './csv-scan.js';
import { MISSING_CATEGORY, OTHER_CATEGORY, compareNatural, isMissing } from './csv-values.js';
import { listNames, quote } from '../util/quote.js';
import { CategoryLookup, chooseCategories, encodedWidth, featureColumnsOf, type ColumnEncoding, type DropReason, type FeatureColumn, type TableEncoding } from './encode.js';
import { pathKind } from './path-kind.js';
import type { NumericColumn } from './numeric-column.js';
import type { Delimiter } from './delimiter.js';
import { assignColumnRoles } from './column-roles.js';
import { holdsParquetShards } from './record-stream.js';

export type { CsvOptions } from './csv-options.js';

export interface CsvDataset extends LabeledDataset {
  readonly source: 'csv';
  /** The header line's column names, trimmed. */
  readonly header: readonly string[];
  /** One entry per feature-vector dimension (sampleShape[0] of them). */
  readonly featureColumns: readonly FeatureColumn[];
  /** JSON-serialisable recipe to encode new rows the same way (see encodeRows). */
  readonly encoding: TableEncoding;
  /** Missing feature cells that were filled in, in all and per column that had any. */
  readonly imputedCells: { readonly total: number; readonly byColumn: Readonly<Record<string, number>> };
  /** 1-based file line each sample's row starts on (header is line 1 unless blank lines precede it). */
  readonly lineNumbers: Int32Array;
  /** What separated the fields (the --delimiter, or what the header line said); null for JSON Lines and Parquet. */
  readonly delimiter: Delimiter | null;
  readonly format: TableFileFormat;
}

export async function loadCsv(path: string, options: CsvOptions = {}): Promise<CsvDataset> {
  const resolved = resolveCsvOptions(options);
  const kind = await pathKind(path);
  if (kind === 'missing') throw new UserError('file', `${path}: file not found; check the path`);
  if (kind === 'folder' && !(await holdsParquetShards(path))) throw new UserError('file', `${path}: is a folder, not a CSV file; pass the path of a .csv file`);
  if (kind === 'other') throw new UserError('file', `${path}: is not a regular file; pass the path of a .csv file`);
  const scan = await scanCsv(path, resolved, options.onRows).catch((e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new UserError('file', `${path}: cannot read the file (${code}); check its permissions`);
    throw e;
  });
  const n = scan.labels.length;
  if (n === 0) throw new UserError('file', `${path}: has a header line but no data rows; add rows below the header`);
  checkFiniteNumbers(path, scan.columns);
  const { classNames, labels } = indexLabels(path, resolved.label, scan);

  const warnings: string[] = [];
  if (scan.plan.idDetected) {
    warnings.push(
      `column ${quote(scan.header[scan.plan.id]!)} is taken as the sample id, not a feature (pass --id <column> to choose another, or list it in --features to use it as one)`,
    );
  }
  const roles = assignColumnRoles(scan.columns, n, {
    findId: resolved.id === null && resolved.features === null && scan.plan.id < 0,
    dropHighCardinality: resolved.features === null,
  });
  warnings.push(...roles.warnings);
  const { columns, dropped } = encodeColumns(path, roles.features, resolved.maxCategories, n, warnings);
  dropped.push(...roles.dropped.map((x) => ({ name: x.name, reason: 'high-cardinality' as const })));
  const d = columns.reduce((s, c) => s + encodedWidth(c), 0);
  if (d === 0) {
    const reasons = [...new Set(dropped.map((x) => x.reason))];
    const groups = reasons.map((r) => `as ${r === 'high-cardinality' ? 'text with too many values' : r}: ${listNames(dropped.filter((x) => x.reason === r).map((x) => x.name))}`);
    const why = dropped.length > 0 ? ` (dropped ${groups.join('; ')})` : '';
    throw new UserError('dataset', `${path}: no feature columns left${why}; the file needs at least one column besides the label and id that varies`);
  }
  const encoding: TableEncoding = {
    kind: 'table-encoding',
    version: 1,
    label: resolved.label,
    id: resolved.id ?? (scan.plan.idDetected ? scan.header[scan.plan.id]! : (roles.id?.name ?? null)),
    columns,
    dropped,
    classNames,
  };
  const { features, imputedCells } = fillFeatures(scan, encoding, d);
  if (imputedCells.total > 0) warnings.push(imputedWarning(imputedCells.byColumn, imputedCells.total));
  return {
    source: 'csv',
    path,
    features,
    sampleShape: [d],
    labels,
    ids: scan.ids ?? roles.id?.values ?? Array.from({ length: n }, (_, i) => String(i + 1)),
    classNames,
    warnings,
    header: scan.header,
    featureColumns: featureColumnsOf(encoding),
    encoding,
    imputedCells,
    lineNumbers: scan.lines,
    delimiter: scan.delimiter,
    format: scan.format,
  };
}

function checkFiniteNumbers(path: string, columns: readonly GatheredColumn[]): void {
  let worst: { name: string; line: number; cell: string } | null = null;
  for (const c of columns) {
    if (c.kind === 'numeric' && c.firstNonFinite && (!worst || c.firstNonFinite.line < worst.line)) {
      worst = { name: c.name, ...c.firstNonFinite };
    }
  }
  if (worst) {
    throw new UserError(
      'value',
      `${path} line ${worst.line}, column ${quote(worst.name)}: ${quote(worst.cell)} is not a finite number; replace it with a number, or leave the cell empty to have it imputed`,
    );
  }
}

function indexLabels(path: string, labelColumn: string, scan: ScanResult): { classNames: string[]; labels: Int32Array } {
  const firstLine = new Map<string, number>();
  const counts = new Map<string, number>();
  scan.labels.forEach((l, i) => {
    if (!firstLine.has(l)) firstLine.set(l, scan.lines[i] as number);
    counts.set(l, (counts.get(l) ?? 0) + 1);
  });
  const classNames = [...counts.keys()].sort(compareNatural);
  if (classNames.length < 2) {
    throw new UserError('dataset', `${path}: label column ${quote(labelColumn)} has only one class (${quote(classNames[0] ?? '')}); at least 2 classes are needed`);
  }
  const single = classNames.filter((k) => counts.get(k) === 1);
  const first = single[0];
  if (first !== undefined) {
    const others = single.length - 1;
    const more = others > 0 ? ` (and ${others} more such class${others > 1 ? 'es' : ''})` : '';
    throw new UserError(
      'dataset',
      `${path} line ${firstLine.get(first)}: class ${quote(first)} has only 1 row${more}; at least 2 rows per class are needed, so add rows or remove this one`,
    );
  }
  const index = new Map(classNames.map((k, i) => [k, i]));
  return { classNames, labels: Int32Array.from(scan.labels, (l) => index.get(l) as number) };
}

function encodeColumns(
  path: string,
  gathered: readonly GatheredColumn[],
  maxCategories: number,
  n: number,
  warnings: string[],
): { columns: ColumnEncoding[]; dropped: { name: string; reason: DropReason }[] } {
  const columns: ColumnEncoding[] = [];
  const dropped: { name: string; reason: DropReason }[] = [];
  for (const g of gathered) {
    if (g.kind === 'numeric') {
      if (g.values.missing === n) dropped.push({ name: g.name, reason: 'empty' });
      else if (g.values.isConstant) dropped.push({ name: g.name, reason: 'constant' });
      else columns.push({ kind: 'numeric', name: g.name, ...standardisable(path, g.name, g.values) });
      continue;
    }
    warnings.push(`column ${quote(g.name)} has non-numeric values (e.g. ${quote(g.firstText.cell)} on line ${g.firstText.line}); treated as categorical (one-hot)`);
    const counts = new Map<string, number>();
    for (const v of g.values) {
      const k = isMissing(v) ? MISSING_CATEGORY : v;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const { categories, otherValues, otherRows } = chooseCategories(counts, maxCategories);
    if (categories.length < 2) {
      dropped.push({ name: g.name, reason: 'constant' });
      continue;
    }
    if (otherValues > 0) {
      warnings.push(
        `column ${quote(g.name)} has ${counts.size} categories; kept the ${maxCategories - 1} most frequent and put the other ${otherValues} (${otherRows} rows) in '${OTHER_CATEGORY}'; raise --max-categories to keep more`,
      );
    }
    columns.push({ kind: 'categorical', name: g.name, categories });
  }
  for (const reason of ['constant', 'empty'] as const) {
    const names = dropped.filter((x) => x.reason === reason).map((x) => x.name);
    if (names.length === 0) continue;
    const many = names.length > 1;
    const cols = `column${many ? 's' : ''}`;
    const what = reason === 'constant' ? `constant ${cols}` : `${cols} with no values`;
    warnings.push(`dropped ${names.length} ${what} (${listNames(names)}): ${many ? 'they carry' : 'it carries'} no information`);
  }
  return { columns, dropped };
}

/**
 * The column's mean and std, when standardising it in doubles gives finite features: values near
 * the largest double overflow the sum of squares, values a few subnormals apart underflow it to 0.
 */
function standardisable(path: string, name: string, values: NumericColumn): { mean: number; std: number } {
  const m = values.moments();
  if (m.std > 0 && m.std < Infinity) return m;
  const range = `from ${values.min} to ${values.max}`;
  if (m.std === 0) {
    throw new UserError('value', `${path}: column ${quote(name)} holds values ${range}, too close together to standardise; rescale the column (multiply it by a power of ten)`);
  }
  throw new UserError('value', `${path}: column ${quote(name)} holds values ${range}, too large to standardise; rescale the column (divide it by a power of ten)`);
}

function fillFeatures(scan: ScanResult, encoding: TableEncoding, d: number): { features: Float32Array; imputedCells: CsvDataset['imputedCells'] } {
  const n = scan.labels.length;
  const features = new Float32Array(n * d);
  const byName = new Map(scan.columns.map((g) => [g.name, g]));
  const byColumn: Record<string, number> = {};
  let total = 0;
  let offset = 0;
  for (const col of encoding.columns) {
    const g = byName.get(col.name) as GatheredColumn;
    let missing = 0;
    if (col.kind === 'numeric' && g.kind === 'numeric') {
      g.values.writeStandardized(features, offset, d, col.mean, col.std);
      missing = g.values.missing;
    } else if (col.kind === 'categorical' && g.kind === 'text') {
      const lookup = new CategoryLookup(col);
      g.values.forEach((v, i) => {
        if (isMissing(v)) missing++;
        const slot = lookup.slot(v);
        if (slot >= 0) features[i * d + offset + slot] = 1;
      });
    }
    if (missing > 0) byColumn[col.name] = missing;
    total += missing;
    offset += encodedWidth(col);
  }
  return { features, imputedCells: { total, byColumn } };
}

function imputedWarning(byColumn: Readonly<Record<string, number>>, total: number): string {
  const entries = Object.entries(byColumn).sort((a, b) => b[1] - a[1]);
  const shown = entries.slice(0, 5).map(([k, v]) => `${k}: ${v}`);
  if (entries.length > 5) shown.push(`… ${entries.length - 5} more`);
  const cols = `${entries.length} column${entries.length > 1 ? 's' : ''}`;
  return `imputed ${total} missing cell${total > 1 ? 's' : ''} in ${cols} (${shown.join(', ')}): numeric with the column mean, categorical as '${MISSING_CATEGORY}'`;
}
