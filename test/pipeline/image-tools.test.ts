import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClean } from '../../src/pipeline/clean.js';
import { runInjectNoise } from '../../src/pipeline/inject-noise.js';
import { writeReportFolder } from './report-fixture.js';

/** Image files only need their names here: discovery does not decode them. */
async function imageFolder(): Promise<{ root: string; data: string }> {
  const root = await mkdtemp(join(tmpdir(), 'labelsleuth-img-'));
  const data = join(root, 'data');
  for (const c of ['cat', 'dog', 'fox']) {
    await mkdir(join(data, c), { recursive: true });
    for (let i = 0; i < 10; i++) await writeFile(join(data, c, `img_${i}.png`), `${c}${i}`);
  }
  return { root, data };
}

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('image folders', () => {
  it('inject-noise copies the folder, moves flipped images to their noisy class and writes truth.csv inside', async () => {
    const { root, data } = await imageFolder();
    const before = await listTree(data);
    const out = join(root, 'noisy');
    const r = await runInjectNoise({ data, out, kind: 'pairflip', rate: 0.3, seed: 2 });
    expect(r.flipped).toBe(9);
    expect(await listTree(data)).toEqual(before);
    const truth = (await readFile(join(out, 'truth.csv'), 'utf8'))
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    expect(truth).toHaveLength(30);
    const copied = await listTree(out);
    expect(copied).toHaveLength(31);
    for (const [id, t, n, noisy] of truth) {
      expect(copied).toContain(id);
      expect(id!.split('/')[0]).toBe(n); // the image sits in its noisy class folder
      expect(noisy).toBe(t === n ? '0' : '1');
      if (noisy === '1') expect(n).toBe({ cat: 'dog', dog: 'fox', fox: 'cat' }[t!]);
      // Contents follow the image: the file came from its true class.
      const content = await readFile(join(out, id!), 'utf8');
      expect(content.startsWith(t!)).toBe(true);
    }
    await expect(runInjectNoise({ data, out, kind: 'pairflip', rate: 0.3 })).rejects.toThrow('already exists');
    await expect(runInjectNoise({ data, out: join(data, 'x'), kind: 'pairflip', rate: 0.3 })).rejects.toThrow('is inside the input');
  });

  it('clean relabels into the suggested class folder of the copy and logs the change', async () => {
    const { root, data } = await imageFolder();
    const rows = ['1,cat/img_0.png,cat,dog,0.950000,3.000000,1', '2,dog/img_1.png,dog,fox,0.700000,2.000000,1'];
    let rank = 3;
    for (const c of ['cat', 'dog', 'fox']) {
      for (let i = 0; i < 10; i++) {
        if ((c === 'cat' && i === 0) || (c === 'dog' && i === 1)) continue;
        rows.push(`${rank++},${c}/img_${i}.png,${c},${c},0.010000,0.100000,0`);
      }
    }
    const report = await writeReportFolder(rows, { dataset: { source: 'image-folder', rows: 30 } });
    const out = join(root, 'clean');
    const r = await runClean({ data, report, action: 'relabel', out });
    expect(r.plan.changes.size).toBe(2);
    const copied = await listTree(out);
    // dog/img_0.png exists already: the moved cat image gets a prefixed name.
    expect(copied).toContain('dog/cat--img_0.png');
    expect(copied).toContain('fox/img_1.png');
    expect(copied).not.toContain('cat/img_0.png');
    expect(await readFile(join(out, 'dog', 'cat--img_0.png'), 'utf8')).toBe('cat0');
    expect(await readFile(join(out, 'changes.csv'), 'utf8')).toBe(
      'id,action,given_label,new_label,p_noisy\ncat/img_0.png,relabel,cat,dog,0.950000\ndog/img_1.png,relabel,dog,fox,0.700000\n',
    );
    const dropped = await runClean({ data, report, action: 'drop', threshold: 0.9, out: join(root, 'dropped') });
    expect(dropped.written).toBe(29);
    expect(await listTree(join(root, 'dropped'))).toHaveLength(30); // 29 images + changes.csv

    const wrong = await writeReportFolder(rows.slice(0, 29), { dataset: { source: 'image-folder', rows: 29 } });
    await expect(runClean({ data, report: wrong, action: 'drop', out: join(root, 'x') })).rejects.toThrow(
      `${data}: holds 30 images but the report describes 29 samples; the report ${wrong} belongs to other data, so pass the data the audit was run on`,
    );
  });
});
