"""The bundled example target lints clean: what CI runs (`conefi-dbtool lint --target example`)."""

from __future__ import annotations

from conefi_dbtool.config import Project
from conefi_dbtool.lint import lint_target


def test_example_target_lints_clean(project: Project) -> None:
    result = lint_target(project, project.target("example"), use_cache=False)
    assert [(f.code, f.file, f.line, f.message) for f in result.findings] == []
    assert result.units > 20  # the integration's objects were all analysed
    assert all(s.reason for s in result.suppressions)
