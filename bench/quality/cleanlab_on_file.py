#!/usr/bin/env python3
"""cleanlab 2.9's find_label_issues on the very file `labelsleuth audit --probs` read, and the two
flag sets compared id for id.

The suite's cleanlab methods flag the probabilities as PyTorch returned them; the .probs.csv they
write holds those rows normalised to 8 significant digits, so an exact tie can fall differently on
the two sides. Here both read the same bytes: every line of input is `<probs.csv> <labelsleuth
samples.csv>`, every line of output is JSON: the case, both flag counts, and the ids flagged by one
side only.

    /usr/bin/python3 bench/quality/cleanlab_on_file.py < pairs.txt   (CLEANLAB_SRC=/work/cleanlab-src)
"""
import csv
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.environ.get('CLEANLAB_SRC', '/work/cleanlab-src'))
from cleanlab.filter import find_label_issues  # noqa: E402

for line in sys.stdin:
    if not line.strip():
        continue
    probs_path, samples_path = line.split()
    with open(probs_path, newline='') as f:
        rows = list(csv.reader(f))
    classes = rows[0][2:]
    index = {c: j for j, c in enumerate(classes)}
    ids = [r[0] for r in rows[1:]]
    labels = np.array([index[r[1]] for r in rows[1:]])
    probs = np.array([[float(v) for v in r[2:]] for r in rows[1:]], dtype=np.float64)
    mask = find_label_issues(labels, probs, n_jobs=1)
    theirs = {ids[i] for i in np.flatnonzero(mask)}
    with open(samples_path, newline='') as f:
        ours = {r['id'] for r in csv.DictReader(f) if r['flagged'] == '1'}
    print(json.dumps({'probs': probs_path, 'cleanlab': len(theirs), 'labelsleuth': len(ours),
                      'onlyCleanlab': sorted(theirs - ours)[:10], 'onlyLabelsleuth': sorted(ours - theirs)[:10]}))
