/**
 * The shipped JSON Schemas accept what the tools write and refuse what they must not: the e2e tests
 * check their real outputs with them (test/support/schemas.ts); these cases show each schema can fail.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderReportJson } from '../src/reports/json.js';
import { renderDecisionsCsv } from '../src/reports/decisions.js';
import { syntheticReport } from './browser/synthetic-report.js';
import { schemaErrors } from './support/schemas.js';

describe('the JSON Schemas in src/schemas', () => {
  const report = JSON.parse(renderReportJson(syntheticReport({ n: 50 })));

  it('accept a report.json and refuse a broken one', () => {
    expect(schemaErrors('report', report)).toEqual([]);
    expect(schemaErrors('report', { ...report, kind: 'other' })).not.toEqual([]);
    expect(schemaErrors('report', { ...report, samples: [{ ...report.samples[0], pNoisy: 1.5 }] })).toContain('/samples/0/pNoisy must be <= 1');
    const { estimate: _, ...noEstimate } = report;
    expect(schemaErrors('report', noEstimate)).toContain("/ must have required property 'estimate'");
  });

  it('accept every row decisions.csv can hold and refuse the rows clean --decisions refuses', () => {
    const text = renderDecisionsCsv([
      { id: 'a', decision: 'relabel', newLabel: 'Coat', decidedAt: '2026-12-01T10:00:00.000Z' },
      { id: 'b', decision: 'drop', newLabel: null, decidedAt: '' },
    ]);
    for (const line of text.trimEnd().split('\n').slice(1)) {
      const [id, decision, new_label, decided_at] = line.split(',');
      expect(schemaErrors('decisions', { id, decision, new_label, decided_at })).toEqual([]);
    }
    const row = { id: 'a', decision: 'relabel', new_label: 'Coat', decided_at: '2026-12-01T10:00:00.000Z' };
    expect(schemaErrors('decisions', { ...row, new_label: '' })).not.toEqual([]);
    expect(schemaErrors('decisions', { ...row, decision: 'keep' })).not.toEqual([]);
    expect(schemaErrors('decisions', { ...row, decision: 'delete' })).not.toEqual([]);
    expect(schemaErrors('decisions', { ...row, decided_at: 'yesterday' })).not.toEqual([]);
  });

  it('refuse a model manifest without its checksum or with an unknown model', () => {
    const manifest = {
      kind: 'labelsleuth-model',
      version: 1,
      toolVersion: '0.1.0',
      classNames: ['a', 'b'],
      sampleShape: [2],
      input: { kind: 'table', encoding: { kind: 'table-encoding', version: 1, label: 'label', id: null, columns: [{ kind: 'numeric', name: 'x', mean: 0, std: 1 }], dropped: [] } },
      model: { kind: 'mlp', hidden: [8] },
      weightsSha256: 'a'.repeat(64),
      training: {},
    };
    expect(schemaErrors('model-manifest', manifest)).toEqual([]);
    const { weightsSha256: _, ...noSum } = manifest;
    expect(schemaErrors('model-manifest', noSum)).not.toEqual([]);
    expect(schemaErrors('model-manifest', { ...manifest, model: { kind: 'transformer' } })).not.toEqual([]);
  });

  it('are shipped in the package and exported by path', () => {
    const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8'));
    expect(pkg.files).toContain('src');
    expect(pkg.exports['./schemas/*']).toBe('./src/schemas/*');
  });
});
