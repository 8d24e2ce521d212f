#!/usr/bin/env python3
"""Compile-error benchmark: how many template mutants Oracle rejects does `lint` catch?

    python benchmarks/bench_mutants.py [--jobs 1] [--misses] [--category names] [--json FILE]

Each mutant of benchmarks/mutants/ (one edit of a real template, labelled with the Oracle
error it causes) is applied to a copy of the project, the example target is linted, and the
mutant counts as caught when an error-severity finding lands within 3 template lines of the
edit (or of the place Oracle itself reports it, `reported`). Prints recall per category and
overall (issue 15's goal: >= 95%). The lint cache of the copy is kept between mutants, so
each run re-parses only the units a mutant changed. Not a test: it prints figures; the labels
are checked against Oracle by tests/oracle/test_mutants_oracle.py.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.mutants import (  # noqa: E402  (the project root is put on the path first)
    CATEGORIES,
    Mutant,
    applied,
    copy_project,
    load_mutants,
    near,
    recall,
    reported_edit,
)
from conefi_dbtool.config import load_project  # noqa: E402
from conefi_dbtool.findings import Severity  # noqa: E402
from conefi_dbtool.lint import Finding, lint_target  # noqa: E402


def _key(f: Finding) -> tuple[str, str, str]:
    return (f.file, f.code, f.message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=1, help="parser processes per lint run")
    parser.add_argument("--category", choices=CATEGORIES, action="append",
                        help="only these categories (repeatable)")
    parser.add_argument("--misses", action="store_true", help="list the mutants not caught")
    parser.add_argument("--json", type=Path, help="write per-mutant results to this file")
    args = parser.parse_args()
    mutants = [m for m in load_mutants() if not args.category or m.category in args.category]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        project = load_project(copy_project(Path(tmp)))
        target = project.target("example")
        templates = project.root / "templates"
        base = lint_target(project, target, jobs=args.jobs)
        baseline = {_key(f) for f in base.findings if f.severity is Severity.ERROR}
        if baseline:
            print(f"note: the unmutated example has {len(baseline)} error finding(s); "
                  "they are not counted as catches")
        results: list[tuple[Mutant, bool, list[str]]] = []
        for mutant in mutants:
            with applied(templates, mutant) as edit:
                reported = reported_edit(templates, mutant)
                found = lint_target(project, target, jobs=args.jobs).findings
            errors = [f for f in found if f.severity is Severity.ERROR and _key(f) not in baseline]
            hits = [f for f in errors if near(edit, f.file, f.line)
                    or (reported is not None and near(reported, f.file, f.line))]
            results.append((mutant, bool(hits), [f"{f.code} {f.file}:{f.line} {f.message}" for f in hits]))
            print("+" if hits else ".", end="", file=sys.stderr, flush=True)  # progress
        print(file=sys.stderr)
    elapsed = time.perf_counter() - started
    table = recall([(m.category, caught) for m, caught, _ in results])
    load = os.getloadavg()[0]
    print(f"compile-error benchmark: {len(results)} mutants, lint of the example target per mutant "
          f"({elapsed:.0f} s, load average {load:.1f})")
    print(f"{'category':<14}{'caught':>8}{'total':>7}{'recall':>9}")
    for category, (caught, total) in table.items():
        print(f"{category:<14}{caught:>8}{total:>7}{100 * caught / total:>8.1f}%")
    caught_all = sum(c for c, _ in table.values())
    total_all = sum(t for _, t in table.values())
    print(f"{'overall':<14}{caught_all:>8}{total_all:>7}{100 * caught_all / max(total_all, 1):>8.1f}%"
          "   goal >= 95%")
    if args.misses:
        for mutant, caught, _ in results:
            if not caught:
                print(f"  missed {mutant.id} ({mutant.error}) {mutant.template}: {mutant.why}")
    if args.json:
        args.json.write_text(json.dumps([
            {"id": m.id, "category": m.category, "error": m.error, "caught": caught, "findings": hits}
            for m, caught, hits in results], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
