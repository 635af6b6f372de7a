#!/usr/bin/env python3
"""Is the cut or the ranking the limit? Per noisy case of one suite run: the F1 of the shipped flags,
the F1 of the ranking's first true-count samples (a perfect count), and the best F1 of any prefix
(with its length). Reads <case>/<method>.scores.csv and the case's truth. Not part of the tests.

  python3 bench/quality/cut-gap.py OUT_DIR [--method labelsleuth]
"""
import csv
import glob
import os
import sys

out = sys.argv[1]
method = sys.argv[sys.argv.index('--method') + 1] if '--method' in sys.argv else 'labelsleuth'
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'quality', 'cases')
for d in sorted(glob.glob(f'{out}/*/')):
    name = os.path.basename(d.rstrip('/'))
    f = f'{d}{method}.scores.csv'
    if not os.path.exists(f):
        continue
    truth = {r['id']: r['is_noisy'] in ('1', 'true') for r in csv.DictReader(open(os.path.join(root, f'{name}.truth.csv')))}
    rows = sorted(csv.DictReader(open(f)), key=lambda r: int(r['rank']))
    t = [truth[r['id']] for r in rows]
    total = sum(t)
    if total == 0:
        continue
    flagged = sum(r['flagged'] == '1' for r in rows)
    best, at, tp = 0.0, 0, 0
    for i, x in enumerate(t):
        tp += x
        f1 = 2 * tp / (i + 1 + total)
        if f1 > best:
            best, at = f1, i + 1
    print(f'{name:18s} noisy {total:5d} flagged {flagged:5d} F1 {2 * sum(t[:flagged]) / (flagged + total):.3f}  '
          f'F1 at the true count {sum(t[:total]) / total:.3f}  best {best:.3f} at {at}')
