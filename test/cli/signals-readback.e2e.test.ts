/**
 * Reports of `audit --probs/--losses` read back by evaluate, export, review and clean; clean copies
 * the table given as --data at audit time, and says what to pass when there was none.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticSignals } from '../pipeline/synthetic-signals.js';
import { postDecisions, type RunningReview, startReview } from './review-server.js';
import { runCli, tempDir } from './run-cli.js';
import { expectValidReportJson } from '../support/schemas.js';

const s = syntheticSignals();
const ids = s.labels.map((_, i) => `s${i}`);
const probsCsv = ['id,given_label,' + s.classNames.join(','), ...s.probs.map((row, i) => `${ids[i]},${s.labels[i]},${row.map((p) => p.toFixed(6)).join(',')}`)].join('\n') + '\n';
// Losses of the given label, with the labels: what a training loop appends.
const lossesCsv =
  ['id,loss,given_label', ...s.probs.map((row, i) => `${ids[i]},${(-Math.log(row[s.classNames.indexOf(s.labels[i]!)]!)).toFixed(6)},${s.labels[i]}`)].join('\n') + '\n';
// The original table: a feature, the label, and two rows the model never scored.
const dataCsv = ['id,width,label', ...ids.map((id, i) => `${id},${(i % 7) + 0.5},${s.labels[i]}`), 'extra1,1.5,ant', 'extra2,2.5,bee'].join('\n') + '\n';
const truth = ['id,is_noisy', ...Array.from(s.isNoisy, (v, i) => `${ids[i]},${v}`)].join('\n') + '\n';

async function audited(kind: 'probs' | 'losses', withData: boolean): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'signals.csv'), kind === 'probs' ? probsCsv : lossesCsv);
  await writeFile(join(dir, 'data.csv'), dataCsv);
  await writeFile(join(dir, 'truth.csv'), truth);
  const r = await runCli(['audit', `--${kind}`, 'signals.csv', ...(withData ? ['--data', 'data.csv'] : []), '--truth', 'truth.csv', '--out', 'out', '--quiet'], dir);
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

const flaggedIds = (dir: string): string[] =>
  readFileSync(join(dir, 'out', 'samples.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[6] === '1')
    .map((f) => f[1]!);

const running: RunningReview[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
});

describe('a signals report read back', () => {
  it('evaluate scores it as audit --truth did; export lists its flags', async () => {
    const dir = await audited('probs', false);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    const e = await runCli(['evaluate', 'out', '--truth', 'truth.csv', '--format', 'json'], dir);
    expect(e.code, e.stderr).toBe(0);
    // report.json keeps 7 significant digits.
    const rounded = (m: unknown) => JSON.parse(JSON.stringify(m, (_, v) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v)));
    expect(rounded(JSON.parse(e.stdout).metrics)).toEqual(rounded(report.evaluation.metrics));
    const x = await runCli(['export', 'out', '--out', 'suspects.csv'], dir);
    expect(x.code, x.stderr).toBe(0);
    const exported = readFileSync(join(dir, 'suspects.csv'), 'utf8').trimEnd().split('\n').slice(1);
    expect(exported.map((l) => l.split(',')[1])).toEqual(flaggedIds(dir));
  });

  it('review serves it and takes decisions on its ids', async () => {
    const dir = await audited('losses', false);
    const r = await startReview([join(dir, 'out'), '--port', '0']);
    running.push(r);
    const page = await fetch(r.url);
    expect(page.status).toBe(200);
    const id = flaggedIds(dir)[0]!;
    const posted = await postDecisions(r.url, r.token, [{ id, decision: 'drop', decided_at: '2026-12-02T00:00:00.000Z' }]);
    expect(posted.status).toBe(200);
    expect(readFileSync(join(dir, 'out', 'decisions.csv'), 'utf8')).toContain(`${id},drop`);
  });

  it('clean without --data at audit time: one line saying what to pass, exit 2, nothing written', async () => {
    const dir = await audited('probs', false);
    const r = await runCli(['clean', 'data.csv', '--report', 'out', '--action', 'drop', '--out', 'clean.csv'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('audit again with --data');
    expect(existsSync(join(dir, 'clean.csv'))).toBe(false);
  });

  it('clean --action relabel copies the --data table with the flagged rows relabelled, rows without signals kept', async () => {
    const dir = await audited('probs', true);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.dataset.attachedData).toMatchObject({ path: 'data.csv', idColumn: 'id', labelColumn: 'label' });
    expectValidReportJson(join(dir, 'out', 'report.json'));
    const r = await runCli(['clean', 'data.csv', '--report', 'out', '--action', 'relabel', '--out', 'clean.csv'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 of 802 rows of data.csv have no signals');
    const suggested = new Map(
      readFileSync(join(dir, 'out', 'samples.csv'), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(','))
        .filter((f) => f[6] === '1' && f[3] !== f[2])
        .map((f) => [f[1]!, f[3]!]),
    );
    expect(suggested.size).toBeGreaterThan(50);
    const before = dataCsv.trimEnd().split('\n');
    const after = readFileSync(join(dir, 'clean.csv'), 'utf8').trimEnd().split('\n');
    expect(after).toHaveLength(before.length);
    for (const [k, line] of before.entries()) {
      const [id, width] = line.split(',');
      expect(after[k]).toBe(suggested.has(id!) ? `${id},${width},${suggested.get(id!)}` : line);
    }
  });

  it('from losses: clean --action drop drops exactly the flagged rows; relabel is one line, exit 2', async () => {
    const dir = await audited('losses', true);
    const relabel = await runCli(['clean', 'data.csv', '--report', 'out', '--action', 'relabel', '--out', 'clean.csv'], dir);
    expect(relabel.code).toBe(2);
    expect(relabel.stderr.trim().split('\n')).toHaveLength(1);
    expect(relabel.stderr).toContain('use --action drop');
    expect(readdirSync(dir)).not.toContain('clean.csv');
    const drop = await runCli(['clean', 'data.csv', '--report', 'out', '--action', 'drop', '--out', 'clean.csv'], dir);
    expect(drop.code, drop.stderr).toBe(0);
    const flagged = new Set(flaggedIds(dir));
    expect(flagged.size).toBeGreaterThan(50);
    const kept = readFileSync(join(dir, 'clean.csv'), 'utf8').trimEnd().split('\n');
    expect(kept).toEqual(
      dataCsv
        .trimEnd()
        .split('\n')
        .filter((l) => !flagged.has(l.split(',')[0]!)),
    );
  });

  it('clean --decisions --report applies decisions made on a signals report to its --data table', async () => {
    const dir = await audited('probs', true);
    const [a, b] = flaggedIds(dir);
    await writeFile(join(dir, 'decisions.csv'), `id,decision,new_label,decided_at\n${a},drop,,2026-12-02T00:00:00Z\n${b},relabel,dog,2026-12-02T00:00:00Z\n`);
    const r = await runCli(['clean', 'data.csv', '--decisions', 'decisions.csv', '--report', 'out', '--out', 'clean.csv'], dir);
    expect(r.code, r.stderr).toBe(0);
    const after = readFileSync(join(dir, 'clean.csv'), 'utf8').trimEnd().split('\n');
    expect(after.some((l) => l.startsWith(`${a},`))).toBe(false);
    expect(after.find((l) => l.startsWith(`${b},`))).toMatch(/,dog$/);
    expect(after).toHaveLength(dataCsv.trimEnd().split('\n').length - 1);
  });
});
