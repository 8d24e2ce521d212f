"""An ERP database for one test module: fresh schemas, fixtures, the integration deployed.

Used by the end-to-end scenarios and the volume benchmark: re-targets a real target onto
throwaway users (`environment.scratch_target`), installs the fixture schemas, renders the
target's ERP objects and deploys them with the product's own steps through the raw driver
cursor, then offers what a scenario needs — a Protheus data builder, the queue rows, the
scheduler jobs, and a way to empty every table between tests.
"""

from __future__ import annotations

import dataclasses
import decimal
from dataclasses import dataclass, field
from typing import Any, Protocol

import oracledb

from conefi_dbtool.config import Project, Target
from conefi_dbtool.identifiers import sql_ident, sql_literal, sql_qualified
from conefi_dbtool.objects import ObjectId, RenderedObject
from conefi_dbtool.render import RenderResult, render_target
from conefi_dbtool.testbed.builders import Protheus
from conefi_dbtool.testbed.environment import Schemas, scratch_target
from conefi_dbtool.testbed.executor import deploy_objects
from conefi_dbtool.testbed.fixtures import FixtureSet, build_fixtures


class Database(Protocol):
    """What the bed needs from `oracle_db` (see tests/oracle/conftest.py)."""

    def connect(self, user: str | None = None, password: str | None = None) -> oracledb.Connection: ...

    def fresh_user(self, prefix: str) -> tuple[str, str]: ...

    def default_tablespace(self) -> str: ...


@dataclass
class IntegrationBed:
    """Fresh SIGA/SGU/CONEFI schemas holding the fixtures and, optionally, the integration."""

    db: Database
    project: Project
    target: Target
    fixtures: FixtureSet
    result: RenderResult | None
    admin: oracledb.Connection = field(repr=False)

    @classmethod
    def create(cls, db: Database, project: Project, base: Target, *,
               integration: bool = True, adjust: Any = None) -> IntegrationBed:
        """Create the users, install fixtures, deploy the rendered ERP objects.

        `adjust(target) -> target` may change the re-targeted config before rendering.
        """
        names = Schemas(siga=db.fresh_user("SIGA")[0], sgu=db.fresh_user("SGU")[0],
                        conefi=db.fresh_user("CONEFI")[0])
        target = scratch_target(base, names, db.default_tablespace())
        if adjust is not None:
            target = adjust(target)
        admin = db.connect()
        admin.outputtypehandler = decimal_numbers
        fixtures = build_fixtures(project, target, users=False)
        deploy_objects(admin, fixtures.objects)
        result = None
        if integration:
            result = render_target(project, target)
            deploy_objects(admin, erp_objects(result))
        return cls(db, project, target, fixtures, result, admin)

    # ------------------------------------------------------------------ data

    def protheus(self, first_recno: int = 1) -> Protheus:
        return Protheus(self.target, self.fixtures.dictionary, first_recno=first_recno)

    @property
    def conefi(self) -> str:
        return str(self.target.erp.schemas.conefi)

    def tables(self) -> list[tuple[str, str]]:
        """Every table of the bed's schemas (fixtures and integration), for cleaning."""
        schemas = [str(s) for s in dataclasses.astuple(self.target.erp.schemas)]
        with self.admin.cursor() as cur:
            cur.execute(
                "SELECT owner, table_name FROM all_tables WHERE owner IN (:a, :b, :c) "
                "AND nested = 'NO' AND temporary = 'N' AND table_name NOT LIKE 'BIN$%' "
                "ORDER BY owner, table_name", a=schemas[0], b=schemas[1], c=schemas[2])
            return [(str(o), str(t)) for o, t in cur.fetchall()]

    def clean(self) -> None:
        """Delete every row of every table (children first via deferred FK order retries)."""
        pending = self.tables()
        with self.admin.cursor() as cur:
            for _ in range(len(pending) + 1):
                failed = []
                for owner, table in pending:
                    try:
                        cur.execute(f"DELETE FROM {sql_qualified(owner, table)}")
                    except oracledb.DatabaseError:
                        failed.append((owner, table))  # a parent of a not-yet-emptied child
                if not failed:
                    break
                pending = failed
        self.admin.commit()

    def rows(self, owner: str, table: str, order_by: str = "", where: str = "",
             binds: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a table as dicts (column -> value); `where` is trusted test text."""
        sql = f"SELECT * FROM {sql_qualified(owner, table)}"
        if where:
            sql += f" WHERE {where}"
        if order_by:
            sql += f" ORDER BY {order_by}"
        with self.admin.cursor() as cur:
            cur.execute(sql, binds or {})
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def queue(self, where: str = "", binds: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """The CONEFI queue rows, oldest first (ordered by the table's first column: the id)."""
        table = str(self.target.integration.queue_table)
        with self.admin.cursor() as cur:
            cur.execute("SELECT column_name FROM all_tab_columns WHERE owner = :o AND "
                        "table_name = :t AND column_id = 1", o=self.conefi, t=table)
            row = cur.fetchone()
        order = str(sql_ident(str(row[0]))) if row else ""
        return self.rows(self.conefi, table, order_by=order, where=where, binds=binds)

    # ------------------------------------------------------------------ jobs

    def jobs(self) -> tuple[ObjectId, ...]:
        return tuple(o.id for o in erp_objects(self.result) if o.id.type == "job") if self.result else ()

    def run_job(self, name: str | None = None, *, current_session: bool = True) -> None:
        """DBMS_SCHEDULER.RUN_JOB on the (only, or named) ERP job of the integration."""
        jobs = self.jobs()
        chosen = [j for j in jobs if name is None or j.name == name.upper()]
        if len(chosen) != 1:
            raise LookupError(f"job {name or '(the only one)'} among {[j.name for j in jobs]}")
        job = chosen[0]
        flag = "TRUE" if current_session else "FALSE"
        with self.admin.cursor() as cur:
            cur.execute(
                "BEGIN SYS.DBMS_SCHEDULER.RUN_JOB(job_name => "
                f"{sql_literal(job.owner + '.' + job.name)}, use_current_session => {flag}); END;")

    def close(self) -> None:
        self.admin.close()


def decimal_numbers(cursor: oracledb.Cursor, metadata: oracledb.FetchInfo) -> Any:
    """Fetch NUMBER(p,s>0) as Decimal: money compares exactly, never as a float."""
    if metadata.type_code is oracledb.DB_TYPE_NUMBER and (metadata.scale or 0) > 0:
        return cursor.var(decimal.Decimal, arraysize=cursor.arraysize)
    return None


def erp_objects(result: RenderResult | None) -> tuple[RenderedObject, ...]:
    return tuple(o for o in result.objects if o.id.database == "erp") if result else ()
