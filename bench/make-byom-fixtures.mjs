#!/usr/bin/env node
// Writes fixtures/byom/: what the README's "Bring your own model" snippets produce, file for file,
// for a synthetic 240-sample, 3-class run with 36 flipped labels (seeded: the same bytes every
// time), so tests can check each snippet's layout without Python:
//   pytorch/losses.csv        id,epoch,loss,given_label   (one row per sample per epoch, 6 epochs)
//   pytorch/probs.npy         float32 240 x 3 (numpy.save of the softmax)
//   pytorch/labels.npy        int64 class indices; pytorch/ids.txt one id per line
//   keras/probs.npy           float32 240 x 3 (model.predict); keras/labels.npy int64
//   sklearn/probs.csv         class columns first, then id, given_label (DataFrame.assign order)
//   spark/probs/              part-0000N-<uuid>-c000.snappy.parquet x 3, _SUCCESS, .crc files
//   truth.csv                 id,is_noisy
//   node bench/make-byom-fixtures.mjs [--out fixtures/byom]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parquetWriteFile } from 'hyparquet-writer';

const out = parseArgs({ options: { out: { type: 'string', default: 'fixtures/byom' } } }).values.out;
let state = 12;
const rnd = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const classes = ['cat', 'dog', 'fox'];
const n = 240;
const E = 6;
const ids = Array.from({ length: n }, (_, i) => `img_${String(i).padStart(4, '0')}`);
const truthClass = ids.map((_, i) => i % 3);
const flipped = ids.map((_, i) => i % 20 < 3);
const given = truthClass.map((y, i) => (flipped[i] ? (y + 1 + Math.floor(rnd() * 2)) % 3 : y));
const probs = truthClass.map((y) => {
  const raw = classes.map((_, j) => (j === y ? 2.5 + 3 * rnd() : 0.2 + rnd()));
  const s = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => Math.fround(v / s));
});
const f6 = (v) => String(Number(v.toPrecision(6)));

function npy(values, shape, dtype) {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${dims}, }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 11, ' ') + '\n';
  const size = dtype === '<f4' ? 4 : 8;
  const data = Buffer.alloc(values.length * size);
  values.forEach((v, i) => {
    if (dtype === '<f4') data.writeFloatLE(v, i * 4);
    else data.writeBigInt64LE(BigInt(v), i * 8);
  });
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]), Buffer.from(header, 'latin1'), data]);
}

// The generated folders only: README.md beside them is written by hand.
for (const d of ['pytorch', 'keras', 'sklearn', 'spark']) rmSync(join(out, d), { recursive: true, force: true });
for (const d of ['pytorch', 'keras', 'sklearn', 'spark/probs']) mkdirSync(join(out, d), { recursive: true });
// PyTorch: clean samples are fitted in a couple of epochs, flipped ones stay high until late.
const losses = ['id,epoch,loss,given_label'];
for (let e = 0; e < E; e++)
  ids.forEach((id, i) => {
    const l = (flipped[i] ? 2.2 * Math.exp(-0.1 * e) : 1.1 * Math.exp(-0.6 * e)) * (0.6 + 0.8 * rnd());
    losses.push(`${id},${e},${f6(l)},${classes[given[i]]}`);
  });
writeFileSync(join(out, 'pytorch', 'losses.csv'), losses.join('\n') + '\n');
writeFileSync(join(out, 'pytorch', 'probs.npy'), npy(probs.flat(), [n, 3], '<f4'));
writeFileSync(join(out, 'pytorch', 'labels.npy'), npy(given, [n], '<i8'));
writeFileSync(join(out, 'pytorch', 'ids.txt'), ids.join('\n') + '\n');
writeFileSync(join(out, 'keras', 'probs.npy'), npy(probs.flat(), [n, 3], '<f4'));
writeFileSync(join(out, 'keras', 'labels.npy'), npy(given, [n], '<i8'));
writeFileSync(
  join(out, 'sklearn', 'probs.csv'),
  [[...classes, 'id', 'given_label'].join(','), ...probs.map((p, i) => [...p.map(f6), ids[i], classes[given[i]]].join(','))].join('\n') + '\n',
);
for (let s = 0; s < 3; s++) {
  const from = s * 80;
  const to = from + 80;
  const name = `part-0000${s}-5f1c2a7e-9b3d-4c1e-8a6f-2d7e9c0b1a3f-c000.snappy.parquet`;
  await parquetWriteFile({
    filename: join(out, 'spark', 'probs', name),
    columnData: [
      { name: 'id', data: ids.slice(from, to), nullable: true },
      { name: 'given_label', data: given.slice(from, to).map((y) => classes[y]), nullable: true },
      ...classes.map((c, j) => ({ name: c, data: probs.slice(from, to).map((p) => p[j]), type: 'DOUBLE', nullable: true })),
    ],
  });
  writeFileSync(join(out, 'spark', 'probs', `.${name}.crc`), 'crc');
}
writeFileSync(join(out, 'spark', 'probs', '_SUCCESS'), '');
writeFileSync(join(out, 'truth.csv'), ['id,is_noisy', ...ids.map((id, i) => `${id},${flipped[i] ? 1 : 0}`)].join('\n') + '\n');
