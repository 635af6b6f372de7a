/**
 * JSON Lines (one JSON object per line, what pandas' `to_json(orient="records", lines=True)` and
 * most logging loops write), as a RecordReader (records.ts: the interface and its contract).
 * Decoded by text-source.ts, so gzip and UTF-16 are read as for CSV. Blank lines are skipped.
 * Strict on shape, because a silently missing key would become a missing value: every line must
 * be an object with exactly the first record's keys (in any order), and values must be flat
 * (string, number, boolean or null).
 */
import { UserError } from '../../errors.js';
import { jsonErrorText, listNames, quote } from '../../util/quote.js';
import { readText, type TextEncoding } from '../text-source.js';
import { isGzip } from './sniff.js';
import { CHUNK_ROWS, textNumber, type RecordChunk, type RecordReader } from './records.js';

type Cell = string | number | boolean | null;

/** The records of one line each: line numbers and cells in column order. */
class JsonlChunk implements RecordChunk {
  constructor(
    private readonly path: string,
    private readonly lines: readonly number[],
    private readonly rows: readonly (readonly Cell[])[],
  ) {}

  get length(): number {
    return this.rows.length;
  }

  strings(j: number): string[] {
    return this.rows.map((r) => {
      const v = r[j]!;
      return v === null ? '' : typeof v === 'string' ? v : String(v);
    });
  }

  numbers(j: number): Float64Array {
    const out = new Float64Array(this.rows.length);
    for (let i = 0; i < out.length; i++) {
      const v = this.rows[i]![j]!;
      out[i] = typeof v === 'number' ? v : typeof v === 'string' ? textNumber(v) : typeof v === 'boolean' ? Number(v) : NaN;
    }
    return out;
  }

  where(i: number): string {
    return `${this.path} line ${this.lines[i]!}`;
  }
}

function parseLine(path: string, text: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UserError('format', `${path} line ${line}: not valid JSON (${jsonErrorText(text, e).replace(/ at line 1,/, ' at')}); JSON Lines needs one JSON object per line`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new UserError('format', `${path} line ${line}: ${what}, not a JSON object; JSON Lines needs one object per line, {"column": value, ...}`);
  }
  return value as Record<string, unknown>;
}

/** The record's cells in column order, or the UserError for its first key that differs from the first record's. */
function cellsOf(path: string, record: Record<string, unknown>, line: number, columns: readonly string[], index: ReadonlyMap<string, number>): Cell[] {
  const cells = new Array<Cell>(columns.length);
  let found = 0;
  for (const key in record) {
    const j = index.get(key);
    if (j === undefined)
      throw new UserError('format', `${path} line ${line}: key ${quote(key)} is not in the first record's keys (${listNames(columns)}); every record needs the same keys`);
    const v = record[key];
    if (v !== null && typeof v === 'object')
      throw new UserError(
        'format',
        `${path} line ${line}, key ${quote(key)}: a nested ${Array.isArray(v) ? 'array' : 'object'}; labelsleuth reads flat records, one value per key (spread it into one key per value)`,
      );
    cells[j] = v as Cell;
    found++;
  }
  if (found < columns.length) {
    const missing = columns.find((c) => !Object.hasOwn(record, c))!;
    throw new UserError('format', `${path} line ${line}: no key ${quote(missing)}, which the first record has; every record needs the same keys (null for a missing value)`);
  }
  return cells;
}

/** Each non-blank line's text and 1-based line number, a chunk of text at a time. */
async function* lineBatches(path: string, encoding: TextEncoding): AsyncGenerator<{ texts: string[]; lines: number[] }> {
  let rest = '';
  let line = 0;
  for await (const text of readText(path, encoding)) {
    const s = rest + text;
    const texts: string[] = [];
    const lines: number[] = [];
    let start = 0;
    for (let nl = s.indexOf('\n'); nl >= 0; nl = s.indexOf('\n', start)) {
      line++;
      const t = s.slice(start, s.charCodeAt(nl - 1) === 13 && nl > start ? nl - 1 : nl);
      if (t.trim() !== '') {
        texts.push(t);
        lines.push(line);
      }
      start = nl + 1;
    }
    rest = s.slice(start);
    if (texts.length > 0) yield { texts, lines };
  }
  if (rest.trim() !== '') yield { texts: [rest.endsWith('\r') ? rest.slice(0, -1) : rest], lines: [line + 1] };
}

export interface JsonlOptions {
  /** @default 'auto' (UTF-8, or UTF-16 when the bytes say so) */
  readonly encoding?: TextEncoding;
}

/** Opens a JSON Lines file (gzip or not): reads its first record for the columns. */
export async function openJsonl(path: string, o: JsonlOptions = {}): Promise<RecordReader> {
  const encoding = o.encoding ?? 'auto';
  let columns: string[] | undefined;
  for await (const batch of lineBatches(path, encoding)) {
    columns = Object.keys(parseLine(path, batch.texts[0]!, batch.lines[0]!));
    break;
  }
  if (columns === undefined) throw new UserError('file', `${path}: no records; JSON Lines needs one JSON object per line`);
  if (columns.length === 0) throw new UserError('format', `${path}: the first record is {}; every record needs the table's columns as keys`);
  const names = columns;
  const index = new Map(names.map((c, j) => [c, j]));
  return {
    format: 'jsonl',
    path,
    gzip: await isGzip(path),
    columns: names,
    rows: undefined,
    files: [],
    async *chunks() {
      let rows: Cell[][] = [];
      let lines: number[] = [];
      for await (const batch of lineBatches(path, encoding)) {
        for (let k = 0; k < batch.texts.length; k++) {
          const line = batch.lines[k]!;
          rows.push(cellsOf(path, parseLine(path, batch.texts[k]!, line), line, names, index));
          lines.push(line);
          if (rows.length === CHUNK_ROWS) {
            yield new JsonlChunk(path, lines, rows);
            rows = [];
            lines = [];
          }
        }
      }
      if (rows.length > 0) yield new JsonlChunk(path, lines, rows);
    },
  };
}
