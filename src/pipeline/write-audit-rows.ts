/**
 * samples.csv and suspects.csv streamed from every sample's row (reports/sample-rows.ts) into the
 * staged report folder, a megabyte at a time: at 10M samples one string of samples.csv would pass
 * V8's maximum string length, and the objects behind it would not fit the memory target.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { sampleLine, samplesHeader, suspectLine, suspectsHeader, type OriginalRows } from '../reports/csv.js';
import type { LabelNoiseReport, SampleVerdict } from '../reports/report.js';
import type { SampleRows } from '../reports/sample-rows.js';

async function writeLines(path: string, header: string, rows: SampleRows, line: (s: SampleVerdict) => string | undefined): Promise<void> {
  const out = createWriteStream(path);
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined);
  let buf = header + '\n';
  for (let r = 0; r < rows.length; r++) {
    const text = line(rows.at(r));
    if (text !== undefined) buf += text + '\n';
    if (buf.length >= 1 << 20) {
      if (!out.write(buf)) await Promise.race([once(out, 'drain'), failed]);
      buf = '';
    }
  }
  out.end(buf);
  await Promise.race([once(out, 'finish'), failed]);
}

export async function writeSampleCsvs(dir: string, report: LabelNoiseReport, rows: SampleRows, original?: OriginalRows): Promise<void> {
  await writeLines(`${dir}/samples.csv`, samplesHeader(), rows, sampleLine);
  await writeLines(`${dir}/suspects.csv`, suspectsHeader(report, original), rows, (s) => (s.flagged ? suspectLine(report, s, original) : undefined));
}
