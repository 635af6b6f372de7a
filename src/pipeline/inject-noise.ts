/**
 * inject-noise: a noisy copy of a dataset and the truth beside it (columns id,true_label,
 * noisy_label,is_noisy), for measuring a detector on noise whose every flip is known.
 */
import { UserError } from '../errors.js';
import { loadCsv } from '../data/csv.js';
import { textEncodingDescriptions, type TextEncoding } from '../data/text-source.js';
import { oneOf } from '../options/validate.js';
import { pathKind } from '../data/path-kind.js';
import { holdsParquetShards } from '../data/record-stream.js';
import { createRng } from '../util/rng.js';
import { copyCsv, renderCsv, wantsGzip } from '../data/csv-copy.js';
import type { DelimiterChoice } from '../data/delimiter.js';
import { injectNoise, type NoiseKind, type NoiseSpec } from '../noise/noise-kinds.js';
import { loadNoiseMatrix } from '../data/noise-matrix-file.js';
import { companionPath, prepareOutputs, replaceIfForced, writeOutputs, type OutputPlan } from '../util/atomic-output.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyImages, listImageSamples } from '../data/image-copy.js';

export const TRUTH_COLUMNS = ['id', 'true_label', 'noisy_label', 'is_noisy'] as const;

export interface InjectNoiseOptions {
  /** A CSV file (or, where supported, an image folder). */
  readonly data: string;
  /** Where the noisy copy goes; the truth file goes beside it (companionPath(out, 'truth')). */
  readonly out: string;
  readonly kind: NoiseKind;
  /** Share of samples to flip, in [0, 1); required for every kind but `matrix`, refused with it. */
  readonly rate?: number;
  /** Seeds the choice of samples and of their new labels. @default 1 */
  readonly seed?: number;
  /** CSV label column. @default 'label' */
  readonly label?: string;
  /** CSV id column. @default undefined: the 1-based data row number, as in the audit */
  readonly id?: string;
  /** How the CSV's bytes are text; the copy is written in UTF-8. @default 'auto' */
  readonly encoding?: TextEncoding;
  /** The CSV's field separator, which the copy keeps. @default 'auto': detected from the header line */
  readonly delimiter?: DelimiterChoice;
  /** JSON transition matrix file; required for `matrix`, refused otherwise. */
  readonly matrix?: string;
  /** Replace an existing --out (and truth file). @default false */
  readonly force?: boolean;
}

export interface InjectNoiseResult {
  readonly out: string;
  readonly truth: string;
  readonly kind: NoiseKind;
  readonly rows: number;
  readonly flipped: number;
  readonly classNames: readonly string[];
  /** One line per leftover of a dead run that was removed or restored beside --out. */
  readonly notes: readonly string[];
}

export const injectNoiseDefaults = { seed: 1, label: 'label' } as const;

function checkOptions(o: InjectNoiseOptions): void {
  if (o.kind === 'matrix') {
    if (o.matrix === undefined) throw new UserError('option', '--kind matrix needs --matrix <file.json> (a transition matrix whose rows sum to 1)');
    if (o.rate !== undefined) throw new UserError('option', '--rate does not apply to --kind matrix: the matrix sets the flip probabilities; drop --rate');
  } else {
    if (o.matrix !== undefined) throw new UserError('option', `--matrix applies to --kind matrix only, not --kind ${o.kind}; drop --matrix`);
    if (o.rate === undefined) throw new UserError('option', `--kind ${o.kind} needs --rate <r>, the share of labels to flip, in [0, 1)`);
    if (!(o.rate >= 0 && o.rate < 1)) throw new UserError('option', `--rate must be in [0, 1), got ${o.rate}`);
  }
  const seed = o.seed ?? injectNoiseDefaults.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UserError('option', `--seed must be a whole number from 0 to 4294967295, got ${seed}`);
  }
}

/** What inject-noise only reads, so no --out may overlap it. */
const inputsOf = (o: InjectNoiseOptions): string[] => (o.matrix === undefined ? [o.data] : [o.data, o.matrix]);

export async function runInjectNoise(o: InjectNoiseOptions): Promise<InjectNoiseResult> {
  checkOptions(o);
  if (o.encoding !== undefined) oneOf('--encoding', o.encoding, textEncodingDescriptions);
  const kind = await pathKind(o.data);
  if (kind === 'missing') throw new UserError('file', `${o.data}: not found; check the path`);
  if (kind === 'folder' && !(await holdsParquetShards(o.data))) return injectImageFolderNoise(o);
  return injectCsvNoise(o);
}

async function injectCsvNoise(o: InjectNoiseOptions): Promise<InjectNoiseResult> {
  const truthPath = companionPath(o.out, 'truth');
  const output: OutputPlan = {
    targets: [
      { path: o.out, kind: 'file' },
      { path: truthPath, kind: 'file' },
    ],
    inputs: inputsOf(o),
    replace: replaceIfForced(o.force),
  };
  const notes = await prepareOutputs(output);
  const ds = await loadCsv(o.data, { label: o.label, id: o.id, ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.delimiter ? { delimiter: o.delimiter } : {}) });
  const spec = await noiseSpec(o, ds.classNames, ds.features, ds.sampleShape[0] as number);
  const { noisy, flipped } = injectNoise(ds.labels, ds.classNames.length, spec, createRng(o.seed ?? injectNoiseDefaults.seed));
  const labelColumn = ds.header.indexOf(o.label ?? injectNoiseDefaults.label);
  const names = ds.classNames;
  await writeOutputs({ ...output, onNote: (note) => notes.push(note) }, async ([copy, truth]) => {
    await copyCsv(
      o.data,
      copy as string,
      o.encoding ?? 'auto',
      (fields, row) => {
        fields[labelColumn] = names[noisy[row] as number] as string;
        return fields;
      },
      { delimiter: ds.delimiter ?? 'auto', gzip: wantsGzip(o.out), outName: o.out },
    );
    const rows = ds.ids.map((id, i) => {
      const y = ds.labels[i] as number;
      const z = noisy[i] as number;
      return [id, names[y] as string, names[z] as string, y === z ? '0' : '1'];
    });
    await writeFile(truth as string, renderCsv(TRUTH_COLUMNS, rows));
  });
  return { out: o.out, truth: truthPath, kind: o.kind, rows: ds.labels.length, flipped, classNames: names, notes };
}

export async function noiseSpec(o: InjectNoiseOptions, classNames: readonly string[], features: Float32Array, dim: number): Promise<NoiseSpec> {
  switch (o.kind) {
    case 'matrix':
      return { kind: 'matrix', rows: await loadNoiseMatrix(o.matrix as string, classNames) };
    case 'instance':
      return { kind: 'instance', rate: o.rate as number, features, dim };
    case 'symmetric':
    case 'pairflip':
      return { kind: o.kind, rate: o.rate as number };
  }
}

/** The copy keeps the folder layout; a flipped image moves to its noisy class folder; truth.csv goes inside. */
async function injectImageFolderNoise(o: InjectNoiseOptions): Promise<InjectNoiseResult> {
  if (o.kind === 'instance') {
    throw new UserError('option', `${o.data}: --kind instance needs features and is for CSV files; use symmetric, pairflip or matrix on an image folder`);
  }
  if (o.id !== undefined || o.label !== undefined) {
    throw new UserError('option', `${o.data}: --label and --id are for CSV files; an image folder's labels are its class folders and its ids the image paths`);
  }
  const output: OutputPlan = { targets: [{ path: o.out, kind: 'folder' }], inputs: inputsOf(o), replace: replaceIfForced(o.force) };
  const notes = await prepareOutputs(output);
  const { files, classNames: names, labels } = await listImageSamples(o.data);
  const spec = await noiseSpec(o, names, new Float32Array(0), 0);
  const { noisy, flipped } = injectNoise(labels, names.length, spec, createRng(o.seed ?? injectNoiseDefaults.seed));
  await writeOutputs({ ...output, onNote: (note) => notes.push(note) }, async ([copy]) => {
    const rel = await copyImages(files, (i) => (noisy[i] === labels[i] ? { kind: 'keep' } : { kind: 'move', className: names[noisy[i] as number] as string }), copy as string);
    const rows = files.map((_, i) => {
      const y = labels[i] as number;
      const z = noisy[i] as number;
      return [rel[i] as string, names[y] as string, names[z] as string, y === z ? '0' : '1'];
    });
    await writeFile(join(copy as string, 'truth.csv'), renderCsv(TRUTH_COLUMNS, rows));
  });
  return { out: o.out, truth: join(o.out, 'truth.csv'), kind: o.kind, rows: files.length, flipped, classNames: names, notes };
}
