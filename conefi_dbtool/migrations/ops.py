"""Our Alembic operations: ``op.replace_object(...)`` and friends, registered with
Alembic's operation API so revision files read as intent.

Each call records an `Intent`; nothing touches a database here. The planner later turns
intents into SQL steps for one target and database, executed through the driver online
or written as a SQL*Plus script — never through SQLAlchemy ``text()``, which would take
a trigger's ``:new``/``:old`` for bind parameters.

Alembic's own operations (``op.execute``, ``op.add_column`` ...) cannot say which of the
two databases they are for, so a revision using them is refused with a pointer to
``op.run_sql(sql, database=...)``.
"""

from __future__ import annotations

import io
from typing import Any

from alembic.operations import MigrateOperation, Operations
from alembic.runtime.migration import MigrationContext

from conefi_dbtool.errors import ConefiError, UsageError
from conefi_dbtool.migrations.intents import Intent, check_database, object_intent


class IntentOp(MigrateOperation):
    """Base of our operations: carries one `Intent`."""

    def __init__(self, intent: Intent) -> None:
        self.intent = intent


def _record(operations: Operations, operation: IntentOp) -> None:
    intents = operations.migration_context.opts.get("conefi_intents")
    if intents is None:
        raise ConefiError(
            f"op.{operation.intent.op} runs under `conefi-dbtool upgrade/downgrade`, "
            "not the plain alembic command"
        )
    intents.append(operation.intent)


@Operations.register_operation("replace_object")
class ReplaceObjectOp(IntentOp):
    @classmethod
    def replace_object(cls, operations: Operations, ref: str, *, at: str | None) -> None:
        """Deploy the code object `ref` as rendered from the sources frozen at revision `at`."""
        operations.invoke(cls(object_intent("replace_object", ref, at)))


@Operations.register_operation("create_object")
class CreateObjectOp(IntentOp):
    @classmethod
    def create_object(cls, operations: Operations, ref: str, *, at: str | None) -> None:
        """Create a table/sequence/index/... as of revision `at`; an existing one is kept."""
        operations.invoke(cls(object_intent("create_object", ref, at)))


@Operations.register_operation("alter_table_pieces")
class AlterTablePiecesOp(IntentOp):
    @classmethod
    def alter_table_pieces(cls, operations: Operations, ref: str, *, at: str | None,
                           previous: str | None) -> None:
        """Turn table `ref` as of `previous` into the table as of `at` (add/modify/drop pieces)."""
        operations.invoke(cls(object_intent("alter_table_pieces", ref, at, previous)))


@Operations.register_operation("drop_object")
class DropObjectOp(IntentOp):
    @classmethod
    def drop_object(cls, operations: Operations, ref: str) -> None:
        """Drop `ref` if it exists; a table holding rows is refused unless data loss is allowed."""
        operations.invoke(cls(object_intent("drop_object", ref)))


@Operations.register_operation("create_job")
class CreateJobOp(IntentOp):
    @classmethod
    def create_job(cls, operations: Operations, ref: str, *, at: str | None) -> None:
        """Create the scheduler job `ref` as of revision `at`; an existing job is kept."""
        operations.invoke(cls(object_intent("create_job", ref, at)))


@Operations.register_operation("replace_job")
class ReplaceJobOp(IntentOp):
    @classmethod
    def replace_job(cls, operations: Operations, ref: str, *, at: str | None) -> None:
        """Drop the scheduler job `ref` if it exists and create it as of revision `at`."""
        operations.invoke(cls(object_intent("replace_job", ref, at)))


@Operations.register_operation("drop_job")
class DropJobOp(IntentOp):
    @classmethod
    def drop_job(cls, operations: Operations, ref: str) -> None:
        """Drop the scheduler job `ref` if it exists."""
        operations.invoke(cls(object_intent("drop_job", ref)))


@Operations.register_operation("sync_grants")
class SyncGrantsOp(IntentOp):
    @classmethod
    def sync_grants(cls, operations: Operations, ref: str, *, at: str | None, previous: str | None) -> None:
        """Grant what template `ref` grants as of `at`; revoke what it granted as of `previous` only."""
        operations.invoke(cls(object_intent("sync_grants", ref, at, previous)))


@Operations.register_operation("apply_grants")
class ApplyGrantsOp(IntentOp):
    @classmethod
    def apply_grants(cls, operations: Operations, database: str, *, at: str | None,
                     previous: str | None) -> None:
        """Users and grants of `database` as of `at`; revoke what `previous` granted and `at` not."""
        intent = Intent(op="apply_grants", database=check_database("apply_grants", database),
                        at=at, previous=previous)
        operations.invoke(cls(intent))


@Operations.register_operation("grant")
class GrantOp(IntentOp):
    @classmethod
    def grant(cls, operations: Operations, privilege: str, *, to: str, database: str,
              on: str = "", grant_option: bool = False) -> None:
        """GRANT `privilege` [ON `on`] TO `to` in `database` (idempotent)."""
        intent = Intent(op="grant", database=check_database("grant", database), privilege=privilege,
                        on=on, grantee=to, grant_option=grant_option)
        operations.invoke(cls(intent))


@Operations.register_operation("revoke")
class RevokeOp(IntentOp):
    @classmethod
    def revoke(cls, operations: Operations, privilege: str, *, to: str, database: str,
               on: str = "") -> None:
        """REVOKE `privilege` [ON `on`] FROM `to` in `database` ("not granted" is fine)."""
        intent = Intent(op="revoke", database=check_database("revoke", database), privilege=privilege,
                        on=on, grantee=to)
        operations.invoke(cls(intent))


@Operations.register_operation("run_sql")
class RunSqlOp(IntentOp):
    @classmethod
    def run_sql(cls, operations: Operations, sql: str, *, database: str) -> None:
        """Run hand-written SQL*Plus-style text (statements end with ';', PL/SQL with '/')."""
        intent = Intent(op="run_sql", database=check_database("run_sql", database), sql=sql)
        operations.invoke(cls(intent))


for _op_class in (ReplaceObjectOp, CreateObjectOp, AlterTablePiecesOp, DropObjectOp, CreateJobOp,
                  ReplaceJobOp, DropJobOp, SyncGrantsOp, ApplyGrantsOp, GrantOp, RevokeOp, RunSqlOp):
    Operations.implementation_for(_op_class)(_record)


class _NativeOutput(io.StringIO):
    """Where Alembic's own operations write in offline mode: anything here is refused."""


_CONTEXT: MigrationContext | None = None


def _context() -> MigrationContext:
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = MigrationContext.configure(
            dialect_name="oracle", opts={"as_sql": True, "output_buffer": _NativeOutput()}
        )
    return _CONTEXT


def collect_intents(module: Any, direction: str, where: str) -> tuple[Intent, ...]:
    """Run a revision's ``upgrade``/``downgrade`` and return the intents it recorded."""
    fn = getattr(module, direction, None)
    if not callable(fn):
        raise ConefiError(f"{where}: has no {direction}() function")
    context = _context()
    intents: list[Intent] = []
    output = _NativeOutput()
    context.opts["conefi_intents"] = intents
    context.impl.output_buffer = output
    try:
        with Operations.context(context):
            fn()
    except UsageError as exc:
        raise UsageError(f"{where}: {direction}(): {exc}") from None
    except ConefiError as exc:
        raise ConefiError(f"{where}: {direction}(): {exc}") from None
    finally:
        context.opts.pop("conefi_intents", None)
    native = output.getvalue().strip()
    if native:
        first = native.splitlines()[0][:80]
        raise ConefiError(
            f"{where}: {direction}() used a native Alembic operation ({first!r}): it cannot say which "
            "database it is for; use op.run_sql(sql, database='erp'|'sgu2')"
        )
    return tuple(intents)
