#!/usr/bin/env python3
"""How many labels are wrong: candidate estimators scored offline on the audit's own training
(issue 11's target: within 20% of the true count on every noisy case). Reads what
bench/quality/dump-audit-signals.mjs writes (count.f32: the probabilities the count reads;
mean.f32: the ranking's, blended with the neighbours' vote when they voted; the epoch records
with each epoch's running-average count). Not part of the tests.

  python3 bench/quality/estimate-rules.py DUMP_DIR [--verbose]
"""
import glob
import json
import os
import sys

import importlib.util

import numpy as np

_spec = importlib.util.spec_from_file_location('guard_rules', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'guard-rules.py'))
GUARD = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(GUARD)


def joint(p, y, k):
    return GUARD.joint_matrix(p, y, k)


def load(d, name):
    j = json.load(open(f'{d}/{name}.json'))
    n, k = j['n'], j['k']
    rd = lambda ext: np.fromfile(f'{d}/{name}.{ext}.f32', dtype=np.float32).astype(np.float64).reshape(n, k)
    y = np.array(j['labels'])
    return dict(name=name, n=n, k=k, y=y, t=np.array(j['truth'], dtype=bool), count=rd('count'), mean=rd('mean'),
                last=rd('last'), epochs=j['epochs'], ext=j.get('extension'), nc=np.bincount(y, minlength=k))


def margins(p, y):
    n = len(y)
    g = p[np.arange(n), y]
    q = p.copy()
    q[np.arange(n), y] = -np.inf
    return q.max(1) - g, q.argmax(1)


def off(J):
    return J.sum() - np.trace(J)


def crowded(F, nc, k, p0=1e-3):
    """mutual-confusion.ts crowdedCells, as guard-rules.py scores it."""
    return GUARD.crowded_cells(F, nc, k, p0)


def guard_flags(c, count, clear=0.7):
    """clarity.ts guardFlags on the blended margins (guard-rules.py's pair_guard): the mutually
    confused pairs, then the margin at the share left, on the top round(count)."""
    m, sug = margins(c['mean'], c['y'])
    g = dict(n=c['n'], k=c['k'], y=c['y'], m=m, sug=sug, nc=c['nc'], iss=count,
             order=np.lexsort((np.arange(c['n']), -m)))
    return GUARD.pair_guard(g, clear=clear)


def rules(c):
    n, k, y = c['n'], c['k'], c['y']
    J = joint(c['count'], y, k)
    out = {'cj (now)': off(J)}
    out['cj last'] = off(joint(c['last'], y, k))
    out['cj blend'] = off(joint(c['mean'], y, k))
    m, sug = margins(c['count'], y)
    out['disagree'] = (m > 0).sum()
    # The joint with the mutually confused pairs' cells cut to the background rate: honest
    # confusions crowd a pair both ways, symmetric noise spreads over every cell.
    cr, beta = crowded(J, c['nc'], k)
    mutual = cr & cr.T
    bg = beta * np.repeat(c['nc'][:, None], k, 1)
    excess = np.where(mutual, np.maximum(J - bg, 0), 0).sum()
    out['cj - mutual excess'] = off(J) - excess
    # Shipped (confusion-count.ts): the excess leaves as the background's share of the count goes from 0.5 to 0.65.
    share = off(J) / n
    background = (bg * ~np.eye(k, dtype=bool)).sum() / max(off(J), 1e-12)
    kept = min(1, max(0, (0.65 - background) / 0.15))
    out['cj - excess where background explains it (shipped)'] = off(J) - (1 - kept) * excess
    # Margin-qualified: only samples whose averaged margin clears the clean-data guard's bar.
    bar = 0.5 * max(0, 1 - share / 0.3)
    mm, _ = margins(c['mean'], y)
    out['count, margin >= bar'] = ((mm >= bar) & (mm > 0)).sum()
    out['cj full mean (last epoch record)'] = c['epochs'][-1]['confidentNoise'] * n
    out['flagged (now)'] = guard_flags(c, off(J)).sum()
    shipped = out['cj - excess where background explains it (shipped)']
    # Shipped flags (build-audit-report.ts): the guard on the own count, stopped at the corrected one.
    out['flagged (shipped)'] = min(out['flagged (now)'], round(shipped))
    return out


def main():
    d = sys.argv[1]
    names = sorted(os.path.basename(f)[:-5] for f in glob.glob(f'{d}/*.json'))
    cases = [load(d, nm) for nm in names]
    table = {}
    for c in cases:
        r = rules(c)
        for name, v in r.items():
            table.setdefault(name, []).append((c['name'], v, int(c['t'].sum()), c['n']))
    for name, rows in table.items():
        noisy = [(nm, v, t) for nm, v, t, _ in rows if t > 0]
        within = sum(abs(v - t) <= 0.2 * t for _, v, t in noisy)
        logerr = np.mean([abs(np.log(max(v, 1) / t)) for _, v, t in noisy])
        clean = ', '.join(f"{nm.split('-')[0][:6]} {100 * v / n:.1f}%" for nm, v, t, n in rows if t == 0)
        print(f'{name:52s} within 20%: {within}/{len(noisy)}  mean |log ratio| {logerr:.3f}  clean: {clean}')
        if '--verbose' in sys.argv:
            print('    ' + ' '.join(f'{nm}:{v / t:.2f}' for nm, v, t in noisy))


main()
