/**
 * audit --json (the summary as JSON on stdout, nothing else there) and audit --force (replace a
 * report folder that holds a file labelsleuth did not write, never an input). With --probs: no
 * training, so each run takes a second.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticSignals } from '../pipeline/synthetic-signals.js';
import { runCli, tempDir } from './run-cli.js';

const s = syntheticSignals();
const csv = ['id,given_label,' + s.classNames.join(','), ...s.probs.map((row, i) => `s${i},${s.labels[i]},${row.map((p) => p.toFixed(6)).join(',')}`)].join('\n') + '\n';
const truth = ['id,is_noisy', ...Array.from(s.isNoisy, (v, i) => `s${i},${v}`)].join('\n') + '\n';

async function setUp(): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'probs.csv'), csv);
  await writeFile(join(dir, 'truth.csv'), truth);
  return dir;
}

describe('labelsleuth audit --json and --force', () => {
  it('--json prints only the summary on stdout, as JSON that matches report.json', async () => {
    const dir = await setUp();
    const r = await runCli(['audit', '--probs', 'probs.csv', '--truth', 'truth.csv', '--out', 'out', '--json', '--top', '3'], dir);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(summary).toMatchObject({ kind: 'label-noise-summary', version: 1, out: 'out', dataset: { rows: report.dataset.rows, source: 'signals' } });
    expect(summary.estimate.flagged).toBe(report.estimate.flagged);
    expect(summary.evaluation.averagePrecision).toBeCloseTo(report.evaluation.metrics.averagePrecision, 6);
    expect(summary.suspects.map((x: { id: string }) => x.id)).toEqual(report.samples.slice(0, 3).map((x: { id: string }) => x.id));
    expect(summary.warnings).toEqual(report.warnings);
  });

  it('--force replaces a report folder holding a file of the user’s, which is refused without it', async () => {
    const dir = await setUp();
    expect((await runCli(['audit', '--probs', 'probs.csv', '--out', 'out'], dir)).code).toBe(0);
    await writeFile(join(dir, 'out', 'decisions.csv'), 'id,decision,new_label,decided_at\n');
    const refused = await runCli(['audit', '--probs', 'probs.csv', '--out', 'out'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('decisions.csv: is not a file labelsleuth wrote; move it, or choose another --out');
    const forced = await runCli(['audit', '--probs', 'probs.csv', '--out', 'out', '--force'], dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['.labelsleuth-output.json', 'report.html', 'report.json', 'samples.csv', 'suspects.csv']);
    // Still never over an input.
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'in', 'probs.csv'), csv);
    const input = await runCli(['audit', '--probs', join('in', 'probs.csv'), '--out', 'in', '--force'], dir);
    expect(input.code).toBe(2);
    expect(input.stderr).toContain('contains the input');
    expect(existsSync(join(dir, 'in', 'probs.csv'))).toBe(true);
  });
});
