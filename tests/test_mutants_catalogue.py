"""The compile-error benchmark's mutants are sound data: every one applies exactly once to the
real templates, the mutated project renders for the example target, and the edit reaches the
rendered SQL. (Whether Oracle agrees with each label: tests/oracle/test_mutants_oracle.py.)"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.mutants import (
    CATEGORIES,
    ROOT,
    Edit,
    Mutant,
    MutantError,
    applied,
    copy_project,
    load_mutants,
    mutate,
    near,
    recall,
    reported_edit,
)
from conefi_dbtool.config import Project, load_project
from conefi_dbtool.render import render_target

MUTANTS = load_mutants()


def test_at_least_150_mutants_over_every_category() -> None:
    assert len(MUTANTS) >= 150
    per_category = Counter(m.category for m in MUTANTS)
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 8
    assert len({m.id for m in MUTANTS}) == len(MUTANTS)


def test_no_two_mutants_make_the_same_edit() -> None:
    """A mutant re-targeted after a template change must not silently duplicate another."""
    edits = Counter((m.template, m.original, m.replacement) for m in MUTANTS)
    assert [edit for edit, count in edits.items() if count > 1] == []


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    yield load_project(copy_project(tmp_path_factory.mktemp("mutants")))


@pytest.fixture(scope="module")
def baseline(project: Project) -> dict[str, str]:
    return {str(o.id): o.text for o in render_target(project, project.target("example")).objects}


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.id for m in MUTANTS])
def test_each_mutant_applies_once_renders_and_changes_the_rendered_sql(
        mutant: Mutant, project: Project, baseline: dict[str, str]) -> None:
    templates = project.root / "templates"
    with applied(templates, mutant) as edit:
        rendered = {str(o.id): o.text for o in render_target(project, project.target("example")).objects}
        changed = [oid for oid, text in rendered.items() if baseline.get(oid) != text]
        assert changed, f"{mutant.id} does not change the rendered example target"
        assert edit.first >= 1 and edit.last >= edit.first
        if mutant.reported_template:
            assert reported_edit(templates, mutant) is not None


def test_the_templates_are_restored_after_every_mutant(project: Project, baseline: dict[str, str]) -> None:
    templates = project.root / "templates"
    for mutant in MUTANTS[:3]:
        before = (templates / mutant.template).read_text(encoding="utf-8")
        with applied(templates, mutant):
            assert (templates / mutant.template).read_text(encoding="utf-8") != before
        assert (templates / mutant.template).read_text(encoding="utf-8") == before
    rendered = {str(o.id): o.text for o in render_target(project, project.target("example")).objects}
    assert rendered == baseline
    assert (ROOT / "templates" / MUTANTS[0].template).read_text(encoding="utf-8") == \
        (templates / MUTANTS[0].template).read_text(encoding="utf-8")


def test_mutate_locates_the_edit_and_refuses_ambiguity() -> None:
    mutant = Mutant("x-01", "names", "t.sql.j2", "b\nc", "B\nC\nD", "PLS-00201", "why")
    text, first, last = mutate("a\nb\nc\nd\n", mutant)
    assert (text, first, last) == ("a\nB\nC\nD\nd\n", 2, 4)
    with pytest.raises(MutantError, match="occurs 2 times"):
        mutate("b\nc b\nc", mutant)
    with pytest.raises(MutantError, match="occurs 0 times"):
        mutate("nothing", mutant)


def test_caught_means_near_the_edit_in_that_template() -> None:
    edit = Edit("erp/x.sql.j2", 10, 12)
    assert near(edit, "templates/erp/x.sql.j2", 7) and near(edit, "templates/erp/x.sql.j2", 15)
    assert not near(edit, "templates/erp/x.sql.j2", 6) and not near(edit, "templates/erp/x.sql.j2", 16)
    assert not near(edit, "templates/erp/y.sql.j2", 11)
    assert recall([("names", True), ("names", False), ("sql", True)]) == {"names": (1, 2), "sql": (1, 1)}


@pytest.mark.parametrize(("body", "message"), [
    ('id = "names-01"\ncategory = "names"\n', "template: missing"),
    ('id = "names-01"\ncategory = "calls"\ntemplate = "t"\noriginal = "a"\nreplacement = ""\n'
     'error = "PLS-00201"\nwhy = "w"\n', "category"),
    ('id = "names-01"\ncategory = "names"\ntemplate = "t"\noriginal = "a"\nreplacement = ""\n'
     'error = "PLS-201"\nwhy = "w"\n', "no PLS-/ORA- code"),
    ('id = "names-01"\ncategory = "names"\ntemplate = "t"\noriginal = "a"\nreplacement = ""\n'
     'error = "PLS-00201"\nwhy = "w"\nphase = "runtime"\n', "probe"),
    ('id = "names-01"\ncategory = "names"\ntemplate = "t"\noriginal = "a"\nreplacement = ""\n'
     'error = "PLS-00201"\nwhy = "w"\nwhen = "x"\n', "unknown key"),
])
def test_a_malformed_mutant_is_one_line_naming_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    (tmp_path / "names.toml").write_text("[[mutant]]\n" + body, encoding="utf-8")
    with pytest.raises(MutantError, match=message) as info:
        load_mutants(tmp_path)
    assert str(info.value).startswith("names.toml: mutant[0]") and "\n" not in str(info.value)
