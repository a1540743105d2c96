#!/usr/bin/env python3
"""Rewrites every README block that starts with "$ plan ..." with what the binary prints now
(stdout, then stderr), the way tests/cli/doc_examples_test.cc checks them.

Usage: scripts/refresh-readme.py [build/plan]   (run from anywhere; edits README.md in place)
"""
import pathlib
import shlex
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
plan = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else root / "build" / "plan").resolve()
readme = root / "README.md"
text = readme.read_text()
out, at, changed = [], 0, 0
while True:
    start = text.find("```\n$ plan ", at)
    if start < 0:
        break
    command_end = text.index("\n", start + 4)
    block_end = text.index("```", command_end)
    command = text[start + 11:command_end]
    args = shlex.split(command)
    if not all((root / a).exists() for a in args if a.endswith(".toml")):
        out.append(text[at:block_end])  # an illustration, not a file of the repository
        at = block_end
        continue
    run = subprocess.run([str(plan)] + args, cwd=root, capture_output=True, text=True)
    shown = run.stdout + run.stderr
    out.append(text[at:command_end + 1] + shown)
    changed += shown != text[command_end + 1:block_end]
    at = block_end
out.append(text[at:])
readme.write_text("".join(out))
print(f"refresh-readme: {changed} block(s) changed")
