/**
 * Image layouts audited end to end from fixtures/formats (bench/make-format-fixtures.mjs): a
 * train/test root, Hugging Face metadata (CSV and JSON Lines) and a table of image paths must each
 * give byte for byte the ranking of the same images in plain class folders.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

const fixtures = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));
const fast = ['--epochs', '2', '--stop', 'fixed', '--backend', 'wasm', '--quiet'];

interface Report {
  readonly dataset: { readonly path: string; readonly layout?: string; readonly split?: string; readonly imageColumn?: string; readonly idColumn?: string };
  readonly evaluation?: { readonly kind: string; readonly path: string };
}

async function audit(data: string, out: string, extra: readonly string[] = []): Promise<{ stdout: string; samples: string; report: Report }> {
  const r = await runCli(['audit', data, ...fast, ...extra, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return { stdout: r.stdout, samples: await readFile(join(out, 'samples.csv'), 'utf8'), report: JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report };
}

describe('image layouts (spawned CLI)', () => {
  let dir: string;
  let baseline: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    dir = await tempDir();
    baseline = await audit(join(fixtures, 'images-folder'), join(dir, 'folder'));
  });

  it.each([
    ['images-split', 'splits', /images-split is split into 'test', 'train': using the 'train' split \(pass --split test for another\)/],
    ['images-hf', 'metadata', /labels and file names from \S*images-hf\/metadata\.csv \(Hugging Face imagefolder metadata\)/],
    ['images-hf-jsonl', 'metadata', /labels and file names from \S*images-hf-jsonl\/metadata\.jsonl/],
    [
      'images-table.csv',
      'table',
      /images listed in column 'image' of \S*images-table\.csv \(found by its values: paths of image files; pass --image-column to choose another\), ids from column 'id'/,
    ],
  ])('%s gives the class folders’ ranking and says how it was read', async (name, layout, note) => {
    const r = await audit(join(fixtures, name), join(dir, name));
    expect(r.samples).toBe(baseline.samples);
    expect(r.report.dataset.layout).toBe(layout);
    expect(r.stdout).toMatch(note);
  });

  it('retrain on a train/test root measures on the test split by default, and predict reads a table of image paths', async () => {
    const out = join(dir, 'model');
    const r = await runCli(['retrain', join(fixtures, 'images-split'), '--epochs', '2', '--warmup', '1', '--backend', 'wasm', '--quiet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'retrain-report.json'), 'utf8')) as Report;
    expect(report.evaluation).toMatchObject({ kind: 'test', path: join(fixtures, 'images-split', 'test') });
    expect(r.stdout + JSON.stringify(report)).toContain("measuring on the 'test' split");
    // The model reads a table of image paths as it reads folders.
    const p = await runCli(['predict', join(fixtures, 'images-table.csv'), '--model', out, '--backend', 'wasm', '--out', join(dir, 'predictions')]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/^Predicted 24 rows; accuracy \d+\.\d+% against the labels in the file\./);
    const predictions = (await readFile(join(dir, 'predictions', 'predictions.csv'), 'utf8')).trimEnd().split('\n');
    expect(predictions[1]).toMatch(/^Bag\/fmnist-train-\d+\.png,/);
  });

  it('clean of a table of image paths writes a new table and leaves the images where they are', async () => {
    const out = join(dir, 'cleaned.csv');
    const r = await runCli(['clean', join(fixtures, 'images-table.csv'), '--report', join(dir, 'images-table.csv'), '--action', 'drop', '--threshold', '0', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toBe('id,image,label\n');
    expect((await readFile(join(dir, 'cleaned.changes.csv'), 'utf8')).trimEnd().split('\n')).toHaveLength(25);
  });

  it('bad layouts and tables fail in one line, exit 2, nothing written', async () => {
    const missing = join(dir, 'missing.csv');
    const rows = ['Bag/a.png', 'Bag/b.png', 'Sandal/c.png', 'Sandal/fmnist-train-224.png', 'Trouser/d.png'].map((p, i) => `images-folder/${p},${i < 2 ? 'Bag' : 'Sandal'}`);
    await writeFile(missing, `image,label\n${rows.join('\n')}\n`);
    const cases: [string[], RegExp][] = [
      [[join(fixtures, 'images-split'), '--split', 'val'], /images-split: has no split 'val' \(its splits: 'test', 'train'\); pass --split with one of them$/],
      [
        [join(fixtures, 'images-folder'), '--split', 'test'],
        /images-folder: --split test applies to a folder whose subfolders are splits .* but this one's are classes \('Bag', 'Sandal', 'Trouser'\); drop --split$/,
      ],
      [[join(fixtures, 'table.csv'), '--split', 'train'], /table\.csv: --split applies to an image folder split into train\/val\/test subfolders, not to a table; drop --split$/],
      [
        [missing, '--image-column', 'image'],
        /missing\.csv: 5 of 5 image paths in column 'image' are not files, e.g. 'images-folder\/Bag\/a\.png' \(line 2\), 'images-folder\/Bag\/b\.png' \(line 3\), 'images-folder\/Sandal\/c\.png' \(line 4\); paths are relative to \S+ or absolute/,
      ],
      [
        [join(fixtures, 'images-table.csv'), '--image-column', 'picture'],
        /images-table\.csv: no image column 'picture' \(columns: 'id', 'image', 'label'\); name the column of image paths with --image-column <column>$/,
      ],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, 'bad');
      const r = await runCli(['audit', ...args, '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr.trimEnd()).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
    // Copies are of class folders: a split root's splits are not classes.
    const copy = join(dir, 'noisy-split');
    const r = await runCli(['inject-noise', join(fixtures, 'images-split'), '--kind', 'symmetric', '--rate', '0.1', '--out', copy]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(/images-split: is split into 'test', 'train'; pass the folder of the split to copy, e\.g\. \S+images-split\/test$/);
    expect(existsSync(copy)).toBe(false);
  });
});
