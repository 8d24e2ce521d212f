"""Which ``WHEN OTHERS`` handlers swallow the error, seen through the project's helpers.

A handler that re-raises or records in its own code is fine (`sqltext.Handler`). Real code
often delegates: ``WHEN OTHERS THEN p_trata_erro(SQLERRM);`` where ``p_trata_erro`` logs
and raises. So a handler is also fine when it calls a subprogram of the run that, itself
or through what it calls (any depth, cycles safe), raises, writes a row or calls a logger
— one whose name says it logs, or one the project configures (``[lint] loggers``: the
external logging procedures the code calls, e.g. ``SGU.PKG_LOG.P_ERRO``). Calls resolve
as the trigger walk resolves them (`lint.triggers`): ``SCHEMA.PKG.PROC``, ``PKG.PROC``,
a same-package ``PROC`` and a standalone ``PROC`` of the unit's schema.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from conefi_dbtool.lint.sqltext import Call, Handler, Subprogram
from conefi_dbtool.lint.triggers import Routine, UnitCode, callees, index_routines

Logger = tuple[str, ...]  # a configured logger's dotted name, upper-case


def parse_loggers(names: Sequence[str]) -> tuple[Logger, ...]:
    """``["SGU.PKG_LOG.P_ERRO"]`` as dotted names (the config validated their shape)."""
    return tuple(tuple(part.strip().upper() for part in name.split(".")) for name in names)


def _tail_matches(called: tuple[str, ...], logger: Logger, *, shortest: int) -> bool:
    """``called`` and ``logger`` agree on their last parts, at least ``shortest`` of them
    (or all of a shorter one): one is the other with its leading qualifiers dropped."""
    k = min(len(called), len(logger))
    return k >= min(shortest, len(logger)) and called[-k:] == logger[-k:]


def is_logger(called: tuple[str, ...], loggers: Sequence[Logger]) -> bool:
    """A call of a configured logger: the procedure itself, however qualified
    (``PKG_LOG.P_ERRO`` for ``SGU.PKG_LOG.P_ERRO``), or any subprogram of a configured
    package (``SGU.PKG_LOG``)."""
    return any(_tail_matches(called, logger, shortest=2)
               or (len(called) > 1 and _tail_matches(called[:-1], logger, shortest=1))
               for logger in loggers)


def _context(unit: UnitCode) -> Routine:
    """Where a handler of ``unit`` resolves the names it calls: its schema and package."""
    header = unit.text.header
    schema = header.schema if header is not None and header.schema else unit.schema
    container = header.name if header is not None and header.kind in (
        "PACKAGE BODY", "TYPE BODY") else ""
    return Routine(unit.unit, unit.database, schema, container, unit.text.subprograms[0])


def _unqualified(parts: tuple[str, ...]) -> tuple[str, ...]:
    """A type body's ``SELF.method`` is its own ``method``."""
    return parts[1:] if len(parts) > 1 and parts[0] == "SELF" else parts


def swallowing(units: Sequence[UnitCode], loggers: Sequence[Logger] = ()
               ) -> tuple[tuple[int, Handler], ...]:
    """Every handler (with its unit's index) that neither re-raises nor records, in its
    own code or through what it calls."""
    index, _triggers = index_routines(units)

    def direct(sub: Subprogram) -> bool:
        return sub.reports or any(is_logger(c.parts, loggers) for c in sub.calls)

    def reached_reports(start: Routine, calls: Sequence[tuple[str, ...]]) -> bool:
        """Breadth first from ``calls`` made in ``start``: does a routine reached report?"""
        seen: set[tuple[int, str, str]] = set()
        queue = deque((start, parts) for parts in calls)
        while queue:
            at, parts = queue.popleft()
            if is_logger(parts, loggers):
                return True
            call = Call(_unqualified(parts), 0, 0)
            for routine in callees(index, call, at):
                key = (routine.unit, routine.container, routine.sub.name)
                if key in seen:
                    continue
                seen.add(key)
                if direct(routine.sub):
                    return True
                queue.extend((routine, c.parts) for c in routine.sub.calls)
        return False

    out: list[tuple[int, Handler]] = []
    for unit in units:
        if not unit.text.subprograms:
            continue
        at = _context(unit)
        for handler in unit.text.handlers:
            if handler.reraises or handler.records or reached_reports(at, handler.calls):
                continue
            out.append((unit.unit, handler))
    return tuple(out)
