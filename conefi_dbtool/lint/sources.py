"""The texts lint reports against: rendered objects, SQL files, templates.

Kept apart from the engine (and light: no parser, no rules, no renderer) because the run
key of a warm run (`lint.runkey`) reads the same template and SQL files the engine lints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from conefi_dbtool.errors import UsageError
from conefi_dbtool.textio import read_sql_text

if TYPE_CHECKING:
    from conefi_dbtool.config import Project, Target
    from conefi_dbtool.objects import SourceLine

SQL_SUFFIXES = (".sql", ".pks", ".pkb", ".pls", ".plb", ".prc", ".fnc", ".trg", ".tps", ".tpb")
TEMPLATE_SUFFIX = ".sql.j2"


@dataclass(frozen=True)
class Source:
    """A text findings are reported against: a rendered object, a SQL file or a template."""

    path: str  # shown path: the object's template, the SQL file, the template file
    text: str
    object: str = ""  # e.g. erp:CONEFI.package_body.PKG_X
    database: str | None = None
    schema: str = ""
    line_map: tuple[SourceLine | None, ...] = ()
    template_prefix: str = ""  # prepended to line_map template paths
    template: bool = False  # a Jinja template (checked for TPL001 only)
    report: bool = True  # False: only tells what exists (a target's objects behind SQL files)
    namespace: str = ""  # sources of one namespace see each other's CREATEs, and only those

    def locate(self, line: int) -> tuple[str, int]:
        """(file, line) a human edits for line ``line`` of this text."""
        if self.line_map:
            for probe in range(min(line, len(self.line_map)), 0, -1):
                where = self.line_map[probe - 1]
                if where is not None:
                    return self.template_prefix + where.template, where.line
        return self.path, line


def shown(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it (as reports show it), else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def template_sources(project: Project) -> list[Source]:
    """Every template file of the project (macros included), for TPL001."""
    prefix = shown(project.templates_dir, project.root) + "/"
    sources = []
    for path in sorted(project.templates_dir.rglob(f"*{TEMPLATE_SUFFIX}")):
        rel = path.relative_to(project.templates_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        sources.append(Source(prefix + rel.as_posix(), read_sql_text(path), template=True))
    return sources


def file_sources(paths: Sequence[Path], target: Target | None,
                 encoding: str | None = None) -> list[Source]:
    """SQL files (directories are searched for SQL and template files), read as
    `textio.read_sql_text` does (`encoding` forces one: a UTF-8 byte order mark is dropped,
    a file that is not UTF-8 is read as cp1252).

    Namespaces: with a target every file shares the target's; without one, each directory
    argument is one namespace and each file argument its own, so a CREATE in one file
    argument never replaces a same-named object of another (unrelated scripts often reuse
    a name: a demo's ``EMP`` is not another script's ``EMP``).
    """
    files: dict[Path, str] = {}
    for path in paths:
        namespace = "" if target is not None else path.as_posix()
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*")
                                if p.is_file() and (p.name.endswith(TEMPLATE_SUFFIX)
                                                    or p.suffix.lower() in SQL_SUFFIXES)):
                files.setdefault(found, namespace)
        elif path.exists() or path.is_symlink():  # a broken link or loop: said when read
            files.setdefault(path, namespace)
        else:
            raise UsageError(f"{path}: no such file or directory")
    sources = []
    for path, namespace in files.items():
        template = path.name.endswith(TEMPLATE_SUFFIX)
        database = "erp" if target is not None else None
        sources.append(Source(path.as_posix(), read_sql_text(path, encoding), database=database,
                              template=template, namespace=namespace))
    return sources
