/**
 * The closed list of learning-rate schedules (retrain's --schedule). Pure functions, no
 * TensorFlow.js: option resolution and the CLI's choices read the same table the loop uses.
 */

export type Schedule = 'constant' | 'step';

/** Learning-rate multiplier per 1-based epoch. `step`: the reference's MultiStepLR at 1/3 and 5/6 of the run, γ = 0.1. */
export const schedules = {
  constant: () => () => 1,
  step: (epochs: number) => (epoch: number) => (epoch > Math.round((5 * epochs) / 6) ? 0.01 : epoch > Math.round(epochs / 3) ? 0.1 : 1),
} as const satisfies Record<Schedule, (epochs: number) => (epoch: number) => number>;

/** What each schedule does, for `--help`. */
export const scheduleDescriptions = {
  constant: 'the same rate every epoch',
  step: 'x0.1 at 1/3 and again at 5/6 of the epochs',
} as const satisfies Record<Schedule, string>;

export const SCHEDULES = Object.keys(schedules) as Schedule[];
