"""One size syntax (Oracle's size clause) for conefi.toml, the manifests and the DDL parser."""

from __future__ import annotations

import pytest

from conefi_dbtool.catalog.ddl import parse_ddl
from conefi_dbtool.quota import quota_bytes


@pytest.mark.parametrize(("text", "expected"), [
    ("1048576", 1048576), ("500K", 500 * 1024), ("500M", 500 * 1024**2), ("2g", 2 * 1024**3),
    ("1T", 1024**4), ("1P", 1024**5), ("100 M", 100 * 1024**2), (" unlimited ", -1),
])
def test_sizes(text: str, expected: int) -> None:
    assert quota_bytes(text) == expected


@pytest.mark.parametrize("text", ["", "M", "1.5G", "-1", "10X", "10 MB"])
def test_bad_sizes(text: str) -> None:
    with pytest.raises(ValueError, match="invalid quota size"):
        quota_bytes(text)


def test_the_ddl_parser_reads_a_quota_with_the_same_function() -> None:
    facts = parse_ddl("ALTER USER conefi QUOTA 100 M ON conefi_data;\n", owner="CONEFI", code_object=False)
    assert "104857600" in repr(facts)
