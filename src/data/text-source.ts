/**
 * Every text file a user gives us (tables, truth, noise matrices) is decoded here, never by a
 * silent `readFile(path, 'utf8')`: bytes that are not valid UTF-8 used to become U+FFFD without a
 * word ('café' and 'cafè' both 'caf\uFFFD', one class). So: gzip is unpacked, a UTF-16 file (with or
 * without a byte-order mark) is read as such, other binary content (a spreadsheet, Parquet, an
 * image...) is refused with what it looks like, and invalid UTF-8 is an error naming its line and
 * column with the --encoding to use instead.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';

/** What --encoding accepts: 'auto' = UTF-8, or UTF-16 when the bytes say so; the rest are read as named. */
export const textEncodingDescriptions = {
  auto: 'UTF-8, or UTF-16 when the file has a byte-order mark or the pattern of one',
  'utf-8': 'UTF-8, strictly',
  latin1: 'ISO-8859-1 / Windows-1252 (Western European single-byte)',
  'iso-8859-15': 'ISO-8859-15 (Latin-9, with the euro sign)',
  'windows-1250': 'Windows-1250 (Central European)',
  'windows-1251': 'Windows-1251 (Cyrillic)',
  'utf-16le': 'UTF-16, little-endian',
  'utf-16be': 'UTF-16, big-endian',
} as const satisfies Record<string, string>;

export type TextEncoding = keyof typeof textEncodingDescriptions;
export const TEXT_ENCODINGS = Object.keys(textEncodingDescriptions) as TextEncoding[];

const GZIP = [0x1f, 0x8b];

/** Magic numbers of files people hand to a CSV reader by mistake. */
const BINARY_KINDS: readonly (readonly [string, readonly number[]])[] = [
  ['a ZIP archive (an .xlsx or .ods spreadsheet is one; export it as CSV)', [0x50, 0x4b, 0x03, 0x04]],
  ['a Parquet file', [0x50, 0x41, 0x52, 0x31]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['an old Excel (.xls) workbook', [0xd0, 0xcf, 0x11, 0xe0]],
  ['a bzip2 archive', [0x42, 0x5a, 0x68]],
  ['an xz archive', [0xfd, 0x37, 0x7a, 0x58, 0x5a]],
  ['a NumPy array (.npy)', [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]],
];

const startsWith = (b: Uint8Array, magic: readonly number[]): boolean => magic.every((m, i) => b[i] === m);

/** How the first bytes (after gzip, if any) say the text is encoded, or why it is not text. */
export function sniffEncoding(head: Uint8Array): { readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; readonly bom: number } | { readonly binary: string } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // Some magic numbers are plain letters ('PAR1', '%PDF', 'BZh'): a table whose first column is
  // named so is still text. The files themselves have a NUL or a non-UTF-8 byte within 1 KiB.
  if (!isPlainText(head)) for (const [kind, magic] of BINARY_KINDS) if (startsWith(head, magic)) return { binary: kind };
  // UTF-16 without a mark: ASCII-range text has a zero in every other byte.
  const pairs = Math.floor(Math.min(head.length, 1024) / 2);
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZero++;
    if (head[2 * i + 1] === 0) oddZero++;
  }
  if (pairs >= 2 && oddZero > 0.4 * pairs && evenZero === 0) return { encoding: 'utf-16le', bom: 0 };
  if (pairs >= 2 && evenZero > 0.4 * pairs && oddZero === 0) return { encoding: 'utf-16be', bom: 0 };
  if (head.subarray(0, 1024).includes(0)) return { binary: 'binary data, not text' };
  return { encoding: 'utf-8', bom: 0 };
}

/** No NUL and valid UTF-8 in the first KiB (a character cut by its end allowed). */
function isPlainText(head: Uint8Array): boolean {
  const h = head.subarray(0, 1024);
  return !h.includes(0) && firstInvalidUtf8(h) >= h.length - 3;
}

/** The first `bytes` bytes of a file (fewer if it is shorter), for sniffing its kind. */
export async function readHead(path: string, bytes: number): Promise<Buffer> {
  // Errors stay the file system's own (ENOENT, EACCES): each caller words them for its file.
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The file's bytes, gunzipped when they are gzip. */
async function* rawBytes(path: string, gzip: boolean): AsyncGenerator<Buffer> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = gzip ? file.pipe(createGunzip()) : file;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
  } catch (e) {
    if (gzip && (e as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new UserError('format', `${path}: the gzip data is damaged or truncated (${(e as Error).message}); compress the file again`);
    }
    throw e;
  } finally {
    file.destroy();
  }
}

/** 1-based line and column (in characters of the valid prefix) of byte offset `at`. */
function positionOf(bytes: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: new TextDecoder().decode(bytes.subarray(lineStart, at)).length + 1 };
}

/** Offset of the first byte that does not belong to a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
    }
    // Overlong, surrogate and out-of-range forms that the lead byte alone does not rule out.
    const d1 = b[i + 1] ?? 0;
    if ((c === 0xe0 && d1 < 0xa0) || (c === 0xed && d1 > 0x9f) || (c === 0xf0 && d1 < 0x90) || (c === 0xf4 && d1 > 0x8f)) return i;
    i += need + 1;
  }
  return b.length;
}

/**
 * The decoded text of a file, chunk by chunk (a leading byte-order mark removed). Errors are
 * UserErrors that name the file: unreadable, binary, damaged gzip, or invalid UTF-8 with its
 * line and column.
 */
export async function* readText(path: string, encoding: TextEncoding = 'auto'): AsyncGenerator<string> {
  const head = await readHead(path, 4096);
  const gzip = startsWith(head, GZIP);
  let chosen: string = encoding;
  let skip = 0;
  let sniffed = false;
  const chunks = rawBytes(path, gzip);
  let decoder: TextDecoder | undefined;
  for await (let chunk of chunks) {
    if (!sniffed) {
      sniffed = true;
      const s = sniffEncoding(chunk);
      if ('binary' in s) throw new UserError('format', `${path}: is ${s.binary}, not a text table; labelsleuth reads CSV text${gzip ? ' (gzip-compressed is fine)' : ''}`);
      if (encoding === 'auto') chosen = s.encoding;
      // A mark is dropped whatever the encoding asked for, as long as it is the mark of that encoding.
      if (s.encoding === chosen) skip = s.bom;
      decoder = new TextDecoder(chosen, { fatal: chosen === 'utf-8' || chosen.startsWith('utf-16') });
    }
    if (skip > 0) {
      chunk = chunk.subarray(skip);
      skip = 0;
    }
    let text: string;
    try {
      text = decoder!.decode(chunk, { stream: true });
    } catch {
      throw await invalidText(path, chosen, gzip);
    }
    if (text.length > 0) yield text;
  }
  if (decoder) {
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw await invalidText(path, chosen, gzip);
    }
    if (rest.length > 0) yield rest;
  }
}

/** Reads the file again (the error path only) to name the line and column of the first bad byte. */
async function invalidText(path: string, encoding: string, gzip: boolean): Promise<UserError> {
  if (encoding !== 'utf-8') return new UserError('format', `${path}: is not valid ${encoding.toUpperCase()} text; check --encoding`);
  const parts: Buffer[] = [];
  for await (const chunk of rawBytes(path, gzip)) parts.push(chunk);
  const bytes = Buffer.concat(parts);
  const { line, column } = positionOf(bytes, firstInvalidUtf8(bytes));
  return new UserError(
    'format',
    `${path}: line ${line}, column ${column}: bytes that are not valid UTF-8; if the file is in a single-byte encoding, pass --encoding latin1 (or iso-8859-15, windows-1250, windows-1251)`,
  );
}

/** The whole decoded text of a (small) file: truth files, noise matrices. */
export async function readWholeText(path: string, encoding: TextEncoding = 'auto'): Promise<string> {
  let text = '';
  for await (const chunk of readText(path, encoding)) text += chunk;
  return text;
}
