import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/reports/terminal.js';
import { syntheticReport } from '../browser/synthetic-report.js';

describe('renderTerminal', () => {
  it('says why training stopped and every warning before the first number', () => {
    const text = renderTerminal(syntheticReport({ n: 200 }));
    const lines = text.split('\n');
    const estimate = lines.findIndex((l) => l.startsWith('Estimated wrong labels:'));
    expect(lines.findIndex((l) => l.startsWith('Training stopped after epoch 3 of at most 30: synthetic.'))).toBeLessThan(estimate);
    expect(lines.findIndex((l) => l === 'warning: a synthetic report')).toBeLessThan(estimate);
    expect(lines.findIndex((l) => l === 'warning: a synthetic report')).toBeGreaterThan(0);
  });
});

describe('renderTerminal of a signals audit', () => {
  it('names the file layout instead of a feature count, and one class as one class', () => {
    const base = syntheticReport({ n: 200 });
    const report = {
      ...base,
      backend: null,
      dataset: {
        ...base.dataset,
        source: 'signals' as const,
        signals: 'losses' as const,
        format: 'csv, long, 1 epoch',
        featureSize: 0,
        classes: [{ name: '(no label given)', count: 200 }],
      },
    };
    const header = renderTerminal(report).split('\n')[1]!;
    expect(header).toBe("  200 samples · 1 class · csv, long, 1 epoch · another model's losses (nothing trained here)");
  });
});
