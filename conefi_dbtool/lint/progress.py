"""Progress of a long lint run: a bar on stderr when a human watches, nothing otherwise.

A run shorter than `PROGRESS_AFTER` seconds shows nothing (the common warm or small run
stays one summary line); a longer one shows a transient rich bar, but only when stderr
is a terminal: CI logs and redirected output stay clean.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:  # rich is imported when a bar is drawn: a warm lint never pays for it
    from rich.progress import Progress as Bar
    from rich.progress import TaskID

PROGRESS_AFTER = 2.0  # seconds a run lasts before it shows progress


class Progress(Protocol):
    """What the engine reports to: ``phase`` (parsing, checking), units done and in all."""

    def __call__(self, phase: str, done: int, total: int) -> None: ...


def progress_wanted(is_terminal: bool, elapsed: float, after: float = PROGRESS_AFTER) -> bool:
    """Show progress? Only to a terminal, and only once the run has lasted ``after`` s."""
    return is_terminal and elapsed >= after


class TerminalProgress:
    """A `Progress` drawing a rich bar on ``stream`` once `progress_wanted` says so.

    Use as a context manager: the bar is transient and removed when the run ends.
    """

    def __init__(self, stream: TextIO, *, after: float = PROGRESS_AFTER,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.after = after
        self.clock = clock
        self.started = clock()
        self._bar: Bar | None = None
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self._bar is None:
            if not progress_wanted(self.stream.isatty(), self.clock() - self.started, self.after):
                return
            from rich.console import Console
            from rich.progress import Progress as Bar

            self._bar = Bar(console=Console(file=self.stream), transient=True)
            self._bar.start()
        if phase not in self._tasks:
            self._tasks[phase] = self._bar.add_task(f"lint: {phase}", total=total)
        self._bar.update(self._tasks[phase], completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        self._bar = None
