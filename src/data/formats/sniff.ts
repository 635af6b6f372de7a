/**
 * Which reader a file needs, from its content first and its name second: magic numbers for the
 * binary formats (Parquet, NumPy), then the first character and the header line for text (gzip
 * looked through). Extensions decide only what content cannot: a one-column CSV vs TSV.
 */
import { stat } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { readHead, readText, type TextEncoding } from '../text-source.js';

export type TableFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet' | 'npy';

export interface DetectedFormat {
  readonly format: TableFormat;
  /** gzip-compressed bytes (text formats only). */
  readonly gzip: boolean;
}

export async function isGzip(path: string): Promise<boolean> {
  const h = await readHead(path, 2);
  return h[0] === 0x1f && h[1] === 0x8b;
}

/** The first line of a text file (decoded, gzip looked through), up to 64 KiB of it. */
async function firstLine(path: string, encoding: TextEncoding): Promise<string> {
  let text = '';
  for await (const chunk of readText(path, encoding)) {
    text += chunk;
    if (/[\r\n]/.test(text.trimStart()) || text.length > 65_536) break;
  }
  return text.trimStart().split(/\r?\n|\r/)[0] ?? '';
}

/** Detects the format of a file, or of a folder (a folder of Parquet shards). Errors of the file system are left to the caller. */
export async function detectFormat(path: string, encoding: TextEncoding = 'auto'): Promise<DetectedFormat> {
  if ((await stat(path)).isDirectory()) return { format: 'parquet', gzip: false };
  const h = await readHead(path, 8);
  if (h.subarray(0, 4).toString('latin1') === 'PAR1') return { format: 'parquet', gzip: false };
  if (h[0] === 0x93 && h.subarray(1, 6).toString('latin1') === 'NUMPY') return { format: 'npy', gzip: false };
  const gzip = h[0] === 0x1f && h[1] === 0x8b;
  const name = path.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.parquet') || name.endsWith('.npy'))
    throw new UserError(
      'format',
      `${path}: named ${name.endsWith('.npy') ? '.npy' : '.parquet'} but its bytes are not that format${gzip ? ' (they are gzip: unpack it first)' : ''}`,
    );
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return { format: 'jsonl', gzip };
  const line = await firstLine(path, encoding);
  if (line.startsWith('{')) return { format: 'jsonl', gzip };
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return { format: 'tsv', gzip };
  if (name.endsWith('.csv')) return { format: 'csv', gzip };
  return { format: line.includes('\t') && !line.includes(',') ? 'tsv' : 'csv', gzip };
}
