#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz/fuzz_*.cc) with clang, ASan + UBSan and
# assertions on, into build-fuzz/, then runs each for SECONDS (default 60), one after the
# other, from its seed corpus tests/fuzz/corpus/NAME/. Inputs the fuzzer finds go to
# build-fuzz/corpus/NAME/ (the repository's corpus stays small); a crash, a leak, a hang
# (-timeout) or a blow-up of memory (-rss_limit_mb) is saved under build-fuzz/artifacts/ and
# makes the script fail. Runs every harness unless some are named:
#   bash scripts/fuzz.sh 600                   # the campaign: every harness, ten minutes each
#   bash scripts/fuzz.sh 600 fuzz_scenario     # one harness, ten minutes
#   bash scripts/fuzz.sh replay                # what scripts/test.sh (CI) runs
# `replay` fuzzes nothing: each harness runs every input of tests/fuzz/corpus/NAME/ and
# tests/fuzz/regressions/NAME/ once (-runs=0) and stops, so a parser regression on a known
# input fails CI, and CI never fails on a new random find (that is the campaign's job).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
if [ "$seconds" != replay ] && ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fuzz.sh [SECONDS|replay] [HARNESS...]" >&2
  exit 2
fi
bash scripts/deps.sh --fuzz
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
# -O1 -g: fast enough to fuzz, with usable stacks; assertions stay on (CMakeLists.txt).
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DPLAN_FUZZ=ON -DPLAN_TESTS=OFF "${launcher[@]}" \
  >/dev/null
if [ $# -gt 0 ]; then
  harnesses=("$@")
else
  harnesses=()
  for f in tests/fuzz/fuzz_*.cc; do harnesses+=("$(basename "$f" .cc)"); done
fi
ninja -C build-fuzz -j "$(nproc)" "${harnesses[@]}"

# The dictionary of tokens each input language is made of.
dict_of() {
  case "$1" in
    fuzz_scenario | fuzz_catalog) echo tests/fuzz/toml.dict ;;
    fuzz_trace_*) echo tests/fuzz/trace.dict ;;
    fuzz_threshold) echo tests/fuzz/threshold.dict ;;
    *) echo tests/fuzz/json.dict ;;
  esac
}

mkdir -p build-fuzz/artifacts build-fuzz/logs
failed=()
for h in "${harnesses[@]}"; do
  mkdir -p "build-fuzz/corpus/$h"
  log="build-fuzz/logs/$h.log"  # a replay keeps the campaign's log: $h.replay.log
  # Seeds: the repository's corpus, and every input that once crashed this harness.
  seeds=("tests/fuzz/corpus/$h")
  if [ -d "tests/fuzz/regressions/$h" ]; then seeds+=("tests/fuzz/regressions/$h"); fi
  if [ "$seconds" = replay ]; then
    echo "== $h: replay"
    log="build-fuzz/logs/$h.replay.log"
    run=(-runs=0 "${seeds[@]}")
  else
    echo "== $h: ${seconds} s"
    run=(-max_total_time="$seconds" "build-fuzz/corpus/$h" "${seeds[@]}")
  fi
  if ! "build-fuzz/$h" -timeout=10 -rss_limit_mb=2560 -max_len=65536 -dict="$(dict_of "$h")" \
      -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$h-" "${run[@]}" \
      >"$log" 2>&1; then
    failed+=("$h")
    grep -E "^==[0-9]+==ERROR|runtime error|Assertion|Test unit written|SUMMARY" "$log" |
      head -20 >&2 || true
  fi
  grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb" \
    "$log" | sed 's/^stat::/   /' || true
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing failed: ${failed[*]} (logs in build-fuzz/logs/, inputs in build-fuzz/artifacts/)" >&2
  exit 1
fi
