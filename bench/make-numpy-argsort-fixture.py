#!/usr/bin/env python3
"""Writes fixtures/numpy/argsort.json: arrays full of ties and what numpy's argsort (its default
kind) returns for each, so `src/scoring/numpy-argsort.ts` is checked against numpy itself with no
Python at test time. Fixed seed; rerun after a numpy upgrade and diff.

    /usr/bin/python3 bench/make-numpy-argsort-fixture.py [fixtures/numpy/argsort.json]
"""
import json
import sys

import numpy as np

rng = np.random.default_rng(7)
cases = []


def add(values, why):
    arr = np.asarray(values, dtype=np.float64)
    cases.append({'why': why, 'values': [None if np.isnan(v) else float(v) for v in arr],
                  'order': [int(i) for i in np.argsort(arr)]})


for n in range(1, 80):
    add(rng.integers(0, 3, n) / 5, f'{n} entries, three distinct values')
    add(np.round(rng.random(n), 1), f'{n} entries, tenths')
for n in (17, 19, 33, 128, 1000):
    add(np.zeros(n), f'{n} equal entries')
    add(np.arange(n) // 3, f'{n} ascending in runs of three')
    add((np.arange(n) // 4)[::-1], f'{n} descending in runs of four')
    add(rng.integers(0, 5, n) - 2.0, f'{n} entries, five values')
    add(-np.round(rng.random(n), 2), f'{n} negated hundredths')
# A rounding row as cleanlab builds it (floats - ints), with -0.0 beside 0.0 and NaN.
add([0.4, -0.0, 0.0, 0.4, -0.2, 0.4, 0.0, -0.4, 0.2, 0.4, -0.0, 0.0, 0.4, 0.1, 0.0, 0.4, 0.0, 0.0, 0.0], 'a 19-entry remainder row')
add([np.nan, 1.0, np.nan, 0.0] * 6, 'NaN sorts last')
json.dump({'numpy': np.__version__, 'cases': cases}, open(sys.argv[1] if len(sys.argv) > 1 else 'fixtures/numpy/argsort.json', 'w'), separators=(',', ':'))
