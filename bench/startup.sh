#!/usr/bin/env bash
# Start-up and one small run, timed for two plan binaries side by side (issue 15): the median
# wall time of N runs of each command, the binaries alternating so that load on a shared machine
# falls on both alike. /bin/true is the floor (process creation alone).
#
# Usage: bench/startup.sh BASELINE_PLAN NEW_PLAN [N=21]   (from the repository root)
set -euo pipefail
base=$1 new=$2 n=${3:-21}
python3 - "$base" "$new" "$n" <<'PY'
import statistics, subprocess, sys, time
base, new, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
commands = [
    ["--version"],
    ["catalog", "list", "gpus"],
    ["roofline", "--model", "llama-3.1-8b-instruct", "--gpu", "h100-sxm"],
    ["simulate", "bench/startup-one-request.toml", "--no-bounds"],
    ["simulate", "bench/startup-one-api-request.toml", "--no-bounds"],
    ["simulate", "scenarios/default.toml", "--no-bounds", "--candidate", "llama8b-h100-vllm-fp8"],
    ["simulate", "bench/azure-8b-bf16.toml", "--no-bounds"],
]
def once(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - start) * 1000
floor = statistics.median(once(["/bin/true"]) for _ in range(n))
print(f"/bin/true: {floor:.1f} ms (median of {n})")
print(f"{'command':<40} {'baseline ms':>12} {'new ms':>8}")
for args in commands:
    a, b = [], []
    for _ in range(n):
        a.append(once([base] + args))
        b.append(once([new] + args))
    print(f"{' '.join(args)[:40]:<40} {statistics.median(a):>12.1f} {statistics.median(b):>8.1f}")
PY
