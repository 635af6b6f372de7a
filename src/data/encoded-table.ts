/**
 * Reads a CSV with an encoding fixed by training (retrain --test, predict): the same columns,
 * standardisation and categories, so the model sees new rows exactly as it saw the training rows.
 */
import { UserError } from '../errors.js';
import { readDelimitedRows } from './list-table.js';
import type { TextEncoding } from './text-source.js';
import type { DelimiterChoice } from './delimiter.js';
import { isMissing } from './csv-values.js';
import { listNames, quote } from '../util/quote.js';
import { encodeRows, type TableEncoding } from './encode.js';
import { pathKind } from './path-kind.js';
import { holdsParquetShards } from './record-stream.js';

export interface EncodedTable {
  readonly path: string;
  readonly features: Float32Array;
  readonly sampleShape: readonly number[];
  readonly ids: readonly string[];
  /** Class indices into encoding.classNames; null when the file has no label column. */
  readonly labels: Int32Array | null;
  readonly warnings: readonly string[];
}

export interface EncodedTableOptions {
  /** Label column; when absent from the file, the rows are unlabelled. @default encoding.label */
  readonly label?: string;
  /** Id column. @default encoding.id, else the 1-based data row number */
  readonly id?: string | null;
  /** How the file's bytes are text. @default 'auto' */
  readonly textEncoding?: TextEncoding;
  /** What separates the fields. @default 'auto': detected from the header line */
  readonly delimiter?: DelimiterChoice;
}

export async function readEncodedTable(path: string, encoding: TableEncoding, options: EncodedTableOptions = {}): Promise<EncodedTable> {
  const kind = await pathKind(path);
  if (kind === 'missing') throw new UserError('file', `${path}: file not found; check the path`);
  if (kind !== 'file' && !(kind === 'folder' && (await holdsParquetShards(path)))) throw new UserError('file', `${path}: is not a CSV file; pass the path of a .csv file`);
  const { header: h, rows, lines } = await readDelimitedRows(path, options.textEncoding, options.delimiter, 'quote values that contain commas');
  if (rows.length === 0) throw new UserError('file', `${path}: has a header line but no data rows; add rows below the header`);

  const encoded = encodeRows(encoding, h, rows, { path, lineNumbers: lines });
  const warnings: string[] = [];
  if (encoded.imputedCells > 0) warnings.push(`${path}: imputed ${encoded.imputedCells} missing cells with the training values`);
  if (encoded.unseenCategories > 0) {
    warnings.push(`${path}: ${encoded.unseenCategories} text cells hold values never seen in training; they were encoded as all-zero`);
  }

  const idName = options.id === undefined ? encoding.id : options.id;
  const idCol = idName === null ? -1 : h.indexOf(idName);
  if (idName !== null && idCol === -1) {
    throw new UserError('column', `${path}: no id column ${quote(idName)} (columns: ${listNames(h)}); name it with --id <column>`);
  }
  const ids = rows.map((r, i) => (idCol === -1 ? String(i + 1) : r[idCol]!));

  const labelName = options.label ?? encoding.label;
  const labelCol = h.indexOf(labelName);
  let labels: Int32Array | null = null;
  if (labelCol !== -1) {
    const index = new Map(encoding.classNames.map((c, i) => [c, i]));
    labels = new Int32Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const value = rows[r]![labelCol]!;
      if (isMissing(value)) {
        throw new UserError('value', `${path} line ${lines[r]}, column ${quote(labelName)}: the label is missing; fill it in or remove the row`);
      }
      const c = index.get(value);
      if (c === undefined) {
        throw new UserError(
          'value',
          `${path} line ${lines[r]}: class ${quote(value)} was not in the training data (classes: ${listNames(encoding.classNames)}); remove those rows or retrain with them`,
        );
      }
      labels[r] = c;
    }
  }
  return { path, features: encoded.features, sampleShape: [encoded.width], ids, labels, warnings };
}
