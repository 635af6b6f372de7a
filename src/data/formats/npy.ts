/**
 * NumPy's .npy (what `numpy.save` writes, and so what a PyTorch or JAX loop dumps): a magic
 * string, a Python-dict header with dtype, order and shape, then the raw values. Read whole:
 * a .npy has no row structure to stream by, and 10M x 10 float32 is 400 MB on disk.
 * Read: floats (f4, f8), signed and unsigned integers up to 64 bits, booleans; either
 * byte order; C or Fortran order; 1-D or 2-D. Anything else (objects, strings, structured dtypes,
 * 3-D) is a UserError naming the file and saying what to save instead.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { quote } from '../../util/quote.js';

export interface NpyArray {
  /** The dtype as numpy names it: 'float32', 'int64', ... */
  readonly dtype: string;
  readonly kind: 'float' | 'int' | 'bool';
  /** [n] or [n, k]. */
  readonly shape: readonly number[];
  /** Row-major values. int64 beyond 2^53 loses precision (class indices and ids never get there). */
  readonly values: Float64Array;
}

const KINDS: Record<string, { kind: NpyArray['kind']; name: string }> = {
  f4: { kind: 'float', name: 'float32' },
  f8: { kind: 'float', name: 'float64' },
  i1: { kind: 'int', name: 'int8' },
  i2: { kind: 'int', name: 'int16' },
  i4: { kind: 'int', name: 'int32' },
  i8: { kind: 'int', name: 'int64' },
  u1: { kind: 'int', name: 'uint8' },
  u2: { kind: 'int', name: 'uint16' },
  u4: { kind: 'int', name: 'uint32' },
  u8: { kind: 'int', name: 'uint64' },
  b1: { kind: 'bool', name: 'bool' },
};

function readValue(view: DataView, at: number, code: string, little: boolean): number {
  switch (code) {
    case 'f4':
      return view.getFloat32(at, little);
    case 'f8':
      return view.getFloat64(at, little);
    case 'i1':
      return view.getInt8(at);
    case 'i2':
      return view.getInt16(at, little);
    case 'i4':
      return view.getInt32(at, little);
    case 'i8':
      return Number(view.getBigInt64(at, little));
    case 'u1':
    case 'b1':
      return view.getUint8(at);
    case 'u2':
      return view.getUint16(at, little);
    case 'u4':
      return view.getUint32(at, little);
    default:
      return Number(view.getBigUint64(at, little));
  }
}

/** The header dict's fields, parsed by pattern: numpy writes it in one fixed layout. */
function parseHeader(path: string, header: string): { code: string; little: boolean; fortran: boolean; shape: number[] } {
  const descr = /'descr':\s*'([<>|=])([a-zA-Z]\d+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shape)
    throw new UserError('format', `${path}: a .npy header numpy would not write (${quote(header.trim(), 80)}); save a plain numeric array with numpy.save`);
  const code = descr[2]!;
  if (!(code in KINDS))
    throw new UserError('format', `${path}: dtype ${quote(descr[1]! + code)} is not a number type labelsleuth reads; save float32/float64 values or integer class indices`);
  const dims = shape[1]!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  return { code, little: descr[1] !== '>', fortran: fortran[1] === 'True', shape: dims };
}

export async function readNpy(path: string): Promise<NpyArray> {
  const bytes = await readFile(path);
  if (bytes[0] !== 0x93 || bytes.subarray(1, 6).toString('latin1') !== 'NUMPY')
    throw new UserError('format', `${path}: not a .npy file (no NUMPY magic); save the array with numpy.save`);
  const major = bytes[6]!;
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const { code, little, fortran, shape } = parseHeader(path, bytes.subarray(start, start + headerLength).toString('latin1'));
  if (shape.length < 1 || shape.length > 2)
    throw new UserError(
      'format',
      `${path}: a ${shape.length}-D array (shape ${shape.join(' x ') || 'scalar'}); labelsleuth reads a samples x classes matrix or one value per sample`,
    );
  const size = Number(code.slice(1));
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  if (bytes.length - offset < count * size)
    throw new UserError('format', `${path}: ${bytes.length - offset} bytes of data for shape ${shape.join(' x ')} of ${size}-byte values; the file is truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * size);
  const values = new Float64Array(count);
  const [n, k = 1] = shape as [number, number?];
  if (code === 'f4' && little && !fortran) {
    // The common case (torch.float32 -> numpy) without a DataView call per value.
    values.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4)));
  } else {
    for (let i = 0; i < count; i++) {
      // Fortran order stores column by column: value i of the file is row i % n, column i / n.
      const to = fortran && shape.length === 2 ? (i % n) * k + Math.floor(i / n) : i;
      values[to] = readValue(view, i * size, code, little);
    }
  }
  const { kind, name } = KINDS[code]!;
  return { dtype: name, kind, shape, values };
}
