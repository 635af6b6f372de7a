/**
 * Another model's per-sample probabilities (or logits) as a table: one row per sample, an id
 * column, the given label, and one numeric column per class whose header is the class name, the
 * way a training loop dumps them with pandas or csv. Read through text-source.ts, so gzip, UTF-16
 * and other encodings work as for data files.
 */
import { UserError } from '../errors.js';
import { quote } from '../util/quote.js';
import { streamCsvRecords } from './csv-tokenizer.js';
import type { TextEncoding } from './text-source.js';

export interface SignalsTable {
  readonly ids: string[];
  readonly labels: string[];
  /** The class columns, in file order. */
  readonly classNames: string[];
  /** Row-major n x classes. */
  readonly values: Float64Array;
}

export interface SignalsTableOptions {
  /** @default 'id' */
  readonly id?: string;
  /** @default 'given_label', else 'label' */
  readonly label?: string;
  readonly encoding?: TextEncoding;
}

export async function readSignalsTable(path: string, o: SignalsTableOptions = {}): Promise<SignalsTable> {
  let header: string[] | undefined;
  let idCol = -1;
  let labelCol = -1;
  let classCols: number[] = [];
  const ids: string[] = [];
  const labels: string[] = [];
  const values: number[] = [];
  await streamCsvRecords(
    path,
    (fields, line) => {
      if (header === undefined) {
        header = fields;
        const idName = o.id ?? 'id';
        idCol = fields.indexOf(idName);
        if (idCol < 0)
          throw new UserError(
            'column',
            `${path}: no id column ${quote(idName)} (columns: ${fields.slice(0, 6).join(', ')}${fields.length > 6 ? ', ...' : ''}); name it with --id <column>`,
          );
        const labelName = o.label ?? (fields.includes('given_label') ? 'given_label' : 'label');
        labelCol = fields.indexOf(labelName);
        if (labelCol < 0) throw new UserError('column', `${path}: no label column ${quote(labelName)}; name the given-label column with --label <column>`);
        classCols = fields.map((_, j) => j).filter((j) => j !== idCol && j !== labelCol);
        if (classCols.length < 2) throw new UserError('column', `${path}: ${classCols.length} class column(s) besides the id and label; give one probability column per class`);
        return;
      }
      if (fields.length !== header.length)
        throw new UserError('format', `${path} line ${line}: ${fields.length} fields, the header has ${header.length}; every row needs an id, a label and one value per class`);
      ids.push(fields[idCol]!);
      labels.push(fields[labelCol]!);
      for (const j of classCols) {
        const cell = fields[j]!;
        const v = Number(cell);
        if (cell === '' || !Number.isFinite(v)) throw new UserError('value', `${path} line ${line}, column ${quote(header[j]!)}: ${quote(cell)} is not a finite number`);
        values.push(v);
      }
    },
    o.encoding,
  );
  if (header === undefined || ids.length === 0) throw new UserError('file', `${path}: no rows; the file needs a header and one row per sample`);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new UserError('value', `${path}: id ${quote(id)} appears twice; ids must be unique`);
    seen.add(id);
  }
  const head = header;
  return { ids, labels, classNames: classCols.map((j) => head[j]!), values: Float64Array.from(values) };
}
