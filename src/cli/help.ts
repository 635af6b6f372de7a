/**
 * What every command's --help has, in one place rather than in each command: an Examples section,
 * and "(required)" after each option commander will insist on. A table, so that a new command
 * without examples fails test/cli/help.e2e.test.ts rather than shipping a bare help.
 */
import { Help, type Command, type Option } from 'commander';

const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  audit: [
    'labelsleuth audit                                   # the bundled demo, with its known wrong labels',
    'labelsleuth audit iris.csv --label species',
    'labelsleuth audit photos/ --epochs 10 --out photos-report',
    'labelsleuth audit --probs probs.csv --truth truth.csv',
    'labelsleuth audit data.csv --json --quiet > summary.json',
  ],
  retrain: ['labelsleuth retrain noisy.csv --test clean-test.csv --compare --out model/', 'labelsleuth retrain photos/ --loss mixup-dynamic-hard --epochs 20'],
  predict: ['labelsleuth predict new.csv --model model/', 'labelsleuth predict new-photos/ --model model/ --out predictions/'],
  'inject-noise': [
    'labelsleuth inject-noise clean.csv --kind symmetric --rate 0.2 --out noisy.csv',
    'labelsleuth inject-noise photos/ --kind pairflip --rate 0.1 --seed 7 --out noisy-photos/',
    'labelsleuth inject-noise clean.csv --kind matrix --matrix flips.json --out noisy.csv',
  ],
  evaluate: ['labelsleuth evaluate labelsleuth-report --truth noisy.truth.csv', 'labelsleuth evaluate labelsleuth-report --truth noisy.truth.csv --threshold 0.9 --format json'],
  export: ['labelsleuth export labelsleuth-report --top 100 --out worst.csv', 'labelsleuth export labelsleuth-report --class Coat --format json'],
  clean: [
    'labelsleuth clean data.csv --decisions labelsleuth-report/decisions.csv --out fixed.csv',
    'labelsleuth clean data.csv --decisions decisions.csv --report labelsleuth-report --out fixed.csv',
    'labelsleuth clean data.csv --report labelsleuth-report --action drop --out fixed.csv',
    'labelsleuth clean photos/ --report labelsleuth-report --action relabel --threshold 0.9 --out photos-fixed/',
  ],
  inspect: [
    'labelsleuth inspect data.csv                        # what audit would read, without training',
    'labelsleuth inspect photos/ --json',
    'labelsleuth inspect export.tsv --delimiter tab --label species',
  ],
  review: [
    'labelsleuth review labelsleuth-report --open',
    'labelsleuth review labelsleuth-report --port 0',
    'labelsleuth clean data.csv --decisions labelsleuth-report/decisions.csv --out fixed.csv',
  ],
};

/** commander's help, with "(required)" after a mandatory option's description. */
class LabelsleuthHelp extends Help {
  override optionDescription(option: Option): string {
    const text = super.optionDescription(option);
    return option.mandatory ? `${text} (required)` : text;
  }
}

/** Gives every subcommand of `program` the required marks and its Examples section. */
export function applyHelpConventions(program: Command): void {
  for (const command of program.commands) {
    command.createHelp = () => Object.assign(new LabelsleuthHelp(), command.configureHelp());
    const examples = EXAMPLES[command.name()];
    if (examples) command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}`);
  }
}
