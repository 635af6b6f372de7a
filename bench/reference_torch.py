#!/usr/bin/python3
"""PyTorch reference for labelsleuth's audit: the same recipe, so the TS/tfjs numbers have a yardstick.

Recipe: z-score every feature column (population std; a constant column becomes all zeros), MLP with
ReLU (torch's default init: kaiming_uniform(a=sqrt(5)) weights, U(+-1/sqrt(fan_in)) biases), Adam,
cross-entropy on the given (noisy) labels, mini-batches reshuffled every epoch by a seeded
torch.Generator. After EVERY epoch: per-sample CE in eval mode under no_grad, then a BMM
(ref_bmm.py) on the normalised losses. Each posterior is made monotone two ways (ref_bmm.py: `left` as specified, `anchored`), both
reported; the plain method names use `left`. Aggregations:
  last       posterior of the last epoch's fit;
  mean-loss  a BMM fitted on (mean over epochs of each sample's normalised loss, clamped to
             [0.001, 0.999]); all samples are used for that fit (no second percentile band).
Metrics against <csv>.truth.csv by id (ref_metrics.py). JSON on stdout, a readable summary on stderr.

Run with Debian's python (the pyenv python3 on PATH has no torch):
  /usr/bin/python3 bench/reference_torch.py bench/data/fmnist-20k-n40.csv --epochs 10
"""
import argparse
import csv
import json
import resource
import sys
import time

import numpy as np
import torch
from torch import nn

from ref_bmm import BetaMixture, normalise_losses
from ref_metrics import auroc, average_precision, detection_metrics


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('csv')
    p.add_argument('--truth', help='default: <csv without .csv>.truth.csv')
    p.add_argument('--label-col', default='label')
    p.add_argument('--id-col', default='id')
    p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--hidden', default='256,128', help='comma-separated hidden sizes')
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--batch-size', type=int, default=128)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--threads', type=int, default=2)
    return p.parse_args(argv)


def load_csv(path, label_col, id_col):
    with open(path, newline='') as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = list(reader)
    li = header.index(label_col)
    ii = header.index(id_col) if id_col in header else None
    feat_cols = [j for j in range(len(header)) if j != li and j != ii]
    ids = [r[ii] for r in rows] if ii is not None else [str(k + 1) for k in range(len(rows))]
    names = [r[li] for r in rows]
    x = np.array([[r[j] for j in feat_cols] for r in rows], dtype=np.float64)
    classes = sorted(set(names))
    index = {c: k for k, c in enumerate(classes)}
    y = np.array([index[c] for c in names], dtype=np.int64)
    mean = x.mean(axis=0)
    std = x.std(axis=0)  # population std (ddof=0)
    safe = np.where(std > 0, std, 1.0)
    z = np.where(std > 0, (x - mean) / safe, 0.0).astype(np.float32)
    return ids, z, y, classes, int((std == 0).sum())


def load_truth(path, ids):
    with open(path, newline='') as f:
        rows = {r['id']: r for r in csv.DictReader(f)}
    return np.array([rows[i]['is_noisy'] == '1' for i in ids], dtype=bool), \
        np.array([rows[i]['true_label'] for i in ids])


def build_mlp(d, hidden, k):
    layers, prev = [], d
    for h in hidden:
        layers += [nn.Linear(prev, h), nn.ReLU()]
        prev = h
    layers.append(nn.Linear(prev, k))
    return nn.Sequential(*layers)


def per_sample_pass(model, x, y, chunk=4096):
    model.eval()
    losses, preds = [], []
    with torch.no_grad():
        for s in range(0, len(y), chunk):
            logits = model(x[s:s + chunk])
            losses.append(nn.functional.cross_entropy(logits, y[s:s + chunk], reduction='none'))
            preds.append(logits.argmax(dim=1))
    model.train()
    return torch.cat(losses).numpy().astype(np.float64), torch.cat(preds).numpy()


def main(argv):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    t_start = time.perf_counter()
    cpu_start = time.process_time()

    ids, z, y_np, classes, constant_cols = load_csv(args.csv, args.label_col, args.id_col)
    truth_path = args.truth or (args.csv[:-4] if args.csv.endswith('.csv') else args.csv) + '.truth.csv'
    is_noisy, true_names = load_truth(truth_path, ids)
    true_idx = np.array([classes.index(c) for c in true_names])
    t_load = time.perf_counter() - t_start

    n, d = z.shape
    hidden = [int(h) for h in args.hidden.split(',') if h]
    x = torch.from_numpy(z)
    y = torch.from_numpy(y_np)
    model = build_mlp(d, hidden, len(classes))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)

    t_train = t_pass = t_bmm = cpu_train = 0.0
    epochs, norm_sum, last_post = [], np.zeros(n), None
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        c0 = time.process_time()
        model.train()
        perm = torch.randperm(n, generator=gen)
        running = 0.0
        for s in range(0, n, args.batch_size):
            b = perm[s:s + args.batch_size]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x[b]), y[b])
            loss.backward()
            opt.step()
            running += loss.item() * len(b)
        t1 = time.perf_counter()
        cpu_train += time.process_time() - c0
        losses, preds = per_sample_pass(model, x, y)
        t2 = time.perf_counter()
        xn, inside, (min_l, max_l) = normalise_losses(losses)
        bmm = BetaMixture().fit(xn[inside])
        post = bmm.posterior_noisy(xn, 'left')
        post_a = bmm.posterior_noisy(xn, 'anchored')
        t3 = time.perf_counter()
        t_train += t1 - t0
        t_pass += t2 - t1
        t_bmm += t3 - t2
        norm_sum += xn
        last_post, last_post_a = post, post_a
        fit_noisy = float((preds[is_noisy] == y_np[is_noisy]).mean())
        epochs.append({
            'epoch': epoch,
            'trainLoss': running / n,
            'accGivenLabels': float((preds == y_np).mean()),
            'accTrueLabels': float((preds == true_idx).mean()),
            'noisyMemorised': fit_noisy,  # share of flipped samples predicted as their WRONG label
            'meanLossClean': float(losses[~is_noisy].mean()),
            'meanLossNoisy': float(losses[is_noisy].mean()),
            'aurocLoss': auroc(losses, is_noisy),
            'aurocPosterior': auroc(post, is_noisy),
            'apLoss': average_precision(losses, is_noisy),
            'f1Posterior': detection_metrics(post, is_noisy)['f1'],
            'flagged': int((post >= 0.5).sum()),
            'aurocPosteriorAnchored': auroc(post_a, is_noisy),
            'f1PosteriorAnchored': detection_metrics(post_a, is_noisy)['f1'],
            'flaggedAnchored': int((post_a >= 0.5).sum()),
            'normalisation': {'minL': min_l, 'maxL': max_l},
            'bmm': bmm.describe(),
            'seconds': {'train': t1 - t0, 'lossPass': t2 - t1, 'bmm': t3 - t2},
        })
        e = epochs[-1]
        print(f"epoch {epoch:3d} loss {e['trainLoss']:.4f} acc(given) {e['accGivenLabels']:.3f} "
              f"acc(true) {e['accTrueLabels']:.3f} memorised {fit_noisy:.3f} AUROC loss {e['aurocLoss']:.4f} "
              f"post {e['aurocPosterior']:.4f} F1 {e['f1Posterior']:.3f} flagged {e['flagged']} "
              f"| anchored post {e['aurocPosteriorAnchored']:.4f} F1 {e['f1PosteriorAnchored']:.3f} "
              f"flagged {e['flaggedAnchored']} "
              f"w_noisy {e['bmm']['noisyWeight']:.3f} train {t1 - t0:.2f}s", file=sys.stderr)

    t4 = time.perf_counter()
    # As labelsleuth's `mean-loss` (src/scoring/aggregate.ts): average the per-epoch clamped normalised
    # losses, then fit the mixture on that average exactly as on a loss (5th-95th percentile band,
    # rescaled, clamped).
    mean_norm = norm_sum / args.epochs
    mxn, minside, _ = normalise_losses(mean_norm)
    bmm_mean = BetaMixture().fit(mxn[minside])
    mean_post = bmm_mean.posterior_noisy(mxn, 'left')
    mean_post_a = bmm_mean.posterior_noisy(mxn, 'anchored')
    t_bmm += time.perf_counter() - t4
    total = time.perf_counter() - t_start

    result = {
        'kind': 'labelsleuth-torch-reference',
        'settings': {'csv': args.csv, 'truth': truth_path, 'epochs': args.epochs, 'hidden': hidden, 'lr': args.lr,
                     'batchSize': args.batch_size, 'seed': args.seed, 'threads': torch.get_num_threads(),
                     'torch': torch.__version__, 'init': 'torch default (kaiming_uniform a=sqrt(5), bias U(+-1/sqrt(fan_in)))'},
        'dataset': {'n': n, 'features': d, 'classes': classes, 'constantColumns': constant_cols,
                    'trulyNoisy': int(is_noisy.sum())},
        # The plain names use the `anchored` monotone fix, which is what labelsleuth's closed form
        # (src/mixture/beta-mixture.ts makeMonotonePosterior) computes; `(left)` is the first spec.
        'methods': {
            'last': {**detection_metrics(last_post_a, is_noisy), 'bmm': epochs[-1]['bmm']},
            'mean-loss': {**detection_metrics(mean_post_a, is_noisy), 'bmm': bmm_mean.describe(),
                          'aurocRawMeanLoss': auroc(mean_norm, is_noisy),
                          'apRawMeanLoss': average_precision(mean_norm, is_noisy)},
            'last (left)': detection_metrics(last_post, is_noisy),
            'mean-loss (left)': detection_metrics(mean_post, is_noisy),
        },
        'epochs': epochs,
        'seconds': {'load': t_load, 'train': t_train, 'lossPasses': t_pass, 'bmm': t_bmm, 'total': total},
        # CPU seconds (all threads) next to wall seconds: the machine is shared, so wall time is noisy.
        'cpuSeconds': {'train': cpu_train, 'total': time.process_time() - cpu_start},
        'trainSamplesPerSecond': n * args.epochs / t_train,
        'peakRssMiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    for name, m in result['methods'].items():
        print(f"{name:20s} P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f} AUROC {m['auroc']:.4f} "
              f"AP {m['averagePrecision']:.4f} P@{m['k']} {m['precisionAtK']:.4f} flagged {m['flagged']}",
              file=sys.stderr)
    s = result['seconds']
    print(f"time load {s['load']:.2f}s train {s['train']:.2f}s loss passes {s['lossPasses']:.2f}s "
          f"bmm {s['bmm']:.2f}s total {s['total']:.2f}s (cpu: train {cpu_train:.2f}s, "
          f"total {result['cpuSeconds']['total']:.2f}s); {result['trainSamplesPerSecond']:.0f} samples/s; "
          f"peak RSS {result['peakRssMiB']:.0f} MiB", file=sys.stderr)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == '__main__':
    main(sys.argv[1:])
