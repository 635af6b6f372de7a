/**
 * The one set of option validators. Each returns the value it checked (narrowed where it can) or
 * throws a UserError('option') whose message is one line naming the flag, the allowed values or
 * range, and what it got: the CLI prints it as is, and a library caller reads the same sentence.
 *
 * The flag is named the CLI way (`--batch-size`) for library callers too: it is the name the
 * README and `--help` document, and each option field maps to exactly one flag.
 */
import { UserError } from '../errors.js';

/** How a rejected value is shown: numbers as typed, anything else (a string from JS, null) quoted by JSON. */
function shown(v: unknown): string {
  return typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
}

const reject = (flag: string, rule: string, v: unknown, show: (v: unknown) => string = shown): never => {
  throw new UserError('option', `${flag} must be ${rule}, got ${show(v)}`);
};

/** A number in [0, 1] (a p_noisy threshold). */
export function probability(flag: string, v: unknown): number {
  return typeof v === 'number' && v >= 0 && v <= 1 ? v : reject(flag, 'a probability in [0, 1]', v);
}

/** A fraction strictly inside (0, 1): a share of the data where neither none nor all makes sense. */
export function fraction(flag: string, v: unknown): number {
  return typeof v === 'number' && v > 0 && v < 1 ? v : reject(flag, 'a fraction strictly between 0 and 1', v);
}

/** The seed of util/rng.ts, which takes an unsigned 32-bit integer. */
export function seed(flag: string, v: unknown): number {
  return wholeNumber(flag, v, { min: 0, max: 0xffffffff });
}

/** A whole number in [min, max]; min defaults to 1 (counts and sizes). */
export function wholeNumber(flag: string, v: unknown, range: { readonly min?: number; readonly max: number }): number {
  const min = range.min ?? 1;
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= range.max ? v : reject(flag, `a whole number from ${min} to ${range.max}`, v);
}

/** A list of whole numbers in [1, max] (layer widths); the message names the bad item. */
export function wholeNumberList(flag: string, v: unknown, max: number): number[] {
  if (!Array.isArray(v)) return reject(flag, `a list of whole numbers from 1 to ${max}`, v);
  for (const item of v as unknown[]) {
    if (!(typeof item === 'number' && Number.isInteger(item) && item >= 1 && item <= max)) reject(flag, `whole numbers from 1 to ${max}`, item);
  }
  return [...(v as number[])];
}

/**
 * A number above 0 and below a bound: `below` excludes it, `upTo` includes it. Zero is excluded
 * because these are step sizes and shape parameters, where 0 means nothing happens (or NaN).
 */
export function positiveNumber(flag: string, v: unknown, bound: { readonly below: number } | { readonly upTo: number }): number {
  const ok = typeof v === 'number' && v > 0 && ('below' in bound ? v < bound.below : v <= bound.upTo);
  return ok ? v : reject(flag, 'below' in bound ? `a positive number below ${bound.below}` : `a positive number up to ${bound.upTo}`, v);
}

/** A number in [min, max] (a weight that 0 turns off). */
export function numberInRange(flag: string, v: unknown, min: number, max: number): number {
  return typeof v === 'number' && v >= min && v <= max ? v : reject(flag, `a number from ${min} to ${max}`, v);
}

/**
 * A key of a closed vocabulary's table (the same table commander's `.choices()` is built from).
 * Own keys only: `'toString' in table` is true, and would pass a typo that names a prototype method.
 */
export function oneOf<K extends string>(flag: string, v: unknown, table: { readonly [key in K]: unknown }): K {
  if (typeof v === 'string' && Object.hasOwn(table, v)) return v as K;
  // A name is shown bare, as the user typed it: `--loss must be one of ce, ..., got cee`.
  return reject(flag, `one of ${Object.keys(table).join(', ')}`, v, (x) => (typeof x === 'string' ? x : shown(x)));
}
