import { InvalidArgumentError } from 'commander';

/** Option-value parsers for commander: a bad value becomes one clear line, exit code 2. */
export function integer(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n)) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

/** A count that may be zero (--top 0 lists none) but never negative. */
export function count(value: string): number {
  const n = integer(value);
  if (n < 0) throw new InvalidArgumentError('expected a whole number >= 0.');
  return n;
}

export function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('expected a number.');
  return n;
}

export function list(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new InvalidArgumentError('expected a comma-separated list with no empty items.');
  return items;
}

export function integerList(value: string): number[] {
  return list(value).map(integer);
}
