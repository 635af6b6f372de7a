import { describe, expect, it } from 'vitest';
import { parseNoiseMatrix } from '../../src/noise/noise-matrix.js';

const classes = ['cat', 'dog', 'fox'];

describe('parseNoiseMatrix', () => {
  it('reads rows keyed by class names, a missing cell being 0', () => {
    const m = parseNoiseMatrix('m.json', { cat: { cat: 0.8, dog: 0.2 }, dog: { dog: 1 }, fox: { cat: 0.5, fox: 0.5 } }, classes);
    expect(m).toEqual([
      [0.8, 0.2, 0],
      [0, 1, 0],
      [0.5, 0, 0.5],
    ]);
  });

  it('reads a square array in sorted class order', () => {
    expect(
      parseNoiseMatrix(
        'm.json',
        [
          [1, 0, 0],
          [0, 0.3, 0.7],
          [0, 0, 1],
        ],
        classes,
      )[1],
    ).toEqual([0, 0.3, 0.7]);
  });

  it('accepts rounding within 1e-6 and names the row that does not sum to 1', () => {
    expect(() =>
      parseNoiseMatrix(
        'm.json',
        [
          [1 - 5e-7, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        classes,
      ),
    ).not.toThrow();
    expect(() => parseNoiseMatrix('m.json', { cat: { cat: 1 }, dog: { dog: 0.7, cat: 0.2 }, fox: { fox: 1 } }, classes)).toThrow(
      "m.json: row 'dog' sums to 0.8999999999999999, not 1; make every row's probabilities add up to 1",
    );
  });

  it.each([
    ['an unknown class', { cat: { cat: 1 }, dog: { dog: 1 }, fox: { fox: 1 }, owl: { owl: 1 } }, "m.json: 'owl' is not a class of the data (classes: 'cat', 'dog', 'fox')"],
    ['a missing row', { cat: { cat: 1 }, dog: { dog: 1 } }, 'm.json: no row for class \'fox\'; give one object per class, e.g. {"fox": {"fox": 1}}'],
    [
      'a wrong shape',
      [
        [1, 0],
        [0, 1],
      ],
      "m.json: the matrix has 2 rows but the data has 3 classes; give a 3 x 3 array (classes in this order: 'cat', 'dog', 'fox')",
    ],
    [
      'a negative entry',
      [
        [1.5, -0.5, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      "m.json: row 'cat', column 'cat': 1.5 is not a probability in [0, 1]",
    ],
    ['a string entry', { cat: { cat: '1' }, dog: { dog: 1 }, fox: { fox: 1 } }, "m.json: row 'cat', column 'cat': NaN is not a probability in [0, 1]"],
  ])('refuses %s', (_name, json, message) => {
    expect(() => parseNoiseMatrix('m.json', json, classes)).toThrow(message);
  });
});
