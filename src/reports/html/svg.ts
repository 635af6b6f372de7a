/**
 * A minimal SVG builder: enough for histograms, density curves and line charts drawn by hand, so the
 * report needs no chart library and no network. Every text and attribute value is escaped here.
 */
import { escapeHtml } from './escape.js';

export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** Numbers in SVG coordinates: two decimals are below a pixel's resolution and keep the file small. */
export const num = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function attrs(a: Attrs): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${escapeHtml(typeof v === 'number' ? num(v) : v)}"`;
  }
  return out;
}

/** An element with already-rendered children (strings from el/text). */
export function el(tag: string, a: Attrs = {}, ...children: string[]): string {
  return children.length === 0 ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${children.join('')}</${tag}>`;
}

export function text(x: number, y: number, content: string, a: Attrs = {}): string {
  return `<text${attrs({ x, y, ...a })}>${escapeHtml(content)}</text>`;
}

/** `M x y L x y ...` through the points; non-finite points split the line into separate runs. */
export function linePath(points: readonly (readonly [number, number])[]): string {
  let d = '';
  let pen = false;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${num(x)} ${num(y)}`;
    pen = true;
  }
  return d;
}

/** A linear map from a data interval onto a pixel interval (pixels may run backwards, as y does). */
export interface Scale {
  (v: number): number;
  readonly domain: readonly [number, number];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  const f = (v: number): number => r0 + ((v - d0) / span) * (r1 - r0);
  return Object.assign(f, { domain });
}

/** About `count` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Short tick labels: 0.25, 1.5k, 12k. */
export function tickLabel(v: number): string {
  const a = Math.abs(v);
  if (a >= 10_000) return `${Number((v / 1000).toPrecision(3))}k`;
  if (a >= 1000) return `${Number((v / 1000).toPrecision(2))}k`;
  return String(Number(v.toPrecision(3)));
}
