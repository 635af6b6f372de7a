import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticSignals } from '../pipeline/synthetic-signals.js';
import { runCli, tempDir } from './run-cli.js';

const s = syntheticSignals();
const probs = ['id,given_label,' + s.classNames.join(','), ...s.probs.map((row, i) => `s${i},${s.labels[i]},${row.map((p) => p.toFixed(6)).join(',')}`)].join('\n') + '\n';
// The original table: every sample but the last ten, and five rows the model never scored.
const data =
  [
    'id,text,annotator',
    ...s.labels.slice(0, 790).map((l, i) => `s${i},"a ${l}, photographed",ann${i % 3}`),
    ...Array.from({ length: 5 }, (_, j) => `extra${j},"unscored",ann0`),
  ].join('\n') + '\n';

describe('audit --probs with --data and --images', () => {
  it('--data joins the original fields by id into suspects.csv and report.html, and counts the ids on one side only', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'probs.csv'), probs);
    await writeFile(join(dir, 'data.csv'), data);
    const r = await runCli(['audit', '--probs', 'probs.csv', '--data', 'data.csv', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    // Examples of missing samples in rank order, the ones a reviewer meets first.
    expect(r.stdout).toMatch(
      /\nwarning: --data: 10 of the 800 samples have no row in data\.csv \(e\.g\. 's79\d', 's79\d', 's79\d'\); 5 rows of data\.csv have no signals \(e\.g\. 'extra0', 'extra1', 'extra2'\)\n/,
    );
    const suspects = readFileSync(join(dir, 'out', 'suspects.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(suspects[0]).toBe(
      'rank,id,given_label,suggested_label,p_noisy,loss,flagged,p_given,p_suggested,is_label_issue,label_quality,predicted_label,original_id,text,annotator',
    );
    const first = suspects[1]!.split(',');
    expect(suspects[1]).toContain(`,${first[1]},"a ${first[2]}, photographed",`);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html).toContain('Press + next to an id to see the row’s original values.');
    expect(html).toContain(`"a ${first[2]}, photographed"`);
  });

  it('--data with no id in common: one line, exit 2, nothing written', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'probs.csv'), probs);
    await writeFile(join(dir, 'data.csv'), 'id,text\nx1,a\nx2,b\n');
    const r = await runCli(['audit', '--probs', 'probs.csv', '--data', 'data.csv', '--out', 'out'], dir);
    expect(r.stderr).toBe("labelsleuth: error: data.csv: none of its 2 ids matches an id of probs.csv (e.g. 'x1', 'x2' vs " + r.stderr.split(' vs ')[1]!.trimEnd() + '\n');
    expect(r.stderr).toMatch(/; check --data and --id\n$/);
    expect(r.code).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['data.csv', 'probs.csv']);
  });

  it('--images: thumbnails of the images the ids name; missing ones counted', async () => {
    const folder = resolve('fixtures/images-demo');
    const truth = readFileSync(join(folder, 'truth.csv'), 'utf8').trim().split('\n').slice(1, 41);
    const classes = [...new Set(truth.map((l) => l.split(',')[2]!))].sort();
    const rows = truth.map((l, i) => {
      const [id, , given] = l.split(',');
      const p: number[] = classes.map((c) => (c === given ? (i % 7 === 0 ? 0.1 : 0.9) : 0));
      const rest = (1 - p.reduce((a, b) => a + b, 0)) / (classes.length - 1);
      return [i === 0 ? 'Bag/not-there.png' : id, given, ...p.map((v) => (v === 0 ? rest : v).toFixed(6))].join(',');
    });
    const dir = await tempDir();
    await writeFile(join(dir, 'probs.csv'), ['id,given_label,' + classes.join(','), ...rows].join('\n') + '\n');
    const r = await runCli(['audit', '--probs', 'probs.csv', '--images', folder, '--out', 'out'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`warning: --images: 1 of the 40 best-ranked ids name no file in ${folder} (e.g. 'Bag/not-there.png')`);
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    expect(html.match(/data:image\/png;base64,/g)?.length).toBe(39);
  });
});
