#!/usr/bin/python3
"""The paper's retrain recipe in PyTorch, beside labelsleuth's on the retrain suite's cases.

  /usr/bin/python3 bench/retrain-suite/torch_retrain.py --data CASE.csv --test TEST.csv \
      --out-dir bench/out/retrain-suite/CASE [--methods torch-ce,torch-dynamic-hard] [--lr 0.1]

Recipe (method.md section 2, [LNC] train.py, scaled from 300 to 30 epochs): the same inputs as
labelsleuth (bench/quality/torch_methods.py's load_table: z-scored numbers, one-hot categories;
here encoded on train and test rows together, which uses no label), the same MLP 256-128 with
torch's default init, SGD lr 0.1, momentum 0.9, weight decay 1e-4, batch 128, MultiStepLR x0.1 at
1/3 and 5/6 of the epochs (10 and 25 of 30).
  torch-ce            cross-entropy on the given labels.
  torch-dynamic-hard  DY-H (Arazo et al. 2019): plain CE up to the first milestone, then hard
                      bootstrapping with B = p(noisy | the batch's detached loss) from the BMM
                      (ref_bmm.py) fitted on the previous epoch's eval-mode per-sample losses,
                      normalised by that epoch's 5/95 percentiles; B clamped to [1e-4, 1 - 1e-4];
                      class-balance regulariser weight 1 (as labelsleuth's default).
Test accuracy after every epoch; "best" is picked on the clean test set (as the paper does: an
upper bound), "last" is the last epoch. Writes <out-dir>/<method>.json.
"""
import argparse
import csv
import json
import os
import sys
import tempfile
import time

T0 = time.perf_counter()
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
sys.path.insert(0, os.path.join(HERE, '..', 'quality'))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from ref_bmm import BetaMixture  # noqa: E402
from reference_torch import build_mlp  # noqa: E402
from torch_methods import load_table  # noqa: E402


def load(train_path, test_path):
    """Both tables encoded together (same columns, same categories); returns train and test parts."""
    rows = []
    for p in (train_path, test_path):
        with open(p, newline='', encoding='utf-8-sig') as f:
            r = list(csv.reader(f))
        header, body = r[0], [x for x in r[1:] if x]
        rows.append(body)
    with tempfile.NamedTemporaryFile('w', suffix='.csv', delete=False, newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows[0] + rows[1])
        tmp = f.name
    try:
        ids, x, y, classes, _ = load_table(tmp)
    finally:
        os.unlink(tmp)
    n = len(rows[0])
    return x[:n], y[:n], x[n:], y[n:], len(classes)


def normalise(loss, lo, hi):
    return np.clip((loss - lo) / (hi - lo + 1e-6), 0.001, 0.999)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        pred = model(torch.from_numpy(x)).argmax(dim=1).numpy()
    model.train()
    return float((pred == y).mean())


def train(x, y, xt, yt, k, method, epochs, lr, seed):
    torch.manual_seed(seed)
    model = build_mlp(x.shape[1], [256, 128], k)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=1e-4)
    m1, m2 = round(epochs / 3), round(5 * epochs / 6)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[m1, m2], gamma=0.1)
    gen = torch.Generator().manual_seed(seed)
    X, Y = torch.from_numpy(x), torch.from_numpy(y)
    n = len(y)
    accs = []
    bmm, lo, hi = None, 0.0, 1.0
    for epoch in range(1, epochs + 1):
        boot = method == 'torch-dynamic-hard' and epoch > m1 and bmm is not None
        model.train()
        perm = torch.randperm(n, generator=gen)
        for s in range(0, n, 128):
            b = perm[s:s + 128]
            opt.zero_grad()
            logits = model(X[b])
            if boot:
                with torch.no_grad():
                    out1 = logits.detach()
                    bl = nn.functional.cross_entropy(out1, Y[b], reduction='none').numpy()
                    B = torch.from_numpy(np.clip(bmm.posterior_noisy(normalise(bl, lo, hi), 'anchored'), 1e-4, 1 - 1e-4)).float()
                    z = out1.argmax(dim=1)
                logp = torch.log_softmax(logits, dim=1)
                loss = torch.mean((1 - B) * nn.functional.nll_loss(logp, Y[b], reduction='none') + B * nn.functional.nll_loss(logp, z, reduction='none'))
                mean_p = torch.softmax(logits, dim=1).mean(0)
                prior = torch.full((k,), 1.0 / k)
                loss = loss + torch.sum(prior * torch.log(prior / mean_p))
            else:
                loss = nn.functional.cross_entropy(logits, Y[b])
            loss.backward()
            opt.step()
        sched.step()
        if method == 'torch-dynamic-hard':
            model.eval()
            with torch.no_grad():
                losses = nn.functional.cross_entropy(model(X), Y, reduction='none').numpy().astype(np.float64)
            model.train()
            lo, hi = np.percentile(losses, 5), np.percentile(losses, 95)
            xn = normalise(losses, lo, hi)
            inside = (losses >= lo) & (losses <= hi)
            bmm = BetaMixture().fit(xn[inside])
        accs.append(accuracy(model, xt, yt))
    return accs


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--data', required=True)
    p.add_argument('--test', required=True)
    p.add_argument('--out-dir', required=True)
    p.add_argument('--methods', default='torch-ce,torch-dynamic-hard')
    p.add_argument('--epochs', type=int, default=30)
    p.add_argument('--lr', type=float, default=0.1)
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--suffix', default='')
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    x, y, xt, yt, k = load(a.data, a.test)
    load_s = time.perf_counter() - T0
    os.makedirs(a.out_dir, exist_ok=True)
    for m in a.methods.split(','):
        t = time.perf_counter()
        accs = train(x, y, xt, yt, k, m, a.epochs, a.lr, a.seed)
        secs = time.perf_counter() - t + load_s
        best = int(np.argmax(accs))
        res = {'method': m + a.suffix, 'lr': a.lr, 'epochs': a.epochs, 'last': accs[-1], 'best': accs[best], 'bestEpoch': best + 1, 'seconds': secs, 'curve': accs}
        with open(os.path.join(a.out_dir, f'{m}{a.suffix}.json'), 'w') as f:
            json.dump(res, f, indent=2)
        print(f'{os.path.basename(a.out_dir)} {m}{a.suffix}: last {100 * accs[-1]:.2f} best {100 * accs[best]:.2f} @{best + 1} {secs:.1f} s', file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1:])
