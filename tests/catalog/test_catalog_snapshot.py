"""The snapshot's JSON form: stable, validated, errors naming the file and JSON path."""

from __future__ import annotations

from pathlib import Path

import pytest

from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    Column,
    DatabaseCatalog,
    Index,
    QueueHealth,
    SourceObject,
    Table,
    load_snapshot,
    snapshot_from_json,
    snapshot_to_json,
)
from conefi_dbtool.errors import UsageError


def sample() -> CatalogSnapshot:
    return CatalogSnapshot(
        "prd",
        (
            DatabaseCatalog(
                "sgu2", owners=("CONEFI",), dictionary="ALL", privileges_of=("CONEFI",), revision="0002"
            ),
            DatabaseCatalog(
                "erp",
                sources=(
                    SourceObject("CONEFI", "procedure", "P_B", "PROCEDURE p_b IS BEGIN NULL; END;"),
                    SourceObject("CONEFI", "package", "P_A", "PACKAGE p_a AS END;", "INVALID"),
                ),
                tables=(
                    Table(
                        "CONEFI",
                        "Q",
                        (Column("ID", "NUMBER(18)", False),),
                        (Index("IX_B", ("ID",)), Index("IX_A", ("ID",))),
                    ),
                ),
                queue=QueueHealth(3, 0, None),
                owners=("CONEFI",),
                dictionary="DBA",
            ),
        ),
        taken_at="2026-03-02T10:00:00Z",
        meta={"kind": "live"},
    )


def test_round_trip_is_stable_and_sorted() -> None:
    text = snapshot_to_json(sample())
    again = snapshot_from_json(text)
    assert snapshot_to_json(again) == text
    assert [d.database for d in again.databases] == ["erp", "sgu2"]
    erp = again.databases[0]
    assert [s.name for s in erp.sources] == ["P_A", "P_B"]
    assert [i.name for i in erp.tables[0].indexes] == ["IX_A", "IX_B"]
    assert again.databases[1].privileges_of == ("CONEFI",) and erp.privileges_of is None
    assert erp.queue == QueueHealth(3, 0, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "snap.json:1: not valid JSON"),
        ('{"format": 9, "target": "x"}', "snap.json: snapshot format 9 is not supported"),
        ('{"target": "x", "extra": 1}', "snap.json: $.extra: unknown key"),
        ('{"databases": []}', "snap.json: $.target: required key is missing"),
        (
            '{"target": "x", "databases": [{"database": "erp", '
            '"jobs": [{"owner": "C", "name": "J", "enabled": "yes"}]}]}',
            "snap.json: $.databases[0].jobs[0].enabled: expected true or false",
        ),
        (
            '{"target": "x", "databases": [{"database": "erp", "privileges_of": "CONEFI"}]}',
            "snap.json: $.databases[0].privileges_of: expected a list",
        ),
    ],
)
def test_invalid_snapshots_name_the_path(text: str, message: str) -> None:
    with pytest.raises(UsageError) as info:
        snapshot_from_json(text, source="snap.json")
    assert str(info.value).startswith(message)


def test_load_snapshot_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read catalog snapshot"):
        load_snapshot(tmp_path / "none.json")
