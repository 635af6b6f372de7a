#!/usr/bin/python3
"""The one scorer of the detection-quality suite: every method's per-sample scores are turned into
the same metrics here, so that no two methods are measured by different code.

  score = higher means more likely mislabeled; flagged = the method's own decision (its flag rule:
  p_noisy >= 0.5 for the mixtures, cleanlab's find_label_issues mask for cleanlab).

Metrics (bench/ref_metrics.py, sklearn's definitions; ties in the score count 1/2 in AUROC):
  auroc, ap (average precision), precision / recall / f1 of the flags, flagged, tp / fp / fn,
  precisionAtK (k = the true number of wrong labels; ties broken by file order), and the
  estimated number of wrong labels next to the true one. With no wrong label in the truth (the
  0% cases) AUROC, AP, recall and F1 are undefined and written as null: what counts there is how
  many clean samples were flagged and how many wrong labels the method thinks there are.

As a command (used by run.mjs for labelsleuth, whose scores come from report.json):
  /usr/bin/python3 bench/quality/score.py --scores S.csv --truth T.csv --meta META.json --out RESULT.json
S.csv has columns id,score,flagged[,rank]; META.json holds everything about the run that is not
a metric (case, method, estimate, seconds, extra) and is copied into RESULT.json.
"""
import argparse
import csv
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # bench/, for ref_metrics
from ref_metrics import auroc, average_precision, precision_at_k  # noqa: E402

RESULT_KIND = 'labelsleuth-quality-result'


def load_truth(path):
    """{id: (true_label, noisy_label, is_noisy)} from an id,true_label,noisy_label,is_noisy file."""
    with open(path, newline='') as f:
        return {r['id']: (r['true_label'], r['noisy_label'], r['is_noisy'] == '1') for r in csv.DictReader(f)}


def truth_mask(truth, ids):
    missing = [i for i in ids if i not in truth]
    if missing:
        raise SystemExit(f'{len(missing)} ids have no truth row (e.g. {missing[0]!r})')
    return [truth[i][2] for i in ids]


def _num(x):
    """NaN and inf are not JSON: write null."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def metrics(score, flagged, is_noisy):
    import numpy as np
    score = np.asarray(score, dtype=np.float64)
    flagged = np.asarray(flagged, dtype=bool)
    truth = np.asarray(is_noisy, dtype=bool)
    if not (len(score) == len(flagged) == len(truth)):
        raise ValueError('score, flagged and truth differ in length')
    if np.isnan(score).any():
        raise ValueError('a score is NaN')
    n = len(truth)
    pos = int(truth.sum())
    tp = int((flagged & truth).sum())
    fp = int((flagged & ~truth).sum())
    fn = int((~flagged & truth).sum())
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / pos if pos else None
    f1 = 2 * tp / (2 * tp + fp + fn) if pos else None
    return {
        'n': n,
        'trueNoisy': pos,
        'flagged': int(flagged.sum()),
        'tp': tp, 'fp': fp, 'fn': fn,
        'precision': precision,
        'recall': recall,
        'f1': f1,
        'auroc': _num(auroc(score, truth)) if 0 < pos < n else None,
        'ap': _num(average_precision(score, truth)) if pos else None,
        'precisionAtK': _num(precision_at_k(score, truth, pos)) if pos else None,
    }


def write_scores(path, ids, score, flagged, rank=None):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['id', 'score', 'flagged'] + (['rank'] if rank is not None else []))
        for j, i in enumerate(ids):
            row = [i, repr(float(score[j])), int(bool(flagged[j]))]
            if rank is not None:
                row.append(int(rank[j]))
            w.writerow(row)


def read_scores(path):
    with open(path, newline='') as f:
        rows = list(csv.DictReader(f))
    ids = [r['id'] for r in rows]
    score = [float(r['score']) for r in rows]
    flagged = [r['flagged'] == '1' for r in rows]
    rank = [int(r['rank']) for r in rows] if rows and 'rank' in rows[0] and rows[0]['rank'] != '' else None
    return ids, score, flagged, rank


def build_result(meta, m, extra_metrics=None):
    """META (case, method, estimate, seconds, extra, ...) + the metrics; estimate error filled in."""
    result = {'kind': RESULT_KIND, 'version': 1}
    result.update(meta)
    result['metrics'] = m
    if extra_metrics:
        result['metrics'].update(extra_metrics)
    est = (meta.get('estimate') or {}).get('count')
    if est is not None:
        result['estimate']['trueCount'] = m['trueNoisy']
        result['estimate']['error'] = est - m['trueNoisy']
    return result


def write_result(path, result):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + '.tmp'
    with open(tmp, 'w') as f:
        json.dump(result, f, indent=2, allow_nan=False)
        f.write('\n')
    os.replace(tmp, path)


def ranking_metrics(rank, is_noisy):
    """AUROC / AP of a method's ranking as the user reads it (rank 1 = most suspicious), which for
    labelsleuth breaks the ties of a saturated p_noisy by the loss."""
    import numpy as np
    r = -np.asarray(rank, dtype=np.float64)
    truth = np.asarray(is_noisy, dtype=bool)
    pos = int(truth.sum())
    if not 0 < pos < len(truth):
        return {'aurocOfRanking': None, 'apOfRanking': None}
    return {'aurocOfRanking': _num(auroc(r, truth)), 'apOfRanking': _num(average_precision(r, truth))}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--scores', required=True)
    p.add_argument('--truth', required=True)
    p.add_argument('--meta', required=True)
    p.add_argument('--out', required=True)
    a = p.parse_args(argv)
    with open(a.meta) as f:
        meta = json.load(f)
    ids, score, flagged, rank = read_scores(a.scores)
    is_noisy = truth_mask(load_truth(a.truth), ids)
    extra = ranking_metrics(rank, is_noisy) if rank is not None else None
    write_result(a.out, build_result(meta, metrics(score, flagged, is_noisy), extra))


if __name__ == '__main__':
    main(sys.argv[1:])
