import { parse } from 'csv-parse/sync';
import { isUserError, UserError } from '../errors.js';
import { readWholeText, type TextEncoding } from './text-source.js';
import { quote } from '../util/quote.js';

/**
 * Known truth for evaluation: which samples are really mislabeled. A truth file has an `id`
 * column and either `is_noisy` (1/0, true/false) or `true_label` (compared with the given label).
 * The fixture format `id,true_label,noisy_label,is_noisy` has both; is_noisy wins.
 */
export async function loadTruth(path: string, ids: readonly string[], givenLabels: readonly string[], encoding: TextEncoding = 'auto'): Promise<Uint8Array> {
  let text: string;
  try {
    text = await readWholeText(path, encoding);
  } catch (e) {
    if (isUserError(e)) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError('file', `${path}: cannot read the truth file (${code ?? 'error'}); check the --truth path`);
  }
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, bom: true, trim: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (e) {
    throw new UserError('format', `${path}: not a valid CSV file (${(e as Error).message.split('\n')[0]})`);
  }
  const first = records[0];
  if (!first || !('id' in first) || !('is_noisy' in first || 'true_label' in first)) {
    throw new UserError('column', `${path}: a truth file needs an 'id' column and an 'is_noisy' or 'true_label' column`);
  }
  const byId = new Map<string, boolean>();
  const index = new Map(ids.map((id, i) => [id, i]));
  records.forEach((r, row) => {
    const id = r.id ?? '';
    const i = index.get(id);
    if (i === undefined) return;
    let noisy: boolean;
    if (r.is_noisy !== undefined) {
      const v = r.is_noisy.toLowerCase();
      if (!['1', '0', 'true', 'false'].includes(v)) {
        throw new UserError('value', `${path}: row ${row + 1}, column is_noisy: expected 1/0 or true/false, got ${quote(r.is_noisy)}`);
      }
      noisy = v === '1' || v === 'true';
    } else {
      noisy = r.true_label !== givenLabels[i];
    }
    byId.set(id, noisy);
  });
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const few = missing
      .slice(0, 3)
      .map((m) => quote(m))
      .join(', ');
    throw new UserError('value', `${path}: ${missing.length} of ${ids.length} sample ids have no row in the truth file (e.g. ${few}); the truth file must cover every sample id`);
  }
  return Uint8Array.from(ids, (id) => (byId.get(id) ? 1 : 0));
}
