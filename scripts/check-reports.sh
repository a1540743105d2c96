#!/usr/bin/env bash
# Regenerates the report of every worked scenario and keeps or compares them, so that a change
# meant to leave the numbers alone can be shown to do so byte for byte.
#
#   scripts/check-reports.sh --save DIR    write the reports into DIR (before the change)
#   scripts/check-reports.sh --check DIR   regenerate them into a temporary folder and diff
#                                          against DIR; exit 1 on any difference
#
# For each scenarios/X.toml: `plan simulate` as JSON (X.json) and as a table (X.txt), with its
# standard error (X.err); `plan breakeven scenarios/breakeven.toml -f json`
# (breakeven.breakeven.json) and `plan search scenarios/search.toml -f json --threads 2`
# (search.search.json). PLAN (default build/plan) names the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
plan=${PLAN:-build/plan}

usage() {
  echo "usage: $0 --save DIR | --check DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
mode=$1
dir=$2
[ -x "$plan" ] || {
  echo "$0: no binary at $plan (build first, or set PLAN)" >&2
  exit 2
}

generate() {
  local out=$1
  mkdir -p "$out"
  for scenario in scenarios/*.toml; do
    local name
    name=$(basename "$scenario" .toml)
    # A scenario that fails keeps its error text (X.err) and exit status in the comparison.
    { "$plan" simulate "$scenario" -f json >"$out/$name.json" 2>"$out/$name.err" &&
      "$plan" simulate "$scenario" -f table >"$out/$name.txt" 2>>"$out/$name.err"; } ||
      echo "exit $?" >>"$out/$name.err"
  done
  "$plan" breakeven scenarios/breakeven.toml -f json >"$out/breakeven.breakeven.json"
  "$plan" search scenarios/search.toml -f json --threads 2 >"$out/search.search.json" 2>/dev/null
}

case $mode in
  --save)
    generate "$dir"
    echo "saved $(ls "$dir" | wc -l) files to $dir"
    ;;
  --check)
    [ -d "$dir" ] || {
      echo "$0: no folder $dir" >&2
      exit 2
    }
    now=$(mktemp -d)
    trap 'rm -rf "$now"' EXIT
    generate "$now"
    if diff -r "$dir" "$now"; then
      echo "reports identical to $dir ($(ls "$now" | wc -l) files)"
    else
      echo "$0: reports differ from $dir (lines '<' are saved, '>' are now)" >&2
      exit 1
    fi
    ;;
  *) usage ;;
esac
