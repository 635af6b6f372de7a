/**
 * Every table format audited end to end from fixtures/formats (bench/make-format-fixtures.mjs):
 * each must give byte for byte the ranking of the plain CSV, say how it was read, and copies made
 * from it (inject-noise, clean) keep its delimiter.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

const fixtures = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));
interface Report {
  readonly dataset: { readonly delimiter?: string; readonly idColumn?: string | null };
  readonly settings: { readonly delimiter: string };
}

const fast = ['--epochs', '3', '--stop', 'fixed', '--backend', 'cpu', '--quiet'];

async function audit(data: string, out: string, extra: readonly string[] = []): Promise<{ stdout: string; samples: string; report: Report }> {
  const r = await runCli(['audit', data, ...fast, ...extra, '--out', out]);
  expect(r.code, r.stderr).toBe(0);
  return { stdout: r.stdout, samples: await readFile(join(out, 'samples.csv'), 'utf8'), report: JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report };
}

describe('table formats (spawned CLI)', () => {
  let dir: string;
  let baseline: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    dir = await tempDir();
    baseline = await audit(join(fixtures, 'table.csv'), join(dir, 'csv'));
  });

  it.each([
    ['table.tsv', 'tab'],
    ['table.tsv.gz', 'tab'],
    ['table-semicolon.csv', 'semicolon'],
    ['table-pipe.txt', 'pipe'],
  ])('%s gives the CSV ranking, with its delimiter in report.json and the header', async (file, delimiter) => {
    const r = await audit(join(fixtures, file), join(dir, file));
    expect(r.samples).toBe(baseline.samples);
    expect(r.report.dataset.delimiter).toBe(delimiter);
    expect(r.report.settings.delimiter).toBe('auto');
    expect(r.stdout.split('\n')[1]).toContain(`· ${delimiter}-separated ·`);
  });

  it('an id under another name (all-distinct text) and a free-text column leave the ranking as it is, and are said', async () => {
    const r = await audit(join(fixtures, 'table-ids.csv'), join(dir, 'ids'));
    expect(r.samples).toBe(baseline.samples);
    expect(r.report.dataset.idColumn).toBe('image_name');
    expect(r.stdout).toContain("warning: column 'image_name' has a different text value on every row, so it is taken as the sample id, not a feature");
    expect(r.stdout).toContain(
      "warning: column 'note' has 80 distinct text values in 120 rows, too many to learn from (a model could only memorise them): dropped from the features",
    );
    expect(r.stdout).not.toContain('--max-categories');
  });

  it('reads the delimiter given with --delimiter', async () => {
    const r = await audit(join(fixtures, 'table-semicolon.csv'), join(dir, 'given'), ['--delimiter', 'semicolon']);
    expect(r.samples).toBe(baseline.samples);
    expect(r.report.settings.delimiter).toBe('semicolon');
    expect(baseline.report.dataset.delimiter).toBe('comma');
  });

  it('inject-noise and clean keep a TSV a TSV, and gzip the copy when its name ends in .gz', async () => {
    const noisy = join(dir, 'noisy.tsv.gz');
    const r = await runCli(['inject-noise', join(fixtures, 'table.tsv.gz'), '--kind', 'symmetric', '--rate', '0.2', '--out', noisy]);
    expect(r.code, r.stderr).toBe(0);
    const text = gunzipSync(await readFile(noisy)).toString('utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]!.split('\t').slice(0, 3)).toEqual(['id', 'label', 'p0']);
    expect(lines).toHaveLength(121);
    // The truth is labelsleuth's own comma CSV, beside the copy.
    expect((await readFile(join(dir, 'noisy.truth.csv'), 'utf8')).split('\n')[0]).toBe('id,true_label,noisy_label,is_noisy');
    // Same rows, different labels only: the pixel columns come out as they went in.
    const original = (await readFile(join(fixtures, 'table.tsv'), 'utf8')).trimEnd().split('\n');
    for (const [i, l] of lines.entries()) expect(l.split('\t').slice(2)).toEqual(original[i]!.split('\t').slice(2));

    const cleaned = join(dir, 'clean.tsv');
    const c = await runCli(['clean', join(fixtures, 'table.tsv'), '--report', join(dir, 'table.tsv'), '--action', 'relabel', '--out', cleaned]);
    expect(c.code, c.stderr).toBe(0);
    const copy = (await readFile(cleaned, 'utf8')).trimEnd().split('\n');
    expect(copy).toHaveLength(121);
    expect(copy[0]).toBe(original[0]);
    expect(copy.every((l) => l.split('\t').length === 51)).toBe(true);
  });

  it('a delimiter that gives one column fails in one line, exit 2, nothing written', async () => {
    const semi = join(dir, 'semi.csv');
    await writeFile(semi, 'label;x\na;1\nb;2\n');
    const cases: [string[], RegExp][] = [
      [
        [join(fixtures, 'table-semicolon.csv'), '--delimiter', 'comma'],
        /^labelsleuth: error: \S*table-semicolon\.csv line 1: the header line is one column when split by comma \('id;label;p0;.*…'\); it looks semicolon-separated, so pass --delimiter semicolon$/,
      ],
      [[join(fixtures, 'table.tsv'), '--delimiter', 'pipe'], /line 1: the header line is one column when split by pipe .*pass --delimiter tab$/],
      [[semi, '--delimiter', 'tab'], /semi\.csv line 1: the header line is one column when split by tab \('label;x'\); it looks semicolon-separated/],
    ];
    for (const [args, message] of cases) {
      for (const command of ['audit', 'inject-noise']) {
        const out = join(dir, `bad-${command}`);
        const extra = command === 'audit' ? ['--out', out] : ['--kind', 'symmetric', '--rate', '0.1', '--out', `${out}.csv`];
        const r = await runCli([command, ...args, ...extra]);
        expect(r.code).toBe(2);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr.trimEnd()).toMatch(message);
        expect(existsSync(out) || existsSync(`${out}.csv`)).toBe(false);
      }
    }
  });
});
