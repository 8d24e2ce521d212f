"""Mutation score per core module: do the tests notice when the code is wrong?

Runs mutmut (3.x; configured under ``[tool.mutmut]`` in pyproject.toml) on a copy of the
project, one module at a time, and prints killed / total for each. A full run is slow on
a small machine, so ``--sample N`` tests N mutants per module drawn with a fixed seed
(the same N gives the same mutants while the module is unchanged): scores before and after
a change are then comparable.

    python scripts/mutation.py --sample 30                 # every default module
    python scripts/mutation.py conefi_dbtool/splitter.py   # one module, every mutant
    python scripts/mutation.py --sample 30 --verbose conefi_dbtool/catalog/drift.py

A module may be a file or a package directory (all its ``.py`` files count as one module).
Modules move; name them on the command line, or update ``MODULES`` below.

A mutant is *killed* when a test fails (or times out) with it applied; *survived* when the
tests still pass, including a mutant no test runs (mutmut's "no tests"). ``--verbose`` lists
the survivors; ``mutmut show NAME`` in the work directory (``--workdir DIR --keep``) shows
one's diff.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# The core modules, by today's paths (a directory means a package).
MODULES = [
    "conefi_dbtool/config.py",
    "conefi_dbtool/layouts/",
    "conefi_dbtool/grants/findings.py",
    "conefi_dbtool/catalog/normalize.py",
    "conefi_dbtool/splitter.py",
    "conefi_dbtool/catalog/drift.py",
    "conefi_dbtool/plsql/lexer.py",
]

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "mutants", "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache",
        ".hypothesis", "build", "dist"}
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
SEED = 13


@dataclass(frozen=True)
class Score:
    module: str
    total: int  # mutants tested (the sample, or all)
    killed: int
    survived: tuple[str, ...]
    unchecked: int  # sampled but not run (time limit reached)
    population: int  # every mutant mutmut makes of the module

    def line(self) -> str:
        checked = self.total - self.unchecked
        pct = f"{100 * self.killed / checked:5.1f}%" if checked else "   n/a"
        sampled = f" (sample of {self.population})" if self.total < self.population else ""
        late = f", {self.unchecked} not run (time limit)" if self.unchecked else ""
        return f"{self.module:<40} {pct}  {self.killed}/{checked} killed{sampled}{late}"


def module_files(module: str) -> list[Path]:
    """The .py files of `module` (a file, or a package directory), relative to the root."""
    path = ROOT / module
    if path.is_dir():
        return sorted(p.relative_to(ROOT) for p in path.rglob("*.py"))
    if path.suffix == ".py" and path.is_file():
        return [path.relative_to(ROOT)]
    raise SystemExit(f"mutation: {module}: no such module (a .py file or a package directory)")


def mutant_names(files: list[Path]) -> list[str]:
    """Every mutant mutmut makes of `files`, by the names ``mutmut run`` takes."""
    from mutmut.mutation.file_mutation import mutate_file_contents
    from mutmut.utils.format_utils import get_mutant_name

    names: list[str] = []
    for f in files:
        mutated = mutate_file_contents(str(f), (ROOT / f).read_text(encoding="utf-8"))
        names += [get_mutant_name(f, n) for n in mutated.mutant_names]
    return sorted(names)


def copy_project(work: Path) -> None:
    """The project as it is on disk (uncommitted edits and new tests included) into `work`."""
    def ignore(_dir: str, names: list[str]) -> set[str]:
        return {n for n in names if n in SKIP or n.endswith(".pyc")}

    shutil.copytree(ROOT, work, ignore=ignore, dirs_exist_ok=True)


def restrict(work: Path, files: list[Path]) -> None:
    """Make mutmut in `work` mutate only `files` (only_mutate under [tool.mutmut]).

    mutmut maps tests to functions once (its stats) over the files mutated at the time, so
    every module of a run is mutated from the start; a file new to an existing work
    directory, or a changed test, makes the map be rebuilt, else mutants would count as
    untested.
    """
    pyproject = work / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^only_mutate = .*\n", "", text)
    if "\n[tool.mutmut]\n" not in text:
        raise SystemExit("mutation: pyproject.toml has no [tool.mutmut] section")
    only = "only_mutate = " + json.dumps([str(f) for f in files]) + "\n"
    pyproject.write_text(text.replace("\n[tool.mutmut]\n", "\n[tool.mutmut]\n" + only, 1), encoding="utf-8")
    new = [f for f in files if not (work / "mutants" / f"{f}.meta").exists()]
    for f in new:  # a plain copy left by an earlier run would pass for "already mutated"
        (work / "mutants" / f).unlink(missing_ok=True)
    stats = work / "mutants" / "mutmut-stats.json"
    tests_changed = stats.exists() and any(t.stat().st_mtime > stats.stat().st_mtime
                                           for t in (work / "tests").rglob("*.py"))
    if new or tests_changed:  # mutmut's own update for new tests can stop with "no test case"
        stats.unlink(missing_ok=True)


def run_mutmut(work: Path, names: list[str], jobs: int, timeout: float, log: Path) -> None:
    """``mutmut run NAMES`` in `work`; stopped (results so far kept) after `timeout` seconds.

    mutmut's update of its test map for tests it has not seen can stop the run with "could not
    find any test case"; the map is then rebuilt once from scratch.
    """
    for attempt in (1, 2):
        start = log.stat().st_size if log.exists() else 0
        _run_once(work, names, jobs, timeout, log)
        with log.open(encoding="utf-8", errors="replace") as out:
            out.seek(start)
            stopped = "could not find any test case" in out.read()
        if not stopped or attempt == 2:
            return
        (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)


def _run_once(work: Path, names: list[str], jobs: int, timeout: float, log: Path) -> None:
    cmd = [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), *names]
    with log.open("a", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=work, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGINT)  # mutmut saves what it has on ^C
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def forget(work: Path, files: list[Path], names: list[str]) -> None:
    """Drop mutmut's recorded results for `names`, so a run cut short shows them as not run."""
    chosen = set(names)
    for f in files:
        meta = work / "mutants" / f"{f}.meta"
        if meta.exists():
            data = json.loads(meta.read_text(encoding="utf-8"))
            data["exit_code_by_key"] = {k: (None if k in chosen else v)
                                        for k, v in data["exit_code_by_key"].items()}
            meta.write_text(json.dumps(data, indent=4), encoding="utf-8")


def results(work: Path, files: list[Path]) -> dict[str, str]:
    """Status of every mutant mutmut has recorded for `files` (killed, survived, ...)."""
    from mutmut.stats import status_by_exit_code

    out: dict[str, str] = {}
    for f in files:
        meta = work / "mutants" / f"{f}.meta"
        if meta.exists():
            codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
            out.update({k: status_by_exit_code[v] for k, v in codes.items()})
    return out


def score(module: str, work: Path, *, sample: int, seed: int, jobs: int, timeout: float, log: Path) -> Score:
    files = module_files(module)
    population = mutant_names(files)
    chosen = sorted(random.Random(f"{seed}:{module}").sample(population, sample)) \
        if 0 < sample < len(population) else population
    if chosen:
        forget(work, files, chosen)
        run_mutmut(work, chosen, jobs, timeout, log)
    status = results(work, files)
    unchecked = [n for n in chosen if status.get(n, "not checked") == "not checked"]
    killed = sum(1 for n in chosen if status.get(n) in KILLED)
    survived = tuple(f"{n} ({status[n]})" for n in chosen
                     if n not in unchecked and status.get(n) not in KILLED)
    return Score(module, len(chosen), killed, survived, len(unchecked), len(population))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=MODULES,
                        help="module files or package directories (default: the core modules)")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="test N random mutants per module (fixed seed); 0 = all")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"another sample of the same size (default {SEED}), e.g. to check that "
                             "tests written for one sample's survivors did not just fit that sample")
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested in parallel (default 1)")
    parser.add_argument("--timeout", type=float, default=1800, metavar="SECONDS",
                        help="stop a module's run after this long; the rest count as not run")
    parser.add_argument("--workdir", type=Path, help="work directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--verbose", action="store_true", help="list the surviving mutants")
    args = parser.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="conefi-mutation-"))
    work.mkdir(parents=True, exist_ok=True)
    log = work / "mutmut.log"
    print(f"work directory: {work} (mutmut output in {log.name})", flush=True)
    copy_project(work)
    restrict(work, [f for module in args.modules for f in module_files(module)])
    scores: list[Score] = []
    try:
        for module in args.modules:
            s = score(module, work, sample=args.sample, seed=args.seed, jobs=args.jobs, timeout=args.timeout,
                      log=log)
            scores.append(s)
            print(s.line(), flush=True)
            if args.verbose:
                for name in s.survived:
                    print(f"    survived: {name}")
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(work, ignore_errors=True)
    return 0 if scores else 1


if __name__ == "__main__":
    sys.exit(main())
