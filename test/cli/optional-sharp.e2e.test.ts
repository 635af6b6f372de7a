/** sharp is optional: without it a table is audited as ever, and images fail in one line that says how to add it. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bin } from './run-cli.js';

const without = fileURLToPath(new URL('../support/without-sharp.mjs', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));

const run = (args: readonly string[]) => spawnSync(process.execPath, ['--import', without, bin, ...args], { env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });

describe('without sharp installed', () => {
  it('images: one line saying how to add it, exit 2, nothing written; tables: inspect works', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labelsleuth-nosharp-'));
    for (const data of ['images-folder', 'images-table.csv']) {
      const out = join(dir, data);
      const r = run(['audit', join(fixtures, data), '--epochs', '1', '--out', out]);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        'labelsleuth: error: reading images needs the optional package sharp, which is not installed (or has no binary for this platform); add it with: npm install sharp\n',
      );
      expect(existsSync(out)).toBe(false);
    }
    const t = run(['inspect', join(fixtures, 'table.csv')]);
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toContain('120 rows');
  });
});
