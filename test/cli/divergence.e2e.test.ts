import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tiny } from '../fixtures.js';
import { runCli, tempDir } from './run-cli.js';

// --lr 9.9 used to be accepted: the loss climbed to 1.8e7 and a normal-looking report was written.
describe('a diverging learning rate', () => {
  it.each([
    ['audit', [tiny.csv, '--id', 'id']],
    ['retrain', [tiny.csv, '--id', 'id', '--loss', 'ce']],
  ])('%s stops with one line and exit 2, writing nothing', async (command, args) => {
    const dir = await tempDir();
    const r = await runCli([command, ...args, '--lr', '9.9', '--epochs', '3', '--backend', 'wasm', '--quiet', '--out', 'out'], dir);
    expect(r.stderr).toMatch(
      /^labelsleuth: error: training diverged: the loss grew from [\d.]+ to [\d.e+]+ in epoch 1 at learning rate 9\.9; try a lower --lr \(e\.g\. 0\.99\)\n$/,
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });
});
