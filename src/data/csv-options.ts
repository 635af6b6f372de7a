/** Options of loadCsv, and how they pick the label, id and feature columns out of a header. */
import { UserError } from '../errors.js';
import { listNames, quote } from '../util/quote.js';
import type { TextEncoding } from './text-source.js';
import type { DelimiterChoice } from './delimiter.js';

export interface CsvOptions {
  /** Column holding the class label. @default 'label' */
  readonly label?: string;
  /** Column holding a unique id per row. @default undefined: ids are the 1-based data row numbers, as strings */
  readonly id?: string;
  /** Columns used as features, in this order. @default every column except the label and the id */
  readonly features?: readonly string[];
  /**
   * Most one-hot columns one categorical column expands into. A column with more distinct values
   * keeps the maxCategories - 1 most frequent and maps the rest to '__other__' (with a warning).
   * Integer >= 2. @default 32
   */
  readonly maxCategories?: number;
  /** How the bytes are text (data/text-source.ts). @default 'auto' */
  readonly encoding?: TextEncoding;
  /** What separates the fields (data/delimiter.ts). @default 'auto': detected from the header line */
  readonly delimiter?: DelimiterChoice;
  /** Told the data rows read so far, every ROWS_PER_PROGRESS rows: a million-row table takes a while to read. @default none */
  readonly onRows?: (rows: number) => void;
}

/** How often loadCsv tells onRows. */
export const ROWS_PER_PROGRESS = 65_536;

export interface ResolvedCsvOptions {
  readonly label: string;
  readonly id: string | null;
  readonly features: readonly string[] | null;
  readonly maxCategories: number;
  readonly encoding: TextEncoding;
  readonly delimiter: DelimiterChoice;
}

export const DEFAULT_CSV_OPTIONS = { label: 'label', maxCategories: 32 } as const;

export function resolveCsvOptions(options: CsvOptions): ResolvedCsvOptions {
  const maxCategories = options.maxCategories ?? DEFAULT_CSV_OPTIONS.maxCategories;
  if (!Number.isInteger(maxCategories) || maxCategories < 2) {
    throw new UserError('option', `--max-categories must be an integer >= 2 (got ${maxCategories})`);
  }
  const label = options.label ?? DEFAULT_CSV_OPTIONS.label;
  const id = options.id ?? null;
  if (id !== null && id === label) {
    throw new UserError('option', `--id and --label are both ${quote(label)}; the id and the label must be different columns`);
  }
  const features = options.features ?? null;
  if (features) {
    const seen = new Set<string>();
    for (const f of features) {
      if (seen.has(f)) throw new UserError('option', `--features lists ${quote(f)} twice; list each column once`);
      seen.add(f);
    }
  }
  return { label, id, features, maxCategories, encoding: options.encoding ?? 'auto', delimiter: options.delimiter ?? 'auto' };
}

/** Column indices into the header; every name checked against it. */
export interface ColumnPlan {
  readonly label: number;
  readonly id: number; // -1: row numbers
  readonly features: readonly number[];
  /** True when no --id was given and a column named like an id was taken as one. */
  readonly idDetected: boolean;
}

/**
 * Column names that mean "the sample's id" to a person: without --id such a column is the id, not
 * a feature. One-hot encoding it taught the model to memorise rows, and the warning that followed
 * advised raising --max-categories.
 */
export const ID_COLUMN_NAMES: readonly string[] = ['id', 'ID', 'Id', 'uuid', 'UUID', 'key', 'sample_id', 'row_id'];

export function planColumns(path: string, header: readonly string[], o: ResolvedCsvOptions): ColumnPlan {
  const find = (name: string, what: string, fix: string): number => {
    const j = header.indexOf(name);
    if (j === -1) {
      throw new UserError('column', `${path}: no ${what} column ${quote(name)} (columns: ${listNames(header)}); ${fix}`);
    }
    return j;
  };
  const label = find(o.label, 'label', 'name the label column with --label <column>');
  const named = o.id === null && !o.features ? header.findIndex((h, j) => j !== label && ID_COLUMN_NAMES.includes(h)) : -1;
  const id = o.id === null ? named : find(o.id, '--id', 'pass a column name from the header line to --id');
  let features: number[];
  if (o.features) {
    features = o.features.map((f) => {
      if (f === o.label) {
        throw new UserError('column', `${path}: column ${quote(f)} is the label and cannot also be a feature; remove it from --features`);
      }
      if (f === o.id) {
        throw new UserError('column', `${path}: column ${quote(f)} is the id and cannot also be a feature; remove it from --features`);
      }
      return find(f, '--features', 'pass column names from the header line to --features');
    });
  } else {
    features = header.map((_, j) => j).filter((j) => j !== label && j !== id);
  }
  return { label, id, features, idDetected: o.id === null && id >= 0 };
}
