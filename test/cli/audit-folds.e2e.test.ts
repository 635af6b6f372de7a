import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tiny } from '../fixtures.js';
import { runCli, tempDir } from './run-cli.js';

describe('labelsleuth audit --folds and --neighbours: bad requests', () => {
  it.each([
    [['audit', resolve(tiny.csv), '--id', 'id', '--folds', '1', '--out', 'out'], /^labelsleuth: error: --folds must be a whole number from 2 to 20/],
    [['audit', '--probs', 'probs.csv', '--folds', '5', '--out', 'out'], /^labelsleuth: error: --folds trains models; with --probs nothing is trained/],
    [['audit', resolve(tiny.csv), '--id', 'id', '--neighbours', '101', '--out', 'out'], /^labelsleuth: error: --neighbours must be a whole number from 0 to 100/],
    [
      ['audit', '--probs', 'probs.csv', '--neighbours', '5', '--out', 'out'],
      /^labelsleuth: error: --neighbours votes in the hidden layer of the model labelsleuth trains; with --probs/,
    ],
  ])('%j: one line, exit 2, nothing written', async (args, message) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'probs.csv'), 'id,given_label,a,b\nx,a,0.9,0.1\ny,b,0.2,0.8\n');
    const r = await runCli(args, dir);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual(['probs.csv']);
  });
});
