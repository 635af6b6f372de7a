import type { LabelNoiseReport } from './report.js';

/** report.json: the report object itself, with numbers rounded so the file stays readable and small. */
export function renderReportJson(report: LabelNoiseReport): string {
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(7)) : value), 2) + '\n';
}
