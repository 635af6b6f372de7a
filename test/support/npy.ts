/** Writes a .npy (format 1.0) as numpy.save does, for tests that need no Python. */
export function npyBytes(values: ArrayLike<number>, shape: readonly number[], dtype: '<f4' | '<f8' | '<i8' | '<i4' | '>f8', fortran = false): Buffer {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${dims}, }`;
  // numpy pads the header with spaces to a multiple of 64 bytes, ending in a newline.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const size = dtype.endsWith('8') ? 8 : 4;
  const data = Buffer.alloc(values.length * size);
  const [n = 0, k = 1] = shape;
  for (let i = 0; i < values.length; i++) {
    const v = fortran ? values[(i % n) * k + Math.floor(i / n)]! : values[i]!;
    if (dtype === '<f4') data.writeFloatLE(v, i * 4);
    else if (dtype === '<f8') data.writeDoubleLE(v, i * 8);
    else if (dtype === '>f8') data.writeDoubleBE(v, i * 8);
    else if (dtype === '<i4') data.writeInt32LE(v, i * 4);
    else data.writeBigInt64LE(BigInt(v), i * 8);
  }
  const prefix = Buffer.from([0x93, ...Buffer.from('NUMPY', 'latin1'), 1, 0, header.length & 0xff, header.length >> 8]);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]);
}
