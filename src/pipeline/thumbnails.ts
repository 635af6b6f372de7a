import type { SampleVerdict } from '../reports/report.js';
import { loadSharp } from '../data/load-sharp.js';

/** Thumbnails for report.html: how many (best-ranked first) and how large. */
export interface ThumbnailOptions {
  /** @default 2000: the top of the ranking, which is what a person reviews */
  readonly limit?: number;
  /** Longest side in pixels. @default 48 */
  readonly size?: number;
  /** Sample indices to thumbnail as well, wherever they rank (the clean examples a reviewer compares with). @default none */
  readonly also?: readonly number[];
}

/**
 * Small PNG data URIs of the best-ranked samples' images (fileOf: where a sample's image is).
 * An image that cannot be read now (moved, deleted since the audit) simply has no thumbnail.
 */
export async function makeThumbnails(fileOf: (s: SampleVerdict) => string, samples: readonly SampleVerdict[], o: ThumbnailOptions = {}): Promise<Map<number, string>> {
  // Loaded here, not at the top: write-audit.ts imports this file, and the CLI imports write-audit for every
  // command, so a static import would load sharp's native addon for `--help` and for CSV audits alike.
  const sharp = await loadSharp();
  const size = o.size ?? 48;
  const top = samples.slice(0, o.limit ?? 2000);
  const inTop = new Set(top.map((s) => s.index));
  const also = new Set(o.also ?? []);
  const wanted = [...top, ...samples.filter((s) => also.has(s.index) && !inTop.has(s.index))];
  const out = new Map<number, string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted.length) {
      const s = wanted[next++]!;
      try {
        const png = await sharp(fileOf(s)).rotate().resize(size, size, { fit: 'inside', withoutEnlargement: true }).png().toBuffer();
        out.set(s.index, `data:image/png;base64,${png.toString('base64')}`);
      } catch {
        // Left out: the page shows the row without a picture.
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}
