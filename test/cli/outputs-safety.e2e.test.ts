/**
 * "Never lose a user's data", tried as a careful user would: an input inside --out, a file of
 * theirs in an old report folder, the leftovers of a run that died, and --out paths where nothing
 * can be written. Every refusal is one line, exit 2, before any training (the refused runs ask for
 * 10000 epochs, so a check that came too late would show as epoch progress and a long run).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tiny, tinyTest } from '../fixtures.js';
import { bin, runCli, tempDir, type CliRun } from './run-cli.js';

const imagesDemo = fileURLToPath(new URL('../../fixtures/images-demo', import.meta.url));
const MANIFEST = '.labelsleuth-output.json';
const forever = ['--epochs', '10000', '--backend', 'wasm'];

/** runCli with a deadline: a refusal that comes too late is killed (and fails) instead of training on. */
function runTimed(args: readonly string[], cwd: string, deadlineMs = 60_000): Promise<CliRun & { ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Every file below dir (hidden ones too) with its sha256: "unchanged" means this stays equal. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const p = join(e.parentPath ?? e.path, e.name);
    out[p.slice(dir.length + 1)] = e.isFile()
      ? createHash('sha256')
          .update(await readFile(p))
          .digest('hex')
      : e.isDirectory()
        ? 'dir'
        : 'other';
  }
  return out;
}

/** Exit 2, exactly this one line on stderr, nothing on stdout, and no training started. */
function expectRefused(r: CliRun & { ms: number }, message: string): void {
  expect(r.stderr).toBe(`labelsleuth: error: ${message}\n`);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toContain('epoch');
  expect(r.ms).toBeLessThan(30_000);
}

/** The pid of a process that has exited (kill(pid, 0) then fails with ESRCH, as for a run that died). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

/** Its last argument, once the earlier ones (set-up steps, awaited in the call) have run. */
const last = <T>(...steps: [...unknown[], T]): T => steps[steps.length - 1] as T;
const chattr = (flag: '+i' | '-i', path: string): boolean => spawnSync('chattr', [flag, path]).status === 0;

const overlap = (out: string, how: string, input: string) => `${out}: ${how} the input ${input}; the tools never write over their input, so choose an --out elsewhere`;

let report: string;

beforeAll(async () => {
  report = join(await tempDir(), 'report');
  const r = await runCli(['audit', tiny.csv, '--id', 'id', '--epochs', '1', '--backend', 'wasm', '--quiet', '--out', report]);
  if (r.code !== 0) throw new Error(`the audit that makes the report to copy failed: ${r.stderr}`);
}, 120_000);

/** A fresh cwd holding a copy of the real report as `out`. */
async function withReport(): Promise<string> {
  const dir = await tempDir();
  await cp(report, join(dir, 'out'), { recursive: true });
  return dir;
}

describe('an input inside --out is refused before any work and survives byte for byte', () => {
  const cases: [string, (dir: string) => Promise<string[]>, string][] = [
    [
      'audit: the data CSV in an old report folder',
      async (d) => last(await cp(tiny.csv, join(d, 'out', 'data.csv')), ['audit', 'out/data.csv', '--id', 'id', ...forever, '--out', 'out']),
      overlap('out', 'contains', 'out/data.csv'),
    ],
    [
      'audit: the --truth file',
      async (d) => last(await cp(tiny.truth, join(d, 'out', 'truth.csv')), ['audit', tiny.csv, '--id', 'id', '--truth', 'out/truth.csv', ...forever, '--out', 'out']),
      overlap('out', 'contains', 'out/truth.csv'),
    ],
    [
      'audit: an image dataset in <out>/data/',
      async (d) => last(await cp(imagesDemo, join(d, 'out', 'data'), { recursive: true }), ['audit', 'out/data', ...forever, '--out', 'out']),
      overlap('out', 'contains', 'out/data'),
    ],
    [
      'audit: --out is the image folder itself',
      async (d) => last(await cp(imagesDemo, join(d, 'images'), { recursive: true }), ['audit', 'images', ...forever, '--out', 'images']),
      overlap('images', 'is', 'images'),
    ],
    [
      'retrain: the data CSV',
      async (d) => last(await cp(tiny.csv, join(d, 'out', 'data.csv')), ['retrain', 'out/data.csv', '--id', 'id', ...forever, '--out', 'out']),
      overlap('out', 'contains', 'out/data.csv'),
    ],
    [
      'retrain: the --test set',
      async (d) => last(await cp(tinyTest, join(d, 'out', 'test.csv')), ['retrain', tiny.csv, '--id', 'id', '--test', 'out/test.csv', ...forever, '--out', 'out']),
      overlap('out', 'contains', 'out/test.csv'),
    ],
    [
      'retrain: an image dataset in <out>/data/',
      async (d) => last(await cp(imagesDemo, join(d, 'out', 'data'), { recursive: true }), ['retrain', 'out/data', ...forever, '--out', 'out']),
      overlap('out', 'contains', 'out/data'),
    ],
    [
      'predict: the data CSV',
      async (d) => last(await cp(tinyTest, join(d, 'out', 'new.csv')), await mkdir(join(d, 'model')), ['predict', 'out/new.csv', '--model', 'model', '--out', 'out']),
      overlap('out', 'contains', 'out/new.csv'),
    ],
    [
      'predict: the model folder',
      async (d) => last(await mkdir(join(d, 'out', 'model')), ['predict', tinyTest, '--model', 'out/model', '--out', 'out']),
      overlap('out', 'contains', 'out/model'),
    ],
    [
      'predict: --out inside the model folder',
      async (d) => last(await mkdir(join(d, 'model')), ['predict', tinyTest, '--model', 'model', '--out', 'model/pred']),
      overlap('model/pred', 'is inside', 'model'),
    ],
  ];
  it.each(cases)('%s', async (_name, setUp, message) => {
    const dir = await withReport();
    const args = await setUp(dir);
    const before = await tree(dir);
    const r = await runTimed(args, dir);
    expectRefused(r, message);
    expect(await tree(dir)).toEqual(before);
  });
});

describe('an earlier report folder is replaced only when it holds nothing but what labelsleuth wrote', () => {
  it("a file of the user's inside is refused by name, before training, and survives", async () => {
    const dir = await withReport();
    await writeFile(join(dir, 'out', 'notes.txt'), 'my review notes');
    const before = await tree(dir);
    const r = await runTimed(['audit', tiny.csv, '--id', 'id', ...forever, '--out', 'out'], dir);
    expectRefused(r, 'out/notes.txt: is not a file labelsleuth wrote; move it, or choose another --out');
    expect(await tree(dir)).toEqual(before);
  });

  it('an edited suspects.csv is refused too', async () => {
    const dir = await withReport();
    await writeFile(join(dir, 'out', 'suspects.csv'), 'id,my verdict\n');
    const r = await runTimed(['audit', tiny.csv, '--id', 'id', ...forever, '--out', 'out'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^labelsleuth: error: out\/suspects\.csv: was changed since labelsleuth wrote it \(14 bytes, not \d+\); move it, or choose another --out\n$/);
  });

  it('a report written before manifests is replaced when it holds only report files, and refused with anything else', async () => {
    const dir = await withReport();
    await rm(join(dir, 'out', MANIFEST));
    await writeFile(join(dir, 'out', 'notes.txt'), 'mine');
    const refused = await runTimed(['audit', tiny.csv, '--id', 'id', ...forever, '--out', 'out'], dir);
    expectRefused(refused, 'out/notes.txt: is not a file labelsleuth wrote; move it, or choose another --out');
    await rm(join(dir, 'out', 'notes.txt'));
    const r = await runCli(['audit', tiny.csv, '--id', 'id', '--epochs', '1', '--backend', 'wasm', '--quiet', '--out', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual([MANIFEST, 'report.html', 'report.json', 'samples.csv', 'suspects.csv']);
    expect(readdirSync(dir)).toEqual(['out']);
  });
});

describe('the leftovers of a run that died', () => {
  it("are removed with one note each; a live run's are left alone", async () => {
    const dir = await withReport();
    const dead = await deadPid();
    const staging = `.out.tmp-${dead}-1700000000000`;
    const aside = `.out.old-${dead}-1700000000001-0`;
    const live = `.out.tmp-${process.pid}-1700000000002-0`;
    await cp(join(dir, 'out'), join(dir, staging), { recursive: true });
    await cp(join(dir, 'out'), join(dir, aside), { recursive: true });
    await mkdir(join(dir, live));
    const r = await runCli(['audit', tiny.csv, '--id', 'id', '--epochs', '1', '--backend', 'wasm', '--quiet', '--out', 'out'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean).sort()).toEqual(
      [`labelsleuth: removed a stale temporary folder ${staging} of a run that died`, `labelsleuth: removed a stale temporary folder ${aside} of a run that died`].sort(),
    );
    expect(readdirSync(dir).sort()).toEqual([live, 'out']);
  });

  it('an earlier report a dead run had moved aside is put back when the report itself is missing', async () => {
    const dir = await withReport();
    const before = await tree(join(dir, 'out'));
    const aside = `.out.old-${await deadPid()}-1700000000000-0`;
    await rename(join(dir, 'out'), join(dir, aside));
    // The run fails later (no such data), after the check has put the report back.
    const r = await runCli(['audit', 'no-such.csv', '--out', 'out'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`labelsleuth: restored out from ${aside}, left by a run that died while replacing it\nlabelsleuth: error: no-such.csv: file not found; check the path\n`);
    expect(await tree(join(dir, 'out'))).toEqual(before);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it("a dataset tool removes a dead run's temporary file beside its --out", async () => {
    const dir = await tempDir();
    const staging = `.n.csv.tmp-${await deadPid()}-1700000000000-0`;
    await writeFile(join(dir, staging), 'half a copy');
    const r = await runCli(['inject-noise', tiny.csv, '--kind', 'symmetric', '--rate', '0.1', '--out', 'n.csv'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`labelsleuth: removed a stale temporary file ${staging} of a run that died\n`);
    expect(readdirSync(dir).sort()).toEqual(['n.csv', 'n.truth.csv']);
  });
});

describe.concurrent('an --out where nothing can be written: one line, exit 2, before any work', () => {
  type Command = [name: string, kind: 'folder' | 'file', args: (out: string) => string[]];
  const commands: Command[] = [
    ['audit', 'folder', (out) => ['audit', tiny.csv, '--id', 'id', ...forever, '--out', out]],
    ['retrain', 'folder', (out) => ['retrain', tiny.csv, '--id', 'id', ...forever, '--out', out]],
    ['predict', 'folder', (out) => ['predict', tinyTest, '--model', 'model', '--out', out]],
    ['inject-noise', 'file', (out) => ['inject-noise', tiny.csv, '--kind', 'symmetric', '--rate', '0.1', '--out', out]],
    ['export', 'file', (out) => ['export', report, '--out', out]],
    ['clean', 'file', (out) => ['clean', tiny.csv, '--report', report, '--action', 'drop', '--out', out]],
  ];
  type Place = [name: string, setUp: (dir: string) => Promise<string | null>, message: (dir: string, kind: string) => string];
  const places: Place[] = [
    ['empty', async () => '', (_d, kind) => `--out is empty; give a ${kind} path`],
    ['under /proc', async () => '/proc/labelsleuth/x', () => '/proc/labelsleuth/x: is under /proc, a kernel pseudo-filesystem that holds no files; choose an --out elsewhere'],
    ['under /sys', async () => '/sys/labelsleuth/x', () => '/sys/labelsleuth/x: is under /sys, a kernel pseudo-filesystem that holds no files; choose an --out elsewhere'],
    [
      'below a regular file',
      async (d) => last(await writeFile(join(d, 'notes.txt'), 'mine'), 'notes.txt/x'),
      (d) => `notes.txt/x: cannot be created below ${join(d, 'notes.txt')}, which is a file, not a folder; choose another --out`,
    ],
    [
      'in a read-only (immutable) folder',
      async (d) => last(await mkdir(join(d, 'locked')), chattr('+i', join(d, 'locked')) ? 'locked/x' : null),
      (d) => `locked/x: cannot write in ${join(d, 'locked')} (EPERM); choose an --out in a folder you can write to`,
    ],
  ];
  const cases = commands.flatMap(([name, kind, args]) => places.map(([place, setUp, message]) => [`${name}, ${place}`, kind, args, setUp, message] as const));
  it.for(cases)('%s', async ([, kind, args, setUp, message], ctx) => {
    const dir = await tempDir();
    await mkdir(join(dir, 'model'));
    const out = await setUp(dir);
    if (out === null) ctx.skip(); // chattr unavailable here (no CAP_LINUX_IMMUTABLE, or a filesystem without it)
    try {
      const before = await tree(dir);
      expectRefused(await runTimed(args(out!), dir), message(dir, kind));
      expect(await tree(dir)).toEqual(before);
    } finally {
      if (existsSync(join(dir, 'locked'))) chattr('-i', join(dir, 'locked'));
    }
  });
});

describe('a missing parent of --out is created', () => {
  it('for a report folder', async () => {
    const dir = await tempDir();
    const r = await runCli(['audit', tiny.csv, '--id', 'id', '--epochs', '1', '--backend', 'wasm', '--quiet', '--out', 'a/b/report'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'a', 'b', 'report', 'report.json'))).toBe(true);
  });

  it('for a file (export, inject-noise)', async () => {
    const dir = await tempDir();
    const exported = await runCli(['export', report, '--out', 'new/dir/suspects.csv'], dir);
    expect(exported.code).toBe(0);
    expect((await readFile(join(dir, 'new', 'dir', 'suspects.csv'), 'utf8')).split('\n', 1)[0]).toBe(
      'rank,id,given_label,suggested_label,p_noisy,loss,flagged,p_given,p_suggested,is_label_issue,label_quality,predicted_label',
    );
    const noisy = await runCli(['inject-noise', tiny.csv, '--kind', 'symmetric', '--rate', '0.1', '--out', 'copies/n.csv'], dir);
    expect(noisy.code).toBe(0);
    expect(readdirSync(join(dir, 'copies')).sort()).toEqual(['n.csv', 'n.truth.csv']);
  });
});
