import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../src/pipeline/audit.js';
import { renderSamplesCsv } from '../../src/reports/csv.js';

/** 400 Fashion-MNIST PNGs (28x28 gray), 80 of them in the wrong class folder (fixtures/images-demo/README.md). */
const folder = fileURLToPath(new URL('../../fixtures/images-demo', import.meta.url));
const request = { path: folder, truth: `${folder}/truth.csv`, backend: 'wasm', epochs: 6 } as const;

describe('runAudit on an image folder with known misfiled images', () => {
  it('trains the CNN and ranks the misfiled images first', async () => {
    const { report, dataset } = await runAudit(request);
    const m = report.evaluation!.metrics;
    expect(m.positives).toBe(80);
    // A random ranking has precision@80 of 0.2.
    expect(m.atK.find((a) => a.k === 80)!.precision).toBeGreaterThan(0.6);
    expect(m.auroc!).toBeGreaterThan(0.85);
    expect(report.dataset.source).toBe('image-folder');
    expect(report.dataset.sampleShape).toEqual([28, 28, 1]);
    expect(report.settings.imageSize).toBe(28);
    expect(report.settings.channels).toBe('auto');
    expect(report.dataset.classes.map((c) => c.name)).toContain('T-shirt-top');
    expect(report.samples).toHaveLength(400);
    expect(report.samples[0]!.id).toMatch(/^[^/]+\/fmnist-train-\d+\.png$/);
    // truth.csv and README.md sit in the root: ignored, and said so.
    expect(report.warnings.some((w) => /^2 entries were ignored \(not class images\): README\.md/.test(w))).toBe(true);
    expect(dataset.ids).toHaveLength(400);
  });

  it('gives the same ranking for the same seed, with augmentation on', async () => {
    const a = renderSamplesCsv((await runAudit({ ...request, epochs: 2, augment: true })).report);
    const b = renderSamplesCsv((await runAudit({ ...request, epochs: 2, augment: true })).report);
    expect(b).toBe(a);
  });
});
