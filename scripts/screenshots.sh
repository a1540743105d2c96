#!/usr/bin/env bash
# Regenerates PNG screenshots of the HTML report, so a reviewer can look at the pages without
# building or running anything:
#
#   scripts/screenshots.sh [OUT_DIR]     (default docs/screenshots)
#
# It renders three worked scenarios with the built binary (PLAN, default build/plan) as
# HTML - `plan simulate scenarios/compare-all.toml`, `plan breakeven scenarios/breakeven.toml`,
# `plan search scenarios/search.toml` - and photographs each whole page in headless Chromium
# (PLAN_CHROMIUM, default `chromium` or `chromium-browser`; Debian's chromium package) at 1200 px
# wide: OUT_DIR/compare-all.png, breakeven.png, search.png. The page height is measured first
# (Chromium's --screenshot takes the window, not the document). Where pngquant is installed the
# PNGs are reduced to 256 colours.
set -euo pipefail
cd "$(dirname "$0")/.."
plan=${PLAN:-build/plan}
out=${1:-docs/screenshots}
chromium=${PLAN_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z "$chromium" ]]; then
  echo "screenshots.sh: no chromium on the PATH (apt-get install chromium, or set PLAN_CHROMIUM)" >&2
  exit 2
fi
if [[ ! -x "$plan" ]]; then
  echo "screenshots.sh: $plan is not built (bash scripts/build.sh build, or set PLAN)" >&2
  exit 2
fi
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
width=1200

headless() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$tmp/profile" "$@" 2>/dev/null
}

shoot() {  # NAME: $tmp/NAME.html -> $out/NAME.png
  local name=$1 page="$tmp/$1.html" probe="$tmp/$1.probe.html" height
  # The document's height, read back from the DOM after a one-line script records it.
  sed 's#</body>#<script>document.body.setAttribute("data-height", document.documentElement.scrollHeight)</script></body>#' \
    "$page" >"$probe"
  height=$(headless --window-size="$width,800" --dump-dom "file://$probe" |
    sed -n 's/.*data-height="\([0-9]*\)".*/\1/p' | head -1)
  [[ -n "$height" ]] || { echo "screenshots.sh: could not measure $name.html" >&2; exit 1; }
  headless --window-size="$width,$height" --screenshot="$out/$name.png" "file://$page" >/dev/null
  if command -v pngquant >/dev/null; then
    pngquant --force --skip-if-larger --output "$out/$name.png" 256 -- "$out/$name.png" || true
  fi
  echo "$out/$name.png: ${width}x$height, $(stat -c %s "$out/$name.png") bytes"
}

"$plan" simulate scenarios/compare-all.toml -o "$tmp/compare-all.html" >/dev/null
"$plan" breakeven scenarios/breakeven.toml -o "$tmp/breakeven.html" >/dev/null
"$plan" search scenarios/search.toml -o "$tmp/search.html" >/dev/null
for name in compare-all breakeven search; do shoot "$name"; done
