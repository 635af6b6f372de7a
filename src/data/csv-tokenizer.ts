// biome-ignore-all lint/suspicious/noAssignInExpressions: the scanner's hot loops read the next char code in their condition
/**
 * A small RFC 4180 reader. We do not use csv-parse on the hot path: on a 20,000 x 785 numeric file
 * it alone took ~3.7 s here, this reader plus number parsing takes well under half of that.
 * csv-parse stays in the tests as the reference this reader is checked against.
 *
 * Accepted: quoted fields with commas, quotes ("") and line breaks; LF, CRLF or CR line ends; a
 * UTF-8 BOM; a last line without a line end; blank lines (skipped; a line of just "" is a record of
 * one empty field, as in csv-parse, not a blank line). Every field is trimmed, quoted ones too, so
 * " cat" and "cat" are one class. A quote inside an unquoted field is kept as text. The fields
 * are separated by a comma, a tab, a semicolon or a pipe (delimiter.ts), the same in every record.
 */
import { UserError } from '../errors.js';
import { readText, type TextEncoding } from './text-source.js';
import { delimiterChars, detectDelimiter, headerLine, type Delimiter, type DelimiterChoice } from './delimiter.js';
import { detectFormat } from './formats/sniff.js';
import { streamRecordFile, type RecordFileFormat } from './record-stream.js';

/** Called once per non-blank record with its trimmed fields and the 1-based file line it starts on. */
// biome-ignore lint/suspicious/noConfusingVoidType: void lets visitors that return nothing be passed as they are
export type RecordVisitor = (fields: string[], line: number) => void | 'stop';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** Sentinel: the buffer ends inside this record, wait for more text. */
const INCOMPLETE = -1;

class RecordScanner {
  fields: string[] = [];
  /** Line breaks inside quoted fields of the last record (the terminator not included). */
  innerBreaks = 0;
  /** Whether the last record had a quoted field: then it is not blank, even if that field is empty. */
  quoted = false;

  /** A tab delimiter is a field boundary, so only spaces count as padding then. */
  private readonly padTab: boolean;

  constructor(
    private readonly path: string,
    private readonly delim: number = COMMA,
  ) {
    this.padTab = delim !== TAB;
  }

  private isPad(c: number): boolean {
    return c === SPACE || (c === TAB && this.padTab);
  }

  /** Scans one record starting at pos; returns the index after its line end, or INCOMPLETE. */
  scan(s: string, pos: number, final: boolean, line: number): number {
    const n = s.length;
    const fields: string[] = [];
    let breaks = 0;
    let quoted = false;
    let i = pos;
    for (;;) {
      const start = i;
      let c = 0;
      while (i < n && this.isPad((c = s.charCodeAt(i)))) i++;
      let value: string;
      if (i < n && c === QUOTE) {
        const open = i;
        quoted = true;
        value = '';
        let seg = i + 1;
        i++;
        for (;;) {
          const q = s.indexOf('"', i);
          if (q === -1) {
            if (!final) return INCOMPLETE;
            throw new UserError('format', `${this.path} line ${line + breaks}: a quoted field is never closed; close the quote, or write a quote inside a quoted field as ""`);
          }
          if (q + 1 >= n && !final) return INCOMPLETE; // cannot tell "" from a closing quote yet
          if (s.charCodeAt(q + 1) === QUOTE) {
            value += s.slice(seg, q + 1);
            i = seg = q + 2;
            continue;
          }
          value += s.slice(seg, q);
          breaks += countBreaks(s, open, q);
          i = q + 1;
          break;
        }
        while (i < n && this.isPad((c = s.charCodeAt(i)))) i++;
        if (i < n && c !== this.delim && c !== LF && c !== CR) {
          throw new UserError('format', `${this.path} line ${line + breaks}: unexpected text after a closing quote; quote the whole field and write a quote inside it as ""`);
        }
        value = value.trim();
      } else {
        const from = i;
        const delim = this.delim;
        while (i < n && (c = s.charCodeAt(i)) !== delim && c !== LF && c !== CR) i++;
        // trim() only when an end could be whitespace: most cells are plain ASCII and skip it.
        value = i > from && isPlain(s.charCodeAt(i - 1)) && isPlain(s.charCodeAt(from)) ? s.slice(from, i) : s.slice(start, i).trim();
      }
      if (i >= n) {
        if (!final) return INCOMPLETE;
        fields.push(value);
        return this.done(fields, breaks, quoted, n);
      }
      fields.push(value);
      if (c === this.delim) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !final) return INCOMPLETE; // a CRLF may be split across chunks
        return this.done(fields, breaks, quoted, s.charCodeAt(i + 1) === LF ? i + 2 : i + 1);
      }
      return this.done(fields, breaks, quoted, i + 1);
    }
  }

  private done(fields: string[], breaks: number, quoted: boolean, end: number): number {
    this.fields = fields;
    this.innerBreaks = breaks;
    this.quoted = quoted;
    return end;
  }
}

function isPlain(code: number): boolean {
  return code > 32 && code < 127;
}

/** CRLF counts as one break, like a lone LF or CR. */
function countBreaks(s: string, from: number, to: number): number {
  let k = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === LF) k++;
    else if (c === CR && s.charCodeAt(i + 1) !== LF) k++;
  }
  return k;
}

/**
 * Streams the records of a CSV file to visit(), header included. Blank lines are skipped but
 * counted, so reported lines match what an editor shows.
 */
export async function streamCsvRecords(path: string, visit: RecordVisitor, encoding: TextEncoding = 'auto', delimiter: DelimiterChoice = 'auto'): Promise<Delimiter> {
  // JSON Lines and Parquet tables arrive as the same records (record-stream.ts); their "delimiter" is moot.
  const other = delimiter === 'auto' ? await recordFileFormat(path, encoding) : null;
  if (other !== null) {
    await streamRecordFile(path, other, visit, encoding);
    return 'comma';
  }
  const resolved = delimiter === 'auto' ? await sniffDelimiter(path, encoding) : delimiter;
  await scanRecords(path, visit, encoding, resolved);
  return resolved;
}

/** 'jsonl' or 'parquet' when the file is one of those (by content first, then name), else null: a delimited text table. */
export async function recordFileFormat(path: string, encoding: TextEncoding = 'auto'): Promise<RecordFileFormat | null> {
  const { format } = await detectFormat(path, encoding);
  return format === 'jsonl' || format === 'parquet' ? format : null;
}

/** The delimiter 'auto' means for this file: read up to the end of its header line only. */
export async function sniffDelimiter(path: string, encoding: TextEncoding = 'auto'): Promise<Delimiter> {
  const chunks = readText(path, encoding);
  let text = '';
  try {
    for await (const chunk of chunks) {
      text += chunk;
      const line = headerLine(text, false);
      if (line !== undefined) return detectDelimiter(line);
    }
  } finally {
    await chunks.return(undefined);
  }
  return detectDelimiter(headerLine(text, true) ?? '');
}

async function scanRecords(path: string, visit: RecordVisitor, encoding: TextEncoding, delimiter: Delimiter): Promise<void> {
  const chunks = readText(path, encoding);
  const scanner = new RecordScanner(path, delimiterChars[delimiter].charCodeAt(0));
  let carry = '';
  // A record still incomplete is scanned again from its start, so only once the text has doubled:
  // a record spanning many chunks (a wide row under gzip's 16 KiB chunks, a one-line JSON file)
  // then costs linear time, not quadratic.
  let retryAt = 0;
  let line = 1;
  let first = true;
  let stopped = false;
  const consume = (s: string, final: boolean): string => {
    let pos = 0;
    while (pos < s.length && !stopped) {
      const end = scanner.scan(s, pos, final, line);
      if (end === INCOMPLETE) break;
      const fields = scanner.fields;
      const blank = fields.length === 1 && fields[0] === '' && !scanner.quoted;
      if (!blank && visit(fields, line) === 'stop') stopped = true;
      line += scanner.innerBreaks + (endsWithBreak(s, end) ? 1 : 0);
      pos = end;
    }
    return s.slice(pos);
  };
  try {
    for await (const chunk of chunks) {
      let s = carry + chunk;
      if (first) {
        if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
        first = false;
      }
      if (s.length < retryAt) {
        carry = s;
        continue;
      }
      carry = consume(s, false);
      if (stopped) return;
      retryAt = 2 * carry.length;
    }
    if (carry.length > 0) consume(carry, true);
  } finally {
    // Stopping early ('stop') closes the file.
    await chunks.return(undefined);
  }
}

function endsWithBreak(s: string, end: number): boolean {
  const c = s.charCodeAt(end - 1);
  return c === LF || c === CR;
}
