#!/usr/bin/env python3
"""Clean-data guard rules, scored offline on the audit's own training (BENCHMARKS.md, "Detection
quality, fourth round: the clean-data guard"). Reads the files bench/quality/dump-audit-signals.mjs
writes (one training per case, exactly as `labelsleuth audit` trains), replays the default's flags
(confident learning's count from the top of the averaged-margin ranking, held to the margin guard)
and scores rule families against it: clean cases' share flagged, each noisy case's F1 change, the
mean F1 over the noisy cases. Not part of the tests.

  python3 bench/quality/guard-rules.py DUMP_DIR            # the families of the fourth round
  python3 bench/quality/guard-rules.py DUMP_DIR --verbose  # and every case the chosen rule changes
  python3 bench/quality/guard-rules.py DUMP_DIR --extra DIR  # and low-rate instance cases outside the suite
"""
import glob
import json
import os
import sys

import numpy as np
from scipy.stats import poisson


def load(d, name):
    j = json.load(open(f'{d}/{name}.json'))
    n, k = j['n'], j['k']
    mean = np.fromfile(f'{d}/{name}.mean.f32', dtype=np.float32).astype(np.float64).reshape(n, k)
    y = np.array(j['labels'])
    t = np.array(j['truth'], dtype=bool)
    # The margin: best other class minus the given one, on the averaged probabilities.
    g = mean[np.arange(n), y]
    q = mean.copy()
    q[np.arange(n), y] = -np.inf
    m, sug = q.max(1) - g, q.argmax(1)
    return dict(name=name, n=n, k=k, y=y, t=t, m=m, sug=sug, iss=joint_issues(mean, y, k),
                order=np.lexsort((np.arange(n), -m)), nc=np.bincount(y, minlength=k))


def joint_matrix(p, y, k):
    """confident-joint.ts: per-class thresholds, argmax among several, diagonal >= 1, calibrated."""
    th = np.array([p[y == j, j].mean() if (y == j).any() else 1 for j in range(k)])
    conf = p >= th - 1e-6
    cnt = conf.sum(1)
    col = np.where(cnt > 1, np.argmax(p, 1), np.argmax(conf, 1))
    raw = np.zeros((k, k))
    np.add.at(raw, (y[cnt > 0], col[cnt > 0]), 1)
    raw[np.diag_indices(k)] = np.maximum(raw[np.diag_indices(k)], 1)
    return raw / raw.sum(1, keepdims=True) * np.bincount(y, minlength=k)[:, None]


def joint_issues(p, y, k):
    """The joint's off-diagonal mass: the estimated number of wrong labels."""
    J = joint_matrix(p, y, k)
    return J.sum() - np.trace(J)


def f1(flag, t):
    if t.sum() == 0:
        return None
    tp = (flag & t).sum()
    return 2 * tp / (2 * tp + (flag & ~t).sum() + (~flag & t).sum())


def top_count(c):
    top = np.zeros(c['n'], bool)
    top[c['order'][:int(round(c['iss']))]] = True
    return top


def margin_guard(c, flag, share, M=0.5, F=0.3):
    return flag & (c['m'] >= M * max(0, 1 - share / F))


def default(c, M=0.5, F=0.3):
    return margin_guard(c, top_count(c), c['iss'] / c['n'], M, F)


def crowded_cells(F, nc, k, p0):
    off = ~np.eye(k, dtype=bool)
    expo = np.repeat(nc[:, None], k, 1).astype(float)
    crowded = np.zeros((k, k), bool)
    beta = 0.0
    for _ in range(50):
        ok = off & ~crowded
        beta = F[ok].sum() / max(expo[ok].sum(), 1)
        new = off & (poisson.sf(F - 1, beta * expo) < p0) & (F > 0)
        if (new == crowded).all():
            break
        crowded = new
    return crowded, beta


def pair_guard(c, p0=1e-3, full=0.14, fade=0.25, mutual=True, margin_share='left', clear=0.75):
    """mutual-confusion.ts (a flag with margin >= clear is never held), then the margin guard at the share left."""
    n, k, y, sug, m = c['n'], c['k'], c['y'], c['sug'], c['m']
    share = c['iss'] / n
    top = top_count(c)
    flag = top.copy()
    kept = min(1, max(0, (share - full) / (fade - full)))
    if kept < 1:
        idx = np.nonzero(top)[0]
        F = np.zeros((k, k))
        np.add.at(F, (y[idx], sug[idx]), 1)
        cr, beta = crowded_cells(F, c['nc'], k, p0)
        act = cr & cr.T if mutual else cr
        for i, j in zip(*np.nonzero(act)):
            mem = idx[(y[idx] == i) & (sug[idx] == j)]
            mem = mem[np.argsort(-m[mem], kind='stable')]
            bg = beta * c['nc'][i]
            rest = mem[int(np.ceil(bg + (len(mem) - bg) * kept)):]
            flag[rest[m[rest] < clear]] = False
    return margin_guard(c, flag, flag.sum() / n if margin_share == 'left' else share)


def evaluate(cases, rule, label, verbose=False):
    base = {c['name']: f1(default(c), c['t']) for c in cases}
    clean, noisy, d = [], [], []
    for c in cases:
        fl = rule(c)
        r = f1(fl, c['t'])
        if r is None:
            clean.append(f"{c['name'].split('-')[0][:6]} {100 * fl.mean():.1f}%")
            continue
        noisy.append(r)
        d.append((r - base[c['name']], c['name'], fl.mean()))
    worst = min(d)
    ok = sum(float(x.split()[-1][:-1]) <= 2 for x in clean)
    print(f"{label:44s} clean <= 2%: {ok}/{len(clean)} [{', '.join(clean)}] mean F1 {np.mean(noisy):.4f} "
          f"({np.mean(noisy) - np.mean(list(b for b in base.values() if b is not None)):+.4f}); "
          f"lose > .01: {sum(x[0] < -0.01 for x in d)}; worst {worst[0]:+.3f} {worst[1]}")
    if verbose:
        for x, nm, _ in d:
            if abs(x) > 1e-9:
                print(f"    {nm:18s} {base[nm]:.3f} -> {base[nm] + x:.3f} ({x:+.3f})")


def main():
    d = sys.argv[1]
    names = sorted(os.path.basename(f)[:-5] for f in glob.glob(f'{d}/*.json'))
    # The suite's 48 cases (6 datasets x 8 noise kinds); the demo and image dumps are scored alone.
    suite = [load(d, nm) for nm in names if '-' in nm and not nm.startswith('img')]
    evaluate(suite, default, 'default (margin 0.5 fading at 30%)')
    for M in [0.5, 0.6, 0.7, 0.8]:
        for F in [0.1, 0.2, 0.3]:
            evaluate(suite, lambda c: default(c, M, F), f'margin {M} fading at {F:.0%}')
    evaluate(suite, lambda c: pair_guard(c, mutual=False, full=0, fade=1e-9 + 0.3, clear=9), 'crowded cells, one-way too (fade 30%)')
    evaluate(suite, lambda c: pair_guard(c, full=0, fade=0.3, margin_share='count', clear=9), 'mutual pairs (fade 0-30%), margin on the count')
    for p0 in [1e-2, 1e-3, 1e-4]:
        for full in [0.1, 0.14, 0.16]:
            for fade in [0.2, 0.25, 0.3]:
                evaluate(suite, lambda c: pair_guard(c, p0, full, fade, clear=9), f'mutual pairs p<{p0:g}, full below {full:.0%}, none at {fade:.0%}')
    extra = []
    if '--extra' in sys.argv:
        e = sys.argv[sys.argv.index('--extra') + 1]
        extra = [load(e, os.path.basename(f)[:-5]) for f in sorted(glob.glob(f'{e}/*.json'))]
    for clear in [9, 0.9, 0.8, 0.75, 0.7, 0.6]:
        rule = lambda c: pair_guard(c, clear=clear)
        evaluate(suite, rule, f'p<0.001, 14%, 25%, clear at {clear if clear < 9 else "-"}', verbose='--verbose' in sys.argv and clear == 0.75)
        for c in extra + [load(d, nm) for nm in names if nm.startswith('img')]:
            b, g = default(c), rule(c)
            print(f"    {c['name']:18s} flagged {b.sum()} ({100 * b.mean():.2f}%) -> {g.sum()} ({100 * g.mean():.2f}%); F1 {f1(b, c['t']) or 0:.3f} -> {f1(g, c['t']) or 0:.3f}")


if __name__ == '__main__':
    main()
