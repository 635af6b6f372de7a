#!/usr/bin/env bash
# Clean test accuracy of each retrain loss on one noisy training CSV (issue 4's benchmark).
#   bash bench/retrain.sh bench/data/fmnist-20k-n40.csv bench/data/fmnist-test-10k.csv [epochs] [losses...]
# Writes bench/out/retrain/<name>-<loss>/ (model, retrain-report.json) and prints best/last per loss.
set -euo pipefail
train=$1; test=$2; epochs=${3:-30}; shift 3 || true
losses=${*:-ce mixup dynamic-hard mixup-dynamic-hard}
name=$(basename "$train" .csv)
for loss in $losses; do
  out=bench/out/retrain/$name-$loss
  node bin/labelsleuth.js retrain "$train" --id id --test "$test" --loss "$loss" --epochs "$epochs" --out "$out" --quiet > "$out.txt"
  node -e "const r=require('./$out/retrain-report.json').runs[0]; console.log('$name', '$loss', 'best', (100*r.best.accuracy).toFixed(2), '@', r.best.epoch, 'last', (100*r.last.accuracy).toFixed(2))"
done
