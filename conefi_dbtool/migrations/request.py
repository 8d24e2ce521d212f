"""What an `upgrade`/`downgrade` was asked to do, checked once, before anything is loaded.

The command line offers three modes (online, ``--dry-run``, ``--sql``) whose options only
partly combine; `ReleaseRequest.from_options` turns the flags into one consistent value
or a one-line usage error, so the runner never sees a contradiction.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from conefi_dbtool.config import DATABASES
from conefi_dbtool.errors import UsageError
from conefi_dbtool.migrations.planner import PlanOptions

COMMANDS = ("upgrade", "downgrade")


class Mode(StrEnum):
    ONLINE = "online"  # connect, lock, apply
    DRY_RUN = "dry-run"  # connect, read each database's revision, print the plan
    SQL = "sql"  # no database: the SQL*Plus script of a [FROM:]TO range


@dataclass(frozen=True)
class ReleaseRequest:
    command: str  # upgrade | downgrade
    revision: str  # where to go; with --sql a range [FROM:]TO
    mode: Mode
    fmt: str = "text"  # text | json: the run's summary, or the --dry-run plan
    databases: tuple[str, ...] = DATABASES  # in deploy order, ERP first
    connect_lines: bool = True  # --sql: CONNECT lines that prompt for passwords
    options: PlanOptions = PlanOptions()

    @classmethod
    def from_options(cls, command: str, revision: str, *, sql: bool = False, dry_run: bool = False,
                     fmt: str = "text", to_file: bool = False, databases: tuple[str, ...] = (),
                     no_connect: bool = False, allow_data_loss: bool = False,
                     lock_timeout: int = 600) -> ReleaseRequest:
        """The request the flags describe; UsageError (exit 2) for one that cannot be run."""
        if command not in COMMANDS:
            raise UsageError(f"unknown release command {command!r} (expected upgrade or downgrade)")
        mode = _mode(sql, dry_run)
        _check_flags(mode, fmt, to_file, no_connect)
        _check_revision(command, revision, mode)
        chosen = tuple(db for db in DATABASES if db in databases) if databases else DATABASES
        return cls(command, revision, mode, fmt, chosen, connect_lines=not no_connect,
                   options=PlanOptions(allow_data_loss=allow_data_loss, lock_timeout=lock_timeout))


def _mode(sql: bool, dry_run: bool) -> Mode:
    if sql and dry_run:
        raise UsageError("--sql and --dry-run are exclusive (--sql needs no database)")
    return Mode.SQL if sql else Mode.DRY_RUN if dry_run else Mode.ONLINE


def _check_flags(mode: Mode, fmt: str, to_file: bool, no_connect: bool) -> None:
    if mode is Mode.SQL and fmt == "json":
        raise UsageError("--sql writes a SQL*Plus script; --format json applies to runs and --dry-run")
    if to_file and mode is Mode.ONLINE:
        raise UsageError("--out goes with --sql or --dry-run")
    if no_connect and mode is not Mode.SQL:
        raise UsageError("--no-connect goes with --sql (it omits the script's CONNECT lines)")


def _check_revision(command: str, revision: str, mode: Mode) -> None:
    if not revision:
        raise UsageError(f"{command}: REVISION is empty")
    if mode is Mode.SQL:
        if command == "downgrade" and ":" not in revision:
            raise UsageError(f"downgrade --sql needs FROM:TO (e.g. head:-1), got {revision!r}")
    elif ":" in revision:
        raise UsageError(f"{command} {revision}: a FROM:TO range goes with --sql (online and "
                         "--dry-run start where each database is)")
