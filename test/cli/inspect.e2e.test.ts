import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../../src/pipeline/inspect.js';
import { runCli } from './run-cli.js';

const fixtures = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));

describe('labelsleuth inspect (spawned CLI)', () => {
  it('prints every column’s role, type, encoding, missing and distinct counts, and the classes, training nothing', async () => {
    const r = await runCli(['inspect', join(fixtures, 'table-ids.csv')]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[1]).toBe('  table · comma-separated · 120 rows · 49 features after encoding · 10 classes');
    expect(lines).toContain('  image_name  id       text     sample id                        0       120');
    expect(lines).toContain('  note        dropped  text     dropped: high-cardinality        0        80');
    expect(lines.some((l) => /^ {2}p0 +feature +numeric +standardised +0 +\d+$/.test(l))).toBe(true);
    expect(lines).toContain('  Bag             14');
    expect(r.stdout).toContain('Nothing was trained');
  });

  it('--json gives the same schema for scripts; images: layout, split, formats and sizes', async () => {
    const t = await runCli(['inspect', join(fixtures, 'table.tsv.gz'), '--json']);
    expect(t.code, t.stderr).toBe(0);
    const table = JSON.parse(t.stdout) as InspectResult;
    expect(table).toMatchObject({ kind: 'labelsleuth-inspect', version: 1, source: 'csv', rows: 120, featureSize: 49, table: { delimiter: 'tab', idColumn: 'id' } });
    expect(table.table?.columns.find((c) => c.name === 'label')).toEqual({
      name: 'label',
      role: 'label',
      type: 'text',
      encoding: 'label, 10 classes',
      missing: 0,
      distinct: 10,
      distinctCapped: false,
    });
    const i = await runCli(['inspect', join(fixtures, 'images-split'), '--split', 'test', '--json']);
    expect(i.code, i.stderr).toBe(0);
    const images = JSON.parse(i.stdout) as InspectResult;
    expect(images.images).toEqual({
      layout: 'splits',
      split: 'test',
      splits: ['test', 'train'],
      imageColumn: null,
      formats: { '.png': 9 },
      sizes: [{ size: '28x28', count: 9 }],
      unreadable: [],
    });
    expect(images.classes).toEqual([
      { name: 'Bag', count: 3 },
      { name: 'Sandal', count: 3 },
      { name: 'Trouser', count: 3 },
    ]);
  });

  it('a bad input is the loader’s one-line error, exit 2', async () => {
    const r = await runCli(['inspect', join(fixtures, 'table.tsv'), '--delimiter', 'semicolon']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/table\.tsv line 1: the header line is one column when split by semicolon .* pass --delimiter tab/);
    expect(r.stdout).toBe('');
  });
});
