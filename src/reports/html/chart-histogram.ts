/**
 * The main chart: a histogram of the values the final mixture was fitted on, with the clean and noisy
 * Beta densities (each times its weight, scaled to counts) drawn over it and the threshold marked.
 */
import { CLAMP_HI, CLAMP_LO } from '../../mixture/normalise.js';
import { makeFrame } from './chart-frame.js';
import { densityCap, type FittedSummary, thresholdCrossing, weightedDensities } from './mixture-curves.js';
import { el, linePath, niceTicks, text, tickLabel } from './svg.js';
import type { Normaliser } from '../../mixture/normalise.js';

export interface HistogramInput {
  readonly id: string;
  readonly values: ArrayLike<number>;
  /** With a mixture, values are in its normalised [0, 1] space and the densities are overlaid. */
  readonly mixture: FittedSummary | null;
  readonly threshold: number;
  readonly xTitle: string;
  /**
   * The normalised axis shown in the units the fit started from (a margin, a loss): ticks at round
   * raw values, and the threshold's raw value beside its p_noisy. @default the normalised [0, 1] axis
   */
  readonly raw?: { readonly normaliser: Normaliser; readonly unit: string };
  /** @default 40 */
  readonly bins?: number;
}

export interface HistogramChart {
  readonly svg: string;
  /** Values at the lower / upper clamp: outside the fit's 5th-95th percentile range, not drawn as bars. */
  readonly belowRange: number;
  readonly aboveRange: number;
  /** Normalised value where p_noisy reaches the threshold, if it does. */
  readonly crossing: number | null;
  /** The same in raw units, when the chart has them. */
  readonly rawCrossing: number | null;
}

const W = 1000;
const H = 330;

export function histogramChart(input: HistogramInput): HistogramChart {
  const bins = input.bins ?? 40;
  const m = input.mixture;
  let below = 0;
  let above = 0;
  let max = 0;
  const kept: number[] = [];
  for (let i = 0; i < input.values.length; i++) {
    const v = input.values[i]!;
    if (!Number.isFinite(v)) continue;
    // The clamps hold the samples the fit dropped (outside p5..p95): bars there would dwarf the rest.
    if (m && v <= CLAMP_LO + 1e-9) below++;
    else if (m && v >= CLAMP_HI - 1e-9) above++;
    else {
      kept.push(v);
      if (v > max) max = v;
    }
  }
  const x1 = m ? 1 : max > 0 ? max : 1;
  const width = x1 / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of kept) counts[Math.min(bins - 1, Math.max(0, Math.floor(v / width)))]!++;

  const scale = kept.length * width;
  const curves = m ? weightedDensities(m) : null;
  const countMax = Math.max(1, ...counts);
  const curveMax = curves ? scale * Math.max(densityCap(curves.clean), densityCap(curves.noisy)) : 0;
  const yMax = Math.max(countMax, Math.min(curveMax, countMax * 1.6)) * 1.08;
  // normaliseLoss is raw -> (raw - offset) / scale on the fitted range, so its inverse is linear.
  const raw = m && input.raw ? input.raw : undefined;
  const toRaw = (x: number): number => (raw ? raw.normaliser.offset + x * raw.normaliser.scale : x);
  const xTicks = raw ? niceTicks(toRaw(0), toRaw(1), 5).map((v) => (v - raw.normaliser.offset) / raw.normaliser.scale) : undefined;
  const f = makeFrame({
    id: input.id,
    width: W,
    height: H,
    x: [0, x1],
    y: [0, yMax],
    xTitle: input.xTitle,
    yTitle: 'samples',
    ...(xTicks ? { xTicks: xTicks.filter((t) => t >= -1e-9 && t <= 1 + 1e-9), xFormat: (t: number) => tickLabel(toRaw(t)) } : {}),
  });
  const { sx, sy } = f;

  const marks: string[] = [];
  const crossing = m ? thresholdCrossing(m, input.threshold) : null;
  if (crossing !== null) {
    marks.push(el('rect', { class: 'flag-zone', x: sx(crossing), y: f.plot.top, width: f.plot.right - sx(crossing), height: f.plot.bottom - f.plot.top }));
  }
  let bars = '';
  counts.forEach((c, i) => {
    if (c === 0) return;
    const x = sx(i * width);
    bars += `M${(x + 0.5).toFixed(1)} ${sy(0).toFixed(1)}V${sy(c).toFixed(1)}H${(sx((i + 1) * width) - 0.5).toFixed(1)}V${sy(0).toFixed(1)}Z`;
  });
  marks.push(el('path', { class: 'bars', d: bars }));
  if (curves) {
    const toPx = (pts: [number, number][]) => linePath(pts.map(([x, y]) => [sx(x), sy(y * scale)]));
    marks.push(el('path', { class: 'curve clean', d: toPx(curves.clean), 'clip-path': `url(#${f.clipId})` }));
    marks.push(el('path', { class: 'curve noisy', d: toPx(curves.noisy), 'clip-path': `url(#${f.clipId})` }));
  }
  if (crossing !== null) {
    const x = sx(crossing);
    marks.push(el('line', { class: 'threshold', x1: x, x2: x, y1: f.plot.top, y2: f.plot.bottom }));
    const right = x < f.plot.right - 150;
    marks.push(
      text(
        right ? x + 6 : x - 6,
        f.plot.top + 14,
        `p_noisy ≥ ${Number(input.threshold.toPrecision(3))}${raw ? ` (${raw.unit} ≥ ${tickLabel(toRaw(crossing))})` : ''} ${right ? '→' : ''}`.trim(),
        {
          class: 'threshold-label',
          'text-anchor': right ? 'start' : 'end',
        },
      ),
    );
  }
  return {
    svg: f.svg('Histogram with fitted clean and noisy densities', f.background, ...marks),
    belowRange: below,
    aboveRange: above,
    crossing,
    rawCrossing: crossing !== null && raw ? toRaw(crossing) : null,
  };
}
