#!/usr/bin/python3
"""Writes sklearn's bundled digits set as CSV for the detection-quality suite: id,label,p0..p63.

  /usr/bin/python3 bench/quality/export-sklearn.py OUTDIR

Debian's python3-sklearn ships the data file (sklearn/datasets/data/digits.csv.gz), so nothing is
downloaded. 1,797 8x8 images, pixel values 0..16, classes '0'..'9'; rows in the file's order,
id = 1-based row.
"""
import csv
import os
import sys

from sklearn.datasets import load_digits


def main(argv):
    if len(argv) != 1:
        sys.exit('usage: export-sklearn.py OUTDIR')
    outdir = argv[0]
    os.makedirs(outdir, exist_ok=True)
    d = load_digits()
    path = os.path.join(outdir, 'digits.csv')
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['id', 'label'] + [f'p{j}' for j in range(d.data.shape[1])])
        for i, (x, y) in enumerate(zip(d.data, d.target)):
            w.writerow([i + 1, str(int(y))] + [int(v) for v in x])
    print(f'digits: {d.data.shape[0]} rows, {d.data.shape[1]} features, {len(set(d.target))} classes -> {path}')


if __name__ == '__main__':
    main(sys.argv[1:])
