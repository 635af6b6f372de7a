/**
 * The columns of a signals table (another model's per-sample probabilities or logits), whatever
 * format it came in: which column is the id, which the given label, and which hold one value per
 * class (all the others, named by class). Rows are collected into growable typed arrays, so 10M
 * rows x 10 classes cost their 800 MB of doubles and no boxed numbers on the way.
 */
import { UserError } from '../errors.js';
import { quote } from '../util/quote.js';

export interface SignalsColumnOptions {
  /** @default 'id' */
  readonly id?: string;
  /** @default 'given_label', else 'label' */
  readonly label?: string;
}

export interface SignalsLayout {
  readonly idCol: number;
  readonly labelCol: number;
  /** The value columns, in file order. */
  readonly classCols: readonly number[];
  readonly classNames: readonly string[];
}

export function signalsLayout(path: string, columns: readonly string[], o: SignalsColumnOptions): SignalsLayout {
  const idName = o.id ?? 'id';
  const idCol = columns.indexOf(idName);
  if (idCol < 0)
    throw new UserError(
      'column',
      `${path}: no id column ${quote(idName)} (columns: ${columns.slice(0, 6).join(', ')}${columns.length > 6 ? ', ...' : ''}); name it with --id <column>`,
    );
  const labelName = o.label ?? (columns.includes('given_label') ? 'given_label' : 'label');
  const labelCol = columns.indexOf(labelName);
  if (labelCol < 0) throw new UserError('column', `${path}: no label column ${quote(labelName)}; name the given-label column with --label <column>`);
  const classCols = columns.map((_, j) => j).filter((j) => j !== idCol && j !== labelCol);
  if (classCols.length < 2) throw new UserError('column', `${path}: ${classCols.length} class column(s) besides the id and label; give one probability column per class`);
  return { idCol, labelCol, classCols, classNames: classCols.map((j) => columns[j]!) };
}

/** A Float64Array that doubles as it fills. */
export class GrowableFloat64 {
  private buf = new Float64Array(1 << 16);
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  /** The values, trimmed (a copy only when the buffer has spare room). */
  values(): Float64Array {
    return this.length === this.buf.length ? this.buf : this.buf.slice(0, this.length);
  }
}

/** Rows gathered from any reader, checked as they arrive. */
export class SignalsCollector {
  readonly ids: string[] = [];
  readonly labels: string[] = [];
  readonly values = new GrowableFloat64();

  constructor(
    private readonly path: string,
    readonly layout: SignalsLayout,
    private readonly columns: readonly string[],
  ) {}

  /** One row of text cells (CSV, TSV); `where` is e.g. "file line 12". */
  addTextRow(fields: readonly string[], where: () => string): void {
    const { idCol, labelCol, classCols } = this.layout;
    this.ids.push(fields[idCol]!);
    this.labels.push(fields[labelCol]!);
    for (const j of classCols) {
      const cell = fields[j]!;
      const v = Number(cell);
      if (cell === '' || !Number.isFinite(v)) throw new UserError('value', `${where()}, column ${quote(this.columns[j]!)}: ${quote(cell)} is not a finite number`);
      this.values.push(v);
    }
  }

  /** A chunk's columns: ids and labels as text, class columns as numbers (NaN = missing or not a number). */
  addColumns(
    length: number,
    ids: readonly string[],
    labels: readonly string[],
    classValues: readonly Float64Array[],
    cell: (i: number, c: number) => string,
    where: (i: number) => string,
  ): void {
    for (let i = 0; i < length; i++) {
      this.ids.push(ids[i]!);
      this.labels.push(labels[i]!);
      for (let c = 0; c < classValues.length; c++) {
        const v = classValues[c]![i]!;
        if (!Number.isFinite(v)) throw new UserError('value', `${where(i)}, column ${quote(this.layout.classNames[c]!)}: ${quote(cell(i, c))} is not a finite number`);
        this.values.push(v);
      }
    }
  }

  /** Checks what only the whole table shows: rows at all, unique ids. */
  finish(): { ids: string[]; labels: string[]; values: Float64Array } {
    if (this.ids.length === 0) throw new UserError('file', `${this.path}: no rows; the file needs a header and one row per sample`);
    const seen = new Set<string>();
    for (const id of this.ids) {
      if (id === '') throw new UserError('value', `${this.path}: a row has an empty id; every sample needs its id`);
      if (seen.has(id)) throw new UserError('value', `${this.path}: id ${quote(id)} appears twice; ids must be unique`);
      seen.add(id);
    }
    return { ids: this.ids, labels: this.labels, values: this.values.values() };
  }
}
