"""Throughput of `conefi_dbtool.plsql.lexer.tokenize` on the splitter benchmark's script.

Run as ``python benchmarks/bench_lexer.py [--mb 10] [--runs 3]``. Not a test: it prints
MB/s and tokens/s (trivia included), the figures the front end's speed budget is read
against. The script is the same deterministic mix as ``bench_splitter.py``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_splitter import build_script

from conefi_dbtool.plsql.lexer import tokenize


def main() -> None:
    """Build the script, time the lexer, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0, help="script size in MB (10^6 bytes)")
    parser.add_argument("--runs", type=int, default=3, help="runs (best kept)")
    args = parser.parse_args()

    script = build_script(int(args.mb * 1_000_000))
    megabytes = len(script.encode()) / 1_000_000
    print(f"script: {megabytes:.2f} MB, {script.count(chr(10)):,} lines")
    best = float("inf")
    count = 0
    for _ in range(args.runs):
        began = time.perf_counter()
        count = len(tokenize(script))
        best = min(best, time.perf_counter() - began)
    rates = f"{megabytes / best:8.2f} MB/s  {count / best:,.0f} tokens/s"
    print(f"lexer: {best:8.3f} s  {rates}  {count:,} tokens")


if __name__ == "__main__":
    main()
