"""The false-positive corpus: valid Oracle code, written from the syntax diagrams of
Oracle's SQL and PL/SQL references (tests/plsql/corpus/), gets no finding that claims
Oracle would reject it (issue 14, item 6).

Every file is linted as its own file argument (its own namespace), as a DBA lints
unrelated scripts. tests/oracle/test_corpus_oracle.py checks the other half: Oracle
compiles every file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conefi_dbtool.lint import LintResult, lint_paths
from conefi_dbtool.lint.findings import Finding

CORPUS = Path(__file__).resolve().parent / "corpus"
FILES = sorted(CORPUS.glob("*.sql"))


@pytest.fixture(scope="module")
def corpus_result() -> LintResult:
    return lint_paths(FILES, None, None, use_cache=False, jobs=1)


def findings_of(result: LintResult, path: Path, prefix: str) -> list[Finding]:
    return [f for f in result.findings if Path(f.file).name == path.name and f.code.startswith(prefix)]


def test_the_corpus_covers_the_constructs_in_2000_lines_with_a_source_per_file() -> None:
    assert len(FILES) >= 12
    assert sum(len(p.read_text(encoding="utf-8").splitlines()) for p in FILES) >= 2000
    for path in FILES:
        head = "\n".join(path.read_text(encoding="utf-8").splitlines()[:6])
        assert "Reference" in head or "Guide" in head, f"{path.name}: no header naming its doc pages"


def test_every_corpus_file_is_linted(corpus_result: LintResult) -> None:
    assert {Path(f).name for f in corpus_result.files} == {p.name for p in FILES}
    assert corpus_result.units > 300


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_reference_finding(corpus_result: LintResult, path: Path) -> None:
    assert [f"{f.line}: {f.code} {f.message}" for f in findings_of(corpus_result, path, "REF")] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_split_finding(corpus_result: LintResult, path: Path) -> None:
    assert [f"{f.line}: {f.message}" for f in findings_of(corpus_result, path, "SYN002")] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_syntax_finding(corpus_result: LintResult, path: Path) -> None:
    assert [f"{f.line}: {f.code} {f.message}" for f in findings_of(corpus_result, path, "SYN")] == []
