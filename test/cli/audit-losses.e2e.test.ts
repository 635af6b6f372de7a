import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticLosses } from '../pipeline/synthetic-losses.js';
import { expectValidReportJson } from '../support/schemas.js';
import { runCli, tempDir } from './run-cli.js';

const s = syntheticLosses();
const wide =
  ['id,given_label,' + s.epochs.map((_, e) => `epoch_${e}`).join(','), ...s.ids.map((id, i) => [id, s.labels[i], ...s.epochs.map((l) => l[i])].join(','))].join('\n') + '\n';
const truth = ['id,is_noisy', ...s.ids.map((id, i) => `${id},${s.isNoisy[i]}`)].join('\n') + '\n';

describe('labelsleuth audit --losses (bring your own training run)', () => {
  it('audits per-epoch losses without training; the files say what could not be given', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'losses.csv'), wide);
    await writeFile(join(dir, 'truth.csv'), truth);
    const r = await runCli(['audit', '--losses', 'losses.csv', '--truth', 'truth.csv', '--out', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("another model's losses (nothing trained here)");
    expect(r.stdout).toContain('warning: from losses alone, not available: the margin score (--aggregate mean-margin); ');
    expectValidReportJson(join(dir, 'out', 'report.json'));
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.dataset.format).toBe('csv, wide, 8 epochs');
    expect(report.settings.aggregate).toBe('mean-loss');
    expect(report.evaluation.metrics.auroc).toBeGreaterThan(0.95);
    expect(report.unavailable).toHaveLength(4);
    const suspects = readFileSync(join(dir, 'out', 'suspects.csv'), 'utf8').split('\n');
    expect(suspects[0]).toBe('rank,id,given_label,suggested_label,p_noisy,loss,flagged,p_given,p_suggested,is_label_issue,label_quality,predicted_label');
    // No probabilities: no suggested (predicted) label, no p_given or p_suggested.
    expect(suspects[1]).toMatch(/^1,s\d+,\w+,,[01]\.\d{6},\d+\.\d{6},1,,,True,[01]\.\d{6},$/);
  });

  it('--losses with --probs, or --aggregate with --probs: one line, exit 2, nothing written', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'losses.csv'), wide);
    const both = await runCli(['audit', '--losses', 'losses.csv', '--probs', 'losses.csv', '--out', 'out'], dir);
    expect(both.stderr).toBe('labelsleuth: error: give one of --probs, --logits and --losses, not --probs and --losses\n');
    expect(both.code).toBe(2);
    const agg = await runCli(['audit', '--probs', 'losses.csv', '--aggregate', 'last', '--out', 'out'], dir);
    expect(agg.stderr).toBe('labelsleuth: error: --aggregate applies to --losses; from probabilities the score is the margin\n');
    expect(agg.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['losses.csv']);
  });
});
