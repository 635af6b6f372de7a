import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';
import { expectValidReportJson } from '../support/schemas.js';

describe('labelsleuth audit on an image folder (spawned CLI)', () => {
  it('audits the bundled image demo and lists suspects with their absolute paths', async () => {
    const dir = await tempDir();
    const out = join(dir, 'report');
    const r = await runCli(['audit', '--demo', 'images', '--epochs', '4', '--backend', 'wasm', '--out', out]);
    expect(r.stderr).toMatch(/auditing the bundled demo \S*images-demo \(400 Fashion-MNIST PNGs/);
    expect(r.stderr).toMatch(/decoded 400 images in \d+\.\d s/);
    expect(r.stderr).toContain('loaded 400 samples, 784 features, 10 classes');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Found \d+ of the 80 known wrong labels/);
    const samples = (await readFile(join(out, 'samples.csv'), 'utf8')).trimEnd().split('\n');
    expect(samples).toHaveLength(401);
    expect(samples[1]).toMatch(/^1,[^,/]+\/fmnist-train-\d+\.png,/);
    const suspects = (await readFile(join(out, 'suspects.csv'), 'utf8')).trimEnd().split('\n');
    expect(suspects[0]).toBe('rank,id,given_label,suggested_label,p_noisy,loss,flagged,p_given,p_suggested,is_label_issue,label_quality,predicted_label,absolute_path');
    expect(suspects.length).toBeGreaterThan(10);
    for (const line of suspects.slice(1)) {
      const f = line.split(',');
      expect(f[12]!.endsWith(`/images-demo/${f[1]}`)).toBe(true);
      expect(existsSync(f[12]!)).toBe(true);
    }
    expectValidReportJson(join(out, 'report.json'));
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.dataset.source).toBe('image-folder');
    expect(report.settings).toMatchObject({ imageSize: 28, channels: 'auto', augment: false });
  });

  it('fails in one line with exit 2 on a folder with one class, a bad size, or a path and --demo', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'imgs', 'cat'), { recursive: true });
    await writeFile(join(dir, 'imgs', 'cat', 'a.png'), 'not really a png');
    const cases: [string[], RegExp][] = [
      [['audit', join(dir, 'imgs')], /^labelsleuth: error: .*imgs: only one class with images \('cat'\); need at least two subfolders/],
      [['audit', join(dir, 'imgs'), '--image-size', '30'], /^labelsleuth: error: --image-size must be a multiple of 4 from 8 to 256/],
      [['audit', join(dir, 'imgs'), '--demo', 'images'], /^labelsleuth: error: give either a data path or --demo, not both/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli([...args, '--out', join(dir, 'out')]);
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
  });
});
