#!/usr/bin/env python3
"""Scores stopping, epoch-choice, counting and aggregation rules on per-epoch traces of
explore-scores.ts, without retraining.

Each trace line is one (case, epoch): training agreement, the loss mixture's estimate (meanPost),
confident learning's count on the probabilities averaged so far (cjAvg), gradient steps, the F1 of
the default's flags (the count held to the clean-data guard) had training stopped there, label-free
criteria (`criteria`), other counts on the same ranking (`counts`) and other aggregates over the
epochs (`aggregateScores`). A stopping rule is a function of the lines up to an epoch; this prints,
per rule, the mean F1 by noise kind and the rows flagged on clean data (BENCHMARKS.md, "Detection
quality, third round").

    python3 bench/quality/trace-rules.py trace-tables.jsonl trace-fmnist.jsonl
"""
import collections
import json
import sys

MAX_EPOCHS = 30


def load(paths):
    by = collections.defaultdict(dict)
    for path in paths:
        for line in open(path):
            r = json.loads(line)
            if r['epoch'] <= MAX_EPOCHS:
                by[r['case']][r['epoch']] = r
    return by


def share(r, key):
    return r[key] / r['n']


def memorization(min_epochs=3, min_steps=100, overreach=None, running_max_from=None, waive_at=None):
    """The default rule (src/scoring/stopping.ts) and the variants measured against it."""

    def rule(tr, e):
        r = tr[e]
        cj = share(r, 'cjAvg')
        if running_max_from is not None:
            cj = max(share(tr[t], 'cjAvg') for t in range(min(running_max_from, e), e + 1))
        mix = r['meanPost']
        noise = cj if overreach is not None and mix > overreach * cj else max(mix, cj)
        if r['agreement'] < 1 - noise:
            return False
        if e >= min_epochs and r['steps'] >= min_steps:
            return True
        return waive_at is not None and e >= 2 and r['agreement'] + share(r, 'cjAvg') >= waive_at

    return rule


RULES = {
    'default (memorisation, 3 epochs and 100 steps at least)': memorization(),
    'ignore the mixture when it sees > 2x the count': memorization(overreach=2),
    'ignore the mixture when it sees > 3x the count': memorization(overreach=3),
    'the count at its running maximum (from epoch 1)': memorization(running_max_from=1),
    'the count at its running maximum (from epoch 2)': memorization(running_max_from=2),
    'waive the step minimum once agreement + count >= 0.96': memorization(waive_at=0.96),
    'at least 50 steps instead of 100': memorization(min_steps=50),
}


def stops(by, rule):
    out = {}
    for case, tr in by.items():
        last = max(tr)
        out[case] = next((e for e in sorted(tr) if rule(tr, e)), last)
    return out


def oracle(by):
    """The best epoch of each case, with the truth: what no rule can beat."""
    out = {}
    for case, tr in by.items():
        clean = tr[1]['trueCount'] == 0
        out[case] = min(tr, key=lambda e: tr[e]['rules']['guarded']['flagged']) if clean else max(tr, key=lambda e: tr[e]['rules']['guarded']['f1'])
    return out


def summary(by, stop_at):
    f1 = collections.defaultdict(list)
    clean = []
    for case, e in sorted(stop_at.items()):
        r = by[case][e]
        dataset, kind = case.split('-', 1) if '-' in case else (case, 'demo')
        if r['trueCount'] == 0:
            clean.append(f"{dataset} {100 * r['rules']['guarded']['flagged'] / r['n']:.1f}% (epoch {e})")
        else:
            f1[kind].append(r['rules']['guarded']['f1'])
            f1['fmnist' if dataset.startswith('fmnist') else 'tables'].append(r['rules']['guarded']['f1'])
    return ' '.join(f'{k} {sum(v) / len(v):.3f}' for k, v in sorted(f1.items())) + ' | clean: ' + ', '.join(clean)


def best_criterion(by, name, patience):
    """Train on while a label-free criterion improves; keep its best epoch, stop `patience` epochs after it."""
    out = {}
    for case, tr in by.items():
        best = None
        for e in sorted(tr):
            if best is None or tr[e]['criteria'][name] > tr[best]['criteria'][name]:
                best = e
            if e - best >= patience:
                break
        out[case] = best
    return out


def group(case):
    return 'fmnist' if case.startswith('fmnist') else 'demo' if '-' not in case else 'tables'


def mean(xs):
    return sum(xs) / len(xs) if xs else float('nan')


def count_rules(by, stop_at):
    """At the default's stop: the count scaled, and every sample with a positive averaged margin."""
    f1 = collections.defaultdict(list)
    for case, e in stop_at.items():
        r = by[case][e]
        if r['trueCount'] == 0:
            continue
        g = group(case)
        f1[(g, 'count x 1.0')].append(r['rules']['guarded']['f1'])
        for factor, v in r['counts']['scaled'].items():
            f1[(g, f'count x {factor}')].append(v['f1'])
        f1[(g, 'positive margin')].append(r['counts']['positive']['f1'])
        for t, v in r['counts'].get('extended', {}).items():
            f1[(g, f'count, extended by margin >= {t}')].append(v['f1'])
        f1[(g, 'best threshold')].append(r['bestF1'])
    for name in sorted({k[1] for k in f1}):
        print(f'  {name}: ' + ' '.join(f'{g} {mean(f1[(g, name)]):.3f}' for g in ('tables', 'fmnist', 'demo') if f1[(g, name)]))


def aggregate_rules(by, stop_at):
    """At the default's stop: each aggregate's AUROC / F1 (its own margin, count and guard)."""
    got = collections.defaultdict(list)
    for case, e in stop_at.items():
        r = by[case][e]
        if r['trueCount'] == 0:
            continue
        g = group(case)
        got[(g, 'mean (default)')].append((r['auroc'], r['rules']['guarded']['f1']))
        for name, v in r['aggregateScores'].items():
            got[(g, name)].append((v['auroc'], v['f1']))
    for name in sorted({k[1] for k in got}):
        cells = []
        for g in ('tables', 'fmnist', 'demo'):
            xs = got[(g, name)]
            if xs:
                cells.append(f'{g} {mean([a for a, _ in xs]):.3f} / {mean([f for _, f in xs]):.3f}')
        print(f'  {name}: ' + ' '.join(cells))


if __name__ == '__main__':
    by = load(sys.argv[1:])
    print(f'{len(by)} cases; mean F1 of the default flags by noise kind | rows flagged on clean data')
    print('oracle (best epoch, with the truth):', summary(by, oracle(by)))
    for name, rule in RULES.items():
        print(f'{name}: {summary(by, stops(by, rule))}')
    for criterion in ('selfF1', 'gap', 'certainty', 'jaccard'):
        for patience in (2, 5):
            print(f'best {criterion}, patience {patience}: {summary(by, best_criterion(by, criterion, patience))}')
    default_stop = stops(by, RULES['default (memorisation, 3 epochs and 100 steps at least)'])
    print('counts at the default stop (mean F1):')
    count_rules(by, default_stop)
    print('aggregates at the default stop (mean AUROC / F1):')
    aggregate_rules(by, default_stop)
