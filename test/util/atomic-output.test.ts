import { mkdir, mkdtemp, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import {
  checkOutputs,
  companionPath,
  folderFiles,
  folderOutput,
  holdsJsonOfKind,
  OUTPUT_MANIFEST,
  replaceIfForced,
  writeOutputs,
  type FolderOwner,
  type OutputPlan,
} from '../../src/util/atomic-output.js';

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
    const plan: OutputPlan = { targets: [{ path: join(root, 'a.csv'), kind: 'file' }, { path: join(root, 'a.log.csv'), kind: 'file' }], replace: replaceIfForced(false) };
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
