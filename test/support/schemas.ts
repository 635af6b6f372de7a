/**
 * The JSON Schemas shipped in src/schemas/, checked against what the tools really write. The e2e
 * tests call these on their outputs, so a field added to a report without its schema fails a test.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';

const schemaPath = (name: string): string => fileURLToPath(new URL(`../../src/schemas/${name}.schema.json`, import.meta.url));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validators = Object.fromEntries(
  (['report', 'decisions', 'model-manifest'] as const).map((name) => [name, ajv.compile(JSON.parse(readFileSync(schemaPath(name), 'utf8')))]),
) as Record<'report' | 'decisions' | 'model-manifest', ReturnType<typeof ajv.compile>>;

/** The schema's errors for a value, [] when it is valid. */
export function schemaErrors(name: keyof typeof validators, value: unknown): string[] {
  const validate = validators[name];
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

export function expectValidReportJson(path: string): void {
  expect(schemaErrors('report', JSON.parse(readFileSync(path, 'utf8'))), path).toEqual([]);
}

export function expectValidModelManifest(path: string): void {
  expect(schemaErrors('model-manifest', JSON.parse(readFileSync(path, 'utf8'))), path).toEqual([]);
}

/** decisions.csv: the exact header, then each row, as an object of its four fields, valid. Our files never need quoting of these test ids. */
export function expectValidDecisionsCsv(path: string): void {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  expect(header).toBe('id,decision,new_label,decided_at');
  for (const line of rows) {
    const [id, decision, new_label, decided_at] = line.split(',');
    expect(schemaErrors('decisions', { id, decision, new_label, decided_at }), `${path}: ${line}`).toEqual([]);
  }
}
