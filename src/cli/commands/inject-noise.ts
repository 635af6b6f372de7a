import { sharedFlag } from '../shared-flags.js';
import { Command, Option } from 'commander';
import { NOISE_KINDS, type NoiseKind } from '../../noise/noise-kinds.js';
import { injectNoiseDefaults, runInjectNoise } from '../../pipeline/inject-noise.js';
import { integer, number } from '../parse.js';
import { printNotes } from '../notes.js';

interface InjectNoiseFlags {
  kind: NoiseKind;
  rate?: number;
  seed?: number;
  out: string;
  label?: string;
  id?: string;
  matrix?: string;
  force?: boolean;
}

export function injectNoiseCommand(): Command {
  const d = injectNoiseDefaults;
  return new Command('inject-noise')
    .description('write a copy of a dataset with known, seeded label noise, and its truth file beside it')
    .argument('<data>', 'a CSV file with a label column, or an image folder (one subfolder per class; not with --kind instance)')
    .addOption(
      new Option(
        '--kind <kind>',
        'symmetric: to a uniformly chosen other class; pairflip: class k to k+1 (sorted order); matrix: from a transition matrix; instance: ambiguous samples to their most confusable class',
      )
        .choices(NOISE_KINDS)
        .makeOptionMandatory(),
    )
    .option('--rate <r>', 'share of labels to flip, in [0, 1) (not with --kind matrix)', number)
    .option('--seed <n>', `seed for which samples flip and where (default: ${d.seed})`, integer)
    .requiredOption('--out <path>', 'the noisy copy; the truth goes beside it (<name>.truth.csv for <name>.csv) or inside a folder copy (truth.csv)')
    .option('--label <column>', `column holding the labels (default: "${d.label}")`)
    .addOption(sharedFlag('id'))
    .option('--matrix <file.json>', 'transition matrix for --kind matrix: {"from": {"to": p, ...}, ...} or a square array in sorted class order; rows sum to 1')
    .addOption(sharedFlag('encoding'))
    .addOption(sharedFlag('delimiter'))
    .option('--force', 'replace --out and its truth file if they exist')
    .action(async (data: string, flags: InjectNoiseFlags) => {
      const r = await runInjectNoise({ data, ...flags });
      printNotes(r.notes);
      const share = r.rows > 0 ? ((100 * r.flipped) / r.rows).toFixed(1) : '0.0';
      process.stdout.write(
        `${r.out}: ${r.rows} samples, ${r.flipped} labels flipped (${share}%, ${r.kind}, seed ${flags.seed ?? d.seed})\n` +
          `${r.truth}: the truth (id,true_label,noisy_label,is_noisy)\n`,
      );
    });
}
