"""Run test-bed statements and deploy rendered objects on a python-oracledb connection.

DDL goes through the raw driver cursor (never SQLAlchemy `text()`, which would take a
trigger's `:new`/`:old` for bind parameters). python-oracledb does not raise when a PL/SQL
unit compiles with errors — it sets `cursor.warning` — so every PL/SQL step is checked and
the first error is reported at the template line that produced it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import oracledb

from conefi_dbtool.deploy_steps import Step, invalid_sweep, object_steps
from conefi_dbtool.errors import ConefiError
from conefi_dbtool.objects import ORACLE_TYPE_NAMES, RenderedObject
from conefi_dbtool.testbed.builders import Change, Statement

_ERRORS_SQL = (
    "SELECT line, position, text FROM all_errors "
    "WHERE owner = :owner AND name = :name AND type = :type AND attribute = 'ERROR' "
    "ORDER BY sequence"
)


@dataclass(frozen=True)
class CompileError:
    """One ALL_ERRORS row mapped back to the rendered text and its template."""

    object: str
    line: int  # line in the rendered object text
    position: int
    message: str
    template: str
    template_line: int | None

    def __str__(self) -> str:
        where = self.template if self.template_line is None else f"{self.template}:{self.template_line}"
        return f"{where}: {self.object} line {self.line}:{self.position}: {self.message}"


def run_statements(connection: oracledb.Connection, statements: Iterable[Statement]) -> int:
    """Execute statements in order (no commit: the caller owns the transaction)."""
    count = 0
    with connection.cursor() as cur:
        for statement in statements:
            try:
                cur.execute(statement.sql, statement.bind_dict())
            except oracledb.DatabaseError as exc:
                raise ConefiError(f"{statement.purpose or 'statement'}: "
                                  f"{str(exc).splitlines()[0]}") from exc
            count += 1
    return count


def apply(connection: oracledb.Connection, *changes: Change[Any] | Statement,
          commit: bool = True) -> None:
    """Write built changes (the ERP's own transaction); commit unless told not to."""
    statements: list[Statement] = []
    for change in changes:
        statements.extend((change,) if isinstance(change, Statement) else change.statements)
    run_statements(connection, statements)
    if commit:
        connection.commit()


_TRIGGER_BODY = re.compile(r"^[ \t]*(DECLARE|BEGIN|COMPOUND\s+TRIGGER)\b", re.I | re.M)


def error_line_base(obj: RenderedObject, step: Step) -> int:
    """Rendered line that ALL_ERRORS calls line 1: the statement's first line, except for a
    trigger, whose errors count from its PL/SQL body (DECLARE / BEGIN / COMPOUND TRIGGER)."""
    if obj.id.type == "trigger":
        m = _TRIGGER_BODY.search(step.text)
        if m:
            return step.line + step.text.count("\n", 0, m.start())
    return step.line


def compile_errors(cursor: oracledb.Cursor, obj: RenderedObject, step: Step) -> list[CompileError]:
    """ALL_ERRORS of `obj`, with each line mapped to the rendered text and the template."""
    otype = ORACLE_TYPE_NAMES[obj.id.type]
    cursor.execute(_ERRORS_SQL, owner=obj.id.owner, name=obj.id.name, type=otype)
    base = error_line_base(obj, step)
    out = []
    for line, position, text in cursor.fetchall():
        rendered = base + int(line) - 1
        source = obj.source_of(rendered)
        out.append(CompileError(str(obj.id), rendered, int(position), str(text).strip(),
                                source.template if source else obj.template,
                                source.line if source else None))
    return out


def execute_step(cursor: oracledb.Cursor, step: Step, obj: RenderedObject | None) -> None:
    """One deploy step; a compile warning becomes an error naming the template line."""
    try:
        cursor.execute(step.text)
    except oracledb.DatabaseError as exc:
        where = f"{obj.template} ({obj.id}, statement at line {step.line})" if obj else step.purpose
        raise ConefiError(f"{where}: {str(exc).splitlines()[0]}") from exc
    if cursor.warning is not None and obj is not None and step.purpose == "create":
        errors = compile_errors(cursor, obj, step)
        first = str(errors[0]) if errors else f"{obj.template}: {obj.id}: {cursor.warning}"
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ConefiError(f"compile error: {first}{more}")


def deploy_objects(connection: oracledb.Connection, objects: Sequence[RenderedObject],
                   *, sweep: bool = True) -> int:
    """Create every object with the product's idempotent steps; then the INVALID sweep."""
    count = 0
    with connection.cursor() as cur:
        for obj in objects:
            for step in object_steps(obj):
                execute_step(cur, step, obj)
                count += 1
        if sweep:
            for database in sorted({o.id.database for o in objects}):
                for step in invalid_sweep(tuple(objects), database):
                    execute_step(cur, step, None)
                    count += 1
    return count
