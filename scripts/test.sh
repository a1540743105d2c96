#!/usr/bin/env bash
# Installs what is missing, builds from nothing, and runs the whole test suite twice: once
# optimised, once under AddressSanitizer + UndefinedBehaviorSanitizer; then builds every
# parser's fuzzer and replays its seed corpus and every input that once crashed it
# (scripts/fuzz.sh replay: deterministic, no random fuzzing, so CI cannot fail on a new
# find), so that a parser regression on a known input fails here. The random campaign is
# run by hand: bash scripts/fuzz.sh 600 (tests/fuzz/README.md).
# PLAN_SKIP_SANITIZERS=1 / PLAN_SKIP_FUZZ=1 skip those.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
bash scripts/deps.sh --test
bash scripts/check-format.sh
bash scripts/check-layers.sh
bash scripts/build.sh build -DPLAN_TESTS=ON
(cd build && ctest --output-on-failure -j "$jobs")
# The simulator against every published measurement of catalog/evidence: exit 3 when a pair's
# error grows past the tolerance recorded in the catalog (about a second).
./build/plan fidelity > /dev/null
if [ "${PLAN_SKIP_SANITIZERS:-0}" != 1 ]; then
  bash scripts/build.sh build-asan -DPLAN_TESTS=ON -DPLAN_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
     ctest --output-on-failure -j "$jobs")
fi
if [ "${PLAN_SKIP_FUZZ:-0}" != 1 ]; then
  bash scripts/fuzz.sh replay
fi
