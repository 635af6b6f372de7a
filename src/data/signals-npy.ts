/**
 * Signals as a training loop saves them with numpy.save: a samples x classes matrix (.npy, float32
 * or float64), the given labels beside it (`--labels`: a .npy of integer class indices, or a text
 * file of one label per line), optional ids (`--ids`: one per line, else 1, 2, ...), and the class
 * names of the matrix's columns (`--classes a,b,c`; else the sorted label names, scikit-learn's
 * `classes_` order, or 0..k-1 for integer labels).
 */
import { UserError } from '../errors.js';
import { quote } from '../util/quote.js';
import { readNpy } from './formats/npy.js';
import { detectFormat } from './formats/sniff.js';
import { readWholeText, type TextEncoding } from './text-source.js';

export interface NpySignalsOptions {
  /** The given labels: a .npy of class indices, or text, one per line (a first line `given_label`/`label` is a header). */
  readonly labels?: string;
  /** The ids, one per line (a first line `id` is a header). @default 1, 2, ... */
  readonly ids?: string;
  /** The names of the matrix's columns. */
  readonly classes?: readonly string[];
  readonly encoding?: TextEncoding;
}

export interface NpySignals {
  readonly ids: string[];
  readonly labels: string[];
  readonly classNames: string[];
  readonly values: Float64Array;
  readonly format: string;
  readonly warnings: string[];
}

/** One value per line, a header line among `headers` dropped, a last empty line ignored. */
async function readLines(path: string, what: string, headers: readonly string[], encoding: TextEncoding | undefined): Promise<string[]> {
  const lines = (await readWholeText(path, encoding)).split(/\r?\n|\r/).map((l) => l.trim());
  if (lines.at(-1) === '') lines.pop();
  if (headers.includes(lines[0] ?? '')) lines.shift();
  const blank = lines.indexOf('');
  if (blank >= 0) throw new UserError('value', `${path} line ${blank + 1}: an empty ${what}; give one ${what} per line`);
  return lines;
}

async function readLabels(path: string, o: NpySignalsOptions): Promise<{ labels: string[]; integers: boolean }> {
  if ((await detectFormat(path)).format === 'npy') {
    const a = await readNpy(path);
    if (a.kind !== 'int' || a.shape.length !== 1)
      throw new UserError('format', `${path}: --labels as .npy must be a 1-D array of integer class indices, not ${a.dtype} of shape ${a.shape.join(' x ')}`);
    return { labels: Array.from(a.values, String), integers: true };
  }
  const labels = await readLines(path, 'label', ['given_label', 'label'], o.encoding);
  return { labels, integers: labels.every((l) => /^\d+$/.test(l)) };
}

export async function readNpySignals(path: string, o: NpySignalsOptions): Promise<NpySignals> {
  const m = await readNpy(path);
  if (m.shape.length !== 2 || m.kind !== 'float')
    throw new UserError('format', `${path}: a ${m.dtype} array of shape ${m.shape.join(' x ')}; --probs/--logits as .npy need a float matrix, samples x classes`);
  const [n, k] = m.shape as [number, number];
  if (o.labels === undefined) throw new UserError('option', `${path}: a .npy holds no labels; give them with --labels <file> (a .npy of class indices, or one label per line)`);
  const { labels, integers } = await readLabels(o.labels, o);
  if (labels.length !== n) throw new UserError('value', `${o.labels}: ${labels.length} labels for the ${n} rows of ${path}; give one label per row, in the same order`);
  const ids = o.ids === undefined ? Array.from({ length: n }, (_, i) => String(i + 1)) : await readLines(o.ids, 'id', ['id'], o.encoding);
  if (ids.length !== n) throw new UserError('value', `${o.ids}: ${ids.length} ids for the ${n} rows of ${path}; give one id per row, in the same order`);
  const warnings: string[] = [];
  let classNames: string[];
  let given = labels;
  if (o.classes !== undefined) {
    if (o.classes.length !== k) throw new UserError('option', `--classes: ${o.classes.length} names for the ${k} columns of ${path}; give one name per column, in column order`);
    classNames = [...o.classes];
    // Integer labels index the named columns; name labels must be among the names.
    if (integers && !labels.every((l) => classNames.includes(l))) {
      const bad = labels.find((l) => Number(l) >= k);
      if (bad !== undefined) throw new UserError('value', `${o.labels}: class index ${bad} for a matrix of ${k} columns; indices are 0..${k - 1}`);
      given = labels.map((l) => classNames[Number(l)]!);
    }
  } else if (integers) {
    classNames = Array.from({ length: k }, (_, j) => String(j));
    const bad = labels.find((l) => Number(l) >= k);
    if (bad !== undefined) throw new UserError('value', `${o.labels}: class index ${bad} for a matrix of ${k} columns; indices are 0..${k - 1}`);
    given = labels.map((l) => String(Number(l)));
  } else {
    classNames = [...new Set(labels)].sort();
    if (classNames.length !== k)
      throw new UserError(
        'option',
        `${o.labels}: ${classNames.length} distinct labels for the ${k} columns of ${path}, so which column is which class is unknown; name the columns with --classes a,b,c`,
      );
    warnings.push(
      `the columns of ${path} were taken as the sorted label names (${classNames.map((c) => quote(c)).join(', ')}), scikit-learn's classes_ order; give --classes if they are in another order`,
    );
  }
  return { ids, labels: given, classNames, values: m.values, format: `npy (${m.dtype}, ${n} x ${k})`, warnings };
}
