"""The Protheus dictionary is project data: loaded, validated, and in sync with shared/."""

from __future__ import annotations

from pathlib import Path

import pytest

from conefi_dbtool.config import PACKAGE_DATA
from conefi_dbtool.dictionary import load_dictionary
from conefi_dbtool.errors import UsageError

SHARED = Path(__file__).resolve().parents[2] / "shared" / "domain" / "protheus_dictionary.csv"


def test_bundled_dictionary_loads_with_the_tables_the_integration_reads() -> None:
    d = load_dictionary(PACKAGE_DATA / "protheus_dictionary.csv")
    assert {"SE1", "SE5", "SA1", "HRD", "HRE", "HRG", "HRH"} <= set(d.tables())
    valor = d.field("E1_VALOR")
    assert valor is not None and valor.oracle_type == "NUMBER(16,2)"
    assert d.field("E1_VENCTO").oracle_type == "CHAR(8)"  # type: ignore[union-attr]
    assert d.has_column("SE1", "D_E_L_E_T_") and not d.has_column("SE1", "E1_VALRO")


@pytest.mark.skipif(not SHARED.is_file(), reason="../shared/domain is not beside this checkout")
def test_bundled_dictionary_is_the_shared_one() -> None:
    """Every shared row, as it is; rows added since (issue 17) each name their source."""
    bundled = (PACKAGE_DATA / "protheus_dictionary.csv").read_text(encoding="utf-8").splitlines()
    shared = SHARED.read_text(encoding="utf-8").splitlines()
    assert shared and [row for row in shared if row not in bundled] == []
    added = [row for row in bundled if row not in shared]
    assert all(row.count(",") == 7 and row.rsplit(",", 1)[1].strip() for row in added), added


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("table,order\nSE1,1\n", ":1: expected header"),
        ("table,order,field,type,size,decimal,title,source\nSE1,x,E1_A,C,2,0,t,s\n",
         ":2: malformed dictionary row"),
        ("table,order,field,type,size,decimal,title,source\nSE1,1,E1_A,Z,2,0,t,s\n",
         ":2: unknown field type 'Z'"),
    ],
)
def test_malformed_dictionary_names_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "dict.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_dictionary(path)
