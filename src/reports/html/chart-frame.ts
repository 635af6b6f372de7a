/** The frame every chart shares: plot box, axes with ticks, axis titles, and a clip path for curves. */
import { escapeHtml } from './escape.js';
import { el, linearScale, niceTicks, type Scale, text, tickLabel } from './svg.js';

export interface FrameOptions {
  /** Unique within the page: used for the clip path's id. */
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** Explicit x ticks (e.g. whole epochs). @default about 5 round values */
  readonly xTicks?: readonly number[];
  /** Tick formatter for the x axis (e.g. a normalised position shown in raw units). @default tickLabel */
  readonly xFormat?: (v: number) => string;
  /** Tick formatter for the y axis. @default tickLabel */
  readonly yFormat?: (v: number) => string;
  /** Leaves room for the axes; small multiples pass smaller margins. @default { top: 12, right: 14, bottom: 40, left: 48 } */
  readonly margin?: { top: number; right: number; bottom: number; left: number };
  /** Draw ticks and titles; the small multiples draw only the baseline. @default true */
  readonly axes?: boolean;
}

export interface Frame {
  readonly sx: Scale;
  readonly sy: Scale;
  readonly clipId: string;
  /** Axes, gridlines and the clip path definition, to go before the data marks: pass it to svg() first. */
  readonly background: string;
  readonly plot: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number };
  svg(label: string, ...content: string[]): string;
}

export function makeFrame(o: FrameOptions): Frame {
  const m = o.margin ?? { top: 12, right: 14, bottom: 40, left: 48 };
  const plot = { left: m.left, right: o.width - m.right, top: m.top, bottom: o.height - m.bottom };
  const sx = linearScale(o.x, [plot.left, plot.right]);
  const sy = linearScale(o.y, [plot.bottom, plot.top]);
  const clipId = `clip-${o.id}`;
  const parts: string[] = [
    el('defs', {}, el('clipPath', { id: clipId }, el('rect', { x: plot.left, y: plot.top - 1, width: plot.right - plot.left, height: plot.bottom - plot.top + 1 }))),
  ];
  if (o.axes !== false) {
    const yFormat = o.yFormat ?? tickLabel;
    for (const t of niceTicks(o.y[0], o.y[1], 4)) {
      parts.push(el('line', { class: 'grid', x1: plot.left, x2: plot.right, y1: sy(t), y2: sy(t) }));
      parts.push(text(plot.left - 6, sy(t) + 4, yFormat(t), { class: 'tick', 'text-anchor': 'end' }));
    }
    for (const t of o.xTicks ?? niceTicks(o.x[0], o.x[1], 5)) {
      parts.push(el('line', { class: 'axis', x1: sx(t), x2: sx(t), y1: plot.bottom, y2: plot.bottom + 4 }));
      parts.push(text(sx(t), plot.bottom + 16, (o.xFormat ?? tickLabel)(t), { class: 'tick', 'text-anchor': 'middle' }));
    }
    if (o.xTitle) parts.push(text((plot.left + plot.right) / 2, o.height - 6, o.xTitle, { class: 'axis-title', 'text-anchor': 'middle' }));
    if (o.yTitle) {
      parts.push(
        text(12, (plot.top + plot.bottom) / 2, o.yTitle, {
          class: 'axis-title',
          'text-anchor': 'middle',
          transform: `rotate(-90 12 ${(plot.top + plot.bottom) / 2})`,
        }),
      );
    }
  }
  parts.push(el('line', { class: 'axis', x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom }));
  return {
    sx,
    sy,
    clipId,
    plot,
    background: parts.join(''),
    svg: (label, ...content) =>
      el(
        'svg',
        { viewBox: `0 0 ${o.width} ${o.height}`, role: 'img', 'aria-label': label, preserveAspectRatio: 'xMidYMid meet' },
        el('title', {}, escapeHtml(label)),
        // The caller places `background` among the content (before its marks); drawing it here too
        // doubled every axis and gave two clip paths one id.
        ...content,
      ),
  };
}
