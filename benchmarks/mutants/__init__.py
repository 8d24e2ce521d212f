"""The compile-error benchmark: template mutants Oracle rejects, as data.

Each ``<category>.toml`` here holds ``[[mutant]]`` tables:

    id          unique, "<category>-NN"
    category    one of CATEGORIES (the checks of issue 15, item 2)
    template    path under templates/ of the template the mutant edits
    original    exact text of that template, present exactly once
    replacement what replaces it
    error       the Oracle error the mutant causes (PLS-00201, ORA-00904, ...)
    why         one line: what the edit breaks
    phase       "compile" (default: CREATE fails or compiles with errors),
                "deploy" (the deploy statement raises when run, e.g. DBMS_SCHEDULER
                refusing a job), "runtime" (compiles; `probe` raises)
    setup       runtime: statements run before the probe ({siga} {sgu} {conefi} = schemas)
    probe       runtime: the statement that raises
    evidence    runtime: a query whose first column holds the error when the code under
                test records it instead of raising (the job steps log and re-raise ORA-20010)
    fresh       true when the object must not exist first (a job's CREATE_JOB branch)
    reported    { template, near }: where Oracle reports the error when not at the edit
                (a spec change the body fails on); `near` is a unique line of that template

Used by benchmarks/bench_mutants.py (recall of the lint), tests/test_mutants_catalogue.py
(every mutant applies and renders) and tests/oracle/test_mutants_oracle.py (Oracle agrees
with every label).
"""

from __future__ import annotations

import re
import shutil
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CATEGORIES = ("names", "calls", "types", "declarations", "sql", "triggers", "scheduler", "runtime")
PHASES = ("compile", "deploy", "runtime")
ERROR_CODE = re.compile(r"(PLS|ORA)-\d{5}\Z")
NEAR = 3  # "caught": an error-severity finding within this many template lines of the edit
_KEYS = {"id", "category", "template", "original", "replacement", "error", "why", "phase", "setup",
         "probe", "evidence", "fresh", "reported"}
_REQUIRED = ("id", "category", "template", "original", "replacement", "error", "why")


class MutantError(Exception):
    """A malformed mutant file or a mutant that does not apply: one line, file and key."""


@dataclass(frozen=True)
class Mutant:
    id: str
    category: str
    template: str
    original: str
    replacement: str
    error: str
    why: str
    phase: str = "compile"
    setup: tuple[str, ...] = ()
    probe: str = ""
    evidence: str = ""
    fresh: bool = False
    reported_template: str = ""
    reported_near: str = ""


@dataclass(frozen=True)
class Edit:
    """Where a mutant changed its template (1-based lines of the mutated text)."""

    template: str
    first: int
    last: int


def _mutant(file: Path, index: int, raw: Any) -> Mutant:
    where = f"{file.name}: mutant[{index}]"
    if not isinstance(raw, dict):
        raise MutantError(f"{where}: expected a table")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise MutantError(f"{where}.{unknown[0]}: unknown key")
    for key in _REQUIRED:
        if not isinstance(raw.get(key), str) or (key != "replacement" and not raw[key]):
            raise MutantError(f"{where}.{key}: missing or not a string")
    if raw["category"] not in CATEGORIES or file.stem != raw["category"]:
        raise MutantError(f"{where}.category: {raw['category']!r} (file {file.name}; known: {CATEGORIES})")
    if not ERROR_CODE.match(raw["error"]):
        raise MutantError(f"{where}.error: {raw['error']!r} is no PLS-/ORA- code")
    phase = raw.get("phase", "compile")
    if phase not in PHASES:
        raise MutantError(f"{where}.phase: {phase!r} (known: {PHASES})")
    if (phase == "runtime") != bool(raw.get("probe")):
        raise MutantError(f"{where}.probe: a runtime mutant has a probe, and only it")
    reported = raw.get("reported", {})
    if not isinstance(reported, dict) or set(reported) - {"template", "near"} \
            or (bool(reported) and not all(isinstance(reported.get(k), str) for k in ("template", "near"))):
        raise MutantError(f"{where}.reported: expected {{ template = ..., near = ... }}")
    setup = raw.get("setup", [])
    if not isinstance(setup, list) or not all(isinstance(s, str) for s in setup):
        raise MutantError(f"{where}.setup: expected a list of statements")
    return Mutant(raw["id"], raw["category"], raw["template"], raw["original"], raw["replacement"],
                  raw["error"], raw["why"], phase, tuple(setup), raw.get("probe", ""),
                  raw.get("evidence", ""), bool(raw.get("fresh", False)),
                  reported.get("template", ""), reported.get("near", ""))


def load_mutants(directory: Path = HERE) -> tuple[Mutant, ...]:
    """Every mutant of every ``<category>.toml``, in category order then file order."""
    out: list[Mutant] = []
    for category in CATEGORIES:
        file = directory / f"{category}.toml"
        if not file.exists():
            continue
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise MutantError(f"{file.name}: not valid TOML: {exc}") from None
        out += [_mutant(file, i, m) for i, m in enumerate(raw.get("mutant", []))]
    ids = [m.id for m in out]
    dup = next((i for i in ids if ids.count(i) > 1), None)
    if dup is not None:
        raise MutantError(f"mutant id {dup} is used twice")
    return tuple(out)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def mutate(text: str, mutant: Mutant) -> tuple[str, int, int]:
    """The mutated text and the first/last line the replacement occupies."""
    count = text.count(mutant.original)
    if count != 1:
        raise MutantError(f"{mutant.id}: the original text occurs {count} times in {mutant.template}")
    at = text.index(mutant.original)
    first = line_of(text, at)
    return (text[:at] + mutant.replacement + text[at + len(mutant.original):], first,
            first + mutant.replacement.count("\n"))


def reported_edit(templates: Path, mutant: Mutant) -> Edit | None:
    """Where Oracle reports the error when it is not at the edit (`reported`)."""
    if not mutant.reported_template:
        return None
    text = (templates / mutant.reported_template).read_text(encoding="utf-8")
    if text.count(mutant.reported_near) != 1:
        raise MutantError(f"{mutant.id}: reported.near does not occur exactly once in "
                          f"{mutant.reported_template}")
    line = line_of(text, text.index(mutant.reported_near))
    return Edit(mutant.reported_template, line, line)


def copy_project(destination: Path, source: Path = ROOT) -> Path:
    """conefi.toml and templates/ of the project in `destination`; returns the config path."""
    shutil.copy(source / "conefi.toml", destination / "conefi.toml")
    shutil.copytree(source / "templates", destination / "templates")
    return destination / "conefi.toml"


@contextmanager
def applied(templates: Path, mutant: Mutant) -> Iterator[Edit]:
    """The mutant applied to a template under `templates` (a copy!), restored afterwards."""
    path = templates / mutant.template
    before = path.read_text(encoding="utf-8")
    after, first, last = mutate(before, mutant)
    path.write_text(after, encoding="utf-8")
    try:
        yield Edit(mutant.template, first, last)
    finally:
        path.write_text(before, encoding="utf-8")


def near(edit: Edit, file: str, line: int) -> bool:
    """A finding at `file`:`line` (file as lint shows it, ``templates/...``) is near the edit."""
    return file.endswith("templates/" + edit.template) and edit.first - NEAR <= line <= edit.last + NEAR


def recall(caught: Sequence[tuple[str, bool]]) -> dict[str, tuple[int, int]]:
    """(category, caught?) pairs to {category: (caught, total)}, categories in order."""
    out: dict[str, tuple[int, int]] = {}
    for category in CATEGORIES:
        hits = [c for cat, c in caught if cat == category]
        if hits:
            out[category] = (sum(hits), len(hits))
    return out
