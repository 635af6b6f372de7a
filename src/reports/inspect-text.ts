/** inspect's terminal text: a pure function of the result, like every other renderer. */
import { delimiterWords, type Delimiter } from '../data/delimiter.js';
import type { InspectResult } from '../pipeline/inspect.js';

function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...rows.map(fmt)].map((l) => `  ${l}`);
}

export function renderInspect(r: InspectResult): string {
  const out: string[] = [`labelsleuth inspect  ${r.path}`];
  if (r.table) {
    const how = r.table.delimiter !== null ? delimiterWords(r.table.delimiter as Delimiter) : r.table.format === 'jsonl' ? 'JSON Lines' : 'Parquet';
    out.push(`  table · ${how} · ${r.rows} rows · ${r.featureSize} features after encoding · ${r.classes.length} classes`);
  }
  if (r.images) {
    const i = r.images;
    const where = i.split !== null ? ` · split ${i.split} of ${i.splits.join(', ')}` : '';
    out.push(`  images · layout ${i.layout}${where}${i.imageColumn !== null ? ` · column ${i.imageColumn}` : ''} · ${r.rows} images · ${r.classes.length} classes`);
  }
  for (const w of r.warnings) out.push(`warning: ${w}`);
  if (r.table) {
    out.push('', 'Columns');
    out.push(
      ...table(
        ['column', 'role', 'type', 'encoding', 'missing', 'distinct'],
        r.table.columns.map((c) => [c.name, c.role, c.type, c.encoding, String(c.missing), `${c.distinct}${c.distinctCapped ? '+' : ''}`]),
        [false, false, false, false, true, true],
      ),
    );
  }
  if (r.images) {
    const i = r.images;
    out.push(
      '',
      `Formats: ${Object.entries(i.formats)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    out.push(`Sizes: ${i.sizes.map((s) => `${s.size} (${s.count})`).join(', ') || 'none'}`);
    out.push(`Unreadable: ${i.unreadable.length === 0 ? 'none' : i.unreadable.map((u) => `${u.file} (${u.reason})`).join(', ')}`);
  }
  out.push('', 'Classes');
  out.push(
    ...table(
      ['class', 'count'],
      r.classes.map((c) => [c.name, String(c.count)]),
      [false, true],
    ),
  );
  out.push('', 'Nothing was trained; run labelsleuth audit with the same options to audit it.');
  return `${out.join('\n')}\n`;
}
