import chalk from 'chalk';
import type { LabelNoiseReport } from '../../reports/report.js';
import { renderSummaryJson } from '../../reports/summary-json.js';
import { renderTerminal } from '../../reports/terminal.js';

/** The result on stdout: the terminal summary, or with --json the same as one JSON object. */
export function printResult(report: LabelNoiseReport, flags: { readonly json?: boolean; readonly top: number; readonly out: string }): void {
  process.stdout.write(flags.json ? renderSummaryJson(report, { top: flags.top, outDir: flags.out }) : renderTerminal(report, { top: flags.top, outDir: flags.out, style: chalk }));
}
