/**
 * Reads a saved audit back (no training): report.json for the settings and the dataset it
 * describes, samples.csv for the verdicts. Every way a folder can be wrong (missing, incomplete,
 * another tool's JSON, a newer format, edited rows) is a one-line UserError.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { jsonErrorText } from '../util/quote.js';
import { streamCsvRecords } from '../data/csv-tokenizer.js';
import { delimiterChars } from '../data/delimiter.js';
import { REPORT_KIND, REPORT_VERSION, type LabelNoiseReport, type SampleVerdict } from './report.js';
import { SAMPLE_COLUMN_COUNTS, sampleColumns } from './csv.js';

/**
 * One row of samples.csv: a SampleVerdict as the file holds it (p_noisy and loss rounded to 6
 * decimals, no input index), plus the row's fields as written (for verbatim re-export).
 */
/** A sample as samples.csv holds it; p_given and p_suggested are absent in reports written before they were. */
export type SavedSample = Omit<SampleVerdict, 'index' | 'fitted' | 'pGiven' | 'pSuggested'> &
  Partial<Pick<SampleVerdict, 'pGiven' | 'pSuggested'>> & { readonly fields: readonly string[] };

/** The parts of report.json the tools rely on; the rest is kept but not interpreted. */
export type SavedReportMeta = Pick<LabelNoiseReport, 'kind' | 'version' | 'settings' | 'dataset' | 'tool'>;

export interface SavedReport {
  readonly dir: string;
  readonly meta: SavedReportMeta;
  /** In rank order (as samples.csv lists them). */
  readonly samples: readonly SavedSample[];
}

export async function loadReportFolder(dir: string): Promise<SavedReport> {
  const s = await stat(dir).catch(() => null);
  if (!s) throw new UserError('file', `${dir}: report folder not found; pass the --out folder of a labelsleuth audit`);
  if (!s.isDirectory()) throw new UserError('file', `${dir}: is a file, not a report folder; pass the --out folder of a labelsleuth audit`);
  const meta = await readMeta(dir);
  const samples = await readSamples(join(dir, 'samples.csv'));
  if (samples.length !== meta.dataset.rows) {
    throw new UserError(
      'format',
      `${join(dir, 'samples.csv')}: has ${samples.length} samples but report.json describes ${meta.dataset.rows}; the folder is incomplete or was edited, so run the audit again`,
    );
  }
  return { dir, meta, samples };
}

async function readMeta(dir: string): Promise<SavedReportMeta> {
  const path = join(dir, 'report.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError('file', `${path}: missing; ${dir} is not a complete labelsleuth report folder, so run the audit again`);
  }
  let json: Partial<SavedReportMeta> & { kind?: unknown; version?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch (e) {
    throw new UserError('format', `${path}: not valid JSON (${jsonErrorText(text, e)}); run the audit again`);
  }
  if (json?.kind !== REPORT_KIND) {
    throw new UserError('format', `${path}: kind is ${JSON.stringify(json?.kind)}, not "${REPORT_KIND}"; pass the folder of a labelsleuth audit`);
  }
  if (typeof json.version !== 'number') throw new UserError('format', `${path}: has no report version; the file is damaged, so run the audit again`);
  if (json.version > REPORT_VERSION) {
    throw new UserError('format', `${path}: report version ${json.version} is newer than this labelsleuth reads (${REPORT_VERSION}); upgrade labelsleuth`);
  }
  if (typeof json.dataset !== 'object' || json.dataset === null || typeof json.settings !== 'object' || json.settings === null) {
    throw new UserError('format', `${path}: has no dataset or settings section; the file is damaged, so run the audit again`);
  }
  for (const [section, key, valid] of reliedOn) {
    if (!valid((json[section] as unknown as Record<string, unknown>)[key])) {
      throw new UserError('format', `${path}: ${section}.${key} is missing or not valid; the file is damaged, so run the audit again`);
    }
  }
  return json as SavedReportMeta;
}

/** The values export, evaluate and clean read from report.json, and what each must be. */
const reliedOn: readonly (readonly ['dataset' | 'settings', string, (v: unknown) => boolean])[] = [
  ['dataset', 'rows', (v) => Number.isInteger(v) && (v as number) >= 0],
  ['dataset', 'source', (v) => v === 'csv' || v === 'image-folder' || v === 'signals'],
  ['dataset', 'attachedData', (v) => v === undefined || (typeof v === 'object' && v !== null && typeof (v as { idColumn?: unknown }).idColumn === 'string')],
  ['dataset', 'idColumn', (v) => v === undefined || v === null || typeof v === 'string'],
  ['dataset', 'delimiter', (v) => v === undefined || (typeof v === 'string' && Object.hasOwn(delimiterChars, v))],
  ['settings', 'label', (v) => typeof v === 'string'],
  ['settings', 'id', (v) => v === null || typeof v === 'string'],
  ['settings', 'threshold', (v) => v === null || (typeof v === 'number' && v >= 0 && v <= 1)],
];

async function readSamples(path: string): Promise<SavedSample[]> {
  const samples: SavedSample[] = [];
  try {
    await stat(path);
  } catch {
    throw new UserError('file', `${path}: missing; the report folder is incomplete, so run the audit again`);
  }
  let columns: readonly string[] | undefined;
  await streamCsvRecords(
    path,
    (f, line) => {
      if (columns === undefined) {
        // Every width samples.csv has had: reports written by earlier versions stay readable.
        const width = SAMPLE_COLUMN_COUNTS.find((w) => f.length === w && f.join(',') === sampleColumns.slice(0, w).join(','));
        if (width !== undefined) columns = sampleColumns.slice(0, width);
        else throw new UserError('format', `${path}: header is not ${sampleColumns.join(',')}; this is not a labelsleuth samples.csv, so run the audit again`);
        return;
      }
      if (f.length !== columns.length) {
        throw new UserError('format', `${path} line ${line}: ${f.length} fields, expected ${columns.length} (${columns.join(', ')}); run the audit again`);
      }
      const num = (j: number, name: string): number => {
        const v = Number(f[j]);
        if (f[j] === '' || !Number.isFinite(v)) throw new UserError('format', `${path} line ${line}, column ${name}: ${JSON.stringify(f[j])} is not a number; run the audit again`);
        return v;
      };
      samples.push({
        rank: num(0, 'rank'),
        id: f[1] as string,
        givenLabel: f[2] as string,
        suggestedLabel: f[3] as string,
        pNoisy: num(4, 'p_noisy'),
        loss: num(5, 'loss'),
        flagged: f[6] === '1',
        // Empty from losses alone: no probabilities to give.
        ...(columns.length > SAMPLE_COLUMN_COUNTS[0] && f[7] !== '' ? { pGiven: num(7, 'p_given'), pSuggested: num(8, 'p_suggested') } : {}),
        fields: f,
      });
    },
    'utf-8',
    // Our own file: always comma-separated, so no sniffing (an id holding tabs must not change that).
    'comma',
  );
  return samples;
}
