"""Throughput of the project's Oracle parser (`conefi_dbtool.plsql.parser.parse`), cold.

Run as ``python benchmarks/bench_parser.py [--mb 20] [--corpus DIR] [--sqlfluff]``.
Not a test: it prints lines/s (and MB/s) for each input, splitting excluded:

* the rendered example target (what ``lint --target example`` parses);
* every ``.sql`` file of the repository's tests (goldens, fixtures);
* ``--corpus DIR``: every ``.sql`` file under DIR (e.g. the false-positive corpus);
* a large synthetic script (``--mb``, default 20): the inputs above repeated, with the
  object names numbered, so it is real-world shaped, and read as one script would be.

"Cold" means a fresh parser per unit and nothing cached: each figure is one pass over
the input in this process (lexing included, imports done before). Wall-clock lines/s
depend on the machine's load; lines per second of CPU time are printed beside them.
``--sqlfluff`` also times sqlfluff's Oracle dialect on the example target, the baseline
the parser replaced (needs the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conefi_dbtool.config import load_project
from conefi_dbtool.lint.engine import target_sources
from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.splitter import SQLPLUS, SplitError, split

ROOT = Path(__file__).resolve().parent.parent
Unit = tuple[int, str]  # (first line, text)


def units_of(text: str) -> list[Unit]:
    try:
        return [(u.start, u.text) for u in split(text) if u.kind != SQLPLUS]
    except SplitError:
        return []


def example_units() -> list[Unit]:
    project = load_project(ROOT / "conefi.toml")
    out: list[Unit] = []
    for source in target_sources(project, project.target("example")):
        if not source.template:
            out += units_of(source.text)
    return out


def file_units(root: Path) -> list[Unit]:
    out: list[Unit] = []
    for path in sorted(root.rglob("*.sql")):
        if ".venv" in path.parts:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            text = path.read_text(encoding="cp1252")
        out += units_of(text)
    return out


def synthetic(units: list[Unit], mb: float) -> list[Unit]:
    """``units`` repeated (names numbered) up to ``mb`` megabytes."""
    out: list[Unit] = []
    size = 0
    n = 0
    while size < mb * 1_000_000 and units:
        for _start, text in units:
            copy = text.replace("CONEFI.", f"CONEFI{n}.").replace("conefi.", f"conefi{n}.")
            out.append((1, copy))
            size += len(copy)
        n += 1
    return out


def timed(label: str, units: list[Unit]) -> None:
    lines = sum(text.count("\n") + 1 for _, text in units)
    chars = sum(len(text) for _, text in units)
    errors = 0
    began, cpu = time.perf_counter(), time.process_time()
    for start, text in units:
        errors += len(parse(text, start).errors)
    elapsed = time.perf_counter() - began
    used = time.process_time() - cpu
    print(f"{label:34} {len(units):6} units {lines:8} lines {chars / 1e6:6.2f} MB "
          f"{elapsed:6.2f} s {lines / elapsed:8,.0f} lines/s ({lines / used:,.0f} lines/s of CPU) "
          f"{errors} syntax findings")


def sqlfluff_baseline(units: list[Unit]) -> None:
    try:
        from sqlfluff.core import FluffConfig, Linter
    except ImportError:  # pragma: no cover - depends on the extra being installed
        print("sqlfluff not installed: pip install -e '.[bench]'")
        return
    linter = Linter(config=FluffConfig(overrides={"dialect": "oracle", "templater": "raw"}))
    lines = sum(text.count("\n") + 1 for _, text in units)
    began = time.perf_counter()
    for _start, text in units:
        linter.parse_string(text)
    elapsed = time.perf_counter() - began
    print(f"{'sqlfluff oracle, example target':34} {len(units):7} units {lines:9} lines "
          f"{'':10} {elapsed:7.2f} s {lines / elapsed:10,.0f} lines/s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="size of the synthetic script")
    ap.add_argument("--corpus", type=Path, help="a directory of .sql files to parse too")
    ap.add_argument("--sqlfluff", action="store_true", help="time sqlfluff on the example too")
    args = ap.parse_args()
    example = example_units()
    tests = file_units(ROOT / "tests")
    timed("example target (rendered)", example)
    timed("tests/**/*.sql", tests)
    corpus: list[Unit] = []
    if args.corpus is not None:
        corpus = file_units(args.corpus)
        timed(f"corpus {args.corpus}", corpus)
    timed(f"synthetic ~{args.mb:g} MB", synthetic(example + tests + corpus, args.mb))
    if args.sqlfluff:
        sqlfluff_baseline(example)


if __name__ == "__main__":
    main()
