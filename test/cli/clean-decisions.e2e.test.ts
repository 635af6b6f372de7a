/**
 * clean --decisions (spawned CLI): exactly the relabel and drop rows change the copy, keep and skip
 * change nothing, and every way a decisions file can be wrong is one line naming its row, exit 2,
 * nothing written.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tiny } from '../fixtures.js';
import { runCli, tempDir } from './run-cli.js';
import { expectValidReportJson } from '../support/schemas.js';

const lines = async (p: string): Promise<string[]> => (await readFile(p, 'utf8')).trimEnd().split('\n');
const HEADER = 'id,decision,new_label,decided_at';
const AT = '2026-12-01T10:00:00.000Z';

describe('labelsleuth clean --decisions (spawned CLI)', () => {
  let dir: string;
  let report: string;
  let input: string[][];
  beforeAll(async () => {
    dir = await tempDir();
    report = join(dir, 'report');
    const r = await runCli(['audit', tiny.csv, '--id', 'id', '--epochs', '2', '--quiet', '--backend', 'wasm', '--out', report]);
    expect(r.code, r.stderr).toBe(0);
    expectValidReportJson(join(report, 'report.json'));
    input = (await lines(tiny.csv)).map((l) => l.split(','));
  });

  const row = (i: number) => input[i]!;
  const other = (label: string) => (label === 'Bag' ? 'Coat' : 'Bag');

  it.each([
    ['with --report', true],
    ['without a report', false],
  ])('applies exactly the relabel and drop rows, %s, and logs them', async (_, withReport) => {
    const [a, b, c, d, e] = [row(1), row(2), row(3), row(4), row(5)];
    const decisions = join(dir, `decisions-${withReport}.csv`);
    await writeFile(
      decisions,
      [HEADER, `${a[0]},relabel,${other(a[1]!)},${AT}`, `${b[0]},drop,,${AT}`, `${c[0]},keep,,${AT}`, `${d[0]},skip,,`, `${e[0]},relabel,${e[1]},${AT}`].join('\n') + '\n',
    );
    const out = join(dir, `fixed-${withReport}.csv`);
    const r = await runCli(['clean', tiny.csv, '--decisions', decisions, ...(withReport ? ['--report', report] : ['--id', 'id']), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('599 of 600 samples, 1 relabelled and 1 dropped as decided (3 decisions change nothing');
    const fixed = (await lines(out)).map((l) => l.split(','));
    const expected = input.filter((l) => l[0] !== b[0]).map((l) => (l[0] === a[0] ? [l[0], other(a[1]!), ...l.slice(2)] : l));
    expect(fixed).toEqual(expected);
    const log = await lines(join(dir, `fixed-${withReport}.changes.csv`));
    expect(log[0]).toBe('id,action,given_label,new_label,p_noisy');
    expect(log.slice(1).map((l) => l.split(',').slice(0, 4))).toEqual([
      [a[0], 'relabel', a[1], other(a[1]!)],
      [b[0], 'drop', b[1], ''],
    ]);
    // The report gives each change its p_noisy; without one it is left empty.
    for (const l of log.slice(1)) expect(l.split(',')[4] !== '').toBe(withReport);
  });

  it.each([
    ['an unknown id', (r: string[]) => `nope-42,drop,,${AT}\n${r[0]},keep,,${AT}`, /decisions\.csv line 2: id 'nope-42' is not in /],
    ['an unknown decision', (r: string[]) => `${r[0]},delete,,${AT}`, /decisions\.csv line 2: decision 'delete' is not one of relabel, drop, keep, skip/],
    ['a relabel without new_label', (r: string[]) => `${r[0]},relabel,,${AT}`, /decisions\.csv line 2: relabel of 'fmnist-[^']+' has no new_label/],
    [
      'a relabel to an unknown class',
      (r: string[]) => `${r[0]},relabel,Hat,${AT}`,
      /decisions\.csv line 2: new_label 'Hat' is not a class of .*fashion-mnist-600\.csv \('Ankle boot', 'Bag'/,
    ],
    ['a duplicate id', (r: string[]) => `${r[0]},drop,,${AT}\n${r[0]},keep,,${AT}`, /decisions\.csv line 3: id 'fmnist-[^']+' was already decided on line 2; keep one row per id/],
    ['a decided_at that is not a time', (r: string[]) => `${r[0]},keep,,yesterday`, /decisions\.csv line 2: decided_at 'yesterday' is not an ISO 8601 UTC time/],
    ['a wrong header', () => 'x', /decisions\.csv: header is 'id,decision,new_label,decided_at,x', not id,decision,new_label,decided_at/],
  ])('refuses %s with one line naming the row, exit 2, nothing written', async (_, body, message) => {
    for (const withReport of [true, false]) {
      const sub = await tempDir();
      const decisions = join(sub, 'decisions.csv');
      const text = body(row(7));
      await writeFile(decisions, text === 'x' ? 'id,decision,new_label,decided_at,x\n' : `${HEADER}\n${text}\n`);
      const r = await runCli(['clean', tiny.csv, '--decisions', decisions, ...(withReport ? ['--report', report] : ['--id', 'id']), '--out', join(sub, 'fixed.csv')]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(readdirSync(sub)).toEqual(['decisions.csv']);
    }
  });

  it('refuses --action with --decisions, and asks for --report and --action without it', async () => {
    const decisions = join(dir, 'd.csv');
    await writeFile(decisions, `${HEADER}\n`);
    const both = await runCli(['clean', tiny.csv, '--decisions', decisions, '--action', 'drop', '--out', join(dir, 'x.csv')]);
    expect([both.code, both.stderr.trim()]).toEqual([2, 'labelsleuth: error: --decisions says what happens to each sample; leave out --action']);
    const neither = await runCli(['clean', tiny.csv, '--report', report, '--out', join(dir, 'x.csv')]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('clean needs --report <report-dir> and --action drop|relabel, or --decisions <decisions.csv>; missing --action');
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it('moves a relabelled image to its new class folder of a copy and leaves a dropped one out', async () => {
    const images = join(tiny.csv, '../../images-demo');
    const sub = await tempDir();
    const files = readdirSync(join(images, 'Coat')).sort();
    const decisions = join(sub, 'decisions.csv');
    await writeFile(decisions, `${HEADER}\nCoat/${files[0]},relabel,Shirt,${AT}\nCoat/${files[1]},drop,,${AT}\nCoat/${files[2]},keep,,${AT}\n`);
    const out = join(sub, 'fixed');
    const r = await runCli(['clean', images, '--decisions', decisions, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, 'Coat'))).toEqual(files.slice(2));
    expect(readdirSync(join(out, 'Shirt'))).toContain(files[0]);
    expect((await lines(join(out, 'changes.csv'))).slice(1)).toEqual([`Coat/${files[0]},relabel,Coat,Shirt,`, `Coat/${files[1]},drop,Coat,,`]);
  });
});
