import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tiny } from '../fixtures.js';
import { bin, runCli, tempDir } from './run-cli.js';
import { expectValidReportJson } from '../support/schemas.js';

const base = ['audit', tiny.csv, '--id', 'id', '--epochs', '6', '--backend', 'wasm'];

describe('labelsleuth audit (spawned CLI)', () => {
  it('audits a CSV, prints the summary and writes the three files', async () => {
    const dir = await tempDir();
    const out = join(dir, 'report');
    const r = await runCli([...base, '--truth', tiny.truth, '--out', out]);
    expect(r.stderr).toContain('backend: wasm');
    expect(r.stderr).toMatch(/epoch 6\/6 {2}loss \d\.\d{4}/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('labelsleuth audit');
    expect(r.stdout).toMatch(/Estimated wrong labels: \d+\.\d%/);
    expect(r.stdout).toMatch(/Found \d+ of the 120 known wrong labels/);
    expect(r.stdout).not.toContain('\u001b['); // NO_COLOR
    expect(readdirSync(out).sort()).toEqual(['.labelsleuth-output.json', 'report.html', 'report.json', 'samples.csv', 'suspects.csv']);

    const samples = (await readFile(join(out, 'samples.csv'), 'utf8')).trimEnd().split('\n');
    expect(samples[0]).toBe('rank,id,given_label,suggested_label,p_noisy,loss,flagged,p_given,p_suggested,is_label_issue,label_quality,predicted_label');
    expect(samples).toHaveLength(601);
    expect(samples[1]).toMatch(/^1,fmnist-train-\d+,[^,]+,[^,]+,[01]\.\d{6},\d+\.\d{6},[01],[01]\.\d{6},[01]\.\d{6},(True|False),[01]\.\d{6},[^,]+$/);
    // cleanlab's columns say what ours say: is_label_issue = flagged, label_quality = 1 - p_noisy, predicted_label = suggested_label.
    for (const line of samples.slice(1)) {
      const f = line.split(',');
      expect(f[9]).toBe(f[6] === '1' ? 'True' : 'False');
      expect(Number(f[10])).toBeCloseTo(1 - Number(f[4]), 6);
      expect(f[11]).toBe(f[3]);
    }

    const suspects = (await readFile(join(out, 'suspects.csv'), 'utf8')).trimEnd().split('\n');
    const header = suspects[0]!.split(',');
    expect(header.slice(0, 12)).toEqual(samples[0]!.split(','));
    // The original row follows, its clashing columns renamed.
    expect(header.slice(12, 15)).toEqual(['original_id', 'label', 'p0']);
    for (const line of suspects.slice(1)) {
      const f = line.split(',');
      expect(f[6]).toBe('1');
      expect(f[12]).toBe(f[1]); // original id column == our id
      expect(f[13]).toBe(f[2]); // original label == given label
    }

    expectValidReportJson(join(out, 'report.json'));
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.kind).toBe('label-noise-report');
    expect(report.version).toBe(1);
    expect(report.settings.epochs).toBe(6);
    expect(report.epochs).toHaveLength(6);
    expect(report.dataset.classes).toHaveLength(10);
    expect(report.evaluation.metrics.positives).toBe(120);
    expect(report.estimate.flagged).toBe(suspects.length - 1);
  });

  it('gives byte-identical samples.csv for the same seed', async () => {
    const dir = await tempDir();
    await runCli([...base, '--epochs', '2', '--out', join(dir, 'a')]);
    await runCli([...base, '--epochs', '2', '--out', join(dir, 'b')]);
    const a = await readFile(join(dir, 'a', 'samples.csv'), 'utf8');
    const b = await readFile(join(dir, 'b', 'samples.csv'), 'utf8');
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toBe(a);
  });

  it('replaces an earlier report folder, but refuses to overwrite anything else', async () => {
    const dir = await tempDir();
    const out = join(dir, 'report');
    expect((await runCli([...base, '--epochs', '1', '--out', out])).code).toBe(0);
    expect((await runCli([...base, '--epochs', '1', '--out', out])).code).toBe(0);
    const other = join(dir, 'notes.txt');
    await writeFile(other, 'mine');
    const r = await runCli([...base, '--epochs', '1', '--out', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`labelsleuth: error: ${other}: already exists and is not a labelsleuth report folder; choose another --out or remove it\n`);
    expect(await readFile(other, 'utf8')).toBe('mine');
  });

  it('runs the bundled demo when given no path', async () => {
    const dir = await tempDir();
    const r = await runCli(['audit', '--quiet', '--epochs', '3'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('fashion-mnist-3k.csv');
    expect(r.stdout).toMatch(/Found \d+ of the 600 known wrong labels/);
    expect(existsSync(join(dir, 'labelsleuth-report', 'report.json'))).toBe(true);
  });
});

describe('labelsleuth audit with bad input: one line, exit 2, nothing written', () => {
  const cases: [string, string[], string][] = [
    ['a missing file', ['no-such.csv'], 'labelsleuth: error: no-such.csv: file not found; check the path\n'],
    ['a threshold outside [0, 1]', [tiny.csv, '--threshold', '1.5'], 'labelsleuth: error: --threshold must be a probability in [0, 1], got 1.5\n'],
    ['negative epochs', [tiny.csv, '--epochs', '-3'], 'labelsleuth: error: --epochs must be a whole number from 1 to 10000, got -3\n'],
    ['an unknown backend', [tiny.csv, '--backend', 'gpu'], "error: option '--backend <name>' argument 'gpu' is invalid. Allowed choices are auto, tensorflow, wasm, cpu.\n"],
    ['a non-numeric option', [tiny.csv, '--lr', 'fast'], "error: option '--lr <rate>' argument 'fast' is invalid. expected a number.\n"],
    ['a negative --top', [tiny.csv, '--top', '-1'], "error: option '--top <n>' argument '-1' is invalid. expected a whole number >= 0.\n"],
    ['an unknown option (one line, not two)', [tiny.csv, '--zzzz'], "error: unknown option '--zzzz'\n"],
    ['an unknown option near a known one: the suggestion on the same line', [tiny.csv, '--epoch', '3'], "error: unknown option '--epoch' (Did you mean --epochs?)\n"],
    ['a missing label column', [tiny.csv, '--label', 'species'], ''],
    ['a missing truth file', [tiny.csv, '--id', 'id', '--truth', 'nope.csv'], 'labelsleuth: error: nope.csv: cannot read the truth file (ENOENT); check the --truth path\n'],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const dir = await tempDir();
    const r = await runCli(['audit', ...args, '--out', 'out'], dir);
    expect(r.code).toBe(2);
    if (message) expect(r.stderr.replace(/ \(run with --help for usage\)\n$/, '\n')).toBe(message);
    else expect(r.stderr).toMatch(/^labelsleuth: error: .*species.*\n$/);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a truth file whose ids do not match', async () => {
    const dir = await tempDir();
    const truth = join(dir, 'truth.csv');
    await writeFile(truth, 'id,is_noisy\nx1,1\nx2,0\n');
    const r = await runCli(['audit', tiny.csv, '--id', 'id', '--truth', truth, '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `labelsleuth: error: ${truth}: 600 of 600 sample ids have no row in the truth file (e.g. 'fmnist-train-138', 'fmnist-train-224', 'fmnist-train-268'); the truth file must cover every sample id\n`,
    );
    expect(readdirSync(dir)).toEqual(['truth.csv']);
  });
});

describe('a reader that leaves early', () => {
  it('`labelsleuth audit | head -1`: the closed pipe ends the output quietly, exit 0, no stack', async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, [bin, ...base, '--quiet', '--out', 'out'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.destroy(); // the reader is gone before the first line
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
