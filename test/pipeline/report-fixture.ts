import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A handmade report folder: report.json with just what the tools read, and samples.csv rows. */
export async function writeReportFolder(rows: readonly string[], extra: Record<string, unknown> = {}): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'labelsleuth-tools-')), 'report');
  await mkdir(dir);
  const report = {
    kind: 'label-noise-report',
    version: 1,
    settings: { threshold: 0.5, label: 'label', id: 'id' },
    dataset: { source: 'csv', path: 'data.csv', rows: rows.length },
    ...extra,
  };
  await writeFile(join(dir, 'report.json'), JSON.stringify(report));
  await writeFile(join(dir, 'samples.csv'), ['rank,id,given_label,suggested_label,p_noisy,loss,flagged', ...rows].join('\n') + '\n');
  return dir;
}

/** Four samples, ranked: a and c are truly mislabeled (see truthCsv). */
export const fourSamples = ['1,a,cat,dog,0.900000,2.000000,1', '2,b,dog,dog,0.800000,1.500000,1', '3,c,cat,fox,0.300000,1.000000,0', '4,d,fox,fox,0.100000,0.100000,0'];
export const truthCsv = 'id,true_label,noisy_label,is_noisy\na,dog,cat,1\nb,dog,dog,0\nc,fox,cat,1\nd,fox,fox,0\n';
