/**
 * samples.csv and suspects.csv streamed from every sample's row (reports/sample-rows.ts) into the
 * staged report folder, a megabyte at a time: at 10M samples one string of samples.csv would pass
 * V8's maximum string length, and the objects behind it would not fit the memory target. Both files
 * are written in one pass over the ranking, each line encoded once as bytes (reports/csv-bytes.ts):
 * a suspect's line is its samples.csv line plus its extra fields.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { imageFileOf, samplesHeader, suspectsHeader, type OriginalRows } from '../reports/csv.js';
import { ByteLines, encodeSampleFields } from '../reports/csv-bytes.js';
import type { LabelNoiseReport } from '../reports/report.js';
import type { SampleRows } from '../reports/sample-rows.js';

const NEWLINE = 10;
const COMMA = 44;

/** A write stream whose errors reject the next wait instead of being thrown unhandled. */
function openOut(path: string): { out: WriteStream; failed: Promise<never> } {
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined);
  return { out, failed };
}

async function flush(target: { out: WriteStream; failed: Promise<never> }, lines: ByteLines): Promise<void> {
  if (!target.out.write(lines.take())) await Promise.race([once(target.out, 'drain'), target.failed]);
}

async function close(target: { out: WriteStream; failed: Promise<never> }, lines: ByteLines): Promise<void> {
  target.out.end(lines.take());
  await Promise.race([once(target.out, 'finish'), target.failed]);
}

export async function writeSampleCsvs(dir: string, report: LabelNoiseReport, rows: SampleRows, original?: OriginalRows): Promise<void> {
  const samples = openOut(`${dir}/samples.csv`);
  const suspects = openOut(`${dir}/suspects.csv`);
  const all = new ByteLines();
  const flagged = new ByteLines();
  all.text(`${samplesHeader()}\n`);
  flagged.text(`${suspectsHeader(report, original)}\n`);
  const images = report.dataset.source === 'image-folder';
  for (let r = 0; r < rows.length; r++) {
    const s = rows.at(r);
    const from = all.length;
    encodeSampleFields(all, s);
    const to = all.length;
    all.byte(NEWLINE);
    if (s.flagged) {
      flagged.append(all, from, to);
      if (images) {
        flagged.byte(COMMA);
        flagged.field(imageFileOf(report, s));
      }
      for (const f of original?.rows.get(s.index) ?? []) {
        flagged.byte(COMMA);
        flagged.field(f);
      }
      flagged.byte(NEWLINE);
    }
    if (all.full) await flush(samples, all);
    if (flagged.full) await flush(suspects, flagged);
  }
  await close(samples, all);
  await close(suspects, flagged);
}
