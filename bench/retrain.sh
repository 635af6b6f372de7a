#!/usr/bin/env bash
# Clean test accuracy of retrain losses on noisy training CSVs (issue 4's benchmark).
#   bash bench/retrain.sh EPOCHS TEST.csv TRAIN.csv [TRAIN.csv ...]
# LOSSES overrides the losses (default: ce mixup dynamic-hard mixup-dynamic-hard). Each run writes
# bench/out/retrain/<train>-<loss>/ (model, retrain-report.json) and prints one summary line:
# <train> <loss> best <acc> @ <epoch> last <acc>.
set -euo pipefail
epochs=$1; test=$2; shift 2
losses=${LOSSES:-ce mixup dynamic-hard mixup-dynamic-hard}
mkdir -p bench/out/retrain
for train in "$@"; do
  name=$(basename "$train" .csv)
  for loss in $losses; do
    out=bench/out/retrain/$name-$loss
    node bin/labelsleuth.js retrain "$train" --id id --test "$test" --loss "$loss" --epochs "$epochs" --out "$out" --quiet > "$out.txt"
    node -e "const r=require('./$out/retrain-report.json').runs[0]; console.log('$name', '$loss', 'best', (100*r.best.accuracy).toFixed(2), '@', r.best.epoch, 'last', (100*r.last.accuracy).toFixed(2))"
  done
done
