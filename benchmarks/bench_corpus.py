#!/usr/bin/env python3
"""False-positive benchmark: lint a corpus of code Oracle compiles, count the files lint
claims Oracle would reject.

    python benchmarks/bench_corpus.py [PATH...] [--jobs 0] [--files] [--each-file]

PATHs default to the project's own corpus (tests/plsql/corpus/, valid code written from
Oracle's syntax diagrams); give any directory of real-world PL/SQL that compiles. Each
PATH is linted as `conefi-dbtool lint PATH...` would (no target: a directory argument is
one namespace, a file argument its own), cold (no cache), in this process. For a corpus
of unrelated projects give one PATH per project (`corpus/*/`), or `--each-file` to lint
every file as its own argument (scripts that reuse a table name do not meet then).

Prints files, lines, wall time, lines/s, and the files with at least one finding that
claims Oracle would reject the code: an error-severity syntax (SYN*), reference (REF*) or
semantic (SEM*) finding. Issue 14's goal: at most 2% of the files of code that compiles.
`--files` lists those files with their first such finding. Not a test: it prints figures (the machine's
load average with them).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conefi_dbtool.findings import Severity  # noqa: E402
from conefi_dbtool.lint import Finding, LintResult, lint_paths  # noqa: E402
from conefi_dbtool.lint.sources import SQL_SUFFIXES  # noqa: E402
from conefi_dbtool.textio import read_sql_text  # noqa: E402

CORPUS = ROOT / "tests" / "plsql" / "corpus"
GOAL_PERCENT = 2.0


def claims_rejection(finding: Finding) -> bool:
    """A finding that says Oracle would not run the code: a syntax, reference or semantic
    error (issue 15: the bound holds with the semantic checks on)."""
    return finding.code[:3] in ("SYN", "REF", "SEM") and finding.severity is Severity.ERROR


def rejected_by_file(result: LintResult) -> dict[str, list[Finding]]:
    """The findings that claim Oracle would reject the code, per file."""
    rejected: dict[str, list[Finding]] = {}
    for finding in result.findings:
        if claims_rejection(finding):
            rejected.setdefault(finding.file, []).append(finding)
    return rejected


def sql_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SQL_SUFFIXES)
        else:
            found.append(path)
    return found


def lint_and_report(heading: str, files: list[Path], arguments: list[Path], jobs: int,
                    label: str) -> dict[str, list[Finding]]:
    """Lint `arguments` cold (no cache), print the figures — files, lines, units, time,
    lines/s, the share of `files` claimed rejected, by rule — and return those findings."""
    lines = sum(read_sql_text(p).count("\n") + 1 for p in files)
    start = time.perf_counter()
    result = lint_paths(arguments, None, None, use_cache=False, jobs=jobs)
    elapsed = time.perf_counter() - start
    rejected = rejected_by_file(result)
    codes = Counter(f.code for found in rejected.values() for f in found)
    share = 100.0 * len(rejected) / len(files)
    print(heading)
    print(f"files:       {len(files)}")
    print(f"lines:       {lines}")
    print(f"units:       {result.units}")
    print(f"cold lint:   {elapsed:.2f} s ({lines / elapsed:,.0f} lines/s; load {os.getloadavg()[0]:.2f})")
    print(f"{label + ':':<12} {len(rejected)} file(s) = {share:.1f}% with a SYN/REF/SEM error "
          f"(goal <= {GOAL_PERCENT:g}%): {'met' if share <= GOAL_PERCENT else 'NOT met'}")
    print(f"by rule:     {', '.join(f'{code} {n}' for code, n in sorted(codes.items())) or 'none'}")
    for notice in result.skipped:
        print(f"not checked: {notice}")
    return rejected


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[CORPUS])
    parser.add_argument("--jobs", type=int, default=0, help="parser processes (0: one per CPU)")
    parser.add_argument("--files", action="store_true", help="list the files with a finding")
    parser.add_argument("--each-file", action="store_true",
                        help="lint each file as its own argument (its own namespace)")
    args = parser.parse_args()
    files = sql_files(args.paths)
    if not files:
        sys.exit("no SQL files under " + ", ".join(map(str, args.paths)))
    rejected = lint_and_report(f"corpus:      {', '.join(map(str, args.paths))}", files,
                               files if args.each_file else args.paths, args.jobs, "rejected")
    if args.files:
        for file, found in sorted(rejected.items()):
            first = found[0]
            print(f"  {file}:{first.line}: {first.code} {first.message[:100]} (+{len(found) - 1})")


if __name__ == "__main__":
    main()
