import { readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tiny } from '../fixtures.js';
import { runCli, tempDir } from './run-cli.js';

const lines = async (p: string): Promise<string[]> => (await readFile(p, 'utf8')).trimEnd().split('\n');
const withoutLabel = (l: string): string =>
  l
    .split(',')
    .filter((_, j) => j !== 1)
    .join(',');

describe.concurrent('labelsleuth inject-noise (spawned CLI)', () => {
  it.each([
    ['symmetric', 0.25, 150],
    ['pairflip', 0.1, 60],
    ['instance', 0.2, 120],
  ])('%s at rate %s flips exactly %s labels, changes nothing else, and its truth matches the copy', async (kind, rate, flips) => {
    const dir = await tempDir();
    const out = join(dir, 'noisy.csv');
    const r = await runCli(['inject-noise', tiny.csv, '--id', 'id', '--kind', kind, '--rate', String(rate), '--seed', '3', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`600 samples, ${flips} labels flipped`);
    const [input, copy, truth] = await Promise.all([lines(tiny.csv), lines(out), lines(join(dir, 'noisy.truth.csv'))]);
    expect(truth[0]).toBe('id,true_label,noisy_label,is_noisy');
    expect(copy).toHaveLength(input.length);
    expect(truth).toHaveLength(601);
    let noisy = 0;
    for (let i = 1; i < copy.length; i++) {
      const [id, given] = input[i]!.split(',');
      const [cid, clabel] = copy[i]!.split(',');
      const [tid, tTrue, tNoisy, isNoisy] = truth[i]!.split(',');
      expect(withoutLabel(copy[i]!)).toBe(withoutLabel(input[i]!));
      expect([cid, tid]).toEqual([id, id]);
      expect(tTrue).toBe(given);
      expect(tNoisy).toBe(clabel);
      expect(isNoisy).toBe(given === clabel ? '0' : '1');
      noisy += Number(isNoisy);
    }
    expect(noisy).toBe(flips);
  });

  it('gives byte-identical files for the same seed', async () => {
    const dir = await tempDir();
    const run = (name: string, seed: string) => runCli(['inject-noise', tiny.csv, '--kind', 'instance', '--rate', '0.3', '--seed', seed, '--out', join(dir, name)]);
    await Promise.all([run('a.csv', '9'), run('b.csv', '9'), run('c.csv', '10')]);
    for (const f of ['', '.truth']) {
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => readFile(join(dir, `${n}${f}.csv`), 'utf8')));
      expect(b).toBe(a);
      expect(c).not.toBe(a);
    }
  });

  it('samples a transition matrix keyed by class names', async () => {
    const dir = await tempDir();
    const classes = ['Ankle boot', 'Bag', 'Coat', 'Dress', 'Pullover', 'Sandal', 'Shirt', 'Sneaker', 'T-shirt/top', 'Trouser'];
    const matrix = Object.fromEntries(classes.map((c) => [c, c === 'Coat' ? { Shirt: 1 } : { [c]: 1 }]));
    await writeFile(join(dir, 'm.json'), JSON.stringify(matrix));
    const r = await runCli(['inject-noise', tiny.csv, '--kind', 'matrix', '--matrix', join(dir, 'm.json'), '--out', join(dir, 'n.csv')]);
    expect(r.code).toBe(0);
    const truth = (await lines(join(dir, 'n.truth.csv'))).slice(1).map((l) => l.split(','));
    const coats = truth.filter((t) => t[1] === 'Coat').length;
    expect(coats).toBeGreaterThan(0);
    expect(truth.filter((t) => t[3] === '1').every((t) => t[1] === 'Coat' && t[2] === 'Shirt')).toBe(true);
    expect(truth.filter((t) => t[3] === '1')).toHaveLength(coats);
    expect(r.stdout).toContain(`${coats} labels flipped`);
  });
});

describe('evaluate, export and clean on a saved audit (spawned CLI)', () => {
  let dir: string;
  let report: string;
  beforeAll(async () => {
    dir = await tempDir();
    report = join(dir, 'report');
    const r = await runCli(['audit', tiny.csv, '--id', 'id', '--epochs', '2', '--quiet', '--backend', 'wasm', '--out', report]);
    expect(r.code).toBe(0);
  }, 60_000);

  it("evaluate prints a table and JSON that agree with the audit's own evaluation", async () => {
    const table = await runCli(['evaluate', report, '--truth', tiny.truth]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('600 samples, 120 truly mislabeled (20.0%)');
    expect(table.stdout).toMatch(/AUROC 0\.\d{3} {3}average precision 0\.\d{3}/);
    expect(table.stdout).toContain('precision@120 ');
    const json = await runCli(['evaluate', report, '--truth', tiny.truth, '--format', 'json']);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.kind).toBe('label-noise-evaluation');
    expect(parsed.threshold).toBeNull(); // the audit flagged its estimated count, and evaluate scores those flags
    expect(parsed.metrics.positives).toBe(120);
    const audited = await runCli(['audit', tiny.csv, '--id', 'id', '--epochs', '2', '--quiet', '--backend', 'wasm', '--truth', tiny.truth, '--out', join(dir, 'r2')]);
    expect(audited.code).toBe(0);
    const own = JSON.parse(await readFile(join(dir, 'r2', 'report.json'), 'utf8')).evaluation.metrics;
    expect(parsed.metrics.mask.tp).toBe(own.mask.tp);
    expect(parsed.metrics.mask.fp).toBe(own.mask.fp);
    expect(parsed.metrics.auroc).toBeCloseTo(own.auroc, 3);
  });

  it('export re-emits samples.csv rows under a new rule', async () => {
    const samples = await lines(join(report, 'samples.csv'));
    const top = await runCli(['export', report, '--top', '5']);
    expect(top.code).toBe(0);
    expect(top.stdout).toBe(samples.slice(0, 6).join('\n') + '\n');
    const flagged = samples.slice(1).filter((l) => l.split(',')[6] === '1');
    const def = await runCli(['export', report, '--out', join(dir, 'flagged.csv')]);
    expect(def.stderr).toBe(`${join(dir, 'flagged.csv')}: ${flagged.length} samples\n`);
    expect((await lines(join(dir, 'flagged.csv'))).slice(1)).toEqual(flagged);
    const bags = await runCli(['export', report, '--class', 'Bag', '--threshold', '0', '--format', 'json']);
    const parsed = JSON.parse(bags.stdout) as { givenLabel: string; pNoisy: number }[];
    const bagRows = (await lines(join(report, 'samples.csv'))).filter((l) => l.split(',')[2] === 'Bag');
    expect(bagRows.length).toBeGreaterThan(0);
    expect(parsed).toHaveLength(bagRows.length);
    expect(parsed.every((s) => s.givenLabel === 'Bag')).toBe(true);
  });

  it('clean drops or relabels the suspects and logs every change', async () => {
    const input = await lines(tiny.csv);
    const flagged = (await lines(join(report, 'samples.csv')))
      .slice(1)
      .filter((l) => l.split(',')[6] === '1')
      .map((l) => l.split(','));
    const drop = await runCli(['clean', tiny.csv, '--report', report, '--action', 'drop', '--out', join(dir, 'dropped.csv')]);
    expect(drop.code).toBe(0);
    const kept = await lines(join(dir, 'dropped.csv'));
    const dropped = new Set(flagged.map((f) => f[1]));
    expect(kept).toEqual(input.filter((l, i) => i === 0 || !dropped.has(l.split(',')[0])));
    const log = await lines(join(dir, 'dropped.changes.csv'));
    expect(log[0]).toBe('id,action,given_label,new_label,p_noisy');
    expect(log).toHaveLength(flagged.length + 1);

    const relabel = await runCli(['clean', tiny.csv, '--report', report, '--action', 'relabel', '--threshold', '0.9', '--out', join(dir, 'fixed.csv')]);
    expect(relabel.code).toBe(0);
    const fixed = await lines(join(dir, 'fixed.csv'));
    const changes = (await lines(join(dir, 'fixed.changes.csv'))).slice(1).map((l) => l.split(','));
    const byId = new Map(changes.map((c) => [c[0], c]));
    expect(fixed).toHaveLength(input.length);
    for (let i = 1; i < input.length; i++) {
      const [id, given] = input[i]!.split(',');
      const c = byId.get(id!);
      expect(withoutLabel(fixed[i]!)).toBe(withoutLabel(input[i]!));
      expect(fixed[i]!.split(',')[1]).toBe(c ? c[3] : given);
      if (c) expect([c[1], c[2], Number(c[4]) >= 0.9]).toEqual(['relabel', given, true]);
    }
  });

  it('clean refuses a report of other data, and leaves nothing behind', async () => {
    const other = join(dir, 'other.csv');
    const input = await lines(tiny.csv);
    await writeFile(other, input.slice(0, 300).join('\n') + '\n');
    const before = readdirSync(dir).sort();
    const r = await runCli(['clean', other, '--report', report, '--action', 'drop', '--out', join(dir, 'x.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `labelsleuth: error: ${other}: has 299 data rows but the report describes 600 samples; the report ${report} belongs to other data, so pass the data the audit was run on\n`,
    );
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe.concurrent('the dataset tools with bad input: one line, exit 2, nothing written', () => {
  const cases: [string, (d: string) => Promise<string[]>, string][] = [
    ['a rate of 1', async () => ['inject-noise', tiny.csv, '--kind', 'symmetric', '--rate', '1', '--out', 'n.csv'], '--rate must be in [0, 1), got 1'],
    ['no rate', async () => ['inject-noise', tiny.csv, '--kind', 'pairflip', '--out', 'n.csv'], '--kind pairflip needs --rate <r>, the share of labels to flip, in [0, 1)'],
    [
      'a matrix whose row does not sum to 1',
      async (d) => {
        const m = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? (i === 2 ? 0.5 : 1) : 0)));
        await writeFile(join(d, 'm.json'), JSON.stringify(m));
        return ['inject-noise', tiny.csv, '--kind', 'matrix', '--matrix', 'm.json', '--out', 'n.csv'];
      },
      "m.json: row 'Coat' sums to 0.5, not 1; make every row's probabilities add up to 1",
    ],
    [
      'an --out that exists',
      async (d) => {
        await writeFile(join(d, 'n.truth.csv'), 'mine');
        return ['inject-noise', tiny.csv, '--kind', 'symmetric', '--rate', '0.1', '--out', 'n.csv'];
      },
      'n.truth.csv: already exists; choose another --out, or pass --force to replace it',
    ],
    [
      'writing over the input',
      async () => ['inject-noise', tiny.csv, '--kind', 'symmetric', '--rate', '0.1', '--out', tiny.csv, '--force'],
      `${tiny.csv}: is the input ${tiny.csv}; the tools never write over their input, so choose an --out elsewhere`,
    ],
    ['a missing report folder', async () => ['evaluate', 'nope', '--truth', tiny.truth], 'nope: report folder not found; pass the --out folder of a labelsleuth audit'],
    [
      'a report folder without report.json',
      async (d) => {
        await writeFile(join(d, 'samples.csv'), 'rank,id,given_label,suggested_label,p_noisy,loss,flagged\n');
        return ['export', '.'];
      },
      'report.json: missing; . is not a complete labelsleuth report folder, so run the audit again',
    ],
    [
      'a report from a newer version',
      async (d) => {
        await mkdir(join(d, 'r'));
        await writeFile(join(d, 'r', 'report.json'), JSON.stringify({ kind: 'label-noise-report', version: 9 }));
        return ['clean', tiny.csv, '--report', 'r', '--action', 'drop', '--out', 'c.csv'];
      },
      'r/report.json: report version 9 is newer than this labelsleuth reads (1); upgrade labelsleuth',
    ],
  ];
  it.each(cases)('%s', async (_name, setUp, message) => {
    const dir = await tempDir();
    const args = await setUp(dir);
    const before = readdirSync(dir).sort();
    const r = await runCli(args, dir);
    expect(r.stderr).toBe(`labelsleuth: error: ${message}\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
