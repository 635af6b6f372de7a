import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reports/html/render.js';
import { syntheticReport } from '../browser/synthetic-report.js';

/** The embedded sample data, parsed back the way the page's script does. */
function embedded(html: string): { id: string[]; classes: string[]; thumbs: Record<string, string> | null; original: unknown } {
  const m = /<script type="application\/json" id="sample-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!);
}

const pathDs = (html: string): string[] => [...html.matchAll(/<path [^>]*\bd="([^"]*)"/g)].map((m) => m[1]!);

describe('renderHtml', () => {
  const report = syntheticReport({ n: 500 });
  const html = renderHtml(report);

  it('shows the noise matrix as a k x k heatmap, the diagonal plain, and the stop reason at the top', () => {
    const section = /<section id="noise-matrix">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    const k = report.noiseMatrix.classes.length;
    expect(section.match(/<tr><th>/g)).toHaveLength(k + 1); // the header row and one per given class
    expect(section.match(/<td class="num" style="background/g)).toHaveLength(k * (k - 1));
    expect(html).toContain('<p class="notice">Training stopped after epoch 3 of at most 30: synthetic.</p>');
  });

  it('is one self-contained page: no external script, style, font, image or link', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    // Exactly the two inline scripts: the data block and the table's code.
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });

  it('draws the histogram bars, both component densities, the threshold and a small multiple per epoch', () => {
    const ds = pathDs(html);
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) expect(d).toMatch(/^M[\d.]+ [\d.]+/);
    expect(html.match(/class="curve clean"/g)).toHaveLength(1 + report.epochs.length);
    expect(html.match(/class="curve noisy"/g)).toHaveLength(1 + report.epochs.length);
    expect(html).toContain('class="bars"');
    expect(html.match(/class="threshold"/g)!.length).toBeGreaterThanOrEqual(1 + report.epochs.length);
    expect(html).toContain('id="evaluation"');
  });

  it('says how many samples sit at the clamps instead of drawing them', () => {
    const below = report.samples.filter((s) => s.fitted === 0.001).length;
    const above = report.samples.filter((s) => s.fitted === 0.999).length;
    expect(below).toBeGreaterThan(0);
    expect(html).toContain(`Not drawn: ${below} samples below the fit&#39;s 5th percentile`);
    expect(html).toContain(`and ${above} above its 95th`);
  });

  it('embeds every sample once, in rank order', () => {
    const data = embedded(html);
    expect(data.id).toEqual(report.samples.map((s) => s.id));
  });

  it('escapes hostile ids, class names and paths everywhere', () => {
    const evil = ['</script><script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "it's <b>bold</b> & \u2028"];
    const hostile = syntheticReport({ n: 60, classes: evil, id: (i) => `${evil[i % 3]}#${i}` });
    const out = renderHtml({ ...hostile, dataset: { ...hostile.dataset, path: '<script>alert(3)</script>.csv' }, warnings: ['<b>warn</b>'] });
    // Only our two script elements open and close; the ids survive the round trip intact.
    expect(out.match(/<script\b/gi)).toHaveLength(2);
    expect(out.match(/<\/script>/gi)).toHaveLength(2);
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>bold');
    expect(out).not.toContain('<b>warn');
    expect(out).toContain('&lt;script&gt;alert(3)&lt;/script&gt;.csv');
    expect(out).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    const data = embedded(out);
    expect(data.id).toEqual(hostile.samples.map((s) => s.id));
    expect(data.classes).toEqual(evil);
  });

  it('embeds data: image thumbnails only, and original CSV rows when given', () => {
    const first = report.samples[0]!;
    const second = report.samples[1]!;
    const thumbnails = new Map([
      [first.index, 'data:image/png;base64,iVBORw0KGgo='],
      [second.index, 'https://example.com/x.png'],
    ]);
    const originalRows = { header: ['id', 'label', 'f1'], rows: new Map([[first.index, ['a', 'b', '0.5']]]) };
    const out = renderHtml(report, { thumbnails, originalRows });
    const data = embedded(out);
    expect(data.thumbs).toEqual({ 0: 'data:image/png;base64,iVBORw0KGgo=' });
    expect(data.original).toEqual({ header: ['id', 'label', 'f1'], rows: { 0: ['a', 'b', '0.5'] } });
    expect(out).not.toContain('example.com');
    expect(out).toContain('<th>image</th>');
  });

  it('stops embedding thumbnails at the budget, best-ranked first, and says so', () => {
    const uri = `data:image/png;base64,${'A'.repeat(78)}`; // 100 characters
    const thumbnails = new Map(report.samples.map((s) => [s.index, uri]));
    const out = renderHtml(report, { thumbnails, thumbnailBudget: 1000 });
    const data = embedded(out) as ReturnType<typeof embedded> & { examples: Record<string, number[]> };
    // The clean examples a reviewer compares with are embedded beyond the budget: three per class, nothing else.
    const examples = Object.values(data.examples).flat();
    expect(examples).toHaveLength(3 * report.dataset.classes.length);
    expect(Object.keys(data.thumbs!).map(Number)).toEqual([...new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...examples])].sort((a, b) => a - b));
    for (const pos of examples) expect(report.samples[pos]!.flagged).toBe(false);
    expect(out).toContain('490 lower-ranked samples have no thumbnail');
  });

  it('falls back to a raw-loss histogram when the final mixture is degenerate', () => {
    const degenerate = {
      ...report,
      mixture: { status: 'degenerate', reason: 'zero-spread', nSamples: 500, warnings: [] } as const,
      samples: report.samples.map(({ fitted: _f, ...s }) => s),
    };
    const out = renderHtml(degenerate);
    expect(out).toContain('the mixture was not fitted (zero-spread)');
    expect(out).not.toMatch(/<path class="curve (clean|noisy)"[^>]*clip-path="url\(#clip-final\)"/);
    expect(pathDs(out).length).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(renderHtml(report)).toBe(html);
  });

  it('keeps a 60,000-sample report well under 15 MB', () => {
    const big = syntheticReport({ n: 60_000, id: (i) => `fashion-mnist-train-${String(i).padStart(5, '0')}` });
    const started = performance.now();
    const out = renderHtml(big);
    const ms = performance.now() - started;
    const bytes = Buffer.byteLength(out);
    console.log(`60k-sample report.html: ${(bytes / 1e6).toFixed(2)} MB in ${ms.toFixed(0)} ms`);
    expect(bytes).toBeLessThan(4e6);
    expect(embedded(out).id).toHaveLength(60_000);
    // With a thumbnail offered for every sample, the budget still holds the page under 15 MB.
    const uri = `data:image/png;base64,${'A'.repeat(400)}`;
    const withThumbs = renderHtml(big, { thumbnails: new Map(big.samples.map((s) => [s.index, uri])) });
    expect(Buffer.byteLength(withThumbs)).toBeLessThan(15e6);
  });
});
