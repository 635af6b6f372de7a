/**
 * labelsleuth review (spawned CLI): serves the report on loopback only, answers nothing without its
 * token, writes decisions.csv atomically as decisions arrive, and loses none on Ctrl-C.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tiny } from '../fixtures.js';
import { postDecisions, type RunningReview, startReview } from './review-server.js';
import { runCli, tempDir } from './run-cli.js';
import { expectValidDecisionsCsv } from '../support/schemas.js';

let report: string;
let ids: string[];
const running: RunningReview[] = [];
const decisionsOf = (dir: string) => join(dir, 'decisions.csv');

beforeAll(async () => {
  const dir = await tempDir();
  report = join(dir, 'report');
  const r = await runCli(['audit', tiny.csv, '--id', 'id', '--epochs', '2', '--quiet', '--backend', 'wasm', '--out', report]);
  expect(r.code, r.stderr).toBe(0);
  ids = readFileSync(join(report, 'samples.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[1]!);
});
afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
});

/** A copy of the report folder, so every test starts with no decisions.csv. */
async function freshReport(): Promise<string> {
  const dir = join(await tempDir(), 'report');
  cpSync(report, dir, { recursive: true });
  return dir;
}
async function serve(dir: string, ...args: string[]): Promise<RunningReview> {
  const r = await startReview([dir, '--port', '0', ...args]);
  running.push(r);
  return r;
}
/** A raw request with a Host header of our choosing (fetch does not let one set it). */
function withHost(url: URL, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path: `/${url.search}`, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('labelsleuth review (spawned CLI)', () => {
  it('serves report.html on 127.0.0.1 to requests with the token only', async () => {
    const dir = await freshReport();
    const r = await serve(dir);
    expect(r.url.hostname).toBe('127.0.0.1');
    expect(r.token.length).toBeGreaterThanOrEqual(20);
    const page = await fetch(r.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(readFileSync(join(dir, 'report.html'), 'utf8'));
    const bare = new URL(r.url);
    bare.search = '';
    expect((await fetch(bare)).status).toBe(403);
    expect((await fetch(new URL('/api/decisions', r.url))).status).toBe(403);
    // Another name for the same address (DNS rebinding) is refused even with the token.
    expect(await withHost(r.url, `evil.example:${r.url.port}`)).toBe(403);
    expect(await withHost(r.url, `localhost:${r.url.port}`)).toBe(200);
  });

  it('rejects a write without the token or with a bad body, and writes decisions.csv atomically with one', async () => {
    const dir = await freshReport();
    const r = await serve(dir);
    const noToken = await postDecisions(r.url, null, [{ id: ids[0], decision: 'drop' }]);
    expect(noToken.status).toBe(403);
    expect((await postDecisions(r.url, 'wrong-token-wrong-token!', [{ id: ids[0], decision: 'drop' }])).status).toBe(403);
    expect((await postDecisions(r.url, r.token, [{ id: ids[0], decision: 'drop' }], 'text/plain')).status).toBe(415);
    expect(existsSync(decisionsOf(dir))).toBe(false);
    const bad = await postDecisions(r.url, r.token, [
      { id: ids[0], decision: 'drop' },
      { id: 'nope', decision: 'keep' },
    ]);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('"nope" is not in this report');
    expect(existsSync(decisionsOf(dir))).toBe(false);

    // 40 writes at once, while the file is read again and again: every read is a whole file.
    const reads: string[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        if (existsSync(decisionsOf(dir))) reads.push(readFileSync(decisionsOf(dir), 'utf8'));
        await new Promise((res) => setTimeout(res, 1));
      }
    })();
    const answers = await Promise.all(
      ids
        .slice(0, 40)
        .map((id, i) =>
          postDecisions(r.url, r.token, [
            { id, decision: i % 2 ? 'keep' : 'relabel', new_label: i % 2 ? '' : 'Bag', decided_at: `2026-12-01T00:00:${String(i).padStart(2, '0')}.000Z` },
          ]),
        ),
    );
    reading = false;
    await reader;
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(200));
    expect(reads.length).toBeGreaterThan(0);
    for (const text of reads) {
      expect(text.startsWith('id,decision,new_label,decided_at\n')).toBe(true);
      expect(text.endsWith('\n')).toBe(true);
      for (const line of text.trimEnd().split('\n').slice(1)) expect(line).toMatch(/^[^,]+,(relabel,Bag|keep,),2026-12-01T00:00:\d\d\.000Z$/);
    }
    expectValidDecisionsCsv(decisionsOf(dir));
    const final = readFileSync(decisionsOf(dir), 'utf8').trimEnd().split('\n');
    // Rank order, one row per id, whatever order the requests came in.
    expect(final.slice(1).map((l) => l.split(',')[0])).toEqual(ids.slice(0, 40));
    expect(readdirSync(dir).filter((f) => f.startsWith('.decisions'))).toEqual([]);
    // Undo removes the row.
    expect((await postDecisions(r.url, r.token, [{ id: ids[0], decision: null }])).status).toBe(200);
    expect(readFileSync(decisionsOf(dir), 'utf8').split('\n')).toHaveLength(41);
  });

  it('keeps every acknowledged decision over a Ctrl-C, and the next review starts from them', async () => {
    const dir = await freshReport();
    const r = await serve(dir);
    const sent = ids.slice(0, 25);
    const answers = await Promise.all(sent.map((id) => postDecisions(r.url, r.token, [{ id, decision: 'drop', decided_at: '2026-12-01T00:00:00.000Z' }])));
    expect(answers.every((a) => a.ok)).toBe(true);
    // One more in flight when the signal arrives: if it was answered, it is on disk.
    const late = postDecisions(r.url, r.token, [{ id: ids[30], decision: 'skip', decided_at: '2026-12-01T00:00:01.000Z' }]).then(
      (a) => a.ok,
      () => false,
    );
    r.child.kill('SIGINT');
    expect(await r.exited).toBe(130);
    const rows = readFileSync(decisionsOf(dir), 'utf8').trimEnd().split('\n').slice(1);
    const lateSaved = await late;
    expect(rows.map((l) => l.split(',')[0])).toEqual(lateSaved ? [...sent, ids[30]] : sent);
    expect(r.stdout()).toContain(`decisions.csv: ${rows.length} decisions`);
    expect(readdirSync(dir).filter((f) => f.startsWith('.decisions'))).toEqual([]);

    const again = await serve(dir);
    const held = (await (await fetch(new URL('/api/decisions', again.url), { headers: { 'x-labelsleuth-token': again.token } })).json()) as { rows: string[][] };
    expect(held.rows.map((x) => x[0])).toEqual(rows.map((l) => l.split(',')[0]));
  });

  it('refuses to start on a decisions.csv that names a sample or class the report lacks', async () => {
    const dir = await freshReport();
    writeFileSync(decisionsOf(dir), `id,decision,new_label,decided_at\n${ids[0]},relabel,Hat,\n`);
    const r = await runCli(['review', dir, '--port', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`labelsleuth: error: ${decisionsOf(dir)} line 2: new_label 'Hat' is not a class of this report; fix the row, or move the file away to start over\n`);
  });

  it.skipIf(process.platform === 'darwin' || process.platform === 'win32')('--open hands the full URL to the platform opener', async () => {
    const dir = await freshReport();
    // A stand-in xdg-open first on PATH, which records what it was asked to open.
    const bin = join(dir, '..', 'bin');
    mkdirSync(bin);
    const opened = join(dir, '..', 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`, { mode: 0o755 });
    const r = await startReview([dir, '--port', '0', '--open'], { PATH: `${bin}:${process.env.PATH}` });
    running.push(r);
    await expect.poll(() => (existsSync(opened) ? readFileSync(opened, 'utf8') : '')).toBe(r.url.href);
  });

  it('refuses a port in use with one line, exit 2', async () => {
    const dir = await freshReport();
    const r = await serve(dir);
    const second = await runCli(['review', dir, '--port', r.url.port]);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(`labelsleuth: error: port ${r.url.port} on 127.0.0.1 is in use (another labelsleuth review?); pass another --port, or --port 0 for any free one\n`);
  });
});
