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
