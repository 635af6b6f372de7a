/**
 * A user's transition matrix, checked (pure: parsed JSON in, rows out; the file is read by
 * data/noise-matrix-file.ts). Either JSON keyed by class names ({"cat": {"cat": 0.8, "dog": 0.2}, ...};
 * a class left out of a row gets 0) or a square array of rows in the sorted class order.
 * rows[i][j] = P(noisy label j | true label i); every row must sum to 1 (tolerance 1e-6).
 * `path` only names the file in messages.
 */
import { UserError } from '../errors.js';
import { listNames, quote } from '../util/quote.js';

export const ROW_SUM_TOLERANCE = 1e-6;

export function parseNoiseMatrix(path: string, json: unknown, classNames: readonly string[]): number[][] {
  const k = classNames.length;
  const rows = Array.isArray(json) ? fromArray(path, json, classNames) : fromObject(path, json, classNames);
  rows.forEach((row, i) => {
    const name = quote(classNames[i] as string);
    row.forEach((v, j) => {
      if (!(Number.isFinite(v) && v >= 0 && v <= 1)) {
        throw new UserError('value', `${path}: row ${name}, column ${quote(classNames[j] as string)}: ${String(v)} is not a probability in [0, 1]`);
      }
    });
    const sum = row.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
      throw new UserError('value', `${path}: row ${name} sums to ${sum}, not 1; make every row's probabilities add up to 1`);
    }
  });
  if (rows.length !== k) throw new RangeError('matrix row count'); // unreachable: both readers build k rows
  return rows;
}

function fromArray(path: string, json: unknown[], classNames: readonly string[]): number[][] {
  const k = classNames.length;
  const shape = `a ${k} x ${k} array (classes in this order: ${listNames(classNames)})`;
  if (json.length !== k) throw new UserError('value', `${path}: the matrix has ${json.length} rows but the data has ${k} classes; give ${shape}`);
  return json.map((row, i) => {
    if (!Array.isArray(row) || row.length !== k) {
      throw new UserError('value', `${path}: row ${i + 1} (${quote(classNames[i] as string)}) is not a list of ${k} numbers; give ${shape}`);
    }
    return row.map((v) => (typeof v === 'number' ? v : NaN));
  });
}

function fromObject(path: string, json: unknown, classNames: readonly string[]): number[][] {
  if (typeof json !== 'object' || json === null) {
    throw new UserError('format', `${path}: expected an object keyed by class names or a square array of rows`);
  }
  const known = new Map(classNames.map((c, i) => [c, i]));
  const obj = json as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) throw new UserError('value', `${path}: ${quote(key)} is not a class of the data (classes: ${listNames(classNames)})`);
  }
  // Own keys only: a class named 'constructor' or '__proto__' must not read Object.prototype.
  return classNames.map((c) => {
    const row = Object.hasOwn(obj, c) ? obj[c] : undefined;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new UserError('value', `${path}: no row for class ${quote(c)}; give one object per class, e.g. {${JSON.stringify(c)}: {${JSON.stringify(c)}: 1}}`);
    }
    const cells = row as Record<string, unknown>;
    for (const key of Object.keys(cells)) {
      if (!known.has(key)) throw new UserError('value', `${path}: row ${quote(c)}: ${quote(key)} is not a class of the data (classes: ${listNames(classNames)})`);
    }
    return classNames.map((to) => {
      const v = Object.hasOwn(cells, to) ? cells[to] : undefined;
      return v === undefined ? 0 : typeof v === 'number' ? v : NaN;
    });
  });
}
