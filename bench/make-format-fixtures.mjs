#!/usr/bin/env node
/**
 * Writes fixtures/formats/: the same small datasets in every table format and image layout that
 * labelsleuth reads, so the tests can check that each gives the very ranking its plain CSV or
 * class-folder twin gives. Everything is derived from fixtures that are already committed
 * (fixtures/tiny/fashion-mnist-600.csv, fixtures/images-demo/), with no randomness: running it
 * again writes the same bytes. Plain Node and hyparquet-writer (a devDependency) for the Parquet
 * file; no Python anywhere.
 *
 * Usage: node bench/make-format-fixtures.mjs [--out fixtures/formats]
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';

const root = resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'fixtures/formats') } } });
const out = resolve(values.out);

// Tables: the first 120 rows of the tiny CSV (every class has at least 2 of them).
const ROWS = 120;
const lines = readFileSync(join(root, 'fixtures/tiny/fashion-mnist-600.csv'), 'utf8').trimEnd().split('\n');
const header = lines[0].split(',');
// Class names hold no delimiter or quote, so splitting on ',' is the whole CSV grammar needed here.
const rows = lines.slice(1, ROWS + 1).map((l) => l.split(','));

const table = (sep) => [header, ...rows].map((r) => r.join(sep)).join('\n') + '\n';

// Images: the first 8 (train) and next 3 (test) PNGs, by file name, of three classes of the image demo.
const CLASSES = ['Bag', 'Sandal', 'Trouser'];
const TRAIN = 8;
const TEST = 3;
const demo = join(root, 'fixtures/images-demo');
const collator = new Intl.Collator('en', { numeric: true });
const images = CLASSES.map((c) => {
  const names = readdirSync(join(demo, c))
    .filter((n) => n.endsWith('.png'))
    .sort(collator.compare);
  return { className: c, train: names.slice(0, TRAIN), test: names.slice(TRAIN, TRAIN + TEST) };
});

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const write = (rel, data) => {
  mkdirSync(join(out, rel, '..'), { recursive: true });
  writeFileSync(join(out, rel), data);
};
const copyImages = (to, pick) => {
  for (const c of images)
    for (const n of pick(c)) {
      mkdirSync(join(out, to, c.className), { recursive: true });
      copyFileSync(join(demo, c.className, n), join(out, to, c.className, n));
    }
};

// 1. Delimiters and compression.
write('table.csv', table(','));
write('table.tsv', table('\t'));
write('table-semicolon.csv', table(';'));
write('table-pipe.txt', table('|'));
// Node's gzip header carries no timestamp or file name: the bytes are the same on every run.
write('table.tsv.gz', gzipSync(table('\t'), { level: 9 }));

// 7. JSON Lines (pixels as numbers, id and label as strings) and Parquet (INT32 pixels, two row groups).
const records = rows.map((r) => Object.fromEntries(header.map((h, j) => [h, j < 2 ? r[j] : Number(r[j])])));
const jsonl = records.map((o) => JSON.stringify(o)).join('\n') + '\n';
write('table.jsonl', jsonl);
write('table.jsonl.gz', gzipSync(jsonl, { level: 9 }));
const columnData = header.map((h, j) =>
  j < 2 ? { name: h, data: rows.map((r) => r[j]), type: 'STRING' } : { name: h, data: Int32Array.from(rows, (r) => Number(r[j])), type: 'INT32' },
);
write('table.parquet', new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize: 64 })));
// The same rows as a Spark-style folder of two shards (with the _SUCCESS marker Spark leaves).
const shard = (from, to) => columnData.map((c) => ({ ...c, data: c.data.slice(from, to) }));
write('table-shards/part-00000.parquet', new Uint8Array(parquetWriteBuffer({ columnData: shard(0, 70) })));
write('table-shards/part-00001.parquet', new Uint8Array(parquetWriteBuffer({ columnData: shard(70, ROWS) })));
write('table-shards/_SUCCESS', '');

// 2. Ids and columns found by their values: the id column under a name that says nothing
//    (its values are all different strings), and a free-text column with 80 distinct values in
//    120 rows (more than half: dropped from the features). Both must leave the ranking as it is.
const idAt = header.indexOf('id');
const renamed = header.map((h, j) => (j === idAt ? 'image_name' : h));
const note = (i) => `reviewed in batch ${Math.floor((2 * i) / 3)}`;
write('table-ids.csv', [[...renamed, 'note'], ...rows.map((r, i) => [...r, note(i)])].map((r) => r.join(',')).join('\n') + '\n');

// 3. Folder layouts: a plain class folder, the same images as a train/test split, and as a Hugging
//    Face imagefolder whose labels come from metadata.csv / metadata.jsonl (same file order).
copyImages('images-folder', (c) => c.train);
copyImages('images-split/train', (c) => c.train);
copyImages('images-split/test', (c) => c.test);
const listed = images.flatMap((c) => c.train.map((n) => ({ file: `${c.className}/${n}`, label: c.className })));
listed.sort((a, b) => collator.compare(a.file, b.file));
copyImages('images-hf', (c) => c.train);
write('images-hf/metadata.csv', ['file_name,label', ...listed.map((x) => `${x.file},${x.label}`)].join('\n') + '\n');
copyImages('images-hf-jsonl', (c) => c.train);
write('images-hf-jsonl/metadata.jsonl', listed.map((x) => JSON.stringify({ file_name: x.file, label: x.label })).join('\n') + '\n');

// 4. A table that lists image files (paths relative to the table's folder), with an id column that
//    matches the class folder's own ids.
write('images-table.csv', ['id,image,label', ...listed.map((x) => `${x.file},images-folder/${x.file},${x.label}`)].join('\n') + '\n');

console.log(`wrote ${out}`);
