"""Layout versions: CONEFI's contract changes only by a new version, and every version decodes."""

from __future__ import annotations

import re

import pytest

from conefi_dbtool.config import Money
from conefi_dbtool.docs_gen.sources import layout_docs
from conefi_dbtool.layouts.amounts import amount_due_sql
from conefi_dbtool.layouts.codec import decode_record, encode_record, example_record, example_values
from conefi_dbtool.layouts.data import CURRENT_VERSION, LAYOUT_VERSIONS, SENT_ACTIONS, layout
from conefi_dbtool.layouts.wire import DecodeError
from tests.test_integration_templates import project_with, render, text

# Layout 1 as CONEFI has read it since the seed: frozen, field for field.
LAYOUT_1 = {
    "PGO": ("filial", "prefixo", "numero", "parcela", "tipo", "recno_se5", "seq_baixa",
            "data_pagamento", "valor_pago", "motivo_baixa", "saldo", "tipo_pagamento"),
    "DES": ("filial", "prefixo", "numero", "parcela", "tipo", "valor_anterior", "valor_novo",
            "saldo_anterior", "saldo_novo", "data_alteracao"),
    "PRV": ("filial", "prefixo", "numero", "parcela", "tipo", "venc_real", "venc_original",
            "saldo", "dias_atraso"),
    "EST": ("filial", "prefixo", "numero", "parcela", "tipo", "recno_se5_estorno", "seq_baixa",
            "data_estorno", "valor_estornado", "recno_se5_original", "id_fila_original", "saldo"),
}
TITLE_HEAD = ("filial", "prefixo", "numero", "parcela", "tipo", "cliente", "loja", "recno_se1")


def test_the_current_version_is_the_default_of_the_config() -> None:
    assert Money().layout_version == CURRENT_VERSION == max(LAYOUT_VERSIONS) == 2


@pytest.mark.parametrize("action", sorted(LAYOUT_1))
def test_layout_1_is_frozen(action: str) -> None:
    assert layout(action, 1).names == LAYOUT_1[action]


@pytest.mark.parametrize("action", SENT_ACTIONS)
def test_each_version_of_an_action_has_its_own_field_count(action: str) -> None:
    counts = [len(lays[action].fields) for lays in LAYOUT_VERSIONS.values()]
    assert len(set(counts)) == len(counts), "a pending row's version must follow from its count"


@pytest.mark.parametrize("action", SENT_ACTIONS)
@pytest.mark.parametrize("version", sorted(LAYOUT_VERSIONS))
def test_a_row_of_any_version_decodes_on_its_own_and_round_trips(action: str, version: int) -> None:
    record = example_record(action, version)
    decoded = decode_record(record)
    assert decoded.version == version
    assert encode_record(action, decoded.as_dict(), version) == record
    assert decode_record(record, version=version).as_dict() == example_values(action, version)
    other = next(v for v in LAYOUT_VERSIONS if v != version)
    with pytest.raises(DecodeError, match=f"the layout \\(version {other}\\) has"):
        decode_record(record, version=other)


@pytest.mark.parametrize("action", [a for a in SENT_ACTIONS if a != "HST"])
def test_version_2_title_records_start_with_key_customer_and_se1_row(action: str) -> None:
    assert layout(action, 2).names[:len(TITLE_HEAD)] == TITLE_HEAD


def test_version_2_hst_carries_customer_and_se1_row() -> None:
    names = layout("HST", 2).names
    assert {"cliente", "loja", "recno_se1"} <= set(names)


@pytest.mark.parametrize("action", SENT_ACTIONS)
def test_version_2_balances_are_the_amount_due(action: str) -> None:
    """Every balance CONEFI receives is the amount due; only INC also shows E1_SALDO, as a part."""
    lay = layout(action, 2)
    alias = lay.title or "e1"
    for f in lay.fields:
        if f.name == "valor_devido":
            assert f.source == amount_due_sql(alias)
        bare_balance = re.fullmatch(r"[a-z0-9]+\.E1_SALDO", f.source)
        assert not bare_balance or (action, f.name) == ("INC", "saldo"), (action, f.name)
    carried_a_balance = any(n.startswith("saldo") for n in layout(action, 1).names)
    assert carried_a_balance == ("valor_devido" in lay.names), action


def test_pgo_2_says_which_amount_each_field_is() -> None:
    pgo = layout("PGO", 2)
    sources = {f.name: f.source for f in pgo.fields}
    assert sources["valor_pago"] == "e5.E5_VALOR"
    assert (sources["juros"], sources["multa"], sources["desconto"]) == (
        "e5.E5_VLJUROS", "e5.E5_VLMULTA", "e5.E5_VLDESCO")
    assert "E1_NUMLIQ" in sources["num_liquidacao"] and "E1_FATURA" in sources["fatura"]


def test_queue_rows_say_their_version_and_old_rows_are_version_1() -> None:
    result = render()
    table = text(result, "table", "INTGRA_DADOS_CONEFI")
    assert "INTDC_NUM_LAYOUT     NUMBER(3)       DEFAULT 1 NOT NULL," in table
    body = text(result, "package_body", "PKG_CONEFI_JOB")
    inserts = body.count("INSERT INTO CONEFI.INTGRA_DADOS_CONEFI")
    assert inserts > 0 and body.count("INTDC_DES_IDEMP, INTDC_NUM_LAYOUT)") == inserts
    assert "c.CTL_IDEMP,\n           2\n" in body


def test_the_config_keeps_version_1_until_conefi_reads_version_2() -> None:
    result = render({"integration.money.layout_version": 1})
    body = text(result, "package_body", "PKG_CONEFI_EVENTO")
    assert "c.CTL_IDEMP,\n           1\n" in body
    pgo = text(result, "view", "V_CONEFI_MOV_PGO")
    assert "AS VALOR_DEVIDO" not in pgo and "e1.E1_SALDO AS SALDO" in pgo
    fila = text(result, "package_body", "PKG_CONEFI_FILA")
    assert f"WHEN 'PGO' THEN {len(LAYOUT_1['PGO'])}" in fila


def test_the_integration_page_documents_the_version_the_target_writes() -> None:
    project = project_with({"integration.money.layout_version": 1})
    docs = {d.action: d for d in layout_docs(project, project.target("example"))}
    assert tuple(f.name for f in docs["PGO"].fields[1:]) == LAYOUT_1["PGO"]
    assert decode_record(docs["PGO"].example_record).version == 1
