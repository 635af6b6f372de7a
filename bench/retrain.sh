#!/usr/bin/env bash
# Clean test accuracy of retrain losses on noisy training data (issue 4's benchmark).
#   bash bench/retrain.sh EPOCHS TEST TRAIN [TRAIN ...]
# TEST and TRAIN are CSVs (with an `id` column) or image folders. LOSSES overrides the losses
# (default: ce mixup dynamic-hard mixup-dynamic-hard); EXTRA adds retrain options to every run;
# TAG names the result folders. Each run writes bench/out/retrain/<train>-<loss><tag>/ (model,
# retrain-report.json) and prints one line: <train> <loss> best <acc> @ <epoch> last <acc> <seconds>s.
set -euo pipefail
epochs=$1; test=$2; shift 2
losses=${LOSSES:-ce mixup dynamic-hard mixup-dynamic-hard}
mkdir -p bench/out/retrain
for train in "$@"; do
  name=$(basename "$train" .csv)
  id=(); [ -f "$train" ] && id=(--id id)
  for loss in $losses; do
    out=bench/out/retrain/$name-$loss${TAG:-}
    start=$(date +%s)
    # shellcheck disable=SC2086
    node bin/labelsleuth.js retrain "$train" "${id[@]}" --test "$test" --loss "$loss" --epochs "$epochs" ${EXTRA:-} --out "$out" --quiet > "$out.txt"
    secs=$(( $(date +%s) - start ))
    node -e "const r=require('./$out/retrain-report.json').runs[0]; console.log('$name', '$loss${TAG:-}', 'best', (100*r.best.accuracy).toFixed(2), '@', r.best.epoch, 'last', (100*r.last.accuracy).toFixed(2), '${secs}s')"
  done
done
