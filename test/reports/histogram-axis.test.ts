import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/reports/html/render.js';
import { syntheticReport } from '../browser/synthetic-report.js';

const finalFit = (html: string): string => /<section id="final-fit">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
const ticks = (section: string): string[] => [...section.matchAll(/<text[^>]*class="tick"[^>]*text-anchor="middle"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);

describe('the main histogram', () => {
  // The synthetic fit's normaliser maps raw 0.10001 .. 3.00001 onto 0 .. 1.
  const report = syntheticReport({ n: 300 });

  it('labels its axis in the raw units of the fit, and the threshold as p_noisy and as that unit', () => {
    const section = finalFit(renderHtml(report));
    // Round raw values, each drawn once.
    expect(ticks(section)).toEqual(['1', '2', '3']);
    expect(section.match(/<clipPath /g)).toHaveLength(1);
    expect(section).toContain('margin of the averaged probabilities: p(best other class) − p(given class)');
    const label = /class="threshold-label"[^>]*>([^<]*)</.exec(section)?.[1] ?? '';
    expect(label).toMatch(/^p_noisy ≥ 0\.5 \(margin ≥ \d\.\d+\)/);
    // The raw value is the normalised crossing through the normaliser's inverse.
    const caption = /at margin (\d\.\d+) \((\d\.\d+) of the way/.exec(section);
    expect(caption).not.toBeNull();
    expect(Number(caption![1])).toBeCloseTo(0.10001 + Number(caption![2]) * 2.9, 2);
  });

  it('says loss for an audit that fitted the last epoch’s losses', () => {
    const section = finalFit(renderHtml({ ...report, settings: { ...report.settings, aggregate: 'last' } }));
    expect(section).toContain('last epoch&#39;s cross-entropy loss against the given label');
    expect(section).toMatch(/p_noisy ≥ 0\.5 \(loss ≥ \d/);
  });
});
