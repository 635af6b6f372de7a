import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { fraction, numberInRange, oneOf, positiveNumber, probability, seed, wholeNumber, wholeNumberList } from '../../src/options/validate.js';

/** The UserError a call throws: kind 'option', one line. */
function optionError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).kind).toBe('option');
    expect((e as UserError).message).not.toContain('\n');
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('option validators', () => {
  it('probability: [0, 1], both ends included', () => {
    expect(probability('--threshold', 0)).toBe(0);
    expect(probability('--threshold', 1)).toBe(1);
    for (const bad of [-0.01, 1.5, Number.NaN, '0.5']) expect(() => probability('--threshold', bad)).toThrow(/^--threshold must be a probability in \[0, 1\], got /);
    expect(optionError(() => probability('--threshold', 1.5)).message).toBe('--threshold must be a probability in [0, 1], got 1.5');
  });

  it('fraction: strictly inside (0, 1)', () => {
    expect(fraction('--val-split', 0.1)).toBe(0.1);
    for (const bad of [0, 1, -0.2, Number.NaN]) expect(() => fraction('--val-split', bad)).toThrow('--val-split must be a fraction strictly between 0 and 1, got');
  });

  it('seed: a whole number from 0 to 2^32 - 1', () => {
    expect(seed('--seed', 0)).toBe(0);
    expect(seed('--seed', 0xffffffff)).toBe(0xffffffff);
    for (const bad of [-1, 0x100000000, 1.5]) expect(() => seed('--seed', bad)).toThrow('--seed must be a whole number from 0 to 4294967295, got');
  });

  it('wholeNumber: from min (1 unless given) to max', () => {
    expect(wholeNumber('--epochs', 1, { max: 10 })).toBe(1);
    expect(wholeNumber('--epochs', 10, { max: 10 })).toBe(10);
    expect(optionError(() => wholeNumber('--epochs', -3, { max: 10000 })).message).toBe('--epochs must be a whole number from 1 to 10000, got -3');
    expect(optionError(() => wholeNumber('--batch-size', 1, { min: 2, max: 65536 })).message).toBe('--batch-size must be a whole number from 2 to 65536, got 1');
    expect(() => wholeNumber('--epochs', 2.5, { max: 10 })).toThrow('got 2.5');
    // A string from a JS caller is named as a string, not mistaken for the number it spells.
    expect(optionError(() => wholeNumber('--epochs', '5', { max: 10 })).message).toBe('--epochs must be a whole number from 1 to 10, got "5"');
  });

  it('wholeNumberList: every item in [1, max], names the bad one, returns a copy', () => {
    const widths = [4, 8];
    const out = wholeNumberList('--hidden sizes', widths, 65536);
    expect(out).toEqual([4, 8]);
    expect(out).not.toBe(widths);
    expect(wholeNumberList('--hidden sizes', [], 65536)).toEqual([]);
    expect(optionError(() => wholeNumberList('--hidden sizes', [4, 0], 65536)).message).toBe('--hidden sizes must be whole numbers from 1 to 65536, got 0');
    expect(() => wholeNumberList('--hidden sizes', 64, 65536)).toThrow('--hidden sizes must be a list of whole numbers from 1 to 65536, got 64');
  });

  it('positiveNumber: above 0, below or up to a bound', () => {
    expect(positiveNumber('--lr', 0.001, { below: 10 })).toBe(0.001);
    expect(optionError(() => positiveNumber('--lr', 10, { below: 10 })).message).toBe('--lr must be a positive number below 10, got 10');
    expect(() => positiveNumber('--lr', 0, { below: 10 })).toThrow('--lr must be a positive number below 10, got 0');
    expect(positiveNumber('--mixup-alpha', 1000, { upTo: 1000 })).toBe(1000);
    expect(() => positiveNumber('--mixup-alpha', 1000.5, { upTo: 1000 })).toThrow('--mixup-alpha must be a positive number up to 1000, got 1000.5');
  });

  it('numberInRange: both ends included', () => {
    expect(numberInRange('--reg', 0, 0, 100)).toBe(0);
    expect(numberInRange('--reg', 100, 0, 100)).toBe(100);
    expect(() => numberInRange('--reg', -1, 0, 100)).toThrow('--reg must be a number from 0 to 100, got -1');
  });

  it('oneOf: a key of the table, named with every allowed value', () => {
    const table = { last: 1, 'mean-loss': 2 } as const;
    expect(oneOf('--aggregate', 'last', table)).toBe('last');
    expect(optionError(() => oneOf('--aggregate', 'meen-loss', table)).message).toBe('--aggregate must be one of last, mean-loss, got meen-loss');
    // Inherited names are not choices.
    expect(() => oneOf('--aggregate', 'toString', table)).toThrow('got toString');
    expect(() => oneOf('--aggregate', 3, table)).toThrow('--aggregate must be one of last, mean-loss, got 3');
  });
});
