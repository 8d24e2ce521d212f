"""Compile errors, reported where a developer fixes them: the template line.

Oracle reports a unit's errors in ``ALL_ERRORS`` with LINE/POSITION relative to the
stored source, whose line 1 is the line of ``CREATE [OR REPLACE] <type>`` (Oracle drops
the ``CREATE OR REPLACE`` words, not the line). The step that created the unit starts at
`Step.line` of the object's rendered text, and `RenderedObject.source_of` maps a
rendered line to the template file and line that produced it.

Triggers are the exception: their errors count lines from the start of the trigger
*body* (the ``DECLARE`` or ``BEGIN`` line), as their run-time errors do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from conefi_dbtool.deploy_steps import Step, body_offset
from conefi_dbtool.objects import ObjectId, RenderedObject, SourceLine

ALL_ERRORS_SQL = (
    "SELECT LINE, POSITION, TEXT, ATTRIBUTE FROM ALL_ERRORS "
    "WHERE OWNER = :owner AND NAME = :name AND TYPE = :type ORDER BY SEQUENCE"
)

_ANONYMOUS_LINE = re.compile(r"ORA-06550: line (\d+), column (\d+)")


@dataclass(frozen=True)
class ErrorRow:
    """One row of ALL_ERRORS."""

    line: int
    position: int
    text: str
    attribute: str = "ERROR"  # or WARNING

    @classmethod
    def from_db(cls, row: tuple[Any, ...]) -> ErrorRow:
        line, position, text, attribute = row
        return cls(int(line), int(position), str(text or "").strip(), str(attribute or "ERROR"))


@dataclass(frozen=True)
class CompileError:
    """A compile error located in the object's text and in its template."""

    object: ObjectId
    line: int  # as Oracle reports it
    position: int
    message: str
    attribute: str
    rendered_line: int | None  # line of the object's rendered text
    source: SourceLine | None  # template file and line
    revision: str | None = None  # whose frozen template it is

    def __str__(self) -> str:
        text = f"{self.object} {self.line}:{self.position} {self.message}"
        if self.source is not None:
            text += f" (template {self.source.template}:{self.source.line}"
            text += f" as of revision {self.revision})" if self.revision else ")"
        elif self.rendered_line is not None:
            text += f" (rendered line {self.rendered_line})"
        return text


def rendered_line(step: Step, reported: int) -> int:
    """Line of the object's rendered text for an error Oracle reports at `reported`."""
    return step.line + body_offset(step) + reported - 1


def locate(obj: RenderedObject, step: Step, rows: tuple[ErrorRow, ...], *,
           revision: str | None = None) -> tuple[CompileError, ...]:
    """Attach the rendered and template line to each ALL_ERRORS row of `obj`."""
    located = []
    n_lines = obj.text.count("\n")
    for row in rows:
        line = rendered_line(step, row.line)
        inside = 1 <= line <= n_lines
        located.append(CompileError(
            obj.id, row.line, row.position, row.text, row.attribute,
            line if inside else None, obj.source_of(line) if inside else None, revision,
        ))
    return tuple(located)


def locate_anonymous(obj: RenderedObject | None, step: Step, message: str, *,
                     revision: str | None = None) -> str:
    """`message` of a failed anonymous block (ORA-06550: line L) plus its template line."""
    match = _ANONYMOUS_LINE.search(message)
    if obj is None or match is None:
        return message
    line = step.line + int(match.group(1)) - 1
    source = obj.source_of(line)
    if source is None:
        return message
    where = f"template {source.template}:{source.line}"
    if revision:
        where += f" as of revision {revision}"
    return f"{message} ({where})"
