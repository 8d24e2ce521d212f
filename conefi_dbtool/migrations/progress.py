"""Progress of an online run: a rich progress bar on a terminal, plain lines otherwise.

Plain lines go to stderr (CI logs keep them; stdout stays for the summary or JSON).
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from conefi_dbtool.migrations.applier import DatabaseOutcome, OpOutcome
from conefi_dbtool.migrations.planner import DatabasePlan, PlannedOp


class LineReporter:
    """One line per operation and per database, for logs."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self._database = ""

    def _say(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def database_started(self, plan: DatabasePlan) -> None:
        self._database = plan.database
        count = sum(len(r.ops) for r in plan.revisions)
        self._say(f"{plan.database}: {plan.direction} {plan.start or 'base'} -> {plan.end or 'base'} "
                  f"({len(plan.revisions)} revisions, {count} operations)")

    def op_started(self, index: int, total: int, op: PlannedOp) -> None:
        self._prefix = f"{self._database}: [{index}/{total}] {op.revision} {op.op} {op.subject}"

    def op_done(self, outcome: OpOutcome) -> None:
        self._say(f"{self._prefix} ... {outcome.outcome}")
        for note in outcome.notes:
            self._say(f"  note: {note}")
        for warning in outcome.warnings:
            self._say(f"  {warning}")

    def database_done(self, outcome: DatabaseOutcome) -> None:
        state = "ok" if outcome.ok else "FAILED"
        self._say(f"{outcome.database}: {state}, at {outcome.reached or 'base'}")


class RichReporter:
    """A progress bar per database with the current object (only used on a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.progress = Progress(
            TextColumn("[bold]{task.fields[database]}"), BarColumn(), MofNCompleteColumn(),
            TimeElapsedColumn(), TextColumn("{task.description}"),
            console=self.console, transient=False,
        )
        self._task: Any = None
        self._started = False

    def database_started(self, plan: DatabasePlan) -> None:
        if not self._started:
            self.progress.start()
            self._started = True
        total = sum(len(r.ops) for r in plan.revisions)
        self._task = self.progress.add_task(
            f"{plan.direction} {plan.start or 'base'} -> {plan.end or 'base'}", total=total or 1,
            database=plan.database,
        )

    def op_started(self, index: int, total: int, op: PlannedOp) -> None:
        self.progress.update(self._task, description=f"{op.revision} {op.op} {op.subject}")

    def op_done(self, outcome: OpOutcome) -> None:
        self.progress.advance(self._task)
        for note in outcome.notes:
            self.progress.console.print(f"  note: {note}", markup=False)
        for warning in outcome.warnings:
            self.progress.console.print(f"  {warning}", markup=False)
        if outcome.outcome != "OK":
            self.progress.console.print(f"  FAILED {outcome.subject}: {outcome.message}", markup=False)

    def database_done(self, outcome: DatabaseOutcome) -> None:
        state = "done" if outcome.ok else "FAILED"
        self.progress.update(self._task, description=f"{state}, at {outcome.reached or 'base'}")
        if not outcome.ops:
            self.progress.update(self._task, completed=1)

    def close(self) -> None:
        if self._started:
            self.progress.stop()
