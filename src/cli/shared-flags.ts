/**
 * The CLI side of the shared training options (options/training.ts): one declaration per option
 * (flag, parser, help, choices), added to audit and retrain alike, and one way back from parsed
 * flags to a TrainingOptions object. The table is exhaustive over TrainingOptions, so a new shared
 * option cannot reach the library without its flag, and no command copies fields by hand.
 *
 * Defaults are shown in the help but not given to commander: an absent flag stays undefined, and
 * the library resolver fills it in, so the CLI and a library caller get the very same default.
 */
import { Option, type Command } from 'commander';
import { backendChoices } from '../backend/choices.js';
import { CHANNEL_CHOICES } from '../data/channels.js';
import { TEXT_ENCODINGS } from '../data/text-source.js';
import { DELIMITER_CHOICES } from '../data/delimiter.js';
import { trainingDefaults, type TrainingDefaults, type TrainingOptions } from '../options/training.js';
import { integer, integerList, list, number } from './parse.js';

type SharedKey = keyof TrainingOptions;

/**
 * Where a flag sits in a command's help, between the command's own flags: which CSV columns to
 * read, how to train, and the runtime (backend, and how raw values and images become inputs).
 */
export type FlagGroup = 'columns' | 'training' | 'runtime';

interface FlagSpec {
  readonly group: FlagGroup;
  /** commander's flag syntax; its long name becomes the parsed attribute (`--batch-size` -> batchSize). */
  readonly flags: string;
  readonly description: string;
  /** What "(default: ...)" says, from the command's defaults; absent for on/off switches. */
  readonly shownDefault?: (d: TrainingDefaults) => string;
  readonly parse?: (value: string) => unknown;
  readonly choices?: readonly string[];
}

const sharedFlags = {
  label: { group: 'columns', flags: '--label <column>', description: 'column holding the given labels', shownDefault: (d) => `"${d.label}"` },
  id: {
    group: 'columns',
    flags: '--id <column>',
    description: 'column holding a unique id per row',
    shownDefault: () => 'a column named id, ID, uuid or key, or one whose text values all differ, else the 1-based data row number',
  },
  features: {
    group: 'columns',
    flags: '--features <columns>',
    description: 'comma-separated feature columns',
    shownDefault: () => 'every column but the label and id',
    parse: list,
  },
  epochs: { group: 'training', flags: '--epochs <n>', description: 'training passes', shownDefault: (d) => String(d.epochs), parse: integer },
  batchSize: { group: 'training', flags: '--batch-size <n>', description: 'samples per gradient step', shownDefault: (d) => String(d.batchSize), parse: integer },
  learningRate: { group: 'training', flags: '--lr <rate>', description: 'Adam learning rate', shownDefault: (d) => String(d.learningRate), parse: number },
  hidden: { group: 'training', flags: '--hidden <sizes>', description: 'MLP hidden layer widths', shownDefault: (d) => d.hidden.join(','), parse: integerList },
  seed: { group: 'training', flags: '--seed <n>', description: 'seed for shuffling and initial weights', shownDefault: (d) => String(d.seed), parse: integer },
  backend: { group: 'runtime', flags: '--backend <name>', description: 'tfjs backend', shownDefault: (d) => d.backend, choices: backendChoices },
  maxCategories: {
    group: 'runtime',
    flags: '--max-categories <n>',
    description: 'one-hot cap per string column',
    shownDefault: (d) => String(d.maxCategories),
    parse: integer,
  },
  encoding: {
    group: 'runtime',
    flags: '--encoding <name>',
    description: 'CSV text encoding (auto = UTF-8, or UTF-16 when the bytes say so; gzip is read either way)',
    shownDefault: (d) => d.encoding,
    choices: TEXT_ENCODINGS,
  },
  delimiter: {
    group: 'runtime',
    flags: '--delimiter <name>',
    description: "what separates a table's fields (auto = detected from the header line: comma, tab, semicolon or pipe)",
    shownDefault: (d) => d.delimiter,
    choices: DELIMITER_CHOICES,
  },
  split: {
    group: 'runtime',
    flags: '--split <name>',
    description: 'image folders split into train/val/test subfolders: the split to use',
    shownDefault: () => 'train',
  },
  imageColumn: {
    group: 'columns',
    flags: '--image-column <column>',
    description: "a table that lists image files: the column of paths (relative to the table's folder, or absolute)",
    shownDefault: () => 'a column whose values are paths of existing image files',
  },
  imageSize: {
    group: 'runtime',
    flags: '--image-size <n>',
    description: 'image folders: resize to n x n pixels, a multiple of 4',
    shownDefault: (d) => String(d.imageSize),
    parse: integer,
  },
  channels: {
    group: 'runtime',
    flags: '--channels <mode>',
    description: 'image folders: gray, rgb or auto (gray when every image is)',
    shownDefault: (d) => d.channels,
    choices: CHANNEL_CHOICES,
  },
  augment: { group: 'runtime', flags: '--augment', description: 'image folders: random 2-pixel shifts and left-right flips while training (never for the losses)' },
} as const satisfies Record<SharedKey, FlagSpec>;

const sharedKeys = Object.keys(sharedFlags) as SharedKey[];

export interface SharedFlagsConfig {
  /** The command's defaults, shown in the help. @default trainingDefaults */
  readonly defaults?: TrainingDefaults;
  /** A command's own wording for a flag's description; the "(default: ...)" part is still generated. */
  readonly describe?: Partial<Record<SharedKey, string>>;
  /** A command's own "(default: ...)" text, where its default is a rule rather than one value. */
  readonly shownDefaults?: Partial<Record<SharedKey, string>>;
}

/** One shared flag as a commander Option, for a command that takes it alone (predict, clean, inject-noise take --encoding). */
export function sharedFlag(key: SharedKey, config: SharedFlagsConfig = {}): Option {
  const d = config.defaults ?? trainingDefaults;
  const spec: FlagSpec = sharedFlags[key];
  const description = config.describe?.[key] ?? spec.description;
  const shown = config.shownDefaults?.[key] ?? spec.shownDefault?.(d);
  const option = new Option(spec.flags, shown !== undefined ? `${description} (default: ${shown})` : description);
  if (spec.parse) option.argParser(spec.parse);
  if (spec.choices) option.choices(spec.choices);
  return option;
}

/** Adds the shared flags of one group to `command`, in the table's order. */
export function addSharedFlags(command: Command, group: FlagGroup, config: SharedFlagsConfig = {}): Command {
  const d = config.defaults ?? trainingDefaults;
  for (const key of sharedKeys) if (sharedFlags[key].group === group) command.addOption(sharedFlag(key, { ...config, defaults: d }));
  return command;
}

/** The TrainingOptions a user gave on the command line; flags left out are absent, for the resolver to default. */
export function sharedOptionsFrom(flags: Readonly<Record<string, unknown>>): TrainingOptions {
  const options: Record<string, unknown> = {};
  for (const key of sharedKeys) {
    const value = flags[new Option(sharedFlags[key].flags).attributeName()];
    if (value !== undefined) options[key] = value;
  }
  // Safe: each value came through its flag's parser or choices, which yield the option's type.
  return options as TrainingOptions;
}
