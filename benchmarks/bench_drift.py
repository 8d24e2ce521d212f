#!/usr/bin/env python3
"""Drift of a synthetic 5,000-object catalog against a desired state of the same size with
1% changes: wall time (median of runs) and peak memory (tracemalloc) printed.

    python benchmarks/bench_drift.py [OBJECTS] [RUNS]

Goal (issue 7): under 1 s. The mix mirrors a real schema: mostly PL/SQL sources of
~60 lines, plus tables with columns and indexes, sequences, jobs and grants. The actual
side uses Oracle's spellings (no CREATE OR REPLACE, quoted names, CRLF, other calendar
spelling) so every object goes through normalisation, not a shortcut.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conefi_dbtool.catalog.drift import compute_drift
from conefi_dbtool.catalog.reports import drift_json, drift_junit
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    Column,
    DatabaseCatalog,
    Index,
    ObjectPrivilege,
    SchedulerJob,
    Sequence,
    SourceObject,
    Table,
)


def body(i: int, lines: int = 60) -> str:
    out = [f"PACKAGE BODY CONEFI.PKG_{i:05d} AS", "  PROCEDURE run IS", "  BEGIN"]
    out += [f"    UPDATE conefi.t_{i % 97} SET c_{j} = c_{j} + {j} WHERE id = {i};" for j in range(lines - 5)]
    out += ["  END run;", f"END PKG_{i:05d};"]
    return "\n".join(out)


def build(n: int) -> tuple[CatalogSnapshot, CatalogSnapshot, int]:
    n_tables = n // 20
    n_jobs = n // 100
    n_seq = n // 50
    n_grants = n // 10
    n_sources = n - n_tables * 2 - n_jobs - n_seq - n_grants  # each table also has an index
    want_sources = [SourceObject("CONEFI", "package_body", f"PKG_{i:05d}", body(i)) for i in range(n_sources)]
    have_sources = [
        dataclasses.replace(
            s,
            text="CREATE OR REPLACE EDITIONABLE "
            + s.text.replace(f"CONEFI.{s.name}", f'"CONEFI"."{s.name}"', 1).replace("\n", "\r\n"),
        )
        for s in want_sources
    ]
    tables = [
        Table(
            "CONEFI",
            f"T_{i:04d}",
            tuple(Column(f"C_{j}", "NUMBER(18)", j != 0) for j in range(12)),
            (Index(f"IX_T_{i:04d}", ("C_1", "C_2")),),
        )
        for i in range(n_tables)
    ]
    seqs = [Sequence("CONEFI", f"S_{i:04d}", 1, 20) for i in range(n_seq)]
    jobs = [
        SchedulerJob(
            "CONEFI",
            f"J_{i:03d}",
            "PLSQL_BLOCK",
            f"BEGIN CONEFI.PKG_{i:05d}.RUN; END;",
            "FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0",
            "America/Sao_Paulo",
        )
        for i in range(n_jobs)
    ]
    have_jobs = [
        dataclasses.replace(
            j,
            repeat_interval="freq=daily; byhour=5; byminute=0; bysecond=0",
            start_date="2026-01-01T05:00:00 AMERICA/SAO_PAULO",
        )
        for j in jobs
    ]
    grants = [ObjectPrivilege("SGU", "CONEFI", f"PKG_{i:05d}", "EXECUTE") for i in range(n_grants)]

    # 1% changes, spread over the kinds
    changes = max(1, n // 100)
    for k in range(changes):
        i = (k * 97) % len(have_sources)
        s = have_sources[i]
        have_sources[i] = dataclasses.replace(s, text=s.text.replace("c_3 + 3", "c_3 + 4"))
    want = DatabaseCatalog(
        "erp",
        sources=tuple(want_sources),
        tables=tuple(tables),
        sequences=tuple(seqs),
        jobs=tuple(jobs),
        object_privileges=tuple(grants),
        owners=("CONEFI",),
    )
    have = DatabaseCatalog(
        "erp",
        sources=tuple(have_sources),
        tables=tuple(tables),
        sequences=tuple(seqs),
        jobs=tuple(have_jobs),
        object_privileges=tuple(grants),
        owners=("CONEFI",),
        dictionary="DBA",
    )
    return CatalogSnapshot("bench", (want,)), CatalogSnapshot("bench", (have,)), changes


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    desired, actual, changes = build(n)
    report = compute_drift(desired, actual)
    objects = report.counts()["objects"]
    assert len(report.drifted) == changes, (len(report.drifted), changes)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        compute_drift(desired, actual)
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    compute_drift(desired, actual)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    t0 = time.perf_counter()
    drift_json(report)
    drift_junit(report)
    reports = time.perf_counter() - t0
    median = statistics.median(times)
    print(f"objects: {objects} ({changes} changed, {len(report.drifted)} reported)")
    print(
        f"drift: median {median * 1000:.0f} ms over {runs} runs (min {min(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms); goal < 1000 ms: {'met' if median < 1 else 'NOT met'}"
    )
    print(f"drift: peak memory {peak / 2**20:.1f} MiB (tracemalloc, one run)")
    print(f"reports: json + junit of all {objects} objects in {reports * 1000:.0f} ms")
    try:
        import resource

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        print(f"process: max RSS {rss:.0f} MiB (both snapshots in memory)")
    except ImportError:  # pragma: no cover - not on Windows
        pass


if __name__ == "__main__":
    main()
