#!/usr/bin/env bash
# Fails when a C++ file under src/, tests/, bench/ or tools/ differs from what clang-format (the
# root .clang-format: Google style, 100 columns) would write. `--fix` rewrites them instead.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files -- 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc' 'bench/*.h' 'tools/*.cc')
if [ "${1:-}" = "--fix" ]; then
  echo "$files" | xargs clang-format -i
  exit 0
fi
bad=$(echo "$files" | xargs clang-format --dry-run 2>&1 | grep -oE '^[^:]+\.(cc|h):' | sort -u |
      tr -d ':' || true)
if [ -n "$bad" ]; then
  echo "not formatted (run: bash scripts/check-format.sh --fix):" >&2
  echo "$bad" | sed 's/^/  /' >&2
  exit 1
fi
