import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAudit } from '../../src/pipeline/write-audit.js';
import type { LabelNoiseReport } from '../../src/reports/report.js';
import { OUTPUT_MANIFEST } from '../../src/util/atomic-output.js';
import { syntheticReport } from '../browser/synthetic-report.js';

/** A synthetic report of a real 20-row CSV at `csv` (writeAudit reads the suspects' rows back). */
async function reportOf(csv: string, truthPath: string): Promise<LabelNoiseReport> {
  await writeFile(csv, 'id,label,x\n' + Array.from({ length: 20 }, (_, i) => `s-${i},Bag,${i}`).join('\n') + '\n');
  const r = syntheticReport({ n: 20 });
  return { ...r, dataset: { ...r.dataset, path: csv, absolutePath: csv }, evaluation: { ...r.evaluation!, truthPath } };
}

describe('writeAudit', () => {
  it('refuses an out folder holding the data or the truth file the report names, and leaves them alone', async () => {
    const root = await mkdtemp(join(tmpdir(), 'labelsleuth-write-audit-'));
    const out = join(root, 'report');
    await mkdir(out);
    const inside = await reportOf(join(out, 'data.csv'), join(root, 'truth.csv'));
    const before = await readFile(join(out, 'data.csv'), 'utf8');
    await expect(writeAudit(out, inside)).rejects.toThrow(
      `${out}: contains the input ${join(out, 'data.csv')}; the tools never write over their input, so choose an --out elsewhere`,
    );
    expect(await readFile(join(out, 'data.csv'), 'utf8')).toBe(before);

    const truthInside = await reportOf(join(root, 'data.csv'), join(out, 'truth.csv'));
    await expect(writeAudit(out, truthInside)).rejects.toThrow(`${out}: contains the input ${join(out, 'truth.csv')}`);
    expect(await readdir(out)).toEqual(['data.csv']);
  });

  it('writes the four files and the manifest, and returns no notes when nothing was left over', async () => {
    const root = await mkdtemp(join(tmpdir(), 'labelsleuth-write-audit-'));
    const report = await reportOf(join(root, 'data.csv'), join(root, 'truth.csv'));
    expect(await writeAudit(join(root, 'report'), report)).toEqual([]);
    expect((await readdir(join(root, 'report'))).sort()).toEqual([OUTPUT_MANIFEST, 'report.html', 'report.json', 'samples.csv', 'suspects.csv']);
  });

  it('with every row given and only the top in the report, suspects.csv has the original fields of every flagged row', async () => {
    const root = await mkdtemp(join(tmpdir(), 'labelsleuth-write-audit-'));
    const full = await reportOf(join(root, 'data.csv'), join(root, 'truth.csv'));
    const flagged = full.samples.filter((x) => x.flagged);
    expect(flagged.length).toBeGreaterThan(2);
    // The report keeps the first three of the ranking, as a large audit keeps its top.
    const report = { ...full, samples: full.samples.slice(0, 3) };
    const rows = { length: full.samples.length, at: (r: number) => full.samples[r]! };
    await writeAudit(join(root, 'report'), report, { rows });
    const lines = (await readFile(join(root, 'report', 'suspects.csv'), 'utf8')).trimEnd().split('\n').slice(1);
    expect(lines).toHaveLength(flagged.length);
    for (const [k, line] of lines.entries()) expect(line.endsWith(`,${flagged[k]!.id},Bag,${flagged[k]!.index}`)).toBe(true);
  });
});
