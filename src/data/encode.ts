/**
 * TableEncoding: how a raw CSV row becomes a feature vector. It is plain JSON so that a later
 * `predict` can load it and apply exactly the preprocessing the model was trained with.
 */
import { UserError } from '../errors.js';
import { MISSING_CATEGORY, OTHER_CATEGORY, compareNatural, isMissing, readNumericCell } from './csv-values.js';
import { quote } from '../util/quote.js';

export interface NumericColumnEncoding {
  readonly kind: 'numeric';
  readonly name: string;
  /** Mean of the non-missing training values; also the value a missing cell is imputed with. */
  readonly mean: number;
  /** Population standard deviation of the non-missing training values; always > 0. */
  readonly std: number;
}

export interface CategoricalColumnEncoding {
  readonly kind: 'categorical';
  readonly name: string;
  /**
   * One output column per entry, in this order. May contain MISSING_CATEGORY ('__missing__') and,
   * last, OTHER_CATEGORY ('__other__'), which takes rare and unseen values.
   */
  readonly categories: readonly string[];
}

export type ColumnEncoding = NumericColumnEncoding | CategoricalColumnEncoding;

export type DropReason = 'constant' | 'empty' | 'high-cardinality';

export interface TableEncoding {
  readonly kind: 'table-encoding';
  readonly version: 1;
  /** Label column of the training file. */
  readonly label: string;
  /** Id column, or null when ids were the data row numbers. */
  readonly id: string | null;
  /** Input columns in feature-vector order; dropped (constant / empty) columns are not here. */
  readonly columns: readonly ColumnEncoding[];
  /** Columns that were candidates but dropped, with why (high-cardinality: text with more distinct values than rows / 2). */
  readonly dropped: readonly { readonly name: string; readonly reason: DropReason }[];
  readonly classNames: readonly string[];
}

/** One dimension of the encoded feature vector. */
export type FeatureColumn =
  | { readonly kind: 'numeric'; readonly name: string; readonly source: string }
  | {
      readonly kind: 'categorical';
      /** "<column>=<category>" */
      readonly name: string;
      readonly source: string;
      readonly category: string;
    };

export function encodedWidth(c: ColumnEncoding): number {
  return c.kind === 'numeric' ? 1 : c.categories.length;
}

export function featureColumnsOf(encoding: Pick<TableEncoding, 'columns'>): FeatureColumn[] {
  return encoding.columns.flatMap((c): FeatureColumn[] =>
    c.kind === 'numeric'
      ? [{ kind: 'numeric', name: c.name, source: c.name }]
      : c.categories.map((category) => ({
          kind: 'categorical',
          name: `${c.name}=${category}`,
          source: c.name,
          category,
        })),
  );
}

export function standardize(c: NumericColumnEncoding, value: number): number {
  return (value - c.mean) / c.std;
}

/**
 * The categories one column keeps: all of them if there are at most maxCategories, else the
 * maxCategories - 1 most frequent plus OTHER_CATEGORY. Sorted naturally, '__missing__' and
 * '__other__' last.
 */
export function chooseCategories(counts: ReadonlyMap<string, number>, maxCategories: number): { categories: string[]; otherValues: number; otherRows: number } {
  const byName = (a: string, b: string): number => Number(a === MISSING_CATEGORY) - Number(b === MISSING_CATEGORY) || compareNatural(a, b);
  const all = [...counts.keys()];
  if (all.length <= maxCategories) return { categories: all.sort(byName), otherValues: 0, otherRows: 0 };
  const ranked = all.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || compareNatural(a, b));
  const kept = ranked.slice(0, maxCategories - 1);
  const rest = ranked.slice(maxCategories - 1);
  const otherRows = rest.reduce((s, k) => s + (counts.get(k) ?? 0), 0);
  return { categories: [...kept.sort(byName), OTHER_CATEGORY], otherValues: rest.length, otherRows };
}

/** Index lookup for one categorical column, shared by loading and encodeRows so both agree. */
export class CategoryLookup {
  private readonly index = new Map<string, number>();
  private readonly other: number;
  private readonly missing: number;

  constructor(c: CategoricalColumnEncoding) {
    for (const [i, k] of c.categories.entries()) this.index.set(k, i);
    this.other = this.index.get(OTHER_CATEGORY) ?? -1;
    this.missing = this.index.get(MISSING_CATEGORY) ?? this.other;
  }

  /** Slot of the one-hot 1 for a trimmed cell, or -1 (all zeros) for a value never seen in training. */
  slot(cell: string): number {
    if (isMissing(cell)) return this.missing;
    return this.index.get(cell) ?? this.other;
  }
}

export interface EncodeRowsOptions {
  /** Named in error messages. @default 'input' */
  readonly path?: string;
  /** File line of each row, for error messages. @default the 1-based row index + 1 (a header line first) */
  readonly lineNumbers?: ArrayLike<number>;
}

export interface EncodedRows {
  /** Row-major rows.length * d values, d = sum of the encoded widths. */
  readonly features: Float32Array;
  readonly width: number;
  /** Missing cells filled in (numeric: the training mean; categorical: '__missing__' or '__other__'). */
  readonly imputedCells: number;
  /** Categorical cells whose value was not seen in training and that had no '__other__' to go to. */
  readonly unseenCategories: number;
}

/**
 * Applies a TableEncoding to raw rows (fields as read, in header order). Extra columns in the
 * header are ignored; the label and id columns need not be present.
 */
export function encodeRows(encoding: TableEncoding, header: readonly string[], rows: readonly (readonly string[])[], options: EncodeRowsOptions = {}): EncodedRows {
  const path = options.path ?? 'input';
  const lineOf = (r: number): number => options.lineNumbers?.[r] ?? r + 2;
  const width = encoding.columns.reduce((s, c) => s + encodedWidth(c), 0);
  const features = new Float32Array(rows.length * width);
  let imputedCells = 0;
  let unseenCategories = 0;
  let offset = 0;
  for (const col of encoding.columns) {
    const j = header.indexOf(col.name);
    if (j === -1) {
      throw new UserError('column', `${path}: column ${quote(col.name)} is missing; the model was trained with it, so the input needs every training column`);
    }
    const lookup = col.kind === 'categorical' ? new CategoryLookup(col) : undefined;
    for (let r = 0; r < rows.length; r++) {
      const cell = (rows[r]?.[j] ?? '').trim();
      const at = r * width + offset;
      if (isMissing(cell)) imputedCells++;
      if (col.kind === 'numeric') {
        if (isMissing(cell)) continue; // standardised mean is 0, already there
        const read = readNumericCell(cell);
        if (read.kind !== 'number') {
          throw new UserError(
            'value',
            `${path} line ${lineOf(r)}, column ${quote(col.name)}: ${quote(cell)} is not a finite number; write a number or leave the cell empty to impute it`,
          );
        }
        const z = standardize(col, read.value);
        // Features are float32: a value ~1e39 from the training mean would be stored as Infinity.
        if (!Number.isFinite(Math.fround(z))) {
          throw new UserError(
            'value',
            `${path} line ${lineOf(r)}, column ${quote(col.name)}: ${quote(cell)} is too far outside the training values (mean ${col.mean}, std ${col.std}) to encode; check the value, or leave the cell empty to impute it`,
          );
        }
        features[at] = z;
      } else {
        const slot = lookup?.slot(cell) ?? -1;
        if (slot === -1) unseenCategories++;
        else features[at + slot] = 1;
      }
    }
    offset += encodedWidth(col);
  }
  return { features, width, imputedCells, unseenCategories };
}
