import { describe, expect, it } from 'vitest';
import { chooseCategories, encodeRows, featureColumnsOf, type TableEncoding } from '../../src/data/encode.js';
import { isUserError } from '../../src/errors.js';

const encoding: TableEncoding = {
  kind: 'table-encoding',
  version: 1,
  label: 'label',
  id: null,
  columns: [
    { kind: 'numeric', name: 'age', mean: 20, std: 5 },
    { kind: 'categorical', name: 'color', categories: ['blue', 'red', '__missing__'] },
    { kind: 'categorical', name: 'city', categories: ['Oslo', '__other__'] },
  ],
  dropped: [{ name: 'k', reason: 'constant' }],
  classNames: ['a', 'b'],
};

describe('encodeRows', () => {
  it('standardises, imputes, one-hot encodes, and finds columns by name', () => {
    const header = ['city', 'label', 'k', 'color', 'age', 'extra'];
    const rows = [
      ['Oslo', 'a', '1', 'red', '30', 'z'],
      ['Rome', 'b', '1', '', 'NA', 'z'],
      ['', 'b', '1', 'green', ' 10 ', 'z'],
    ];
    const out = encodeRows(encoding, header, rows);
    expect(out.width).toBe(6);
    expect(Array.from(out.features)).toEqual([
      2,
      0,
      1,
      0,
      1,
      0, // age (30-20)/5, color=red, city=Oslo
      0,
      0,
      0,
      1,
      0,
      1, // age imputed, color __missing__, Rome -> __other__
      -2,
      0,
      0,
      0,
      0,
      1, // green unseen -> all zeros; missing city -> __other__
    ]);
    expect(out.imputedCells).toBe(3);
    expect(out.unseenCategories).toBe(1);
  });

  it('names the missing training column', () => {
    expect(() => encodeRows(encoding, ['age', 'color'], [], { path: 'new.csv' })).toThrow(
      "new.csv: column 'city' is missing; the model was trained with it, so the input needs every training column",
    );
  });

  it('refuses text and non-finite values in numeric columns, naming the line', () => {
    const header = ['age', 'color', 'city'];
    expect(() =>
      encodeRows(
        encoding,
        header,
        [
          ['1', 'red', 'Oslo'],
          ['inf', 'red', 'Oslo'],
        ],
        { path: 'new.csv' },
      ),
    ).toThrow("new.csv line 3, column 'age': 'inf' is not a finite number; write a number or leave the cell empty to impute it");
    try {
      encodeRows(encoding, header, [['x', 'red', 'Oslo']], { path: 'new.csv', lineNumbers: [9] });
    } catch (e) {
      expect(isUserError(e) && e.message).toBe("new.csv line 9, column 'age': 'x' is not a finite number; write a number or leave the cell empty to impute it");
    }
    expect.assertions(2);
  });

  it('lists one feature column per encoded dimension', () => {
    expect(featureColumnsOf(encoding).map((c) => c.name)).toEqual(['age', 'color=blue', 'color=red', 'color=__missing__', 'city=Oslo', 'city=__other__']);
  });
});

describe('chooseCategories', () => {
  it('keeps all categories in natural order when within the cap, __missing__ last', () => {
    const counts = new Map([
      ['v10', 1],
      ['__missing__', 4],
      ['v2', 2],
      ['v1', 1],
    ]);
    expect(chooseCategories(counts, 4)).toEqual({ categories: ['v1', 'v2', 'v10', '__missing__'], otherValues: 0, otherRows: 0 });
  });

  it('keeps the most frequent, ties broken by name, and counts what went to __other__', () => {
    const counts = new Map([
      ['d', 1],
      ['c', 2],
      ['b', 2],
      ['a', 5],
      ['e', 1],
    ]);
    expect(chooseCategories(counts, 3)).toEqual({ categories: ['a', 'b', '__other__'], otherValues: 3, otherRows: 4 });
  });
});
