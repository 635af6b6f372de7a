import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tiny, tinyTest } from '../fixtures.js';
import { runCli, tempDir, type CliRun } from './run-cli.js';
import { expectValidModelManifest } from '../support/schemas.js';

// One small training (two runs with --compare) in beforeAll; every predict case reuses its model.
const fast = ['--epochs', '3', '--warmup', '1', '--backend', 'wasm', '--quiet'];
const modelFileNames = ['.labelsleuth-output.json', 'labelsleuth-model.json', 'model.json', 'predictions.csv', 'retrain-report.json', 'weights.bin'];
const imagesDemo = fileURLToPath(new URL('../../fixtures/images-demo', import.meta.url));

const sha256 = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

async function folderHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) out[name] = await sha256(join(dir, name));
  return out;
}

/** The fixture CSVs hold no quoted fields, so a plain split is exact. */
const csvLines = (text: string): string[][] =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
const toCsv = (rows: readonly string[][]): string => rows.map((r) => r.join(',')).join('\n') + '\n';

async function writeWithoutColumn(src: string, column: string, dest: string): Promise<void> {
  const rows = csvLines(await readFile(src, 'utf8'));
  const j = rows[0]!.indexOf(column);
  if (j === -1) throw new Error(`fixture ${src} has no column ${column}`);
  await writeFile(dest, toCsv(rows.map((r) => r.filter((_, k) => k !== j))));
}

/** Exit 2, one line on stderr (no stack), nothing on stdout, and the folder holds only what the test put there. */
function expectRejected(r: CliRun, cwd: string, entries: readonly string[], mentions: readonly string[]): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^[^\n]+\n$/); // exactly one non-empty line
  expect(r.stderr).not.toMatch(/internal error|\bat .+:\d+:\d+/); // no stack trace
  for (const m of mentions) expect(r.stderr).toContain(m);
  // No --out folder, and no hidden staging folder either.
  expect(readdirSync(cwd).sort()).toEqual([...entries].sort());
}

let work: string;
let model: string;
let trained: CliRun;
let testRows: string[][];
const userFiles = [tiny.csv, tinyTest];
const hashesBefore = new Map<string, string>();
let modelHashes: Record<string, string>;

beforeAll(async () => {
  for (const p of userFiles) hashesBefore.set(p, await sha256(p));
  testRows = csvLines(await readFile(tinyTest, 'utf8'));
  work = await tempDir();
  model = join(work, 'model');
  trained = await runCli(['retrain', tiny.csv, '--id', 'id', '--test', tinyTest, ...fast, '--compare', '--out', model]);
  if (trained.code === 0) modelHashes = await folderHashes(model);
}, 120_000);

describe('labelsleuth retrain + predict (spawned CLI)', () => {
  it('retrains with --compare and writes the model folder, report and predictions', async () => {
    expect(trained.stderr).toBe(''); // --quiet
    expect(trained.code).toBe(0);
    expect(readdirSync(model).sort()).toEqual(modelFileNames);
    expect(readdirSync(work)).toEqual(['model']); // no staging folder left behind

    const report = JSON.parse(await readFile(join(model, 'retrain-report.json'), 'utf8'));
    expect(report.kind).toBe('retrain-report');
    expect(report.version).toBe(1);
    expect(report.settings).toMatchObject({ loss: 'prune', epochs: 3, warmup: 1, compare: true, id: 'id', backend: 'wasm' });
    expect(report.backend.name).toBe('wasm');
    expect(report.dataset).toMatchObject({ path: tiny.csv, rows: 600, trainRows: 600 });
    expect(report.dataset.classes).toHaveLength(10);
    expect(report.evaluation).toEqual({ kind: 'test', path: tinyTest, rows: 200 });
    expect(report.runs.map((r: { loss: string }) => r.loss)).toEqual(['prune', 'ce']);
    // ce trains the 3 epochs; prune's refit keeps their gradient steps on the rows it kept, so it may train more.
    const [pruned, ce] = report.runs;
    expect(ce.epochs).toHaveLength(3);
    expect(pruned.epochs.length).toBeGreaterThanOrEqual(3);
    for (const run of report.runs) {
      expect(run.last.epoch).toBe(run.epochs.length);
      expect(run.perClass.map((c: { rows: number }) => c.rows)).toEqual(Array(10).fill(20));
    }

    // predictions.csv: the requested (prune) model on every test row, in the test file's order.
    const predictions = csvLines(await readFile(join(model, 'predictions.csv'), 'utf8'));
    expect(predictions[0]!.join(',')).toBe('id,predicted_label,confidence,true_label');
    const body = predictions.slice(1);
    expect(body).toHaveLength(200);
    expect(body.map((r) => r[0])).toEqual(testRows.slice(1).map((r) => r[0]));
    expect(body.map((r) => r[3])).toEqual(testRows.slice(1).map((r) => r[1]));
    for (const r of body) {
      expect(r).toHaveLength(4);
      expect(report.dataset.classes).toContain(r[1]);
      expect(r[2]).toMatch(/^[01]\.\d{6}$/);
    }
    const right = body.filter((r) => r[1] === r[3]).length;
    expect(right / 200).toBeCloseTo(report.runs[0].last.accuracy, 10);

    // The terminal summary: both runs' best and last accuracy, the same numbers as the report.
    const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
    expect(trained.stdout).toContain(`labelsleuth retrain  ${tiny.csv}`);
    expect(trained.stdout).toContain(`accuracy on the clean test set ${tinyTest} (200 rows)`);
    for (const run of report.runs) {
      const line = trained.stdout.split('\n').find((l) => l.startsWith(`  ${run.loss} `));
      expect(line, `a stdout line for ${run.loss}`).toBeDefined();
      // "  <loss>  <best>% (<epoch>)     <last>%"
      expect(
        line!
          .trim()
          .split(/\s+|\(\s*|\)/)
          .filter(Boolean),
      ).toEqual([run.loss, pct(run.best.accuracy), String(run.best.epoch), pct(run.last.accuracy)]);
    }
    const delta = 100 * (report.runs[0].last.accuracy - report.runs[1].last.accuracy);
    expect(trained.stdout).toContain(`prune vs ce: ${delta >= 0 ? '+' : ''}${delta.toFixed(2)} points of last-epoch accuracy`);
    expect(trained.stdout).toContain(`Wrote ${model}/ (model.json, weights.bin, labelsleuth-model.json, retrain-report.json, predictions.csv)`);
    expect(trained.stdout).not.toContain('\u001b[');

    expectValidModelManifest(join(model, 'labelsleuth-model.json'));
    const manifest = JSON.parse(await readFile(join(model, 'labelsleuth-model.json'), 'utf8'));
    expect(manifest).toMatchObject({ kind: 'labelsleuth-model', version: 1, classNames: report.dataset.classes });
    expect(manifest.input.kind).toBe('table');
    expect(manifest.input.encoding.id).toBe('id');
    expect(manifest.weightsSha256).toBe(await sha256(join(model, 'weights.bin')));
  });

  it('predict on the same test CSV gives byte-identical predictions.csv', async () => {
    const dir = await tempDir();
    const out = join(dir, 'pred');
    // Same backend as the training (auto would also pick wasm here, without tfjs-node): another
    // backend may round the last digit of a confidence differently.
    const r = await runCli(['predict', '--model', model, tinyTest, '--out', out, '--backend', 'wasm']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(join(model, 'retrain-report.json'), 'utf8'));
    expect(r.stdout).toBe(
      `Predicted 200 rows; accuracy ${(100 * report.runs[0].last.accuracy).toFixed(2)}% against the labels in the file.\nWrote ${out}/ (predictions.csv, predict.json)\n`,
    );
    expect(readdirSync(dir)).toEqual(['pred']);
    expect(readdirSync(out).sort()).toEqual(['.labelsleuth-output.json', 'predict.json', 'predictions.csv']);
    expect(await readFile(join(out, 'predictions.csv'), 'utf8')).toBe(await readFile(join(model, 'predictions.csv'), 'utf8'));
    const summary = JSON.parse(await readFile(join(out, 'predict.json'), 'utf8'));
    expect(summary).toMatchObject({ kind: 'labelsleuth-predictions', version: 1, model, data: tinyTest, rows: 200, warnings: [] });
    expect(summary.accuracy).toBeCloseTo(report.runs[0].last.accuracy, 10);
    expect(await folderHashes(model)).toEqual(modelHashes); // predict only reads the model
  });

  it('predict on a CSV without the label column writes predictions without true_label', async () => {
    const dir = await tempDir();
    const data = join(dir, 'unlabelled.csv');
    await writeWithoutColumn(tinyTest, 'label', data);
    const r = await runCli(['predict', '--model', model, data, '--out', 'pred', '--backend', 'wasm'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Predicted 200 rows.\nWrote pred/ (predictions.csv, predict.json)\n');
    expect(readdirSync(dir).sort()).toEqual(['pred', 'unlabelled.csv']);
    const got = await readFile(join(dir, 'pred', 'predictions.csv'), 'utf8');
    expect(got.split('\n', 1)[0]).toBe('id,predicted_label,confidence');
    // The same rows as retrain's predictions, minus the true_label column.
    const fromRetrain = csvLines(await readFile(join(model, 'predictions.csv'), 'utf8')).map((row) => row.slice(0, 3));
    expect(got).toBe(toCsv(fromRetrain));
    const summary = JSON.parse(await readFile(join(dir, 'pred', 'predict.json'), 'utf8'));
    expect(summary.accuracy).toBeNull();
  });
});

describe('labelsleuth retrain with bad input: one line, exit 2, nothing written', () => {
  it('an unknown --loss', async () => {
    const dir = await tempDir();
    const r = await runCli(['retrain', tiny.csv, '--id', 'id', '--test', tinyTest, ...fast, '--loss', 'nonsense', '--out', 'out'], dir);
    expectRejected(r, dir, [], ["option '--loss <kind>' argument 'nonsense' is invalid", 'Allowed choices are ce, ']);
  });

  it('a --test CSV with a class the training data does not have', async () => {
    const dir = await tempDir();
    const test = join(dir, 'unicorn.csv');
    const rows = csvLines(await readFile(tinyTest, 'utf8'));
    rows[5]![1] = 'Unicorn'; // data row 5 = line 6
    await writeFile(test, toCsv(rows));
    const r = await runCli(['retrain', tiny.csv, '--id', 'id', '--test', test, ...fast, '--out', 'out'], dir);
    expectRejected(r, dir, ['unicorn.csv'], [`labelsleuth: error: ${test} line 6: class 'Unicorn' was not in the training data`]);
  });

  it('a --test CSV missing a feature column', async () => {
    const dir = await tempDir();
    const test = join(dir, 'no-p3.csv');
    await writeWithoutColumn(tinyTest, 'p3', test);
    const r = await runCli(['retrain', tiny.csv, '--id', 'id', '--test', test, ...fast, '--out', 'out'], dir);
    expectRejected(r, dir, ['no-p3.csv'], [`labelsleuth: error: ${test}: column 'p3' is missing`]);
  });
});

describe('labelsleuth predict with bad input: one line, exit 2, nothing written', () => {
  /** A copy of the trained model folder in a fresh dir, to damage. */
  async function modelCopy(): Promise<{ dir: string; copy: string }> {
    const dir = await tempDir();
    const copy = join(dir, 'model');
    await cp(model, copy, { recursive: true });
    return { dir, copy };
  }

  it('a model manifest of another format version', async () => {
    const { dir, copy } = await modelCopy();
    const file = join(copy, 'labelsleuth-model.json');
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    expect(manifest.version).toBe(1);
    manifest.version = 2;
    await writeFile(file, JSON.stringify(manifest, null, 2) + '\n');
    const r = await runCli(['predict', '--model', copy, tinyTest, '--out', 'out', '--backend', 'wasm'], dir);
    expectRejected(r, dir, ['model'], [`labelsleuth: error: ${file}: model format version 2`, 'reads version 1']);
  });

  it('a tampered weights.bin', async () => {
    const { dir, copy } = await modelCopy();
    const file = join(copy, 'weights.bin');
    const bytes = await readFile(file);
    bytes[1000] = bytes[1000]! ^ 0xff;
    await writeFile(file, bytes);
    const r = await runCli(['predict', '--model', copy, tinyTest, '--out', 'out', '--backend', 'wasm'], dir);
    expectRejected(r, dir, ['model'], [`labelsleuth: error: ${file}: does not match the checksum in labelsleuth-model.json`]);
  });

  // Each file predict relies on, edited in a way that would silently change every prediction.
  it.each([
    ['model.json (an activation changed)', 'model.json', (t: string) => t.replace('"relu"', '"linear"')],
    ['labelsleuth-model.json (a standardisation mean changed)', 'labelsleuth-model.json', (t: string) => t.replace(/"mean": (-?[\d.]+)/, (_m, v) => `"mean": ${Number(v) + 1}`)],
    ['labelsleuth-model.json (two classes swapped)', 'labelsleuth-model.json', (t: string) => t.replace('"Bag"', '"BAG"')],
    ['retrain-report.json (a setting changed)', 'retrain-report.json', (t: string) => t.replace('"seed": 1', '"seed": 2')],
  ])('an edited %s is refused, naming the file', async (_what, name, edit) => {
    const { dir, copy } = await modelCopy();
    const file = join(copy, name);
    const before = await readFile(file, 'utf8');
    const after = edit(before);
    expect(after).not.toBe(before);
    await writeFile(file, after);
    const r = await runCli(['predict', '--model', copy, tinyTest, '--out', 'out', '--backend', 'wasm'], dir);
    expectRejected(
      r,
      dir,
      ['model'],
      [`labelsleuth: error: ${file}: was changed since labelsleuth wrote it (it no longer matches .labelsleuth-output.json); retrain to write the model again`],
    );
  });

  it('a model folder without model.json', async () => {
    const { dir, copy } = await modelCopy();
    await rm(join(copy, 'model.json'));
    const r = await runCli(['predict', '--model', copy, tinyTest, '--out', 'out', '--backend', 'wasm'], dir);
    expectRejected(r, dir, ['model'], [`labelsleuth: error: ${copy}: no model.json`]);
  });

  it('a CSV missing a feature column', async () => {
    const manifest = JSON.parse(await readFile(join(model, 'labelsleuth-model.json'), 'utf8'));
    expect(manifest.input.encoding.columns.map((c: { name: string }) => c.name)).toContain('p48'); // a column the model uses
    const dir = await tempDir();
    const data = join(dir, 'no-p48.csv');
    await writeWithoutColumn(tinyTest, 'p48', data);
    const r = await runCli(['predict', '--model', model, data, '--out', 'out', '--backend', 'wasm'], dir);
    expectRejected(r, dir, ['no-p48.csv'], [`labelsleuth: error: ${data}: column 'p48' is missing`]);
  });

  it('an image folder for a CSV model', async () => {
    const dir = await tempDir();
    const r = await runCli(['predict', '--model', model, imagesDemo, '--out', 'out', '--backend', 'wasm'], dir);
    expectRejected(r, dir, [], [`labelsleuth: error: ${imagesDemo}: is a folder, but the model was trained on a CSV file`]);
  });
});

describe('labelsleuth retrain + predict leave the user files alone', () => {
  // Runs last (tests in a file run in order): after every retrain and predict above.
  it('the training and test CSVs, and the trained model folder, are unchanged', async () => {
    for (const p of userFiles) expect(await sha256(p), p).toBe(hashesBefore.get(p));
    expect(await folderHashes(model)).toEqual(modelHashes);
  });
});
