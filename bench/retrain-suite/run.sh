#!/usr/bin/env bash
# The retrain suite in one command (BENCHMARKS.md, "Retrain suite"): builds the cases, then runs
# the labelsleuth methods (run.mjs) and the paper's recipe in PyTorch (torch_retrain.py).
#   bash bench/retrain-suite/run.sh --methods ce,default [--datasets ...] [--noise ...]
# One thread for PyTorch, BLAS and the wasm backend, so timings do not depend on what shares the cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 LABELSLEUTH_WASM_THREADS=1
[ -f dist/index.js ] || npm run build
exec node bench/retrain-suite/run.mjs "$@"
