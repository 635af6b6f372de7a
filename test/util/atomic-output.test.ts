import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { runAbruptExitCleanups } from '../../src/util/exit-cleanup.js';
import {
  checkOutputs,
  companionPath,
  folderFiles,
  folderOutput,
  holdsJsonOfKind,
  OUTPUT_MANIFEST,
  prepareOutputs,
  replaceIfForced,
  writeOutputs,
  type FolderOwner,
  type OutputPlan,
} from '../../src/util/atomic-output.js';
import { toolVersion } from '../../src/version.js';

// Every rename goes through this spy, so a test can make one of them fail as a full disk or a
// lost permission would, halfway through a swap.
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return { ...real, rename: vi.fn(real.rename) };
});
const { rename: realRename } = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
const renameSpy = vi.mocked(rename);

/** Fails the renames `when` picks (from, to), with an EIO like a real I/O error; all others happen. */
function failRenames(when: (from: string, to: string) => boolean): void {
  renameSpy.mockImplementation(async (from, to) => {
    if (when(String(from), String(to))) throw Object.assign(new Error(`EIO: i/o error, rename '${String(from)}' -> '${String(to)}'`), { code: 'EIO' });
    return realRename(from, to);
  });
}
const isStaging = (p: string): boolean => /\.tmp-\d+-\d+-\d+$/.test(p);
const isAside = (p: string): boolean => /\.old-\d+-\d+-\d+$/.test(p);

afterEach(() => {
  renameSpy.mockImplementation(realRename);
});

const KIND = 'test-report';
const isEarlier = (dir: string): Promise<boolean> => holdsJsonOfKind(dir, 'report.json', KIND);
const owner: FolderOwner = { kind: KIND, files: ['report.json', 'samples.csv', 'suspects.csv'], isEarlier };

async function tempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'labelsleuth-atomic-'));
}

/** An earlier report folder: two files, recognisable as ours. */
async function earlierReport(root: string): Promise<{ out: string; files: Record<string, string> }> {
  const out = join(root, 'report');
  const files = { 'report.json': JSON.stringify({ kind: KIND, run: 1 }), 'samples.csv': 'id\nold\n' };
  await mkdir(out);
  for (const [name, text] of Object.entries(files)) await writeFile(join(out, name), text);
  return { out, files };
}

/** The files a person sees; the manifest has tests of its own below. */
async function contents(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).filter((n) => n !== OUTPUT_MANIFEST).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)));
}

const newReport = new Map([
  ['report.json', JSON.stringify({ kind: KIND, run: 2 })],
  ['suspects.csv', 'id\nnew\n'],
]);

describe('writeOutputs on a report folder', () => {
  it('writes a new folder and leaves no hidden sibling', async () => {
    const root = await tempRoot();
    await writeOutputs(folderOutput(join(root, 'report'), owner), folderFiles(newReport));
    expect(await contents(join(root, 'report'))).toEqual(Object.fromEntries(newReport));
    expect(await readdir(root)).toEqual(['report']);
  });

  it('replaces an earlier report whole (its other files go too), deleting the old one only after the swap', async () => {
    const root = await tempRoot();
    const { out } = await earlierReport(root);
    await writeOutputs(folderOutput(out, owner), folderFiles(newReport));
    expect(await contents(out)).toEqual(Object.fromEntries(newReport));
    expect(await readdir(root)).toEqual(['report']);
    const renames = renameSpy.mock.calls.slice(-2).map(([from, to]) => [String(from), String(to)]);
    expect(renames[0]![0]).toBe(out);
    expect(isAside(renames[0]![1]!)).toBe(true);
    expect(isStaging(renames[1]![0]!)).toBe(true);
    expect(renames[1]![1]).toBe(out);
  });

  it('keeps the earlier report complete when the swap-in rename fails, and leaves no temporary folder', async () => {
    const root = await tempRoot();
    const { out, files } = await earlierReport(root);
    failRenames((from, to) => isStaging(from) && to === out);
    await expect(writeOutputs(folderOutput(out, owner), folderFiles(newReport))).rejects.toThrow(/^EIO: i\/o error, rename/);
    // The old folder was moved aside, then put back when the new one could not go in.
    expect(renameSpy.mock.calls.some(([from, to]) => String(from) === out && isAside(String(to)))).toBe(true);
    expect(await contents(out)).toEqual(files);
    expect(await readdir(root)).toEqual(['report']);
  });

  it('keeps the earlier report when moving it aside fails', async () => {
    const root = await tempRoot();
    const { out, files } = await earlierReport(root);
    failRenames((from) => from === out);
    await expect(writeOutputs(folderOutput(out, owner), folderFiles(newReport))).rejects.toThrow(/^EIO/);
    expect(await contents(out)).toEqual(files);
    expect(await readdir(root)).toEqual(['report']);
  });

  it('keeps the earlier report when writing the new one fails, and leaves no temporary folder', async () => {
    const root = await tempRoot();
    const { out, files } = await earlierReport(root);
    const failing = async () => {
      throw new UserError('value', 'half way');
    };
    await expect(writeOutputs(folderOutput(out, owner), failing)).rejects.toThrow('half way');
    expect(await contents(out)).toEqual(files);
    expect(await readdir(root)).toEqual(['report']);
  });

  it('names where the earlier report is when it cannot be put back either', async () => {
    const root = await tempRoot();
    const { out, files } = await earlierReport(root);
    failRenames((from, to) => (isStaging(from) && to === out) || (isAside(from) && to === out));
    const error = await writeOutputs(folderOutput(out, owner), folderFiles(newReport)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const aside = (await readdir(root)).filter(isAside);
    expect(aside).toHaveLength(1);
    expect((error as Error).message).toBe(
      `${out}: could not be replaced (EIO) nor the earlier one put back; it is intact at ${join(root, aside[0]!)}, so rename it back to ${out}`,
    );
    expect(await contents(join(root, aside[0]!))).toEqual(files);
    expect((await readdir(root)).filter(isStaging)).toEqual([]);
  });
});

describe('an abrupt exit (a second Ctrl-C) in the middle of a write', () => {
  it('while staging: the staging goes, the earlier report stays whole', async () => {
    const root = await tempRoot();
    const { out, files } = await earlierReport(root);
    let staged: string[] = [];
    await writeOutputs(folderOutput(out, owner), async (dirs) => {
      await folderFiles(newReport)(dirs);
      staged = [...dirs];
      runAbruptExitCleanups(); // what cli/interrupts.ts runs before process.exit
      throw new Error('exited');
    }).catch(() => undefined);
    expect(staged).toHaveLength(1);
    expect(await contents(out)).toEqual(files);
    expect((await readdir(root)).sort()).toEqual(['report']);
  });

  it('between moving the old report aside and renaming the new one in: the old one is put back', async () => {
    const root = await tempRoot();
    const { out, files } = await earlierReport(root);
    failRenames((from) => {
      if (!isStaging(from)) return false;
      runAbruptExitCleanups(); // the old report is aside, the new one not yet in
      return true;
    });
    await expect(writeOutputs(folderOutput(out, owner), folderFiles(newReport))).rejects.toThrow();
    expect(await contents(out)).toEqual(files);
    expect((await readdir(root)).sort()).toEqual(['report']);
  });
});

describe('writeOutputs on a file and its companion', () => {
  async function earlierPair(root: string): Promise<OutputPlan> {
    await writeFile(join(root, 'n.csv'), 'old copy\n');
    await writeFile(join(root, 'n.truth.csv'), 'old truth\n');
    return {
      targets: [
        { path: join(root, 'n.csv'), kind: 'file' },
        { path: companionPath(join(root, 'n.csv'), 'truth'), kind: 'file' },
      ],
      replace: replaceIfForced(true),
    };
  }
  const writeBoth = async ([copy, truth]: readonly string[]) => {
    await writeFile(copy as string, 'new copy\n');
    await writeFile(truth as string, 'new truth\n');
  };

  it('replaces both with --force', async () => {
    const root = await tempRoot();
    await writeOutputs(await earlierPair(root), writeBoth);
    expect(await contents(root)).toEqual({ 'n.csv': 'new copy\n', 'n.truth.csv': 'new truth\n' });
  });

  it('puts both earlier files back when the companion cannot be swapped in after the main file was', async () => {
    const root = await tempRoot();
    const plan = await earlierPair(root);
    failRenames((from, to) => isStaging(from) && to === join(root, 'n.truth.csv'));
    await expect(writeOutputs(plan, writeBoth)).rejects.toThrow(/^EIO/);
    expect(await contents(root)).toEqual({ 'n.csv': 'old copy\n', 'n.truth.csv': 'old truth\n' });
  });

  it('leaves no file when the first write of a new pair fails', async () => {
    const root = await tempRoot();
    const plan: OutputPlan = {
      targets: [
        { path: join(root, 'a.csv'), kind: 'file' },
        { path: join(root, 'a.log.csv'), kind: 'file' },
      ],
      replace: replaceIfForced(false),
    };
    failRenames((from, to) => isStaging(from) && to === join(root, 'a.log.csv'));
    await expect(writeOutputs(plan, writeBoth)).rejects.toThrow(/^EIO/);
    expect(await readdir(root)).toEqual([]);
  });
});

describe('checkOutputs', () => {
  const file = (path: string, inputs: string[] = [], force = false): OutputPlan => ({ targets: [{ path, kind: 'file' }], inputs, replace: replaceIfForced(force) });

  it('refuses a target that is, sits inside or contains an input, also through a symlink', async () => {
    const root = await tempRoot();
    const data = join(root, 'data');
    await mkdir(data);
    await writeFile(join(data, 'x.csv'), 'a\n');
    const msg = (t: string, how: string, input: string) => `${t}: ${how} the input ${input}; the tools never write over their input, so choose an --out elsewhere`;
    await expect(checkOutputs(file(join(data, 'x.csv'), [join(data, 'x.csv')], true))).rejects.toThrow(msg(join(data, 'x.csv'), 'is', join(data, 'x.csv')));
    await expect(checkOutputs(file(join(data, 'y.csv'), [data]))).rejects.toThrow(msg(join(data, 'y.csv'), 'is inside', data));
    await expect(checkOutputs(file(root, [join(data, 'x.csv')]))).rejects.toThrow('contains the input');
    await symlink(data, join(root, 'alias'));
    await expect(checkOutputs(file(join(root, 'alias'), [data], true))).rejects.toThrow(msg(join(root, 'alias'), 'is', data));
    // Folder outputs of ours are checked the same way when they name their inputs.
    await expect(checkOutputs(folderOutput(root, owner, [join(data, 'x.csv')]))).rejects.toThrow('contains the input');
    await expect(checkOutputs(file(join(root, 'elsewhere.csv'), [data]))).resolves.toBeUndefined();
  });

  it('refuses an existing target unless forced, and then only one of the same kind', async () => {
    const root = await tempRoot();
    await writeFile(join(root, 'f.csv'), 'mine');
    await mkdir(join(root, 'd'));
    await expect(checkOutputs(file(join(root, 'f.csv')))).rejects.toThrow(`${join(root, 'f.csv')}: already exists; choose another --out, or pass --force to replace it`);
    await expect(checkOutputs(file(join(root, 'f.csv'), [], true))).resolves.toBeUndefined();
    await expect(checkOutputs(file(join(root, 'd'), [], true))).rejects.toThrow(
      `${join(root, 'd')}: is a folder and would be replaced by a file; --force only replaces a file, so choose another --out`,
    );
    const folder: OutputPlan = { targets: [{ path: join(root, 'f.csv'), kind: 'folder' }], replace: replaceIfForced(true) };
    await expect(checkOutputs(folder)).rejects.toThrow(`${join(root, 'f.csv')}: is a file and would be replaced by a folder; --force only replaces a folder`);
  });

  it('replaces a folder only when it holds an earlier output of ours', async () => {
    const root = await tempRoot();
    const { out } = await earlierReport(root);
    await expect(checkOutputs(folderOutput(out, owner))).resolves.toBeUndefined();
    const refused = (p: string) => `${p}: already exists and is not a labelsleuth report folder; choose another --out or remove it`;
    await writeFile(join(root, 'notes.txt'), 'mine');
    await expect(checkOutputs(folderOutput(join(root, 'notes.txt'), owner))).rejects.toThrow(refused(join(root, 'notes.txt')));
    await mkdir(join(root, 'photos'));
    await writeFile(join(root, 'photos', 'report.json'), JSON.stringify({ kind: 'something-else' }));
    await expect(checkOutputs(folderOutput(join(root, 'photos'), owner))).rejects.toThrow(refused(join(root, 'photos')));
    // writeOutputs checks again, so a refused target is never touched.
    await expect(writeOutputs(folderOutput(join(root, 'photos'), owner), folderFiles(newReport))).rejects.toThrow(refused(join(root, 'photos')));
    expect(await readdir(join(root, 'photos'))).toEqual(['report.json']);
  });
});

describe('the manifest of a folder output', () => {
  const stray = (p: string) => `${p}: is not a file labelsleuth wrote; move it, or choose another --out`;
  const notOurs = (p: string) => `${p}: already exists and is not a labelsleuth report folder; choose another --out or remove it`;

  /** A report folder written by writeOutputs, so it carries a manifest. */
  async function ourReport(root: string): Promise<string> {
    const out = join(root, 'report');
    await writeOutputs(folderOutput(out, owner), folderFiles(newReport));
    return out;
  }

  const sha = (text: string | Uint8Array): string => createHash('sha256').update(text).digest('hex');

  it('refuses an edit that keeps the size (the checksum differs), and names the file', async () => {
    const out = await ourReport(await tempRoot());
    const file = join(out, 'suspects.csv');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(/.$/s, text.endsWith('x') ? 'y' : 'x'));
    await expect(writeOutputs(folderOutput(out, owner), folderFiles(newReport))).rejects.toThrow(
      `${file}: was changed since labelsleuth wrote it (its checksum differs); move it, or choose another --out`,
    );
  });

  it('lists the kind, the tool version and every file with its size and checksum, hidden in the folder', async () => {
    const out = await ourReport(await tempRoot());
    expect((await readdir(out)).sort()).toEqual([OUTPUT_MANIFEST, 'report.json', 'suspects.csv']);
    expect(JSON.parse(await readFile(join(out, OUTPUT_MANIFEST), 'utf8'))).toEqual({
      format: 'labelsleuth-output',
      version: 1,
      kind: KIND,
      tool: { name: 'labelsleuth', version: toolVersion },
      files: [
        { name: 'report.json', size: Buffer.byteLength(newReport.get('report.json')!), sha256: sha(newReport.get('report.json')!) },
        { name: 'suspects.csv', size: Buffer.byteLength(newReport.get('suspects.csv')!), sha256: sha(newReport.get('suspects.csv')!) },
      ],
    });
    // ...and a folder holding just that is replaced.
    await writeOutputs(folderOutput(out, owner), folderFiles(new Map([['report.json', JSON.stringify({ kind: KIND, run: 3 })]])));
    expect(await contents(out)).toEqual({ 'report.json': JSON.stringify({ kind: KIND, run: 3 }) });
  });

  it('refuses a folder with any file or folder the manifest does not list, naming it, and leaves it whole', async () => {
    const root = await tempRoot();
    const out = await ourReport(root);
    await writeFile(join(out, 'notes.txt'), 'mine');
    await expect(checkOutputs(folderOutput(out, owner))).rejects.toThrow(stray(join(out, 'notes.txt')));
    await expect(writeOutputs(folderOutput(out, owner), folderFiles(newReport))).rejects.toThrow(stray(join(out, 'notes.txt')));
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    await rm(join(out, 'notes.txt'));
    await mkdir(join(out, 'data'));
    await expect(checkOutputs(folderOutput(out, owner))).rejects.toThrow(stray(join(out, 'data')));
    // A name the manifest lists, but now a folder, is not what we wrote either.
    await rm(join(out, 'data'), { recursive: true });
    await rm(join(out, 'suspects.csv'));
    await mkdir(join(out, 'suspects.csv'));
    await expect(checkOutputs(folderOutput(out, owner))).rejects.toThrow(stray(join(out, 'suspects.csv')));
    expect((await readdir(root)).sort()).toEqual(['report']);
  });

  it('refuses a file edited since it was written (its size differs)', async () => {
    const out = await ourReport(await tempRoot());
    await writeFile(join(out, 'suspects.csv'), 'id,reviewed\nnew,yes\n');
    await expect(checkOutputs(folderOutput(out, owner))).rejects.toThrow(
      `${join(out, 'suspects.csv')}: was changed since labelsleuth wrote it (20 bytes, not 7); move it, or choose another --out`,
    );
  });

  it('refuses a folder whose manifest names another kind, and treats an unreadable manifest as a stray file', async () => {
    const out = await ourReport(await tempRoot());
    const manifest = JSON.parse(await readFile(join(out, OUTPUT_MANIFEST), 'utf8'));
    await writeFile(join(out, OUTPUT_MANIFEST), JSON.stringify({ ...manifest, kind: 'labelsleuth-model' }));
    await expect(checkOutputs(folderOutput(out, owner))).rejects.toThrow(notOurs(out));
    await writeFile(join(out, OUTPUT_MANIFEST), 'not json');
    await expect(checkOutputs(folderOutput(out, owner))).rejects.toThrow(stray(join(out, OUTPUT_MANIFEST)));
  });

  it('ignores what the operating system drops in a folder a person opened', async () => {
    const out = await ourReport(await tempRoot());
    await writeFile(join(out, '.DS_Store'), 'finder');
    await expect(checkOutputs(folderOutput(out, owner))).resolves.toBeUndefined();
  });

  it('accepts a folder from before manifests only when every entry is a known file of its kind', async () => {
    const root = await tempRoot();
    const { out } = await earlierReport(root); // report.json + samples.csv, no manifest
    await expect(checkOutputs(folderOutput(out, owner))).resolves.toBeUndefined();
    await writeFile(join(out, 'notes.txt'), 'mine');
    await expect(checkOutputs(folderOutput(out, owner))).rejects.toThrow(stray(join(out, 'notes.txt')));
    // Without its kind JSON it is not recognised at all.
    await rm(join(out, 'report.json'));
    await expect(checkOutputs(folderOutput(out, owner))).rejects.toThrow(notOurs(out));
  });

  it("is not written into the dataset tools' outputs (they are replaced only with --force)", async () => {
    const root = await tempRoot();
    const plan: OutputPlan = { targets: [{ path: join(root, 'copy'), kind: 'folder' }], replace: replaceIfForced(false) };
    await writeOutputs(plan, async ([dir]) => writeFile(join(dir!, 'truth.csv'), 'id\n'));
    expect(await readdir(join(root, 'copy'))).toEqual(['truth.csv']);
  });
});

/** The pid of a process that has exited (so kill(pid, 0) fails with ESRCH). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe('stale siblings of runs that died', () => {
  it("removes a dead run's staging and leftover old output with a note each, and leaves a live run's alone", async () => {
    const root = await tempRoot();
    const { out } = await earlierReport(root);
    const dead = await deadPid();
    await mkdir(join(root, `.report.tmp-${dead}-1700000000000`));
    await writeFile(join(root, `.report.tmp-${dead}-1700000000000`, 'report.json'), 'half');
    await mkdir(join(root, `.report.old-${dead}-1700000000001-0`));
    await writeFile(join(root, `.report.probe-${dead}-1700000000002`), '');
    const live = [`.report.tmp-${process.pid}-1700000000003-0`, `.reports.tmp-${dead}-1700000000004`, '.report.tmp-notes'];
    for (const name of live) await mkdir(join(root, name));
    const notes = await prepareOutputs(folderOutput(out, owner));
    expect(notes.sort()).toEqual(
      [
        `removed a stale temporary folder ${join(root, `.report.tmp-${dead}-1700000000000`)} of a run that died`,
        `removed a stale temporary folder ${join(root, `.report.old-${dead}-1700000000001-0`)} of a run that died`,
        `removed a stale temporary file ${join(root, `.report.probe-${dead}-1700000000002`)} of a run that died`,
      ].sort(),
    );
    expect((await readdir(root)).sort()).toEqual(['report', ...live].sort());
    // checkOutputs alone only looks.
    await mkdir(join(root, `.report.tmp-${dead}-1700000000005`));
    await checkOutputs(folderOutput(out, owner));
    expect(await readdir(root)).toContain(`.report.tmp-${dead}-1700000000005`);
  });

  it('puts back the newest earlier output a dead run had moved aside when the target is missing', async () => {
    const root = await tempRoot();
    const { out, files } = await earlierReport(root);
    const dead = await deadPid();
    const older = join(root, `.report.old-${dead}-1700000000000-0`);
    await mkdir(older);
    await rename(out, join(root, `.report.old-${dead}-1700000000009-0`));
    const staged = join(root, `.report.tmp-${dead}-1700000000009-0`);
    await mkdir(staged);
    const notes = await prepareOutputs(folderOutput(out, owner));
    expect(notes).toContain(`restored ${out} from ${join(root, `.report.old-${dead}-1700000000009-0`)}, left by a run that died while replacing it`);
    expect(notes).toContain(`removed a stale temporary folder ${staged} of a run that died`);
    expect(notes).toContain(`removed a stale temporary folder ${older} of a run that died`);
    expect(await contents(out)).toEqual(files);
    expect(await readdir(root)).toEqual(['report']);
  });

  it("tells writeOutputs' onNote, and names siblings as the user's path does", async () => {
    const root = await tempRoot();
    const dead = await deadPid();
    await writeFile(join(root, `.n.csv.tmp-${dead}-1700000000000-3`), 'half');
    const notes: string[] = [];
    const plan: OutputPlan = { targets: [{ path: join(root, 'n.csv'), kind: 'file' }], replace: replaceIfForced(false), onNote: (n) => notes.push(n) };
    await writeOutputs(plan, async ([f]) => writeFile(f!, 'new\n'));
    expect(notes).toEqual([`removed a stale temporary file ${join(root, `.n.csv.tmp-${dead}-1700000000000-3`)} of a run that died`]);
    expect(await contents(root)).toEqual({ 'n.csv': 'new\n' });
  });
});

describe('where an output may go', () => {
  const folder = (path: string): OutputPlan => folderOutput(path, owner);
  const file = (path: string): OutputPlan => ({ targets: [{ path, kind: 'file' }], replace: replaceIfForced(false) });

  it('refuses an empty path', async () => {
    await expect(checkOutputs(folder(''))).rejects.toThrow(new UserError('file', '--out is empty; give a folder path'));
    await expect(checkOutputs(file(''))).rejects.toThrow('--out is empty; give a file path');
  });

  it('refuses /proc and /sys by path, also through a symlink, and the filesystem root', async () => {
    const root = await tempRoot();
    const pseudo = (p: string, r: string) => `${p}: is under ${r}, a kernel pseudo-filesystem that holds no files; choose an --out elsewhere`;
    await expect(checkOutputs(folder('/proc/x/report'))).rejects.toThrow(pseudo('/proc/x/report', '/proc'));
    await expect(checkOutputs(file('/sys/kernel/n.csv'))).rejects.toThrow(pseudo('/sys/kernel/n.csv', '/sys'));
    await symlink('/proc', join(root, 'p'));
    await expect(checkOutputs(folder(join(root, 'p', 'report')))).rejects.toThrow(pseudo(join(root, 'p', 'report'), '/proc'));
    await expect(checkOutputs(folder('/'))).rejects.toThrow('/: is the root of the filesystem; give a folder path below it');
  });

  it('refuses a path below a regular file, naming the file', async () => {
    const root = await tempRoot();
    await writeFile(join(root, 'notes.txt'), 'mine');
    const p = join(root, 'notes.txt', 'a', 'report');
    await expect(checkOutputs(folder(p))).rejects.toThrow(`${p}: cannot be created below ${join(root, 'notes.txt')}, which is a file, not a folder; choose another --out`);
  });

  it('refuses a folder that cannot be written, even as root (an immutable folder)', async (ctx) => {
    const root = await tempRoot();
    const locked = join(root, 'locked');
    await mkdir(locked);
    if (!chattr('+i', locked)) ctx.skip();
    try {
      await expect(checkOutputs(folder(join(locked, 'report')))).rejects.toThrow(
        `${join(locked, 'report')}: cannot write in ${locked} (EPERM); choose an --out in a folder you can write to`,
      );
      // A missing parent below it is checked at its nearest existing ancestor.
      await expect(checkOutputs(file(join(locked, 'a', 'n.csv')))).rejects.toThrow(`cannot write in ${locked} (EPERM)`);
    } finally {
      chattr('-i', locked);
    }
  });

  it('accepts a missing parent without creating it, creates it when writing, and removes it when the write fails', async () => {
    const root = await tempRoot();
    const p = join(root, 'a', 'b', 'n.csv');
    await expect(checkOutputs(file(p))).resolves.toBeUndefined();
    expect(await readdir(root)).toEqual([]);
    await expect(
      writeOutputs(file(p), async () => {
        throw new UserError('value', 'half way');
      }),
    ).rejects.toThrow('half way');
    expect(await readdir(root)).toEqual([]);
    await writeOutputs(file(p), async ([f]) => writeFile(f!, 'new\n'));
    expect(await readFile(p, 'utf8')).toBe('new\n');
    await writeOutputs(folder(join(root, 'x', 'y', 'report')), folderFiles(newReport));
    expect(await contents(join(root, 'x', 'y', 'report'))).toEqual(Object.fromEntries(newReport));
  });
});

/** chattr on a folder; false where the filesystem or the capabilities do not allow it. */
function chattr(flag: '+i' | '-i', path: string): boolean {
  return spawnSync('chattr', [flag, path]).status === 0;
}
