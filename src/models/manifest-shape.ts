/**
 * labelsleuth-model.json as predict relies on it, checked field by field before any is used: a
 * folder written by this version is covered by its output manifest's checksums, but one from before
 * it (or hand-made) is not, and a missing class list or a column of the wrong kind must be a
 * one-line refusal, not a TypeError deep in predict (the fuzz suite found ~20 such paths).
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isCounts = (v: unknown, min = 1): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= min);
const isFinites = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));

function encodingProblem(e: unknown): string | undefined {
  if (!isObject(e) || e.kind !== 'table-encoding') return 'input.encoding is not a table encoding';
  if (typeof e.label !== 'string') return 'input.encoding.label is not a column name';
  if (!(e.id === null || typeof e.id === 'string')) return 'input.encoding.id is neither a column name nor null';
  if (!isStrings(e.classNames)) return 'input.encoding.classNames is not a list of names';
  if (!Array.isArray(e.columns) || e.columns.length === 0) return 'input.encoding.columns is not a list of columns';
  for (const [j, c] of e.columns.entries()) {
    if (!isObject(c) || typeof c.name !== 'string') return `input.encoding.columns[${j}] has no name`;
    if (c.kind === 'numeric') {
      if (!(typeof c.mean === 'number' && Number.isFinite(c.mean) && typeof c.std === 'number' && c.std > 0 && Number.isFinite(c.std)))
        return `input.encoding.columns[${j}] has no finite mean and positive std`;
    } else if (c.kind === 'categorical') {
      if (!isStrings(c.categories) || c.categories.length === 0) return `input.encoding.columns[${j}] has no categories`;
    } else return `input.encoding.columns[${j}] is neither numeric nor categorical`;
  }
  if (e.dropped !== undefined && !Array.isArray(e.dropped)) return 'input.encoding.dropped is not a list';
  return undefined;
}

/** What is wrong with the manifest, in a few words, or undefined when predict can rely on it. */
export function manifestProblem(m: unknown): string | undefined {
  if (!isObject(m)) return 'it is not a JSON object';
  if (!isStrings(m.classNames) || m.classNames.length < 2 || new Set(m.classNames).size !== m.classNames.length) return 'classNames is not a list of at least 2 distinct names';
  if (!isCounts(m.sampleShape) || m.sampleShape.length === 0) return 'sampleShape is not a list of positive sizes';
  const model = m.model;
  if (!isObject(model) || !((model.kind === 'mlp' && isCounts(model.hidden)) || (model.kind === 'cnn' && isCounts(model.filters) && Number.isInteger(model.dense))))
    return 'model is not an MLP or CNN spec';
  const input = m.input;
  if (!isObject(input)) return 'input is missing';
  if (input.kind === 'table') return encodingProblem(input.encoding);
  if (input.kind === 'image') {
    const channels = input.channels;
    if (!Number.isInteger(input.imageSize) || !(channels === 1 || channels === 3)) return 'input.imageSize or input.channels is not a size';
    if (!isFinites(input.mean) || !isFinites(input.std) || input.mean.length !== channels || input.std.length !== channels)
      return 'input.mean or input.std is not one finite number per channel';
    return undefined;
  }
  return 'input.kind is neither table nor image';
}
