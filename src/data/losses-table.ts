/**
 * Another training run's per-sample losses (`audit --losses`), in the two layouts a loop writes:
 * - long: `id, loss[, given_label][, epoch]`, one row per sample (per epoch, with `epoch`), what a
 *   loop appends to as it goes;
 * - wide: `id[, given_label]` and one loss column per epoch (`loss_0, loss_1, ...`, any names, in
 *   file order), what a DataFrame of the recorded matrix gives;
 * or a .npy (n, or n x epochs) with --labels/--ids beside it. Any table format signals read
 * (table-rows.ts). A loss must be finite and >= 0 (cross-entropy is); with `epoch`, every sample
 * needs a loss for every epoch, once.
 */
import { UserError } from '../errors.js';
import type { SignalsTableOptions } from './signals-table.js';
import { quote } from '../util/quote.js';
import { firstDuplicate } from './duplicate-ids.js';
import { readNpy } from './formats/npy.js';
import { detectFormat } from './formats/sniff.js';
import { GrowableFloat64 } from './signals-columns.js';
import { readNpySignalsSidecars } from './signals-npy.js';
import { visitTable } from './table-rows.js';

export interface LossesTable {
  readonly ids: string[];
  /** The given labels, when the file has them. */
  readonly labels: string[] | undefined;
  /** One array per epoch, in epoch order, each with every sample's loss in `ids` order. */
  readonly epochLosses: Float64Array[];
  /** The epochs as the file names them (epoch values, or wide column names). */
  readonly epochNames: string[];
  readonly layout: 'long' | 'wide';
  readonly format: string;
}

/**
 * The same options as a probability table's (signals-table.ts): id and given-label columns, and beside
 * a .npy the --labels/--ids files and the class names. A losses file may have no given-label column at
 * all (then per-class results are unavailable), so `label` falls back to none.
 */
export type LossesTableOptions = SignalsTableOptions;

interface Columns {
  readonly id: number;
  readonly label: number;
  readonly loss: number;
  readonly epoch: number;
  /** Wide layout: the loss columns. */
  readonly epochs: readonly number[];
}

function columnsOf(path: string, names: readonly string[], o: LossesTableOptions): Columns {
  const idName = o.id ?? 'id';
  const id = names.indexOf(idName);
  if (id < 0)
    throw new UserError(
      'column',
      `${path}: no id column ${quote(idName)} (columns: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', ...' : ''}); name it with --id <column>`,
    );
  const labelName = o.label ?? (names.includes('given_label') ? 'given_label' : 'label');
  const label = names.indexOf(labelName);
  if (o.label !== undefined && label < 0) throw new UserError('column', `${path}: no label column ${quote(o.label)}; check --label`);
  const loss = names.indexOf('loss');
  const epoch = names.indexOf('epoch');
  if (loss >= 0) {
    const extra = names.find((_, j) => j !== id && j !== label && j !== loss && j !== epoch);
    if (extra !== undefined)
      throw new UserError(
        'column',
        `${path}: column ${quote(extra)} beside 'loss'; the long layout is id, loss[, given_label][, epoch] (for one column per epoch, name none of them 'loss')`,
      );
    return { id, label, loss, epoch, epochs: [] };
  }
  if (epoch >= 0) throw new UserError('column', `${path}: an 'epoch' column but no 'loss' column; the long layout is id, loss[, given_label][, epoch]`);
  const epochs = names.map((_, j) => j).filter((j) => j !== id && j !== label);
  if (epochs.length === 0) throw new UserError('column', `${path}: no loss column; give id, loss[, given_label][, epoch], or one loss column per epoch`);
  return { id, label, loss, epoch, epochs };
}

/** Rows gathered in file order: sample index, epoch value and loss for the long layout with epochs. */
class LossesCollector {
  readonly ids: string[] = [];
  readonly labels: string[] = [];
  /** Per wide column, or the single long column. */
  readonly values: GrowableFloat64[];
  /** Long layout with epochs: one entry per row. */
  private readonly rowSample: number[] = [];
  private readonly rowEpoch = new GrowableFloat64();
  private readonly index = new Map<string, number>();

  constructor(
    private readonly path: string,
    readonly c: Columns,
    private readonly names: readonly string[],
  ) {
    this.values = Array.from({ length: Math.max(1, c.epochs.length) }, () => new GrowableFloat64());
  }

  private check(v: number, where: () => string, column: number, cell: () => string): void {
    if (!(v >= 0) || v === Infinity)
      throw new UserError(
        'value',
        `${where()}, column ${quote(this.names[column]!)}: ${quote(cell())} is not a loss; a per-sample loss is a finite number >= 0 (cross-entropy, reduction='none')`,
      );
  }

  /** The common 10M-row case, one row per sample and one loss: no per-row allocation. */
  addOne(id: string, label: string | undefined, loss: number, where: () => string, cell: string): void {
    if (!(loss >= 0) || loss === Infinity) this.check(loss, where, this.c.loss, () => cell);
    this.ids.push(id);
    if (label !== undefined) this.labels.push(label);
    this.values[0]!.push(loss);
  }

  add(id: string, label: string | undefined, epoch: string | number | undefined, losses: ArrayLike<number>, where: () => string, cell: (k: number) => string): void {
    const { c } = this;
    const cols = c.epochs.length > 0 ? c.epochs : [c.loss];
    for (let k = 0; k < losses.length; k++) this.check(losses[k]!, where, cols[k]!, () => cell(k));
    if (c.epoch < 0) {
      this.ids.push(id);
      if (label !== undefined) this.labels.push(label);
      for (let k = 0; k < losses.length; k++) this.values[k]!.push(losses[k]!);
      return;
    }
    const e = typeof epoch === 'number' ? epoch : Number(epoch === undefined || epoch.trim() === '' ? NaN : epoch);
    if (!Number.isFinite(e)) throw new UserError('value', `${where()}, column 'epoch': ${quote(String(epoch))} is not a number; epochs are numbered 0, 1, ... or 1, 2, ...`);
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.index.set(id, i);
      this.ids.push(id);
      if (label !== undefined) this.labels.push(label);
    } else if (label !== undefined && this.labels[i] !== label) {
      throw new UserError(
        'value',
        `${where()}: sample ${quote(id)} is labelled ${quote(label)} here and ${quote(this.labels[i]!)} in an earlier epoch; a sample keeps one given label`,
      );
    }
    this.rowSample.push(i);
    this.rowEpoch.push(e);
    this.values[0]!.push(losses[0]!);
  }

  finish(format: string): LossesTable {
    const n = this.ids.length;
    if (n === 0) throw new UserError('file', `${this.path}: no rows; the file needs a header and one row per sample`);
    const labels = this.c.label >= 0 ? this.labels : undefined;
    if (this.c.epoch < 0) {
      const twice = firstDuplicate(this.ids);
      if (twice !== undefined)
        throw new UserError('value', `${this.path}: id ${quote(twice)} appears twice; ids must be unique (for one row per sample per epoch, add an 'epoch' column)`);
      const epochNames = this.c.epochs.length > 0 ? this.c.epochs.map((j) => this.names[j]!) : ['loss'];
      return { ids: this.ids, labels, epochLosses: this.values.map((v) => v.values()), epochNames, layout: this.c.epochs.length > 0 ? 'wide' : 'long', format };
    }
    const epochValues = this.rowEpoch.values();
    const epochs = [...new Set(epochValues)].sort((a, b) => a - b);
    const epochIndex = new Map(epochs.map((e, k) => [e, k]));
    const epochLosses = epochs.map(() => new Float64Array(n).fill(NaN));
    const losses = this.values[0]!.values();
    for (let r = 0; r < epochValues.length; r++) {
      const target = epochLosses[epochIndex.get(epochValues[r]!)!]!;
      const i = this.rowSample[r]!;
      if (!Number.isNaN(target[i]!))
        throw new UserError('value', `${this.path}: sample ${quote(this.ids[i]!)} has two losses for epoch ${epochValues[r]}; one row per sample per epoch`);
      target[i] = losses[r]!;
    }
    for (const [k, target] of epochLosses.entries()) {
      const missing = target.findIndex(Number.isNaN);
      if (missing >= 0)
        throw new UserError('value', `${this.path}: sample ${quote(this.ids[missing]!)} has no loss for epoch ${epochs[k]}; every sample needs a loss in every epoch recorded`);
    }
    return { ids: this.ids, labels, epochLosses, epochNames: epochs.map(String), layout: 'long', format };
  }
}

async function readNpyLosses(path: string, o: LossesTableOptions): Promise<LossesTable> {
  const m = await readNpy(path);
  if (m.kind !== 'float') throw new UserError('format', `${path}: a ${m.dtype} array; --losses as .npy needs float losses, n or n x epochs`);
  const [n, epochs = 1] = m.shape as [number, number?];
  for (let i = 0; i < m.values.length; i++)
    if (!(m.values[i]! >= 0) || m.values[i] === Infinity)
      throw new UserError(
        'value',
        `${path}: row ${Math.floor(i / epochs) + 1}, epoch ${(i % epochs) + 1}: ${m.values[i]} is not a loss; a per-sample loss is a finite number >= 0`,
      );
  const epochLosses = Array.from({ length: epochs }, (_, e) => Float64Array.from({ length: n }, (_, i) => m.values[i * epochs + e]!));
  const side = await readNpySignalsSidecars(path, n, o);
  return {
    ids: side.ids,
    labels: side.labels,
    epochLosses,
    epochNames: Array.from({ length: epochs }, (_, e) => String(e)),
    layout: 'wide',
    format: `npy (${m.dtype}, ${m.shape.join(' x ')})`,
  };
}

export async function readLossesTable(path: string, o: LossesTableOptions = {}): Promise<LossesTable> {
  const detected = await detectFormat(path, o.encoding);
  if (detected.format === 'npy') return readNpyLosses(path, o);
  const npyOnly = (['labels', 'ids', 'classes'] as const).find((k) => o[k] !== undefined);
  if (npyOnly !== undefined) throw new UserError('option', `--${npyOnly} applies to a .npy file; ${path} is ${detected.format}, whose columns say it`);
  let rows: LossesCollector | undefined;
  const format = await visitTable(path, detected, o.encoding, {
    header(columns) {
      rows = new LossesCollector(path, columnsOf(path, columns, o), columns);
    },
    textRow(f, line) {
      const { c } = rows!;
      if (c.epoch < 0 && c.epochs.length === 0) {
        const cell = f[c.loss]!;
        return rows!.addOne(f[c.id]!, c.label >= 0 ? f[c.label] : undefined, cell === '' ? NaN : Number(cell), () => `${path} line ${line}`, cell);
      }
      const cols = c.epochs.length > 0 ? c.epochs : [c.loss];
      const losses = cols.map((j) => (f[j] === '' ? NaN : Number(f[j])));
      rows!.add(
        f[c.id]!,
        c.label >= 0 ? f[c.label] : undefined,
        c.epoch >= 0 ? f[c.epoch] : undefined,
        losses,
        () => `${path} line ${line}`,
        (k) => f[cols[k]!]!,
      );
    },
    chunk(chunk) {
      const { c } = rows!;
      const cols = c.epochs.length > 0 ? c.epochs : [c.loss];
      const ids = chunk.strings(c.id);
      const labels = c.label >= 0 ? chunk.strings(c.label) : undefined;
      const epochs = c.epoch >= 0 ? chunk.numbers(c.epoch) : undefined;
      const values = cols.map((j) => chunk.numbers(j));
      const row = new Float64Array(cols.length);
      for (let i = 0; i < chunk.length; i++) {
        for (let k = 0; k < cols.length; k++) row[k] = values[k]![i]!;
        rows!.add(
          ids[i]!,
          labels?.[i],
          epochs?.[i],
          row,
          () => chunk.where(i),
          (k) => chunk.strings(cols[k]!)[i]!,
        );
      }
    },
  });
  return rows!.finish(format);
}
