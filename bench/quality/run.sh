#!/usr/bin/env bash
# The detection-quality suite in one command (bench/README.md, "Detection-quality suite").
#   bash bench/quality/run.sh [--datasets ...] [--noise ...] [--methods ...] [--with-images] [...]
# Every option is run.mjs's (its header lists them). One thread for PyTorch, BLAS and labelsleuth's
# wasm backend, so the suite's timings do not depend on what else shares the cores; builds dist/
# when it is missing (inject-noise and audit are labelsleuth's own).
set -euo pipefail
cd "$(dirname "$0")/../.."
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}" MKL_NUM_THREADS="${MKL_NUM_THREADS:-1}"
export LABELSLEUTH_WASM_THREADS="${LABELSLEUTH_WASM_THREADS:-1}"
[ -f dist/index.js ] || npm run build
exec node bench/quality/run.mjs "$@"
