"""Generated integration documentation: the wiki page the seed could not finish.

    generate_docs(project, target)  -> Markdown (deterministic)
    check_docs(path, text)          -> a short diff when the committed page is stale
    write_integration_doc(root)     -> regenerate docs/integration.md of this repository

The page is `page.render_page(build.build_docs(...))`: gathering (the only I/O) and
rendering (pure) are separate, so the golden test and `docs --check` compare bytes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from conefi_dbtool.catalog.snapshot import CatalogSnapshot
from conefi_dbtool.config import Project, Target, load_project
from conefi_dbtool.docs_gen.build import build_docs
from conefi_dbtool.docs_gen.page import render_page
from conefi_dbtool.output import write_text_atomic

DEFAULT_OUTPUT = Path("docs") / "integration.md"
INTEGRATION_DOC_TARGET = "example"
MAX_DIFF_LINES = 40


def generate_docs(
    project: Project,
    target: Target,
    *,
    profile: str | None = None,
    catalog: CatalogSnapshot | None = None,
) -> str:
    """The integration page of `target` as Markdown."""
    return render_page(build_docs(project, target, profile=profile, catalog=catalog))


@dataclass(frozen=True)
class StaleDocs:
    """The result of comparing a committed page with a fresh one."""

    path: Path
    exists: bool
    diff: tuple[str, ...]  # unified diff lines, at most MAX_DIFF_LINES (+ a "more" line)

    @property
    def stale(self) -> bool:
        return not self.exists or bool(self.diff)


def check_docs(path: Path, expected: str) -> StaleDocs:
    """Compare the file at `path` with `expected`; a missing file is stale."""
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return StaleDocs(path, False, ())
    if current == expected:
        return StaleDocs(path, True, ())
    lines = list(difflib.unified_diff(
        current.splitlines(), expected.splitlines(),
        fromfile=f"{path} (committed)", tofile=f"{path} (generated)", lineterm="", n=1,
    ))
    if not lines:  # only line endings or the final newline differ
        lines = [f"--- {path} (committed)", f"+++ {path} (generated)",
                 "@@ line endings or final newline differ @@"]
    if len(lines) > MAX_DIFF_LINES:
        more = len(lines) - MAX_DIFF_LINES
        lines = [*lines[:MAX_DIFF_LINES], f"... {more} more diff lines"]
    return StaleDocs(path, True, tuple(lines))


def integration_doc(root: Path) -> str:
    """The page committed as docs/integration.md: the example target, no catalog."""
    project = load_project(root / "conefi.toml")
    return generate_docs(project, project.target(INTEGRATION_DOC_TARGET))


def write_integration_doc(root: Path) -> Path:
    """Regenerate `<root>/docs/integration.md` (a step of scripts/regen.py)."""
    path = root / DEFAULT_OUTPUT
    write_text_atomic(path, integration_doc(root))
    return path


__all__ = [
    "DEFAULT_OUTPUT",
    "INTEGRATION_DOC_TARGET",
    "StaleDocs",
    "check_docs",
    "generate_docs",
    "integration_doc",
    "write_integration_doc",
]
