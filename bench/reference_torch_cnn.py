#!/usr/bin/python3
"""PyTorch reference for `labelsleuth audit <image folder>`: the same CNN and recipe on the same PNGs.

Recipe (as src/pipeline/audit.ts with an image folder): images listed as <root>/<class>/**/<file> in
natural sorted order (classes sorted), decoded as 8-bit gray (PIL), scaled to [0, 1], standardised by
the dataset's mean/std (one channel). CNN conv3x3(32, same)-relu-maxpool2 -> conv3x3(64, same)-relu-
maxpool2 -> flatten -> dense128-relu -> dense(classes), torch's default init, Adam lr 1e-3, batch 128,
cross-entropy on the folder labels, reshuffled every epoch by a seeded torch.Generator. After EVERY
epoch: per-sample CE in eval mode under no_grad, then a BMM on the normalised losses (ref_bmm.py).
Aggregation `mean-loss` as in bench/reference_torch.py. Metrics against <root>/truth.csv (ref_metrics.py).

  /usr/bin/python3 bench/reference_torch_cnn.py bench/data/fmnist-20k-n40-png --epochs 10
"""
import argparse
import csv
import json
import os
import re
import resource
import sys
import time

import numpy as np
import torch
from PIL import Image
from torch import nn

from ref_bmm import BetaMixture, normalise_losses
from ref_metrics import auroc, detection_metrics
from reference_torch import per_sample_pass

EXT = {'.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff'}


def natural_key(s):
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r'(\d+)', s)]


def list_images(root):
    files = []
    for cls in sorted(os.listdir(root), key=natural_key):
        d = os.path.join(root, cls)
        if cls.startswith('.') or not os.path.isdir(d):
            continue
        for dirpath, dirnames, names in os.walk(d):
            dirnames[:] = [x for x in dirnames if not x.startswith('.')]
            for n in names:
                if not n.startswith('.') and os.path.splitext(n)[1].lower() in EXT:
                    rel = os.path.relpath(os.path.join(dirpath, n), root).replace(os.sep, '/')
                    files.append((rel, cls))
    files.sort(key=lambda f: natural_key(f[0]))
    return files


def build_cnn(channels, size, k):
    return nn.Sequential(
        nn.Conv2d(channels, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * (size // 4) ** 2, 128), nn.ReLU(), nn.Linear(128, k))


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument('root')
    p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--size', type=int, default=28)
    p.add_argument('--lr', type=float, default=1e-3)
    p.add_argument('--batch-size', type=int, default=128)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--threads', type=int, default=2)
    args = p.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    t_start = time.perf_counter()
    cpu_start = time.process_time()

    files = list_images(args.root)
    classes = sorted({c for _, c in files}, key=natural_key)
    index = {c: i for i, c in enumerate(classes)}
    n, s = len(files), args.size
    raw = np.empty((n, s, s), dtype=np.uint8)
    for i, (rel, _) in enumerate(files):
        im = Image.open(os.path.join(args.root, rel)).convert('L')
        if im.size != (s, s):
            im = im.resize((s, s), Image.BILINEAR)
        raw[i] = np.asarray(im)
    xf = raw.astype(np.float32) / 255.0
    mean, std = float(xf.mean()), float(xf.std())
    x = torch.from_numpy(((xf - mean) / std)[:, None, :, :].copy())
    y_np = np.array([index[c] for _, c in files], dtype=np.int64)
    y = torch.from_numpy(y_np)
    with open(os.path.join(args.root, 'truth.csv'), newline='') as f:
        truth = {r['id']: r for r in csv.DictReader(f)}
    is_noisy = np.array([truth[rel]['is_noisy'] == '1' for rel, _ in files], dtype=bool)
    t_load = time.perf_counter() - t_start

    model = build_cnn(1, s, len(classes))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    t_train = t_pass = t_bmm = 0.0
    norm_sum = np.zeros(n)
    epochs = []
    for epoch in range(1, args.epochs + 1):
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(n, generator=gen)
        running = 0.0
        for st in range(0, n, args.batch_size):
            b = perm[st:st + args.batch_size]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x[b]), y[b])
            loss.backward()
            opt.step()
            running += loss.item() * len(b)
        t1 = time.perf_counter()
        losses, preds = per_sample_pass(model, x, y, chunk=512)
        t2 = time.perf_counter()
        xn, inside, _ = normalise_losses(losses)
        bmm = BetaMixture().fit(xn[inside])
        post = bmm.posterior_noisy(xn, 'anchored')
        t3 = time.perf_counter()
        t_train += t1 - t0
        t_pass += t2 - t1
        t_bmm += t3 - t2
        norm_sum += xn
        epochs.append({'epoch': epoch, 'trainLoss': running / n, 'aurocLoss': auroc(losses, is_noisy),
                       'aurocPosterior': auroc(post, is_noisy), 'seconds': {'train': t1 - t0, 'lossPass': t2 - t1}})
        print(f"epoch {epoch:3d} loss {running / n:.4f} acc(given) {(preds == y_np).mean():.3f} "
              f"AUROC loss {epochs[-1]['aurocLoss']:.4f} train {t1 - t0:.2f}s pass {t2 - t1:.2f}s", file=sys.stderr)
    mxn, minside, _ = normalise_losses(norm_sum / args.epochs)
    bmm_mean = BetaMixture().fit(mxn[minside])
    mean_post = bmm_mean.posterior_noisy(mxn, 'anchored')
    total = time.perf_counter() - t_start
    result = {
        'kind': 'labelsleuth-torch-cnn-reference',
        'settings': vars(args) | {'torch': torch.__version__, 'threadsUsed': torch.get_num_threads()},
        'dataset': {'n': n, 'classes': classes, 'trulyNoisy': int(is_noisy.sum()), 'mean': mean, 'std': std},
        'methods': {'mean-loss': detection_metrics(mean_post, is_noisy)},
        'epochs': epochs,
        'seconds': {'load': t_load, 'train': t_train, 'lossPasses': t_pass, 'bmm': t_bmm, 'total': total},
        'cpuSeconds': time.process_time() - cpu_start,
        'trainImagesPerSecond': n * args.epochs / t_train,
        'lossPassImagesPerSecond': n * args.epochs / t_pass,
        'peakRssMiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    m = result['methods']['mean-loss']
    print(f"mean-loss P {m['precision']:.4f} R {m['recall']:.4f} F1 {m['f1']:.4f} AUROC {m['auroc']:.4f} "
          f"AP {m['averagePrecision']:.4f} P@{m['k']} {m['precisionAtK']:.4f} flagged {m['flagged']}", file=sys.stderr)
    sec = result['seconds']
    print(f"time load {sec['load']:.1f}s train {sec['train']:.1f}s passes {sec['lossPasses']:.1f}s total {total:.1f}s "
          f"cpu {result['cpuSeconds']:.1f}s; train {result['trainImagesPerSecond']:.0f} img/s, pass "
          f"{result['lossPassImagesPerSecond']:.0f} img/s; peak RSS {result['peakRssMiB']:.0f} MiB", file=sys.stderr)
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == '__main__':
    main(sys.argv[1:])
