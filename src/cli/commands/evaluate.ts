import { Command, Option } from 'commander';
import { runEvaluateReport } from '../../pipeline/evaluate.js';
import { renderEvaluation, renderEvaluationJson } from '../../reports/evaluation.js';
import { number } from '../parse.js';

const EVALUATE_FORMATS = ['table', 'json'] as const;

interface EvaluateFlags {
  truth: string;
  threshold?: number;
  format: (typeof EVALUATE_FORMATS)[number];
}

const renderers = { table: renderEvaluation, json: renderEvaluationJson } satisfies Record<EvaluateFlags['format'], unknown>;

export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description('score a saved audit against known truth: precision, recall, F1, AUROC, AP, precision@k, and the best threshold')
    .argument('<report-dir>', 'the --out folder of an audit (samples.csv + report.json)')
    .requiredOption('--truth <csv>', 'known truth: columns id and is_noisy (1/0), or id and true_label (e.g. the truth file of inject-noise)')
    .option('--threshold <p>', 'flag p_noisy >= p (default: the threshold the audit used)', number)
    .addOption(new Option('--format <format>', 'table on stdout, or JSON').choices(EVALUATE_FORMATS).default('table'))
    .action(async (reportDir: string, flags: EvaluateFlags) => {
      const result = await runEvaluateReport({ report: reportDir, truth: flags.truth, threshold: flags.threshold });
      process.stdout.write(renderers[flags.format](result));
    });
}
