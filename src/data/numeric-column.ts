/**
 * Values of one numeric CSV column, gathered while streaming. Stored in fixed-size chunks of
 * Float32Array while every value is exactly a float32 (pixels, small integers: half the memory of
 * 60,000 x 785 doubles), widened to Float64Array at the first value that is not, so
 * standardisation never sees a rounded input. Missing cells are stored as NaN.
 */
const CHUNK = 8192;

export class NumericColumn {
  private chunks: (Float32Array | Float64Array)[] = [];
  private wide = false;
  length = 0;
  missing = 0;
  min = Infinity;
  max = -Infinity;

  push(value: number): void {
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (!this.wide && Math.fround(value) !== value) this.widen();
    this.store(value);
  }

  pushMissing(): void {
    this.missing++;
    this.store(NaN);
  }

  /** Mean and population standard deviation of the non-missing values (two passes: exact enough). */
  moments(): { mean: number; std: number } {
    const present = this.length - this.missing;
    let sum = 0;
    for (const chunk of this.filled()) for (let k = 0; k < chunk.length; k++) if (!Number.isNaN(chunk[k])) sum += chunk[k]!;
    const mean = sum / present;
    let ss = 0;
    for (const chunk of this.filled()) {
      for (let k = 0; k < chunk.length; k++) {
        const v = chunk[k]!;
        if (!Number.isNaN(v)) ss += (v - mean) * (v - mean);
      }
    }
    return { mean, std: Math.sqrt(ss / present) };
  }

  /**
   * Writes (value - mean) / std of row i to target[i * stride + offset], leaving missing rows
   * untouched (0 = the standardised mean). Same arithmetic as encode.ts standardize(), inlined
   * because this is the hot loop of loading.
   */
  writeStandardized(target: Float32Array, offset: number, stride: number, mean: number, std: number): void {
    let at = offset;
    for (const chunk of this.filled()) {
      for (let k = 0; k < chunk.length; k++, at += stride) {
        const v = chunk[k]!;
        if (!Number.isNaN(v)) target[at] = (v - mean) / std;
      }
    }
  }

  /** The chunks cut to the rows actually stored. */
  private filled(): (Float32Array | Float64Array)[] {
    const full = Math.floor(this.length / CHUNK);
    const rest = this.length % CHUNK;
    const out = this.chunks.slice(0, full);
    if (rest > 0) out.push((this.chunks[full] as Float32Array | Float64Array).subarray(0, rest));
    return out;
  }

  /** No value at all, or one value repeated: nothing to learn from. */
  get isConstant(): boolean {
    return !(this.max > this.min);
  }

  private store(value: number): void {
    const k = this.length % CHUNK;
    if (k === 0) this.chunks.push(this.wide ? new Float64Array(CHUNK) : new Float32Array(CHUNK));
    (this.chunks[this.chunks.length - 1] as Float32Array | Float64Array)[k] = value;
    this.length++;
  }

  private widen(): void {
    this.wide = true;
    this.chunks = this.chunks.map((c) => Float64Array.from(c));
  }
}
