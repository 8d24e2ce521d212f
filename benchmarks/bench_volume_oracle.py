#!/usr/bin/env python3
"""Volume benchmark: the 05:00 job over 100,000 overdue titles, on a real Oracle.

    python benchmarks/bench_volume_oracle.py [TITLES [CUSTOMERS]]   # default 100000 20000

The database comes from the same rules as the Oracle tests (ORACLE_TEST_DSN, else a
testcontainers Oracle Free when Docker answers; see docs/oracle-tests.md). Customers and
titles are generated set-based (one INSERT ... SELECT each; five titles per customer by
default, so HST — one line per title of the customer — stays realistic) in fresh schemas
holding the fixtures and the rendered integration of the `example` target. The daily job
runs once (every title becomes an INC, plus its history) and once more (the idempotent
re-run queues nothing). Prints the figures; no assertion. Without a database it prints
why and exits 0.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    titles = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    customers = int(sys.argv[2]) if len(sys.argv) > 2 else max(1, titles // 5)
    from conefi_dbtool.config import load_project
    from conefi_dbtool.errors import ConefiError
    from conefi_dbtool.testbed.bed import IntegrationBed
    from conefi_dbtool.testbed.database import OracleTestDatabase, StartedContainer, start_container
    from conefi_dbtool.testbed.executor import apply
    from conefi_dbtool.testbed.resolution import resolve_from_environment

    try:
        resolution = resolve_from_environment()
    except ConefiError as exc:
        print(f"bench_volume_oracle: {exc}", file=sys.stderr)
        return 2
    if resolution.mode == "skip":
        print(f"bench_volume_oracle: skipped: {resolution.reason}")
        return 0
    started: StartedContainer | None = None
    t0 = time.perf_counter()
    if resolution.mode == "container":
        started = start_container(resolution.image)
        db = started.database
        print(f"container started in {time.perf_counter() - t0:.1f} s ({resolution.image})")
    else:
        db = OracleTestDatabase(resolution.dsn, resolution.admin_user, resolution.admin_password)
    try:
        project = load_project(ROOT / "conefi.toml")
        t = time.perf_counter()
        bed = IntegrationBed.create(db, project, project.target("example"))
        print(f"fresh schemas + fixtures + integration deployed in {time.perf_counter() - t:.1f} s")
        with bed.admin.cursor() as cur:
            cur.execute("SELECT TO_CHAR(SYSTIMESTAMP AT TIME ZONE :tz, 'YYYYMMDD') FROM dual",
                        tz=str(bed.target.schedule.timezone))
            (today,) = cur.fetchone()
        due = dt.datetime.strptime(today, "%Y%m%d").date() - dt.timedelta(days=5)
        erp = bed.protheus()
        t = time.perf_counter()
        apply(bed.admin, erp.bulk_customers(customers),
              erp.bulk_titles(titles, due=due, customers=customers))
        print(f"{customers} customers and {titles} overdue titles generated set-based in "
              f"{time.perf_counter() - t:.2f} s")
        with bed.admin.cursor() as cur:
            for owner, table in bed.tables():
                cur.callproc("SYS.DBMS_STATS.GATHER_TABLE_STATS", [owner, table])
        for run in ("first run (all INC)", "re-run (idempotent)"):
            t = time.perf_counter()
            bed.run_job(daily_job_name(bed))
            bed.admin.commit()
            elapsed = time.perf_counter() - t
            with bed.admin.cursor() as cur:
                cur.execute(f"SELECT INTDC_IND_ACAO, COUNT(*) FROM {bed.conefi}."
                            f"{bed.target.integration.queue_table} GROUP BY INTDC_IND_ACAO "
                            "ORDER BY 1")
                counts = ", ".join(f"{a} {n}" for a, n in cur.fetchall())
            print(f"05:00 job, {run}: {elapsed:.2f} s ({titles / elapsed:,.0f} titles/s); "
                  f"queue now: {counts}")
        bed.close()
    finally:
        db.close()
        if started is not None:
            started.stop()
    return 0


def daily_job_name(bed: object) -> str | None:
    """The 05:00 job: the only ERP job, or the one whose name says DIARIO/DAILY."""
    jobs = bed.jobs()  # type: ignore[attr-defined]
    if len(jobs) == 1:
        return None
    for job in jobs:
        if any(word in job.name for word in ("DIARIO", "DAILY", "0500", "JOB_DIA")):
            return str(job.name)
    return str(jobs[0].name) if jobs else None


if __name__ == "__main__":
    sys.exit(main())
