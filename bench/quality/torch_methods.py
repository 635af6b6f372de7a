#!/usr/bin/python3
"""The PyTorch-side methods of the detection-quality suite, on one case (a CSV or an image folder).

  /usr/bin/python3 bench/quality/torch_methods.py --data CASE.csv --truth CASE.truth.csv \
      --case-json '{"name": "vowel-sym20", ...}' --methods-json '[{"name": "paper-last", ...}, ...]' \
      --out-dir bench/out/quality [--threads 1] [--cleanlab-src /work/cleanlab-src]

Writes <out-dir>/<case>/<method>.json (scored by score.py, as every method is) and
<method>.scores.csv (id,score,flagged) for each method asked for. Method kinds (methods.json):

  torch     the recipe of bench/reference_torch.py (and reference_torch_cnn.py for image folders):
            z-scored inputs, MLP 256-128 (or the small CNN), torch's default init, Adam 1e-3,
            batch 128, 10 epochs, cross-entropy on the given labels; after every epoch each
            sample's CE in eval mode and a BMM (ref_bmm.py). "output": "last" is the paper's use
            (the last epoch's mixture, flag p_noisy >= 0.5); "mean-loss" is labelsleuth's default
            aggregation. The monotone posterior is ref_bmm's `anchored`, as reference_torch.py's
            plain method names.
  cleanlab  cleanlab 2.x on the same model's softmax probabilities: "probs": "in-sample" (the model
            trained on every row predicts every row: the run above) or "cv" (out-of-fold: "folds"
            stratified folds on the given labels, one model per fold, the same recipe; inputs are
            z-scored on all rows, which uses no label). Flags = filter.find_label_issues
            (default filter_by prune_by_noise_rate); score = 1 - rank.get_label_quality_scores
            (self_confidence by default); estimate = count.num_label_issues
            (off_diagonal_calibrated; off_diagonal and the flagged count are kept beside it).

Methods that need the same training share one run (paper-last, torch-mean-loss and
cleanlab-insample train once). Each JSON's seconds say what its own result would cost alone:
load (from process start, so Python's and torch's imports count, as Node's start counts for
labelsleuth) + training (+ the per-epoch loss passes where the method uses them) + its scoring.

Table encoding, as labelsleuth's (src/data/encode.ts): a column is numeric when every non-missing
cell is a number (z-scored with the population std, a missing cell imputed with the mean, i.e. 0);
otherwise categorical (one-hot 0/1, missing as its own '__missing__' category, at most 32 columns
with the rarer values pooled). Missing = empty, NA, N/A, null (any case). On an all-numeric file
this gives exactly reference_torch.py's inputs (a constant column stays as zeros there and here).

Run it with Debian's python3 (torch, numpy, scikit-learn); cleanlab runs from its source tree.
"""
import time

T_PROCESS = time.perf_counter()  # before the imports: torch alone takes ~1-2 s to import

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
sys.path.insert(0, BENCH)
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from ref_bmm import BetaMixture, normalise_losses  # noqa: E402
from reference_torch import build_mlp, per_sample_pass  # noqa: E402
import score as scoring  # noqa: E402

MISSING = {'', 'na', 'n/a', 'null'}
MAX_CATEGORIES = 32
RECIPE = {'epochs': 10, 'hidden': '256,128', 'lr': 1e-3, 'batchSize': 128, 'seed': 1}


def is_missing(cell):
    return cell.strip().lower() in MISSING


def as_number(cell):
    try:
        v = float(cell)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def natural_key(s):
    import re
    return [(0, int(t), '') if t.isdigit() else (1, 0, t.lower()) for t in re.split(r'(\d+)', s) if t != '']


def load_table(path, label_col='label', id_col='id'):
    with open(path, newline='', encoding='utf-8-sig') as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [r for r in reader if r]
    li = header.index(label_col)
    ii = header.index(id_col) if id_col in header else None
    ids = [r[ii].strip() for r in rows] if ii is not None else [str(k + 1) for k in range(len(rows))]
    names = [r[li].strip() for r in rows]
    blocks, info = [], {'numeric': 0, 'categorical': 0, 'oneHotWidth': 0, 'missingCells': 0}
    for j, col in enumerate(header):
        if j in (li, ii):
            continue
        cells = [r[j].strip() for r in rows]
        miss = np.array([is_missing(c) for c in cells])
        info['missingCells'] += int(miss.sum())
        values = [None if m else as_number(c) for c, m in zip(cells, miss)]
        if all(v is not None for v, m in zip(values, miss) if not m):
            v = np.array([0.0 if m else x for x, m in zip(values, miss)], dtype=np.float64)
            present = v[~miss]
            mean = present.mean() if len(present) else 0.0
            std = present.std() if len(present) else 0.0  # population std (ddof=0)
            z = np.where(miss, 0.0, (v - mean) / std) if std > 0 else np.zeros(len(v))
            blocks.append(z[:, None])
            info['numeric'] += 1
        else:
            keys = ['__missing__' if m else c for c, m in zip(cells, miss)]
            counts = {}
            for k in keys:
                counts[k] = counts.get(k, 0) + 1
            order = lambda k: (k == '__missing__', natural_key(k), k)  # noqa: E731
            if len(counts) <= MAX_CATEGORIES:
                cats = sorted(counts, key=order)
            else:
                ranked = sorted(counts, key=lambda k: (-counts[k], natural_key(k), k))
                cats = sorted(ranked[:MAX_CATEGORIES - 1], key=order) + ['__other__']
            if len(cats) < 2:
                continue  # constant: labelsleuth drops it
            slot = {c: s for s, c in enumerate(cats)}
            other = slot.get('__other__')
            oh = np.zeros((len(rows), len(cats)))
            for r, k in enumerate(keys):
                s = slot.get(k, other)
                if s is not None:
                    oh[r, s] = 1.0
            blocks.append(oh)
            info['categorical'] += 1
            info['oneHotWidth'] += len(cats)
    x = np.hstack(blocks).astype(np.float32)
    classes = sorted(set(names))  # as reference_torch.py
    index = {c: k for k, c in enumerate(classes)}
    y = np.array([index[c] for c in names], dtype=np.int64)
    return ids, x, y, classes, info


def load_images(root, size=28):
    """As reference_torch_cnn.py: gray PIL decode, [0, 1], standardised by the dataset mean/std."""
    from PIL import Image
    from reference_torch_cnn import list_images
    files = list_images(root)
    classes = sorted({c for _, c in files}, key=natural_key_cnn)
    index = {c: i for i, c in enumerate(classes)}
    raw = np.empty((len(files), size, size), dtype=np.uint8)
    for i, (rel, _) in enumerate(files):
        im = Image.open(os.path.join(root, rel)).convert('L')
        if im.size != (size, size):
            im = im.resize((size, size), Image.BILINEAR)
        raw[i] = np.asarray(im)
    xf = raw.astype(np.float32) / 255.0
    x = ((xf - xf.mean()) / xf.std())[:, None, :, :].copy()
    y = np.array([index[c] for _, c in files], dtype=np.int64)
    return [rel for rel, _ in files], x, y, classes, {'images': len(files), 'size': size}


def natural_key_cnn(s):
    from reference_torch_cnn import natural_key as nk
    return nk(s)


def make_builder(x, k, hidden):
    if x.ndim == 4:
        from reference_torch_cnn import build_cnn
        return lambda: build_cnn(x.shape[1], x.shape[2], k), 512
    return lambda: build_mlp(x.shape[1], hidden, k), 4096


def train(x, y, k, cfg, record_losses):
    """reference_torch.py's loop: same seeding and RNG use, so the same model on the same data."""
    hidden = [int(h) for h in str(cfg['hidden']).split(',') if h]
    build, chunk = make_builder(x, k, hidden)
    torch.manual_seed(cfg['seed'])
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    model = build()
    opt = torch.optim.Adam(model.parameters(), lr=cfg['lr'])
    gen = torch.Generator().manual_seed(cfg['seed'])
    n = len(y)
    t_steps = t_pass = 0.0
    losses = []
    for _ in range(cfg['epochs']):
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(n, generator=gen)
        for s in range(0, n, cfg['batchSize']):
            b = perm[s:s + cfg['batchSize']]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(xt[b]), yt[b])
            loss.backward()
            opt.step()
        t1 = time.perf_counter()
        if record_losses:
            losses.append(per_sample_pass(model, xt, yt, chunk)[0])
        t_steps += t1 - t0
        t_pass += time.perf_counter() - t1
    return model, losses, {'steps': t_steps, 'lossPasses': t_pass}, chunk


def predict_proba(model, x, chunk):
    model.eval()
    out = []
    with torch.no_grad():
        for s in range(0, len(x), chunk):
            out.append(torch.softmax(model(torch.from_numpy(x[s:s + chunk])), dim=1))
    p = torch.cat(out).numpy().astype(np.float64)
    return p / p.sum(axis=1, keepdims=True)


def bmm_scores(losses, output):
    if output == 'last':
        xn, inside, _ = normalise_losses(losses[-1])
    elif output == 'mean-loss':
        norm_sum = np.zeros(len(losses[0]))
        for l in losses:
            norm_sum += normalise_losses(l)[0]
        xn, inside, _ = normalise_losses(norm_sum / len(losses))
    else:
        raise SystemExit(f'unknown torch output {output!r}')
    bmm = BetaMixture().fit(xn[inside])
    post = bmm.posterior_noisy(xn, 'anchored')
    return post, bmm.describe()


def cv_probs(x, y, k, cfg, folds):
    from sklearn.model_selection import StratifiedKFold
    import warnings
    probs = np.zeros((len(y), k))
    t = {'steps': 0.0, 'predict': 0.0}
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # classes with fewer members than folds
        splits = list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=cfg['seed']).split(np.zeros(len(y)), y))
    for tr, te in splits:
        model, _, secs, chunk = train(x[tr], y[tr], k, cfg, record_losses=False)
        t0 = time.perf_counter()
        probs[te] = predict_proba(model, x[te], chunk)
        t['predict'] += time.perf_counter() - t0
        t['steps'] += secs['steps']
    return probs, t


def write_probs(path, ids, y, classes, probs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'given_label', *classes])
        for i, row in enumerate(probs):
            w.writerow([ids[i], classes[y[i]], *(f'{p:.8g}' for p in row / row.sum())])


def write_losses(path, ids, y, classes, losses):
    """The per-sample losses of every epoch, wide (`id, given_label, epoch_1, ...`), as `audit --losses` reads them."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['id', 'given_label', *(f'epoch_{e + 1}' for e in range(len(losses)))])
        for i in range(len(ids)):
            w.writerow([ids[i], classes[y[i]], *(f'{float(l[i]):.8g}' for l in losses)])


def cleanlab_scores(y, probs, spec):
    from cleanlab.count import num_label_issues
    from cleanlab.filter import find_label_issues
    from cleanlab.rank import get_label_quality_scores
    filter_by = spec.get('filterBy', 'prune_by_noise_rate')
    method = spec.get('scoreMethod', 'self_confidence')
    t0 = time.perf_counter()
    mask = find_label_issues(y, probs, filter_by=filter_by, n_jobs=1)
    quality = get_label_quality_scores(y, probs, method=method)
    est_cal = int(num_label_issues(y, probs, estimation_method='off_diagonal_calibrated'))
    est_off = int(num_label_issues(y, probs, estimation_method='off_diagonal'))
    margin = get_label_quality_scores(y, probs, method='normalized_margin')
    secs = time.perf_counter() - t0
    return 1.0 - quality, mask, {'offDiagonalCalibrated': est_cal, 'offDiagonal': est_off}, 1.0 - margin, secs


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True)
    p.add_argument('--truth', required=True)
    p.add_argument('--case-json', required=True)
    p.add_argument('--methods-json', required=True)
    p.add_argument('--out-dir', required=True)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--cleanlab-src', default=os.environ.get('CLEANLAB_SRC', '/work/cleanlab-src'))
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    case = json.loads(a.case_json)
    specs = json.loads(a.methods_json)
    if any(s['kind'] == 'cleanlab' for s in specs):
        sys.path.insert(0, a.cleanlab_src)
        import cleanlab
        cleanlab_version = cleanlab.__version__
    else:
        cleanlab_version = None

    t0 = T_PROCESS
    if os.path.isdir(a.data):
        ids, x, y, classes, enc = load_images(a.data)
    else:
        ids, x, y, classes, enc = load_table(a.data)
    k = len(classes)
    is_noisy = scoring.truth_mask(scoring.load_truth(a.truth), ids)
    t_load = time.perf_counter() - t0
    versions = {'torch': torch.__version__, 'numpy': np.__version__, 'python': sys.version.split()[0]}
    if cleanlab_version:
        import sklearn
        versions.update({'cleanlab': cleanlab_version, 'sklearn': sklearn.__version__})

    runs = {}  # (training config, with losses?) -> (model, losses, seconds, chunk)

    def full_run(cfg):
        key = json.dumps(cfg, sort_keys=True)
        if key not in runs:
            runs[key] = train(x, y, k, cfg, record_losses=True)
        return runs[key]

    for spec in specs:
        cfg = {**RECIPE, **spec.get('train', {})}
        meta = {
            'case': case,
            'method': {'name': spec['name'], 'kind': spec['kind'], 'spec': spec, 'peer': bool(spec.get('peer'))},
            'settings': {**cfg, 'threads': torch.get_num_threads(), 'inputWidth': int(np.prod(x.shape[1:])),
                         'encoding': enc},
            'versions': versions,
        }
        n = len(y)
        if spec['kind'] == 'torch':
            _, losses, secs, _ = full_run(cfg)
            t1 = time.perf_counter()
            post, bmm = bmm_scores(losses, spec.get('output', 'last'))
            t_score = time.perf_counter() - t1
            # The very losses the recipe's mixture saw, for `labelsleuth audit --losses` on the same input.
            write_losses(os.path.join(a.out_dir, case['name'], spec['name'] + '.losses.csv'), ids, y, classes, losses)
            score, flagged = post, post >= spec.get('threshold', 0.5)
            meta['estimate'] = {'count': float(post.sum()), 'share': float(post.mean()),
                                'how': 'sum of p_noisy (the expected number of wrong labels)'}
            meta['extra'] = {'bmm': bmm, 'noisyComponentWeightTimesN': bmm['noisyWeight'] * n}
            meta['seconds'] = {'load': t_load, 'train': secs['steps'], 'lossPasses': secs['lossPasses'],
                               'score': t_score, 'total': t_load + secs['steps'] + secs['lossPasses'] + t_score}
            extra_metrics = None
        elif spec['kind'] == 'cleanlab':
            if spec.get('probs', 'in-sample') == 'in-sample':
                model, _, secs, chunk = full_run(cfg)
                t1 = time.perf_counter()
                probs = predict_proba(model, x, chunk)
                train_secs = {'train': secs['steps'], 'predict': time.perf_counter() - t1}
            else:
                probs, t = cv_probs(x, y, k, cfg, int(spec.get('folds', 5)))
                train_secs = {'train': t['steps'], 'predict': t['predict']}
            score, flagged, est, margin_score, t_score = cleanlab_scores(y, probs, spec)
            # The very probabilities cleanlab saw, for `labelsleuth audit --probs` on the same input.
            write_probs(os.path.join(a.out_dir, case['name'], spec['name'] + '.probs.csv'), ids, y, classes, probs)
            meta['estimate'] = {'count': est['offDiagonalCalibrated'], 'share': est['offDiagonalCalibrated'] / n,
                                'how': 'cleanlab.count.num_label_issues(off_diagonal_calibrated)',
                                'offDiagonal': est['offDiagonal']}
            acc = float((probs.argmax(axis=1) == y).mean())
            meta['extra'] = {'accuracyOnGivenLabels': acc, 'filterBy': spec.get('filterBy', 'prune_by_noise_rate'),
                             'scoreMethod': spec.get('scoreMethod', 'self_confidence')}
            meta['seconds'] = {'load': t_load, **train_secs, 'score': t_score,
                               'total': t_load + sum(train_secs.values()) + t_score}
            mm = scoring.metrics(margin_score, flagged, is_noisy)
            extra_metrics = {'aurocNormalizedMargin': mm['auroc'], 'apNormalizedMargin': mm['ap']}
        else:
            raise SystemExit(f"unknown method kind {spec['kind']!r}")
        outdir = os.path.join(a.out_dir, case['name'])
        scoring.write_scores(os.path.join(outdir, spec['name'] + '.scores.csv'), ids, score, flagged)
        meta['scores'] = os.path.join(outdir, spec['name'] + '.scores.csv')
        result = scoring.build_result(meta, scoring.metrics(score, flagged, is_noisy), extra_metrics)
        scoring.write_result(os.path.join(outdir, spec['name'] + '.json'), result)
        m = result['metrics']
        fmt = lambda v: '-' if v is None else f'{v:.4f}'  # noqa: E731
        print(f"{case['name']} {spec['name']}: AUROC {fmt(m['auroc'])} AP {fmt(m['ap'])} F1 {fmt(m['f1'])} "
              f"flagged {m['flagged']} est {meta['estimate']['count']:.0f} true {m['trueNoisy']} "
              f"{meta['seconds']['total']:.1f}s", file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1:])
