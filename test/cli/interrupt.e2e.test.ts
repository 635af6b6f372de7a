/**
 * Ctrl-C and SIGTERM through the built CLI: the first signal stops training after the current
 * batch (audit writes a report of the finished epochs, marked partial; retrain writes nothing), a
 * second exits at once; never a temporary folder left behind; exit 130 / 143.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demo } from '../fixtures.js';
import { bin, tempDir } from './run-cli.js';

interface Stopped {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts the CLI and sends `signals` (one after another) once stderr shows `when`. */
function stopWhen(args: readonly string[], cwd: string, when: RegExp, signals: readonly NodeJS.Signals[]): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && when.test(stderr)) {
        sent = true;
        for (const [i, s] of signals.entries()) setTimeout(() => child.kill(s), 20 * i);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// 3,000 rows in batches of 8: an epoch is 375 steps, long enough to be interrupted inside it.
const long = ['audit', demo.csv, '--id', 'id', '--epochs', '200', '--batch-size', '8', '--backend', 'wasm', '--out', 'out'];

describe('interrupting a run', () => {
  it('SIGINT after an epoch: a partial report of the finished epochs, exit 130', async () => {
    const dir = await tempDir();
    const r = await stopWhen(long, dir, /epoch +1\/200/, ['SIGINT']);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('SIGINT: stopping after the current batch');
    const report = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8'));
    expect(report.partial.stoppedBy).toBe('SIGINT');
    expect(report.partial.epochsRequested).toBe(200);
    expect(report.partial.epochsCompleted).toBe(report.epochs.length);
    expect(report.epochs.length).toBeGreaterThanOrEqual(1);
    expect(r.stdout).toMatch(/^PARTIAL: interrupted by SIGINT after \d+ of 200 epochs/m);
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toContain('<p class="notice">PARTIAL: interrupted by SIGINT');
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('SIGTERM before any epoch finished: nothing written, exit 143', async () => {
    const dir = await tempDir();
    const r = await stopWhen(long, dir, /loaded 3000 samples/, ['SIGTERM']);
    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/labelsleuth: stopped by SIGTERM; nothing was written\n$/);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a second SIGINT quits at once, writing nothing', async () => {
    const dir = await tempDir();
    const r = await stopWhen(long, dir, /epoch +1\/200/, ['SIGINT', 'SIGINT']);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/labelsleuth: stopped by SIGINT; nothing was written\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('retrain stopped by SIGINT writes no model, exit 130', async () => {
    const dir = await tempDir();
    const r = await stopWhen(['retrain', demo.csv, '--id', 'id', '--epochs', '200', '--batch-size', '8', '--backend', 'wasm', '--out', 'model'], dir, /warm-up epoch +1\//, [
      'SIGINT',
    ]);
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/labelsleuth: stopped by SIGINT; nothing was written\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
