/**
 * JSON Lines and Parquet feature tables end to end from fixtures/formats: each gives byte for byte
 * the CSV's ranking; copies keep JSON Lines as JSON Lines, and a Parquet input is copied as the
 * CSV or JSON Lines its --out names (labelsleuth does not write Parquet: .parquet is refused).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteFile } from 'hyparquet-writer';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

const fixtures = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));
const fast = ['--epochs', '3', '--stop', 'fixed', '--backend', 'cpu', '--quiet'];

async function audit(data: string, out: string): Promise<{ stdout: string; samples: string; format: string }> {
  const r = await runCli(['audit', data, ...fast, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { dataset: { format: string } };
  return { stdout: r.stdout, samples: await readFile(join(out, 'samples.csv'), 'utf8'), format: report.dataset.format };
}

describe('JSON Lines and Parquet tables (spawned CLI)', () => {
  let dir: string;
  let baseline: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    dir = await tempDir();
    baseline = await audit(join(fixtures, 'table.csv'), join(dir, 'csv'));
  });

  it.each([
    ['table.jsonl', 'jsonl', 'JSON Lines'],
    ['table.jsonl.gz', 'jsonl', 'JSON Lines'],
    ['table.parquet', 'parquet', 'Parquet'],
    ['table-shards', 'parquet', 'Parquet'],
  ])('%s gives the CSV ranking', async (file, format, words) => {
    const r = await audit(join(fixtures, file), join(dir, file));
    expect(r.samples).toBe(baseline.samples);
    expect(r.format).toBe(format);
    expect(r.stdout.split('\n')[1]).toContain(`· ${words} ·`);
  });

  it('inject-noise keeps JSON Lines; clean writes a Parquet input as the CSV its --out names, and refuses .parquet', async () => {
    const noisy = join(dir, 'noisy.jsonl');
    const r = await runCli(['inject-noise', join(fixtures, 'table.jsonl'), '--kind', 'symmetric', '--rate', '0.2', '--out', noisy]);
    expect(r.code, r.stderr).toBe(0);
    const lines = (await readFile(noisy, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(120);
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(first).slice(0, 3)).toEqual(['id', 'label', 'p0']);
    expect(typeof first.p0).toBe('number');
    const truth = (await readFile(join(dir, 'noisy.truth.csv'), 'utf8')).trimEnd().split('\n');
    expect(truth.filter((l) => l.endsWith(',1'))).toHaveLength(24);

    const cleaned = join(dir, 'clean.csv');
    const c = await runCli(['clean', join(fixtures, 'table.parquet'), '--report', join(dir, 'table.parquet'), '--action', 'relabel', '--out', cleaned]);
    expect(c.code, c.stderr).toBe(0);
    const copy = (await readFile(cleaned, 'utf8')).trimEnd().split('\n');
    expect(copy).toHaveLength(121);
    expect(copy.slice(1).map((l) => l.split(',').slice(2).join(','))).toEqual(
      (await readFile(join(fixtures, 'table.csv'), 'utf8'))
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').slice(2).join(',')),
    );
    const refused = await runCli(['clean', join(fixtures, 'table.parquet'), '--report', join(dir, 'table.parquet'), '--action', 'drop', '--out', join(dir, 'again.parquet')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trimEnd()).toMatch(/again\.parquet: labelsleuth reads Parquet but does not write it; name the copy \.csv, \.tsv or \.jsonl/);
    expect(existsSync(join(dir, 'again.parquet')) || existsSync(join(dir, 'again.changes.csv'))).toBe(false);
  });

  it('retrain takes a Parquet table with a JSON Lines --test, and predict a folder of Parquet shards', async () => {
    const out = join(dir, 'model');
    const r = await runCli([
      'retrain',
      join(fixtures, 'table.parquet'),
      '--test',
      join(fixtures, 'table.jsonl'),
      '--epochs',
      '2',
      '--warmup',
      '1',
      '--backend',
      'cpu',
      '--quiet',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'retrain-report.json'), 'utf8')) as { evaluation: { kind: string; rows: number } };
    expect(report.evaluation).toMatchObject({ kind: 'test', rows: 120 });
    const p = await runCli(['predict', join(fixtures, 'table-shards'), '--model', out, '--backend', 'cpu', '--out', join(dir, 'predictions')]);
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/^Predicted 120 rows; accuracy/);
  });

  it('a line that is not an object, records with different keys and a nested Parquet column fail in one line, exit 2', async () => {
    const good = (await readFile(join(fixtures, 'table.jsonl'), 'utf8')).trimEnd().split('\n');
    await writeFile(join(dir, 'array.jsonl'), [...good.slice(0, 2), '[1, 2]', ...good.slice(3)].join('\n'));
    const first = JSON.parse(good[1]!) as Record<string, unknown>;
    await writeFile(join(dir, 'keys.jsonl'), [good[0], JSON.stringify({ ...first, extra: 1 }), ...good.slice(2)].join('\n'));
    await parquetWriteFile({
      filename: join(dir, 'json.parquet'),
      columnData: [
        { name: 'label', data: ['a', 'b'] },
        { name: 'meta', data: [{ a: 1 }, { a: 2 }] },
      ],
    });
    const cases: [string, RegExp][] = [
      ['array.jsonl', /array\.jsonl line 3: .*not an object|array\.jsonl line 3: .*object/],
      ['keys.jsonl', /keys\.jsonl line 2: .*'extra'/],
      ['json.parquet', /json\.parquet: column 'meta' is a JSON\/BSON document, which labelsleuth does not read/],
    ];
    for (const [file, message] of cases) {
      const out = join(dir, `bad-${file}`);
      const r = await runCli(['audit', join(dir, file), '--out', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });
});
