import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverImageFolder } from '../../src/data/image-discovery.js';
import { UserError } from '../../src/errors.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ls-discovery-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function touch(rel: string, content = 'x'): Promise<void> {
  const abs = join(root, rel);
  await mkdir(join(abs, '..'), { recursive: true });
  await writeFile(abs, content);
}

describe('discoverImageFolder', () => {
  it('finds classes, nested images and extensions in any case, and lists what it ignores', async () => {
    await touch('cat/img10.png');
    await touch('cat/img2.JPG');
    await touch('cat/deeper/more/a.WebP');
    await touch('class10/x.tiff');
    await touch('class2/y.gif');
    await touch('class2/z.Jpeg');
    await touch('class2/notes.txt');
    await touch('class2/.DS_Store');
    await touch('class2/.hidden/secret.png');
    await touch('truth.csv');
    await touch('README.md');
    await mkdir(join(root, 'empty'));
    await touch('nothing-here/readme.txt');
    const l = await discoverImageFolder(root);
    expect(l.root).toBe(root);
    expect(l.classes).toEqual(['cat', 'class2', 'class10']);
    expect(l.files.map((f) => f.relPath)).toEqual(['cat/deeper/more/a.WebP', 'cat/img2.JPG', 'cat/img10.png', 'class2/y.gif', 'class2/z.Jpeg', 'class10/x.tiff']);
    expect(l.files[0]).toEqual({ relPath: 'cat/deeper/more/a.WebP', className: 'cat', absPath: join(root, 'cat/deeper/more/a.WebP') });
    expect(l.emptyClasses).toEqual(['empty', 'nothing-here']);
    expect(l.ignored).toEqual([
      { relPath: 'class2/.DS_Store', reason: 'hidden' },
      { relPath: 'class2/.hidden', reason: 'hidden' },
      { relPath: 'class2/notes.txt', reason: 'not an image (.txt)' },
      { relPath: 'nothing-here/readme.txt', reason: 'not an image (.txt)' },
      { relPath: 'README.md', reason: 'file outside a class folder' },
      { relPath: 'truth.csv', reason: 'file outside a class folder' },
    ]);
  });

  it('terminates on a symlink loop and follows linked images once', async () => {
    await touch('a/1.png');
    await touch('b/2.png');
    await symlink(join(root, 'a'), join(root, 'a', 'loop'));
    await mkdir(join(root, 'b', 'sub'));
    await symlink(join(root, 'b'), join(root, 'b', 'sub', 'up'));
    await symlink(join(root, 'a', '1.png'), join(root, 'b', 'linked.png'));
    await symlink(join(root, 'missing.png'), join(root, 'b', 'broken.png'));
    const l = await discoverImageFolder(root);
    expect(l.files.map((f) => f.relPath)).toEqual(['a/1.png', 'b/2.png', 'b/linked.png']);
    expect(l.ignored.map((i) => [i.relPath, i.reason])).toEqual([
      ['a/loop', 'folder already visited (symlink loop or duplicate link)'],
      ['b/broken.png', 'broken symlink'],
      ['b/sub/up', 'folder already visited (symlink loop or duplicate link)'],
    ]);
  });

  it('refuses a missing path, a file, an empty folder and a single class, in one line', async () => {
    const fail = async (p: string): Promise<string> => {
      const e = await discoverImageFolder(p).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(UserError);
      return (e as UserError).message;
    };
    expect(await fail(join(root, 'nope'))).toBe(`${join(root, 'nope')}: no such folder; give a folder with one subfolder per class`);
    expect(await fail(root)).toBe(`${root}: the folder is empty; put each class's images in a subfolder named after the class`);
    await touch('only/1.png');
    await touch('other/readme.txt');
    expect(await fail(root)).toMatch(/: only one class with images \('only'\); need at least two subfolders with images \(\.png/);
    expect(await fail(join(root, 'only', '1.png'))).toMatch(/1\.png: not a folder; /);
    await rm(join(root, 'only'), { recursive: true });
    expect(await fail(root)).toMatch(/: no class folder with images; need at least two/);
  });
});
