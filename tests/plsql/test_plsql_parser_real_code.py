"""Every SQL text the repository renders or keeps parses with no finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from conefi_dbtool.config import Project
from conefi_dbtool.lint.engine import target_sources
from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.splitter import SQLPLUS, split

TESTS = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"  # the false-positive corpus


def findings(text: str) -> list[str]:
    out = []
    for unit in split(text):
        if unit.kind != SQLPLUS:
            out += [f"{e.line}:{e.col} {e.message}" for e in parse(unit.text, unit.start).errors]
    return out


def test_the_rendered_example_target_parses(project: Project) -> None:
    sources = [s for s in target_sources(project, project.target("example")) if not s.template]
    assert len(sources) > 20
    assert {s.path: findings(s.text) for s in sources} == {s.path: [] for s in sources}


@pytest.mark.parametrize("path", sorted(TESTS.rglob("*.sql")), ids=lambda p: p.relative_to(TESTS).as_posix())
def test_the_repositorys_sql_files_parse(path: Path) -> None:
    assert findings(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.sql")), ids=lambda p: p.name)
def test_the_false_positive_corpus_parses(path: Path) -> None:
    assert findings(path.read_text(encoding="utf-8")) == []
