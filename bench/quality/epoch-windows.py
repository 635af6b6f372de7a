#!/usr/bin/python3
"""Which epochs the ranking should average, scored offline on dump-epoch-probabilities.mjs's
output (BENCHMARKS.md, "Detection quality, fifth round"). For each case: replays the audit's
memorisation stop and extension on the epoch records (src/scoring/stopping.ts), then ranks by the
margin (best other class minus the given one) of the probabilities averaged over a window of
epochs, and scores AUROC, AP and F1 at a fixed flag count (the default's own flagged count, read
from the suite's labelsleuth.json), so only the ranking differs between windows.

  /usr/bin/python3 bench/quality/epoch-windows.py --dumps DIR --suite bench/out/quality
"""
import argparse
import glob
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from ref_metrics import auroc, average_precision  # noqa: E402

MIN_EPOCHS, MIN_STEPS, EXTEND_BELOW_STEPS, MEMORISED_SHARE = 3, 100, 400, 0.3


def replay(epochs, max_epochs):
    """(stop epoch E or None, the last epoch ranked on, memorised) as audit-training.ts decides them."""
    stop = None
    for e in epochs:
        if e['epoch'] < MIN_EPOCHS or e['steps'] < MIN_STEPS:
            continue
        if e['agreement'] >= 1 - max(e['estimatedNoise'], e['confidentNoise']):
            stop = e
            break
    if stop is None:
        return None, max_epochs, False
    E = stop['epoch']
    end = E if stop['steps'] >= EXTEND_BELOW_STEPS else min(2 * E, max_epochs)
    dis = 1 - stop['agreement']
    for e in epochs[E:end]:
        if 1 - e['agreement'] < MEMORISED_SHARE * dis:
            return E, E, True
    return E, end, False


def windows(E, end, memorised):
    """Window name -> (first, last) epochs, 1-based inclusive."""
    s = E or end
    w = {
        'all': (1, end),
        'to-stop': (1, s),
        'from-half-stop': (max(1, s // 2 + 1), end),
        'from-stop': (min(s, end), end) if not memorised else (1, end),
        'tail-half': (end // 2 + 1, end),
        'tail-third': (end - end // 3 + 1 if end >= 3 else 1, end),
        'last': (end, end),
        'skip2': (min(3, end), end),
    }
    return w


def margin_of(p, labels):
    n, k = p.shape
    given = p[np.arange(n), labels]
    q = p.copy()
    q[np.arange(n), labels] = -np.inf
    return q.max(axis=1) - given


def f1_at(score, truth, c):
    if c <= 0:
        return 0.0
    top = np.argsort(-score, kind='mergesort')[:c]
    tp = int(truth[top].sum())
    pos = int(truth.sum())
    return 2 * tp / (c + pos) if c + pos else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dumps', required=True)
    ap.add_argument('--suite', required=True)
    a = ap.parse_args()
    rows = []
    for meta_path in sorted(glob.glob(os.path.join(a.dumps, '*.json'))):
        meta = json.load(open(meta_path))
        name = meta['case']
        res_path = os.path.join(a.suite, name, 'labelsleuth.json')
        if not os.path.exists(res_path):
            continue
        res = json.load(open(res_path))
        truth = np.asarray(meta['truth'], dtype=bool)
        if not truth.any():
            continue
        n, k = meta['n'], meta['k']
        labels = np.asarray(meta['labels'])
        P = np.fromfile(os.path.join(a.dumps, name + '.probs.f32'), dtype=np.float32).reshape(-1, n, k).astype(np.float64)
        E, end, mem = replay(meta['epochs'], P.shape[0])
        c = res['metrics']['flagged']
        out = {'case': name, 'E': E, 'end': end, 'mem': mem, 'ref': res['metrics'].get('aurocOfRanking')}
        cum = np.cumsum(P, axis=0)
        for wname, (lo, hi) in windows(E, end, mem).items():
            mean = (cum[hi - 1] - (cum[lo - 2] if lo >= 2 else 0)) / (hi - lo + 1)
            m = margin_of(mean, labels)
            out[wname] = (auroc(m, truth), average_precision(m, truth), f1_at(m, truth, c))
        rows.append(out)
    names = [w for w in rows[0] if isinstance(rows[0][w], tuple)]
    print(f"{'case':20s} E   end | " + ' | '.join(f'{w:>17s}' for w in names))
    for r in rows:
        print(f"{r['case']:20s} {str(r['E']):3s} {r['end']:3d} | " + ' | '.join('%.3f %.3f %.3f' % (r[w][0], r[w][1], r[w][2]) for w in names))
    print('mean (AUROC AP F1@C)')
    for w in names:
        v = np.array([r[w] for r in rows])
        print(f'  {w:16s} ' + ' '.join('%.4f' % x for x in v.mean(axis=0)))


main()
