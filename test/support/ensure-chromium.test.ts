import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./ensure-chromium.mjs', import.meta.url));
const run = (args: string[], chromium?: string) => {
  const env = { ...process.env, LABELSLEUTH_CHROMIUM: chromium };
  if (chromium === undefined) delete env.LABELSLEUTH_CHROMIUM;
  return spawnSync(process.execPath, [script, ...args], { env, encoding: 'utf8' });
};

describe('test/support/ensure-chromium.mjs', () => {
  it('does nothing, silently, when the browser is there', () => {
    const r = run([], process.execPath); // any existing file stands in for the browser
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toBe('');
  });

  it('fails with one line that says what to do when the chosen browser is missing', () => {
    const r = run([], '/nonexistent/chromium');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringContaining('/nonexistent/chromium (LABELSLEUTH_CHROMIUM) does not exist')]);
  });

  it('--dry-run says in one line what it would do for a missing /usr/bin/chromium, and does it not', () => {
    const r = run(['--dry-run']);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    // Root with apt-get installs; anyone else is told the command (exit code 1, nothing run).
    if (r.status === 0) expect(lines[0]).toMatch(/^would install \/usr\/bin\/chromium: .*apt-get install/);
    else expect(lines[0]).toMatch(/^\/usr\/bin\/chromium is missing: .*apt-get install/);
  });
});
