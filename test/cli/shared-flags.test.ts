import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/cli/commands/audit.js';
import { retrainCommand } from '../../src/cli/commands/retrain.js';
import { addSharedFlags, sharedOptionsFrom } from '../../src/cli/shared-flags.js';
import { auditDefaults } from '../../src/options/audit.js';
import { MIN_EPOCH_STEPS, retrainDefaults, SMALL_DATA_STEPS } from '../../src/options/retrain.js';
import { type TrainingDefaults, trainingDefaults } from '../../src/options/training.js';

/** The help as `--help` prints it, with commander's line wrapping undone. */
const helpOf = (c: Command): string => c.helpInformation().replace(/\s+/g, ' ');

/** The "(default: ...)" each shared flag's help must show, from the defaults object the resolver uses. */
function expectedDefaults(d: TrainingDefaults): string[] {
  return [
    `--label <column> column holding the given labels (default: "${d.label}")`,
    `--epochs <n> training passes (default: ${d.epochs})`,
    `--batch-size <n> samples per gradient step (default: ${d.batchSize}`,
    `Adam learning rate (default: ${d.learningRate})`,
    `--hidden <sizes> MLP hidden layer widths (default: ${d.hidden.join(',')})`,
    `weights (default: ${d.seed})`,
    `--backend <name> tfjs backend (default: ${d.backend})`,
    `--max-categories <n> one-hot cap per string column (default: ${d.maxCategories})`,
    `a multiple of 4 (default: ${d.imageSize})`,
    `(gray when every image is) (default: ${d.channels})`,
  ];
}

describe('the shared training flags', () => {
  it("audit --help shows the defaults of trainingDefaults, with the audit's own maximum of epochs", () => {
    const help = helpOf(auditCommand());
    for (const line of expectedDefaults({ ...trainingDefaults, epochs: auditDefaults.epochs })) expect(help).toContain(line);
    expect(help).toContain('(default: flag the estimated number of wrong labels, most suspicious first)');
  });

  it("retrain --help shows the defaults of trainingDefaults, with retrain's own epochs", () => {
    const help = helpOf(retrainCommand());
    expect(retrainDefaults.epochs).not.toBe(trainingDefaults.epochs);
    for (const line of expectedDefaults(retrainDefaults)) expect(help).toContain(line);
    // A small table's batch is a rule (retrainBatchSize), and the help says so.
    expect(help).toContain(
      `(default: ${retrainDefaults.batchSize}, or rows / ${MIN_EPOCH_STEPS} when an epoch at ${retrainDefaults.batchSize} would take fewer than ${SMALL_DATA_STEPS} steps)`,
    );
    for (const key of ['batchSize', 'learningRate', 'seed', 'maxCategories', 'imageSize'] as const) expect(retrainDefaults[key]).toBe(trainingDefaults[key]);
    expect(help).toContain('--lr <rate> peak learning rate: 0.1 with --optimizer sgd, else the Adam learning rate (default: 0.001)');
  });

  it('both commands take every shared flag, with the same choices', () => {
    const all = addSharedFlags(addSharedFlags(addSharedFlags(new Command(), 'columns'), 'training'), 'runtime');
    const shared = all.options.map((o) => o.long);
    expect(shared).toHaveLength(17);
    for (const command of [auditCommand(), retrainCommand()]) {
      for (const flag of all.options) {
        const same = command.options.find((o) => o.long === flag.long);
        expect(same, `${command.name()} ${flag.long}`).toBeDefined();
        expect(same!.flags).toBe(flag.flags);
        expect(same!.argChoices).toEqual(flag.argChoices);
      }
    }
  });

  it('maps parsed flags to TrainingOptions, leaving absent ones out for the resolver', () => {
    const parse = (args: string[]) => {
      const c = addSharedFlags(addSharedFlags(addSharedFlags(new Command(), 'columns'), 'training'), 'runtime').exitOverride();
      c.parse(args, { from: 'user' });
      return sharedOptionsFrom(c.opts());
    };
    expect(parse([])).toEqual({});
    expect(
      parse([
        '--label',
        'y',
        '--id',
        'key',
        '--features',
        'a, b',
        '--epochs',
        '3',
        '--batch-size',
        '16',
        '--lr',
        '0.01',
        '--hidden',
        '8,4',
        '--seed',
        '7',
        '--backend',
        'cpu',
        '--max-categories',
        '5',
        '--encoding',
        'latin1',
        '--image-size',
        '16',
        '--channels',
        'rgb',
        '--augment',
      ]),
    ).toEqual({
      label: 'y',
      id: 'key',
      features: ['a', 'b'],
      epochs: 3,
      batchSize: 16,
      learningRate: 0.01,
      hidden: [8, 4],
      seed: 7,
      backend: 'cpu',
      maxCategories: 5,
      encoding: 'latin1',
      imageSize: 16,
      channels: 'rgb',
      augment: true,
    });
  });
});
