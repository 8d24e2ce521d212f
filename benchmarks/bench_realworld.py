#!/usr/bin/env python3
"""Real-world false-positive rate: lint public PL/SQL that compiles on Oracle, one file at a time.

    python benchmarks/bench_realworld.py DIRECTORY [--each] [--jobs 0]

DIRECTORY holds other people's code (e.g. /tmp/realworld/<repo>/...), never the repository:
the sample is not committed and this script embeds none of it. Every SQL file under it is
its own argument (its own namespace), as `conefi-dbtool lint FILE` would see it, so two
projects that both create a table `t` do not meet.

Prints files, lines, lines/s (cold, no cache) and issue 14's metric: the files that get a
finding claiming Oracle would reject them (an error-severity SYN*, REF* or SEM* finding;
goal at most 2%). `--each` lists every such finding as file:line so each can be triaged.
docs/lint.md ("Real-world sample") records the last measurement and its triage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_corpus import lint_and_report, sql_files  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--each", action="store_true",
                        help="list every rejecting finding as file:line")
    parser.add_argument("--jobs", type=int, default=0, help="parser processes (0: one per CPU)")
    args = parser.parse_args()
    files = sql_files([args.directory])
    if not files:
        sys.exit(f"no SQL files under {args.directory}")
    repos = {p.relative_to(args.directory).parts[0] for p in files
             if len(p.relative_to(args.directory).parts) > 1}
    rejected = lint_and_report(f"sample:      {args.directory} ({len(repos)} repositories)", files,
                               list(files), args.jobs, "flagged")
    if args.each:
        for file, found in sorted(rejected.items()):
            for finding in found:
                print(f"  {file}:{finding.line}:{finding.column}: {finding.code} "
                      f"{finding.message[:120]}")


if __name__ == "__main__":
    main()
