#!/usr/bin/env bash
# Whole-process time of retrain variants side by side on retrain-suite cases, run in turn (A B C A B C ...)
# so that a shared machine's load falls on all alike; one wasm thread. Prints one line per run:
#   <case> <label> <wall s> <user+sys s>
#   bash bench/retrain-suite/time-pairs.sh <rounds> <cases,comma> <label>=<root>[:<extra retrain args>] ...
# <root> is a folder holding bin/ and dist/ (a build); extra args are split on spaces (e.g. "--loss ce").
set -euo pipefail
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 LABELSLEUTH_WASM_THREADS=1
rounds=$1
IFS=, read -ra cases <<<"$2"
shift 2
for ((r = 0; r < rounds; r++)); do
  for c in "${cases[@]}"; do
    ds=${c%-*}
    for v in "$@"; do
      label=${v%%=*}
      spec=${v#*=}
      root=${spec%%:*}
      extra=""
      [[ $spec == *:* ]] && extra=${spec#*:}
      rm -rf "/tmp/time-pairs-out.$$"
      # shellcheck disable=SC2086
      /usr/bin/time -f "$c $label %e %U %S" -o /tmp/time-pairs.$$ node "$root/bin/labelsleuth.js" retrain "bench/data/retrain-suite/cases/$c.csv" \
        --id id --test "bench/data/retrain-suite/$ds/test.csv" --out "/tmp/time-pairs-out.$$" --quiet $extra >/dev/null 2>&1
      awk '{ printf "%s %s %.2f %.2f\n", $1, $2, $3, $4 + $5 }' /tmp/time-pairs.$$
    done
  done
done
rm -rf /tmp/time-pairs.$$ /tmp/time-pairs-out.$$
