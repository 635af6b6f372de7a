#!/usr/bin/env python3
"""Issue 11's targets counted on one suite run: per noisy case, AUROC >= the best peer's - .002,
F1 >= the best peer's + .02, the estimated count within 20% of the true one; clean cases <= 2%
flagged. Peers: paper-last, paper-last-e30, cleanlab-insample, cleanlab-cv5 (whichever ran).
The 42 cases of the earlier rounds are the noisy ones but inst10; inst10 is counted beside them.

  python3 bench/quality/targets.py OUT_DIR [--method labelsleuth] [--verbose]
"""
import glob
import json
import os
import sys

PEERS = ['paper-last', 'paper-last-e30', 'cleanlab-insample', 'cleanlab-cv5']


def main():
    out = sys.argv[1]
    method = sys.argv[sys.argv.index('--method') + 1] if '--method' in sys.argv else 'labelsleuth'
    met = {'auroc': [0, 0], 'f1': [0, 0], 'est': [0, 0]}
    clean = []
    misses = []
    for d in sorted(glob.glob(f'{out}/*/')):
        name = os.path.basename(d.rstrip('/'))
        f = f'{d}{method}.json'
        if not os.path.exists(f):
            continue
        r = json.load(open(f))
        m = r['metrics']
        if m['trueNoisy'] == 0:
            clean.append(f"{name} {m['flagged']} ({100 * m['flagged'] / m['n']:.1f}%)")
            continue
        peers = [json.load(open(p)) for p in (f'{d}{x}.json' for x in PEERS) if os.path.exists(p)]
        best_a = max(p['metrics']['auroc'] for p in peers)
        best_f = max(p['metrics']['f1'] for p in peers)
        est = r['estimate']['count']
        ok = {'auroc': m['auroc'] >= best_a - 0.002, 'f1': m['f1'] >= best_f + 0.02, 'est': abs(est - m['trueNoisy']) <= 0.2 * m['trueNoisy']}
        col = 1 if name.endswith('inst10') else 0
        for key, v in ok.items():
            met[key][col] += v
        bad = [key for key, v in ok.items() if not v]
        if bad:
            misses.append(f"{name:18s} AUROC {m['auroc']:.3f} (peer {best_a:.3f})  F1 {m['f1']:.3f} (peer {best_f:.3f})  est {est:.0f} / {m['trueNoisy']} "
                          f"flagged {m['flagged']}  missed: {', '.join(bad)}")
    noisy = sum(1 for d in glob.glob(f'{out}/*/') if os.path.exists(f'{d}{method}.json')) - len(clean)
    inst10 = len(glob.glob(f'{out}/*inst10/{method}.json'))
    print(f'{method}: {noisy - inst10} noisy cases (+{inst10} inst10)')
    for key, (a, b) in met.items():
        print(f'  {key:6s} met {a} (+{b} inst10)')
    print('  clean: ' + ', '.join(clean))
    if '--verbose' in sys.argv:
        for x in misses:
            print('  ' + x)


main()
