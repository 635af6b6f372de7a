/** The view across epochs: one small density plot per epoch's fit, and line charts over epochs. */
import type { EpochRecord } from '../report.js';
import { makeFrame } from './chart-frame.js';
import { densityCap, thresholdCrossing, weightedDensities } from './mixture-curves.js';
import { el, linePath, niceTicks, text } from './svg.js';

/** One small chart per epoch: its clean and noisy densities in that epoch's own normalised loss space. */
export function epochMultiple(record: EpochRecord, threshold: number): string {
  const W = 200;
  const H = 96;
  const margin = { top: 6, right: 6, bottom: 14, left: 6 };
  const m = record.mixture;
  if (m.status !== 'fitted') {
    const f = makeFrame({ id: `epoch-${record.epoch}`, width: W, height: H, x: [0, 1], y: [0, 1], margin, axes: false });
    return f.svg(`Epoch ${record.epoch}: mixture not fitted`, f.background, text(W / 2, H / 2, `not fitted (${m.reason})`, { class: 'tick', 'text-anchor': 'middle' }));
  }
  const curves = weightedDensities(m);
  const yMax = Math.max(densityCap(curves.clean), densityCap(curves.noisy)) * 1.1;
  const f = makeFrame({ id: `epoch-${record.epoch}`, width: W, height: H, x: [0, 1], y: [0, yMax], margin, axes: false });
  const toPx = (pts: [number, number][]) => linePath(pts.map(([x, y]) => [f.sx(x), f.sy(y)]));
  const marks = [
    el('path', { class: 'curve clean', d: toPx(curves.clean), 'clip-path': `url(#${f.clipId})` }),
    el('path', { class: 'curve noisy', d: toPx(curves.noisy), 'clip-path': `url(#${f.clipId})` }),
  ];
  const crossing = thresholdCrossing(m, threshold);
  if (crossing !== null) {
    marks.push(el('line', { class: 'threshold', x1: f.sx(crossing), x2: f.sx(crossing), y1: f.plot.top, y2: f.plot.bottom }));
  }
  marks.push(text(f.plot.left, H - 2, '0', { class: 'tick small' }), text(f.plot.right, H - 2, '1', { class: 'tick small', 'text-anchor': 'end' }));
  return f.svg(`Epoch ${record.epoch}: fitted clean and noisy densities`, f.background, ...marks);
}

export interface Series {
  readonly name: string;
  /** CSS class giving the colour. */
  readonly className: string;
  readonly values: readonly number[];
}

export interface LineChartInput {
  readonly id: string;
  readonly epochs: readonly number[];
  readonly series: readonly Series[];
  readonly yTitle: string;
  /** @default [0, the largest value] */
  readonly y?: readonly [number, number];
  readonly yFormat?: (v: number) => string;
}

/** Values over epochs, one line per series, with a dot per epoch (a single epoch still shows). */
export function lineChart(input: LineChartInput): string {
  const epochs = input.epochs;
  const first = epochs[0] ?? 1;
  const last = epochs[epochs.length - 1] ?? 1;
  const x: [number, number] = last > first ? [first, last] : [first - 1, first + 1];
  const all = input.series.flatMap((s) => s.values.filter(Number.isFinite));
  const y = input.y ?? [0, Math.max(1e-9, ...all) * 1.1];
  const xTicks = niceTicks(x[0], x[1], Math.min(8, Math.max(1, epochs.length - 1))).filter((t) => Number.isInteger(t));
  const f = makeFrame({ id: input.id, width: 520, height: 230, x, y, xTitle: 'epoch', yTitle: input.yTitle, xTicks, ...(input.yFormat ? { yFormat: input.yFormat } : {}) });
  const marks: string[] = [];
  for (const s of input.series) {
    const pts = s.values.map((v, i): [number, number] => [f.sx(epochs[i]!), f.sy(v)]);
    marks.push(el('path', { class: `line ${s.className}`, d: linePath(pts) }));
    if (pts.length <= 40) for (const [px, py] of pts) if (Number.isFinite(py)) marks.push(el('circle', { class: `dot ${s.className}`, cx: px, cy: py, r: 2.5 }));
  }
  return f.svg(`${input.yTitle} per epoch`, f.background, ...marks);
}
