/**
 * Reads the --matrix file of inject-noise. The reading lives here, beside the other readers of
 * user files (truth.ts, csv.ts), so that noise/ stays pure like mixture/ and scoring/: its
 * generators and parser take values and never touch the filesystem.
 */
import { isUserError, UserError } from '../errors.js';
import { readWholeText } from './text-source.js';
import { parseNoiseMatrix } from '../noise/noise-matrix.js';
import { jsonErrorText } from '../util/quote.js';

export async function loadNoiseMatrix(path: string, classNames: readonly string[]): Promise<number[][]> {
  let text: string;
  try {
    text = await readWholeText(path);
  } catch (e) {
    if (isUserError(e)) throw e;
    throw new UserError('file', `${path}: cannot read the matrix file (${(e as NodeJS.ErrnoException).code ?? 'error'}); check the --matrix path`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError('format', `${path}: not valid JSON (${jsonErrorText(text, e)}); write the matrix as JSON`);
  }
  return parseNoiseMatrix(path, json, classNames);
}
