/**
 * samples.csv and suspects.csv lines encoded straight into bytes, for the streamed CSVs of large
 * audits: at 10M samples building each line as strings (an array of fields, toFixed, a regex per
 * field, a join, then UTF-8 encoding of 1 MB strings) was half the run's CPU time. The bytes are
 * exactly those of reports/csv.ts's sampleLine/suspectLine (a test checks them on awkward values):
 * every value that leaves the fast paths below is formatted by those functions' own helpers.
 */
import { csvEscape } from '../data/csv-rows.js';
import type { SampleVerdict } from './report.js';

const COMMA = 44;
const QUOTE = 34;
const ZERO = 48;

/** A growable byte buffer that lines are appended to; `take()` hands its bytes over and starts afresh. */
export class ByteLines {
  private buf: Buffer;
  length = 0;

  constructor(private readonly capacity = 1 << 20) {
    this.buf = Buffer.allocUnsafe(capacity + 4096);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + extra));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  byte(c: number): void {
    this.ensure(1);
    this.buf[this.length++] = c;
  }

  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.length++] = s.charCodeAt(i);
  }

  /** Text as it is (a header line already formatted), UTF-8. */
  text(s: string): void {
    this.ensure(Buffer.byteLength(s));
    this.length += this.buf.write(s, this.length, 'utf8');
  }

  /** A CSV field, quoted when csvEscape would quote it. */
  field(s: string): void {
    const n = s.length;
    this.ensure(n);
    // Fast path: printable ASCII with no quote or comma, and no space at either end (csvEscape would quote it).
    if (n > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32)) {
      this.text(csvEscape(s));
      return;
    }
    const buf = this.buf;
    const start = this.length;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 || c > 126 || c === QUOTE || c === COMMA) {
        this.text(csvEscape(s));
        return;
      }
      buf[start + i] = c;
    }
    this.length = start + n;
  }

  /** A non-negative integer below 2^31. */
  uint(v: number): void {
    this.ensure(10);
    const buf = this.buf;
    let digits = 1;
    for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
    let at = this.length + digits;
    this.length = at;
    let x = v;
    do {
      buf[--at] = ZERO + (x % 10);
      x = (x / 10) | 0;
    } while (x > 0);
  }

  /** millionths / 1e6 as toFixed(6) writes it (millionths a non-negative integer below 2^31). */
  millionths(m: number): void {
    const whole = (m / 1e6) | 0;
    this.uint(whole);
    this.ensure(7);
    const buf = this.buf;
    const at = this.length;
    buf[at] = 46;
    let frac = m - whole * 1e6;
    for (let k = 6; k >= 1; k--) {
      buf[at + k] = ZERO + (frac % 10);
      frac = (frac / 10) | 0;
    }
    this.length = at + 7;
  }

  /** v.toFixed(6), or nothing for NaN (an empty cell), as reports/csv.ts writes it. */
  fixed6(v: number): void {
    if (Number.isNaN(v)) return;
    const m = roundMillionths(v);
    if (m >= 0) this.millionths(m);
    else this.ascii(v.toFixed(6));
  }

  /** Appends another buffer's bytes (a sample's fields, shared by both files). */
  append(other: ByteLines, from: number, to: number): void {
    this.ensure(to - from);
    other.buf.copy(this.buf, this.length, from, to);
    this.length += to - from;
  }

  get full(): boolean {
    return this.length >= this.capacity;
  }

  /** The bytes so far (the buffer is not reused after: a stream may still hold it). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.length);
    this.buf = Buffer.allocUnsafe(this.capacity + 4096);
    this.length = 0;
    return out;
  }
}

/**
 * round(v x 1e6) as toFixed(6) rounds it (the exact double, ties up), or -1 when that cannot be
 * told cheaply: v outside [0, 1000) (the product then has no room for the check), or v x 1e6
 * within rounding error of a half. Probabilities and losses are almost always inside.
 */
export function roundMillionths(v: number): number {
  if (!(v >= 0 && v < 1000)) return -1;
  const x = v * 1e6;
  const floor = Math.floor(x);
  if (Math.abs(x - floor - 0.5) < 1e-6) return -1;
  return x - floor > 0.5 ? floor + 1 : floor;
}

/** The fields of samples.csv's line (reports/csv.ts sampleFields), without the line end. */
export function encodeSampleFields(out: ByteLines, s: SampleVerdict): void {
  out.uint(s.rank);
  out.byte(COMMA);
  out.field(s.id);
  out.byte(COMMA);
  out.field(s.givenLabel);
  out.byte(COMMA);
  out.field(s.suggestedLabel);
  out.byte(COMMA);
  out.fixed6(s.pNoisy);
  out.byte(COMMA);
  out.fixed6(s.loss);
  out.byte(COMMA);
  out.byte(s.flagged ? 49 : 48);
  out.byte(COMMA);
  out.fixed6(s.pGiven);
  out.byte(COMMA);
  out.fixed6(s.pSuggested);
  out.byte(COMMA);
  out.ascii(s.flagged ? 'True' : 'False');
  out.byte(COMMA);
  // label_quality = 1 - p_noisy as samples.csv saves it; 1 - m/1e6 is within 1e-16 of a millionth, so its toFixed(6) is 1e6 - m.
  const m = roundMillionths(s.pNoisy);
  if (m >= 0 && m <= 1e6) out.millionths(1e6 - m);
  else if (!Number.isNaN(s.pNoisy)) out.ascii((1 - Number(s.pNoisy.toFixed(6))).toFixed(6));
  out.byte(COMMA);
  out.field(s.suggestedLabel);
}
