#!/usr/bin/env bash
# Installs the Debian packages plan builds with, if any is missing. Idempotent; needs root
# (or sudo) only when something is missing. With --test, also what only the tests need:
# chromium, to render the HTML report headless (about 120 MB; 70 s to install here),
# clang-format, which the test script runs to check every file is formatted, and what the
# fuzz replay needs. With --fuzz, only the latter: clang and its libFuzzer/sanitizer
# runtimes (scripts/fuzz.sh).
set -euo pipefail
packages=(build-essential cmake ninja-build pkg-config libcli11-dev nlohmann-json3-dev
          libtomlplusplus-dev libeigen3-dev libfmt-dev libcurl4-openssl-dev zlib1g-dev catch2)
fuzz_packages=(clang libclang-rt-14-dev)
if [ "${1:-}" = "--test" ]; then packages+=(chromium clang-format "${fuzz_packages[@]}"); fi
if [ "${1:-}" = "--fuzz" ]; then packages+=("${fuzz_packages[@]}"); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
