#!/usr/bin/env bash
# Installs what is missing, builds, and simulates the shipped default scenario.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh build -DPLAN_TESTS=OFF
./build/plan simulate scenarios/default.toml "$@"
