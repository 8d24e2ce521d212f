"""Drift from synthetic snapshots: each category, attribute diffs, ignore patterns."""

from __future__ import annotations

import dataclasses

import pytest

from conefi_dbtool.catalog.drift import AttributeChange, ObjectDrift, compute_drift
from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    Column,
    Constraint,
    DatabaseCatalog,
    DatabaseLink,
    Index,
    ObjectPrivilege,
    Quota,
    RoleGrant,
    SchedulerJob,
    Sequence,
    SourceObject,
    Synonym,
    SystemPrivilege,
    Table,
    Trigger,
    User,
)
from conefi_dbtool.objects import ObjectId

BODY = "PACKAGE BODY CONEFI.PKG_X AS\n  PROCEDURE run IS\n  BEGIN\n    NULL;\n  END;\nEND PKG_X;"
JOB = SchedulerJob(
    "CONEFI",
    "J_DAILY",
    "PLSQL_BLOCK",
    "BEGIN CONEFI.PKG_X.RUN; END;",
    "FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0",
    "America/Sao_Paulo",
    True,
    comments="conefi-dbtool",
)
TRIGGER = Trigger("SGU", "TRG_X", "SGU", "INTGRA_RET_ERP", "INSERT", "AFTER EACH ROW", "", "ENABLED")
TABLE = Table(
    "CONEFI",
    "Q",
    (Column("ID", "NUMBER(18)", False), Column("ST", "VARCHAR2(1)", False, "'P'")),
    (Index("IX_Q_ST", ("ST", "ID")),),
    (Constraint("PK_Q", "P", ("ID",)),),
)


def desired_db() -> DatabaseCatalog:
    return DatabaseCatalog(
        "erp",
        sources=(
            SourceObject("CONEFI", "package", "PKG_X", "PACKAGE CONEFI.PKG_X AS\n  PROCEDURE run;\nEND;"),
            SourceObject("CONEFI", "package_body", "PKG_X", BODY),
            SourceObject(
                "SGU",
                "trigger",
                "TRG_X",
                "TRIGGER SGU.TRG_X AFTER INSERT ON SGU.INTGRA_RET_ERP\n"
                "FOR EACH ROW\nBEGIN CONEFI.PKG_X.RUN; END;",
            ),
        ),
        triggers=(TRIGGER,),
        tables=(TABLE,),
        sequences=(Sequence("CONEFI", "S_Q", 1, 100),),
        users=(User("CONEFI", "TS_DATA", "TEMP"),),
        quotas=(Quota("CONEFI", "TS_DATA", 500 * 2**20),),
        object_privileges=(
            ObjectPrivilege("CONEFI", "SIGA", "SE1030", "SELECT"),
            ObjectPrivilege("SGU", "CONEFI", "PKG_X", "EXECUTE"),
        ),
        system_privileges=(SystemPrivilege("CONEFI", "CREATE JOB"),),
        role_grants=(RoleGrant("CONEFI", "CONNECT"),),
        jobs=(JOB,),
        owners=("CONEFI",),
    )


def live(db: DatabaseCatalog) -> DatabaseCatalog:
    """The desired state as a live read would return it: Oracle's spellings."""
    sources = tuple(
        dataclasses.replace(
            s,
            text="CREATE OR REPLACE EDITIONABLE "
            + s.text.replace("CONEFI.PKG_X AS", '"CONEFI"."PKG_X" AS')
            + "\n",
        )
        for s in db.sources
    )
    jobs = (
        dataclasses.replace(
            JOB,
            repeat_interval="freq=daily; byhour=5; byminute=0; bysecond=0",
            start_date="2026-03-01T05:00:00 AMERICA/SAO_PAULO",
            state="SCHEDULED",
            failure_count=3,
            last_start_date="2026-03-02T05:00:01 -03:00",
        ),
    )
    privs = (
        ObjectPrivilege("CONEFI", "SIGA", "SE1030", "select"),
        ObjectPrivilege("SGU", "CONEFI", "PKG_X", "EXECUTE"),
    )
    return dataclasses.replace(db, sources=sources, jobs=jobs, object_privileges=privs, dictionary="DBA")


def snapshot(db: DatabaseCatalog, **meta: str) -> CatalogSnapshot:
    return CatalogSnapshot("example", (db,), meta=dict(meta))


def only(results: tuple[ObjectDrift, ...]) -> dict[str, tuple[str, ...]]:
    return {str(r.id): r.categories for r in results}


def test_the_same_state_in_oracle_spelling_has_no_drift() -> None:
    report = compute_drift(snapshot(desired_db()), snapshot(live(desired_db())))
    assert not report.has_drift, [r for r in report.results if not r.ok]
    assert report.counts()["objects"] == 13
    assert report.counts()["in_sync"] == 13


def test_hand_edited_body_added_grant_and_disabled_job_are_exactly_three() -> None:
    db = live(desired_db())
    edited = BODY.replace("NULL;", "UPDATE conefi.q SET st = 'C'; -- hot fix")
    db = dataclasses.replace(
        db,
        sources=tuple(
            dataclasses.replace(s, text=edited) if s.type == "package_body" else s for s in db.sources
        ),
        object_privileges=(*db.object_privileges, ObjectPrivilege("PUBLIC", "CONEFI", "Q", "SELECT")),
        jobs=(dataclasses.replace(db.jobs[0], enabled=False, state="DISABLED"),),
    )
    report = compute_drift(snapshot(desired_db()), snapshot(db))
    assert only(report.drifted) == {
        "erp:CONEFI.package_body.PKG_X": ("changed",),
        "erp:PUBLIC.object_grant.SELECT ON CONEFI.Q": ("unexpected",),
        "erp:CONEFI.job.J_DAILY": ("disabled",),
    }
    body = next(r for r in report.drifted if r.id.type == "package_body")
    assert body.diff.splitlines() == [
        "--- erp:CONEFI.package_body.PKG_X (expected)",
        "+++ erp:CONEFI.package_body.PKG_X (database)",
        "@@ -1,6 +1,6 @@",
        " PACKAGE BODY CONEFI.PKG_X AS",
        "   PROCEDURE run IS",
        "   BEGIN",
        "-    NULL;",
        "+    UPDATE conefi.q SET st = 'C'; -- hot fix",
        "   END;",
        " END PKG_X;",
    ]
    assert body.summary == "changed: source differs (2 lines)"
    assert report.counts()["changed"] == 1 and report.counts()["drifted"] == 3


def test_missing_and_unexpected_sources() -> None:
    db = live(desired_db())
    db = dataclasses.replace(
        db,
        sources=(
            *[s for s in db.sources if s.type != "package_body"],
            SourceObject("CONEFI", "procedure", "P_HOTFIX", "PROCEDURE p_hotfix IS\nBEGIN\n  NULL;\nEND;"),
        ),
    )
    report = compute_drift(snapshot(desired_db()), snapshot(db))
    assert only(report.drifted) == {
        "erp:CONEFI.package_body.PKG_X": ("missing",),
        "erp:CONEFI.procedure.P_HOTFIX": ("unexpected",),
    }
    hotfix = next(r for r in report.drifted if r.id.name == "P_HOTFIX")
    assert "+PROCEDURE CONEFI.P_HOTFIX IS" in hotfix.diff.splitlines()


def test_invalid_and_changed_together() -> None:
    db = live(desired_db())
    db = dataclasses.replace(
        db,
        sources=tuple(
            dataclasses.replace(s, status="INVALID", text=s.text.rstrip() + "\n-- x")
            if s.type == "package_body"
            else s
            for s in db.sources
        ),
    )
    (r,) = compute_drift(snapshot(desired_db()), snapshot(db)).drifted
    assert r.categories == ("changed", "invalid")
    assert r.summary == "changed: source differs (1 lines); invalid: status INVALID in the database"


def test_invalid_alone() -> None:
    db = live(desired_db())
    db = dataclasses.replace(
        db,
        sources=tuple(
            dataclasses.replace(s, status="INVALID") if s.type == "package" else s for s in db.sources
        ),
    )
    (r,) = compute_drift(snapshot(desired_db()), snapshot(db)).drifted
    assert (str(r.id), r.categories) == ("erp:CONEFI.package.PKG_X", ("invalid",))


def test_trigger_disabled_and_metadata_changes() -> None:
    db = live(desired_db())
    db = dataclasses.replace(
        db,
        triggers=(
            dataclasses.replace(
                TRIGGER,
                status="DISABLED",
                triggering_event="INSERT OR UPDATE",
                when_clause="new.intre_ind = 'REC'",
            ),
        ),
    )
    (r,) = compute_drift(snapshot(desired_db()), snapshot(db)).drifted
    assert r.categories == ("changed", "disabled")
    assert r.attributes == (
        AttributeChange("triggering_event", "INSERT", "INSERT OR UPDATE"),
        AttributeChange("when_clause", "(none)", "new.intre_ind = 'REC'"),
    )


def test_job_attribute_diffs() -> None:
    db = live(desired_db())
    db = dataclasses.replace(
        db,
        jobs=(
            dataclasses.replace(
                db.jobs[0],
                repeat_interval="FREQ=DAILY;BYHOUR=6;BYMINUTE=0;BYSECOND=0",
                start_date="2026-03-01T05:00:00 -03:00",
                job_action="BEGIN CONEFI.PKG_X.RUN(1); END;",
            ),
        ),
    )
    (r,) = compute_drift(snapshot(desired_db()), snapshot(db)).drifted
    assert r.categories == ("changed",)
    assert r.attributes == (
        AttributeChange("job_action", "BEGIN CONEFI.PKG_X.RUN; END;", "BEGIN CONEFI.PKG_X.RUN(1); END;"),
        AttributeChange(
            "repeat_interval",
            "FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0",
            "FREQ=DAILY;BYHOUR=6;BYMINUTE=0;BYSECOND=0",
        ),
        AttributeChange("start_date time zone", "America/Sao_Paulo", "-03:00"),
    )
    assert r.summary == "changed: job_action, repeat_interval, start_date time zone"


def test_job_enabled_when_the_model_says_disabled_is_a_change() -> None:
    want = dataclasses.replace(desired_db(), jobs=(dataclasses.replace(JOB, enabled=False),))
    (r,) = compute_drift(snapshot(want), snapshot(live(desired_db()))).drifted
    assert r.categories == ("changed",) and r.attributes == (AttributeChange("enabled", "no", "yes"),)


def test_table_column_constraint_and_index_changes() -> None:
    have = Table(
        "CONEFI",
        "Q",
        (
            Column("ID", "NUMBER(18,0)", False),
            Column("ST", "VARCHAR2(2)", False, "'P' "),
            Column("OBS", "VARCHAR2(100)"),
        ),
        (Index("IX_Q_ST", ("ST",)), Index("IX_Q_OBS", ("OBS",))),
        (Constraint("PK_Q", "P", ("ID",)), Constraint("", "C", (), "ST IN ('P','E')")),
    )
    db = dataclasses.replace(live(desired_db()), tables=(have,))
    report = compute_drift(snapshot(desired_db()), snapshot(db))
    assert only(report.drifted) == {
        "erp:CONEFI.table.Q": ("changed",),
        "erp:CONEFI.index.IX_Q_ST": ("changed",),
        "erp:CONEFI.index.IX_Q_OBS": ("unexpected",),
    }
    table = next(r for r in report.drifted if r.id.type == "table")
    assert table.attributes == (
        AttributeChange("column ST", "VARCHAR2(1) DEFAULT 'P' NOT NULL", "VARCHAR2(2) DEFAULT 'P'  NOT NULL"),
        AttributeChange("column OBS", "(absent)", "VARCHAR2(100) NULL"),
        AttributeChange("constraint CHECK (ST IN ('P','E'))", "(absent)", "CHECK (ST IN ('P','E'))"),
    )
    index = next(r for r in report.drifted if r.id.name == "IX_Q_ST")
    assert index.attributes == (AttributeChange("columns", "ST, ID", "ST"),)


def test_unnamed_constraints_match_by_shape_and_column_order_matters() -> None:
    want = Table(
        "CONEFI",
        "T",
        (Column("A", "NUMBER"), Column("B", "NUMBER")),
        (),
        (Constraint("", "U", ("A",)), Constraint("", "C", (), "a > 0")),
    )
    have = Table(
        "CONEFI",
        "T",
        (Column("B", "NUMBER"), Column("A", "NUMBER")),
        (),
        (Constraint("", "C", (), "A>0"), Constraint("", "U", ("A",))),
    )
    d = compute_drift(
        snapshot(DatabaseCatalog("erp", tables=(want,))), snapshot(DatabaseCatalog("erp", tables=(have,)))
    )
    (r,) = d.drifted
    assert r.attributes == (AttributeChange("column order", "A, B", "B, A"),)


def test_sequence_synonym_link_user_quota_grant_attributes() -> None:
    want = DatabaseCatalog(
        "sgu2",
        sequences=(Sequence("CONEFI", "S", 1, 20),),
        synonyms=(Synonym("CONEFI", "Q", "CONEFI", "Q", "DBL_ERP"),),
        database_links=(DatabaseLink("CONEFI", "DBL_ERP", "CONEFI", "ERP"),),
        users=(User("CONEFI", "CONEFI_DATA", "TEMP"),),
        quotas=(Quota("CONEFI", "CONEFI_DATA", 500 * 2**20),),
        object_privileges=(ObjectPrivilege("CONEFI", "SGU", "V_X", "SELECT"),),
        system_privileges=(SystemPrivilege("CONEFI", "CREATE JOB"),),
        role_grants=(RoleGrant("CONEFI", "CONNECT"),),
    )
    have = DatabaseCatalog(
        "sgu2",
        sequences=(Sequence("CONEFI", "S", 1, 0),),
        synonyms=(Synonym("CONEFI", "Q", "CONEFI", "Q", "DBL_ERP.EXAMPLE.COM"),),
        database_links=(DatabaseLink("CONEFI", "DBL_ERP.EXAMPLE.COM", "CONEFI", "ERP2"),),
        users=(User("CONEFI", "USERS", "TEMP", account_status="LOCKED"),),
        quotas=(Quota("CONEFI", "CONEFI_DATA", -1),),
        object_privileges=(ObjectPrivilege("CONEFI", "SGU", "V_X", "SELECT", grantable=True),),
        system_privileges=(
            SystemPrivilege("CONEFI", "CREATE JOB", admin_option=True),
            SystemPrivilege("CONEFI", "CREATE ANY TRIGGER"),
        ),
        role_grants=(RoleGrant("CONEFI", "CONNECT"), RoleGrant("CONEFI", "DBA")),
    )
    report = compute_drift(CatalogSnapshot("t", (want,)), CatalogSnapshot("t", (have,)))
    got = {str(r.id): (r.categories, r.attributes) for r in report.drifted}
    assert got == {
        "sgu2:CONEFI.sequence.S": (("changed",), (AttributeChange("cache_size", "20", "0"),)),
        "sgu2:CONEFI.database_link.DBL_ERP": (("changed",), (AttributeChange("host", "ERP", "ERP2"),)),
        "sgu2:CONEFI.user.CONEFI": (
            ("changed",),
            (AttributeChange("default_tablespace", "CONEFI_DATA", "USERS"),),
        ),
        "sgu2:CONEFI.quota.CONEFI_DATA": (("changed",), (AttributeChange("max_bytes", "500M", "UNLIMITED"),)),
        "sgu2:CONEFI.object_grant.SELECT ON SGU.V_X": (
            ("changed",),
            (AttributeChange("grantable", "no", "yes"),),
        ),
        "sgu2:CONEFI.system_grant.CREATE JOB": (
            ("changed",),
            (AttributeChange("admin_option", "no", "yes"),),
        ),
        "sgu2:CONEFI.system_grant.CREATE ANY TRIGGER": (("unexpected",), ()),
        "sgu2:CONEFI.role_grant.DBA": (("unexpected",), ()),
    }
    assert "sgu2:CONEFI.synonym.Q" not in got  # the link's domain is not a change


def test_ignore_patterns_silence_but_still_list() -> None:
    db = live(desired_db())
    db = dataclasses.replace(
        db,
        sources=(
            *db.sources,
            SourceObject("CONEFI", "procedure", "P_HOTFIX_1", "PROCEDURE P_HOTFIX_1 IS BEGIN NULL; END;"),
        ),
        object_privileges=(*db.object_privileges, ObjectPrivilege("PUBLIC", "CONEFI", "Q", "SELECT")),
    )
    report = compute_drift(
        snapshot(desired_db()),
        snapshot(db),
        ignore=["erp:CONEFI.procedure.P_HOTFIX_*", "PUBLIC.object_grant.*"],
    )
    assert not report.has_drift
    assert {(str(r.id), r.ignored_by) for r in report.ignored} == {
        ("erp:CONEFI.procedure.P_HOTFIX_1", "erp:CONEFI.procedure.P_HOTFIX_*"),
        ("erp:PUBLIC.object_grant.SELECT ON CONEFI.Q", "PUBLIC.object_grant.*"),
    }
    assert report.counts()["ignored"] == 2
    # patterns are case-sensitive and must match the whole identity
    report = compute_drift(
        snapshot(desired_db()), snapshot(db), ignore=["erp:conefi.procedure.*", "P_HOTFIX_1"]
    )
    assert report.has_drift


def test_tool_tables_are_never_reported() -> None:
    db = dataclasses.replace(
        live(desired_db()),
        tables=(
            TABLE,
            Table("CONEFI", "CONEFI_DBTOOL_VERSION", (Column("VERSION_NUM", "VARCHAR2(32)", False),)),
            Table("CONEFI", "CONEFI_DBTOOL_JOURNAL", (Column("JOURNAL_ID", "NUMBER(18)", False),),
                  (Index("IX_CONEFI_DBTOOL_JOURNAL_RUN", ("JOURNAL_ID",)),)),
        ),
        sequences=(*desired_db().sequences, Sequence("CONEFI", "S_CONEFI_DBTOOL_JOURNAL", 1, 0)),
    )
    report = compute_drift(snapshot(desired_db()), snapshot(db))
    assert not report.has_drift and not report.ignored
    assert not any("DBTOOL" in str(r.id) for r in report.results)


def test_unmanaged_privileges_are_not_judged() -> None:
    want = dataclasses.replace(
        desired_db(), users=(), quotas=(), object_privileges=(), system_privileges=(), role_grants=()
    )
    report = compute_drift(snapshot(want, privileges="unmanaged"), snapshot(live(desired_db())))
    assert not report.has_drift
    assert report.notes == ("erp: users and privileges not compared: the project has no grants model",)


def test_privileges_invisible_through_all_views_are_not_judged() -> None:
    db = dataclasses.replace(
        live(desired_db()),
        dictionary="ALL",
        privileges_of=("CONEFI",),
        role_grants=(),
        object_privileges=(ObjectPrivilege("CONEFI", "SIGA", "SE1030", "SELECT"),),
    )
    report = compute_drift(snapshot(desired_db()), snapshot(db))
    # CONEFI's role grant is visible (and missing); SGU's EXECUTE on CONEFI.PKG_X is on a CONEFI object
    assert only(report.drifted) == {
        "erp:CONEFI.role_grant.CONNECT": ("missing",),
        "erp:SGU.object_grant.EXECUTE ON CONEFI.PKG_X": ("missing",),
    }
    want = dataclasses.replace(
        desired_db(),
        object_privileges=(
            *desired_db().object_privileges,
            ObjectPrivilege("SGU", "SIGA", "SE1030", "SELECT"),
        ),
    )
    report = compute_drift(snapshot(want), snapshot(db))
    assert "erp:SGU.object_grant.SELECT ON SIGA.SE1030" not in only(report.results)
    assert report.notes == (
        "erp: 1 privilege(s) not compared: the catalog was read through ALL_* views and only "
        "sees those of CONEFI (read with a DBA-privileged account to compare them all)",
    )


def test_a_database_absent_from_one_side_is_empty() -> None:
    report = compute_drift(snapshot(desired_db()), CatalogSnapshot("example", ()), databases=["erp"])
    assert {r.categories for r in report.drifted} == {("missing",)}
    assert report.databases == ("erp",)


@pytest.mark.parametrize("category", ["missing", "unexpected", "changed", "invalid", "disabled"])
def test_each_category_counts(category: str) -> None:
    want = DatabaseCatalog(
        "erp",
        sources=(SourceObject("CONEFI", "procedure", "P", "PROCEDURE CONEFI.P IS BEGIN NULL; END;"),),
        jobs=(JOB,),
    )
    have = {
        "missing": dataclasses.replace(want, sources=()),
        "unexpected": dataclasses.replace(
            want, sources=(*want.sources, SourceObject("CONEFI", "function", "F", "x"))
        ),
        "changed": dataclasses.replace(
            want,
            sources=(
                SourceObject("CONEFI", "procedure", "P", "PROCEDURE CONEFI.P IS BEGIN NULL;NULL; END;"),
            ),
        ),
        "invalid": dataclasses.replace(
            want, sources=(dataclasses.replace(want.sources[0], status="INVALID"),)
        ),
        "disabled": dataclasses.replace(want, jobs=(dataclasses.replace(JOB, enabled=False),)),
    }[category]
    report = compute_drift(snapshot(want), snapshot(have))
    counts = report.counts()
    assert counts[category] == 1
    assert sum(counts[c] for c in ("missing", "unexpected", "changed", "invalid", "disabled")) == 1
    assert report.has_drift


def test_results_are_in_identity_order() -> None:
    report = compute_drift(snapshot(desired_db()), snapshot(live(desired_db())))
    assert [r.id for r in report.results] == sorted((r.id for r in report.results), key=ObjectId.sort_key)
