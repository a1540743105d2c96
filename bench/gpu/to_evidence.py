"""Converts the kept H200 runs (bench/gpu/results/h200-2026-12-04-{a,b}.jsonl) into the evidence
table catalog/evidence/h200_pytorch.csv, one row per measurement, so that they sit beside the
published measurements (catalog/evidence/README.md, "h200_pytorch.csv").

    python3 bench/gpu/to_evidence.py > catalog/evidence/h200_pytorch.csv

Every value is copied as measured (milliseconds, and the rate the script derived from them);
nothing is averaged or filtered. The environment rows (section "env") are not measurements and
are left out; their content is in the notes column of every row.
"""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = ["a", "b"]
COLUMNS = ["source_id", "run", "gpu", "section", "what", "model", "tp", "dtype", "phase", "parts",
           "batch", "tokens", "context", "k", "n", "heads", "kv_heads", "kernels", "ms",
           "tflops", "gb_per_s", "source", "date_read", "notes"]


def rows(run):
    path = os.path.join(HERE, "results", "h200-2026-12-04-%s.jsonl" % run)
    env = ""
    for line in open(path):
        d = json.loads(line)
        if d["section"] == "env":
            env = "%s, torch %s, CUDA %s, %d SMs" % (d["gpu"], d["torch"], d["cuda"], d["sms"])
            continue
        tokens = d.get("tokens", d.get("length", d.get("seq", "")))
        if d["section"] == "gemm" and d.get("padded_tokens"):
            note = "fp8 M padded to %d (torch._scaled_mm)" % d["padded_tokens"]
        elif d["section"] == "step":
            note = "%s layers timed, scaled to the model; one GPU's share, no all-reduce" % (
                d.get("layers_timed", ""))
        else:
            note = ""
        yield {
            "source_id": "h200-pytorch-bench",
            "run": run,
            "gpu": "h200",
            "section": d["section"],
            "what": d.get("what", d.get("gemm", d.get("label", ""))),
            "model": d.get("model", ""),
            "tp": d.get("tp", ""),
            "dtype": d.get("dtype", "bf16" if d["section"] in ("step", "attention") else ""),
            "phase": d.get("phase", ""),
            "parts": d.get("parts", ""),
            "batch": d.get("batch", ""),
            "tokens": tokens,
            "context": d.get("context", ""),
            "k": d.get("k", ""),
            "n": d.get("n", ""),
            "heads": d.get("heads", ""),
            "kv_heads": d.get("kv_heads", ""),
            "kernels": d.get("kernels", d.get("distinct", "")),
            "ms": d.get("ms", d.get("ms_per_step", "")),
            "tflops": d.get("tflops", ""),
            "gb_per_s": d.get("gb_per_s", d.get("weight_gb_per_s", d.get("tokens_per_s", ""))),
            "source": "this repository, bench/gpu/measure_h200.py, run 2026-12-04 (%s)" % run,
            "date_read": "2026-12-04",
            "notes": "; ".join(x for x in (env, note) if x),
        }


def main():
    w = csv.DictWriter(sys.stdout, COLUMNS, lineterminator="\n")
    w.writeheader()
    for run in RUNS:
        for r in rows(run):
            w.writerow(r)


main()
