import { describeBackend } from '../backend/choices.js';
import { delimiterWords } from '../data/delimiter.js';
import { topNotices } from './notices.js';
import { flagRule, type LabelNoiseReport, trainedHow } from './report.js';
import { plain, type Style } from './style.js';

export interface TerminalOptions {
  /** Suspects listed in the table. @default 15 */
  readonly top?: number;
  /** Where the files were written, for the closing line. */
  readonly outDir?: string;
  readonly style?: Style;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const fix = (x: number | null | undefined, d = 3): string => (x === null || x === undefined ? 'n/a' : x.toFixed(d));

function clip(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}

/** Left-aligns text columns and right-aligns numeric ones. */
function table(header: string[], rows: string[][], numeric: boolean[], style: Style): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const fmt = (cells: string[]) =>
    cells
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [style.dim(fmt(header)), ...rows.map(fmt)];
}

/** "tab-separated · ", "JSON Lines · " or "Parquet · " for a feature table, '' otherwise. */
/** Features and classes; a signals audit has no features (its "feature size" is the class count, or 0), so the file's layout instead. */
function shapeWords(ds: LabelNoiseReport['dataset']): string {
  const classes = `${ds.classes.length} class${ds.classes.length === 1 ? '' : 'es'} · `;
  if (ds.source === 'signals') return `${classes}${ds.format !== undefined ? `${ds.format} · ` : ''}`;
  return `${ds.featureSize} features · ${classes}${tableWords(ds)}`;
}

function tableWords(ds: LabelNoiseReport['dataset']): string {
  if (ds.delimiter !== undefined) return `${delimiterWords(ds.delimiter)} · `;
  if (ds.source !== 'csv') return '';
  return ds.format === 'jsonl' ? 'JSON Lines · ' : ds.format === 'parquet' ? 'Parquet · ' : '';
}

/** The summary a person reads after an audit: what was run, how noisy, the worst rows, the truth check. */
export function renderTerminal(report: LabelNoiseReport, options: TerminalOptions = {}): string {
  const style = options.style ?? plain;
  const top = options.top ?? 15;
  const { dataset: ds, estimate } = report;
  const out: string[] = [];
  out.push(`${style.bold('labelsleuth audit')}  ${ds.path}`);
  out.push(
    style.dim(
      `  ${ds.rows} samples · ${shapeWords(ds)}` +
        (report.backend
          ? `backend ${describeBackend(report.backend)} · ${trainedHow(report)} in ${report.timing.trainSeconds.toFixed(1)} s`
          : `another model's ${ds.signals ?? 'probabilities'} (nothing trained here)`),
    ),
  );
  for (const note of topNotices(report)) out.push(style.yellow(note));
  // Before the results, not after them: a warning that the labels may be clean changes how to read every number below.
  for (const w of report.warnings) out.push(style.yellow(`warning: ${w}`));
  out.push('');
  out.push(
    `Estimated wrong labels: ${style.bold(pct(estimate.noiseFraction))} (about ${Math.round(estimate.expectedWrongLabels)} of ${ds.rows}); ` +
      `flagged: ${style.bold(String(estimate.flagged))} (${flagRule(report)})`,
  );
  if (report.mixture.status !== 'fitted') out.push(style.yellow(`  mixture: ${report.mixture.status}`));
  out.push('');

  const shown = report.samples.slice(0, Math.min(top, estimate.flagged || top));
  if (shown.length > 0) {
    out.push(style.bold(estimate.flagged > 0 ? `Top ${shown.length} suspects` : `Highest-loss samples (none flagged)`));
    out.push(
      ...table(
        ['rank', 'id', 'given', 'suggested', 'p_noisy', 'loss'],
        shown.map((s) => [String(s.rank), clip(s.id, 32), clip(s.givenLabel, 18), clip(s.suggestedLabel, 18), fix(s.pNoisy), fix(s.loss, 2)]),
        [true, false, false, false, true, true],
        style,
      ).map((l) => `  ${l}`),
    );
    out.push('');
  }

  const noisiest = [...report.perClass].sort((a, b) => b.estimatedNoiseRate - a.estimatedNoiseRate).slice(0, 5);
  out.push(style.bold('Noisiest classes'));
  out.push(
    ...table(
      ['class', 'rows', 'flagged', 'est. noise'],
      noisiest.map((c) => [clip(c.name, 24), String(c.rows), String(c.flagged), pct(c.estimatedNoiseRate)]),
      [false, true, true, true],
      style,
    ).map((l) => `  ${l}`),
  );
  if (report.confusedPairs.length > 0) {
    const pairs = report.confusedPairs.slice(0, 3).map((p) => `${p.given} → ${p.suggested} (${p.count})`);
    out.push(style.dim(`  most frequent given → suggested among suspects: ${pairs.join(', ')}`));
  }

  if (report.evaluation) {
    const m = report.evaluation.metrics;
    const atPositives = m.atK.find((a) => a.k === m.positives);
    out.push('');
    out.push(style.bold(`Against known truth`) + style.dim(` (${report.evaluation.truthPath})`));
    out.push(
      `  precision ${fix(m.mask.precision)}  recall ${fix(m.mask.recall)}  F1 ${fix(m.mask.f1)}  ` +
        `AUROC ${fix(m.auroc)}  AP ${fix(m.averagePrecision)}` +
        (atPositives ? `  precision@${atPositives.k} ${fix(atPositives.precision)}` : ''),
    );
    out.push(style.green(`  Found ${m.mask.tp} of the ${m.positives} known wrong labels`) + ` with ${m.mask.fp} false alarm${m.mask.fp === 1 ? '' : 's'}.`);
  }

  if (options.outDir) {
    out.push('');
    out.push(style.dim(`Wrote ${options.outDir}/ (samples.csv, suspects.csv, report.json, report.html)`));
  }
  return out.join('\n') + '\n';
}
