"""Detection metrics against the truth (score: higher = more likely mislabeled). numpy only,
matching sklearn's definitions: AUROC with tied scores counted as 1/2 (Mann-Whitney with average
ranks), average precision as sum over distinct thresholds of (R_n - R_{n-1}) * P_n."""
import numpy as np


def _average_ranks(s):
    order = np.argsort(s, kind='mergesort')
    sorted_s = s[order]
    ranks = np.empty(len(s), dtype=np.float64)
    i = 0
    n = len(s)
    while i < n:
        j = i
        while j + 1 < n and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return ranks


def auroc(score, truth):
    score = np.asarray(score, dtype=np.float64)
    truth = np.asarray(truth, dtype=bool)
    n_pos = int(truth.sum())
    n_neg = len(truth) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float('nan')
    ranks = _average_ranks(score)
    return float((ranks[truth].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def average_precision(score, truth):
    score = np.asarray(score, dtype=np.float64)
    truth = np.asarray(truth, dtype=bool)
    order = np.argsort(-score, kind='mergesort')
    s = score[order]
    t = truth[order]
    tp = np.cumsum(t)
    # Only the last index of each run of tied scores is a threshold.
    last = np.r_[s[1:] != s[:-1], True]
    tp = tp[last]
    k = np.nonzero(last)[0] + 1
    precision = tp / k
    recall = tp / max(int(truth.sum()), 1)
    prev = np.r_[0.0, recall[:-1]]
    return float(np.sum((recall - prev) * precision))


def precision_at_k(score, truth, k):
    """Ties broken by file order (stable sort), which is what a user reading the ranking sees."""
    order = np.argsort(-np.asarray(score, dtype=np.float64), kind='mergesort')
    return float(np.asarray(truth, dtype=bool)[order[:k]].mean()) if k > 0 else float('nan')


def detection_metrics(score, truth, threshold=0.5):
    """Flagged = score >= threshold (meant for posteriors)."""
    truth = np.asarray(truth, dtype=bool)
    flagged = np.asarray(score) >= threshold
    tp = int((flagged & truth).sum())
    fp = int((flagged & ~truth).sum())
    fn = int((~flagged & truth).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    k = int(truth.sum())
    return {
        'threshold': threshold,
        'flagged': int(flagged.sum()),
        'tp': tp, 'fp': fp, 'fn': fn,
        'precision': precision, 'recall': recall, 'f1': f1,
        'auroc': auroc(score, truth),
        'averagePrecision': average_precision(score, truth),
        'k': k,
        'precisionAtK': precision_at_k(score, truth, k),
    }
