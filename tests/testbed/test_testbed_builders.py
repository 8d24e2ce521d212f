"""Test data builders (offline): what each Protheus operation writes, as SQL with binds."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from sqlfluff.core import FluffConfig, Linter

from conefi_dbtool.config import Project, Target
from conefi_dbtool.errors import UsageError
from conefi_dbtool.splitter import split
from conefi_dbtool.testbed.builders import Change, Protheus, Statement
from conefi_dbtool.testbed.fixtures import build_fixtures, fixture_dictionary

D = dt.date
_LINTER = Linter(config=FluffConfig(overrides={"dialect": "oracle"}))


@pytest.fixture
def target(project: Project) -> Target:
    return project.target("example")


@pytest.fixture
def erp(project: Project, target: Target) -> Protheus:
    return Protheus(target, fixture_dictionary(project, target))


def binds(stmt: Statement) -> dict[str, object]:
    return stmt.bind_dict()


def columns(stmt: Statement) -> list[str]:
    m = re.match(r"(?:INSERT INTO \S+ \(([^)]*)\))|(?:UPDATE \S+ SET (.*) WHERE)", stmt.sql)
    assert m, stmt.sql
    if m.group(1):
        return [c.strip() for c in m.group(1).split(",")]
    return [part.split("=")[0].strip() for part in m.group(2).split(",")]


def test_customer_row_is_padded_like_protheus(erp: Protheus) -> None:
    built = erp.customer("000123", "MARIA DA SILVA", document="12345678909", email="m@x.com")
    (stmt,) = built.statements
    assert stmt.sql.startswith("INSERT INTO SIGA.SA1030 (A1_FILIAL, A1_COD, A1_LOJA, A1_NOME, ")
    assert stmt.sql.endswith(":a1_tipo, :r_e_c_n_o_)")
    b = binds(stmt)
    assert b["a1_filial"] == "  " and b["a1_cod"] == "000123" and b["a1_loja"] == "01"
    assert b["a1_nome"] == "MARIA DA SILVA".ljust(40)
    assert b["a1_nreduz"] == "MARIA DA SILVA".ljust(20)
    assert b["a1_msblql"] == "2" and b["r_e_c_n_o_"] == 1
    assert built.value.recno == 1
    assert erp.customer("000124", "JOAO").value.recno == 2


def test_title_inclusion(erp: Protheus) -> None:
    cust = erp.customer("000123", "MARIA").value
    built = erp.title(cust, "000000101", "150.5", due=D(2024, 1, 10))
    (stmt,) = built.statements
    b = binds(stmt)
    assert b["e1_prefixo"] == "DP " and b["e1_num"] == "000000101" and b["e1_parcela"] == "  "
    assert b["e1_vencto"] == b["e1_vencrea"] == b["e1_vencori"] == "20240110"
    assert b["e1_emissao"] == "20231211"
    assert b["e1_valor"] == b["e1_saldo"] == Decimal("150.50")
    assert b["e1_status"] == "A" and b["e1_moeda"] == 1
    assert "E1_BAIXA" not in columns(stmt)  # an empty date: the 8-blank default
    t = built.value
    assert (t.recno, t.value, t.balance, t.original_due) == (1, Decimal("150.50"),
                                                             Decimal("150.50"), D(2024, 1, 10))
    assert erp.key_of(t) == "01DP 000000101  DP "
    with_event = erp.title(cust, "000000102", 10, due=D(2024, 1, 10), event=True)
    assert binds(with_event.statements[1])["routine"] == "FINA040"


def test_partial_then_total_settlement(erp: Protheus) -> None:
    cust = erp.customer("000123", "MARIA").value
    title = erp.title(cust, "000000101", "100.00", due=D(2024, 1, 10)).value
    first = erp.partial_settlement(title, "40.00", on=D(2024, 2, 1))
    se5, se1, event = first.statements
    assert se5.sql.startswith("INSERT INTO SIGA.SE5030 (")
    b = binds(se5)
    assert (b["e5_tipodoc"], b["e5_recpag"], b["e5_seq"], b["e5_motbx"]) == ("VL", "R", "01", "NOR")
    assert (b["e5_prefixo"], b["e5_numero"], b["e5_clifor"], b["e5_loja"]) == (
        "DP ", "000000101", "000123", "01")
    assert b["e5_valor"] == Decimal("40.00") and b["e5_data"] == "20240201"
    assert b["r_e_c_n_o_"] == 1
    assert se1.sql == ("UPDATE SIGA.SE1030 SET E1_SALDO = :e1_saldo, E1_BAIXA = :e1_baixa, "
                       "E1_MOVIMEN = :e1_movimen, E1_STATUS = :e1_status, E1_SEQBX = :e1_seqbx "
                       "WHERE R_E_C_N_O_ = :r_e_c_n_o_ AND D_E_L_E_T_ = ' '")
    assert binds(se1) == {"e1_saldo": Decimal("60.00"), "e1_baixa": "20240201",
                          "e1_movimen": "20240201", "e1_status": "A", "e1_seqbx": "01",
                          "r_e_c_n_o_": 1}
    assert event.sql == (
        "INSERT INTO SGU.INTGRA_RET_ERP (INTRE_ID, INTRE_IND, INTRE_DES_CHAVE, INTRE_DES_DADOS_SGU, "
        "INTRE_NOM_USU_INCL, INTRE_ROTINA_ERP, INTRE_PONTO_ENTRADA_ERP) VALUES "
        "(SGU.S_INTGRA_RET_ERP.NEXTVAL, :kind, :key, :data, :usr, :routine, :entry_point)")
    assert binds(event) == {"kind": "REC", "key": "0000000000000001",
                            "data": "01;DP;000000101;;DP;000123;01;01;VL;1", "usr": "ADMIN",
                            "routine": "FINA070", "entry_point": "FA070TIT"}
    after = first.value.title
    assert (after.balance, after.status, after.settlements) == (Decimal("60.00"), "A", 1)
    total = erp.settle(after, on=D(2024, 3, 1))
    assert binds(total.statements[0])["e5_seq"] == "02"
    assert binds(total.statements[0])["e5_valor"] == Decimal("60.00")
    assert binds(total.statements[1])["e1_status"] == "B"
    assert total.value.movement.recno == 2


def test_settlement_limits(erp: Protheus) -> None:
    cust = erp.customer("000123", "MARIA").value
    title = erp.title(cust, "000000101", "100.00", due=D(2024, 1, 10)).value
    with pytest.raises(UsageError, match=r"settlement of 100\.01 on a balance of 100\.00"):
        erp.settle(title, "100.01", on=D(2024, 2, 1))
    with pytest.raises(UsageError, match="must leave a balance"):
        erp.partial_settlement(title, "100", on=D(2024, 2, 1))


def test_reversal_is_a_new_es_row_with_the_same_seq(erp: Protheus) -> None:
    cust = erp.customer("000123", "MARIA").value
    title = erp.title(cust, "000000101", "100.00", due=D(2024, 1, 10)).value
    paid = erp.settle(title, on=D(2024, 2, 1)).value
    rev = erp.reversal(paid, on=D(2024, 2, 2))
    se5, se1, event = rev.statements
    b = binds(se5)
    assert (b["e5_tipodoc"], b["e5_seq"], b["e5_recpag"], b["e5_valor"]) == (
        "ES", "01", "P", Decimal("100.00"))
    assert (b["e5_prefixo"], b["e5_numero"], b["e5_parcela"], b["e5_tipo"]) == (
        "DP ", "000000101", "  ", "DP ")
    assert b["r_e_c_n_o_"] == 2  # a new row; the settlement (recno 1) is untouched
    assert binds(se1) == {"e1_saldo": Decimal("100.00"), "e1_status": "A",
                          "e1_movimen": "20240202", "e1_baixa": "        ", "r_e_c_n_o_": 1}
    assert (binds(event)["routine"], binds(event)["entry_point"]) == ("FINA070", "FA070CAN")
    assert binds(event)["data"] == "01;DP;000000101;;DP;000123;01;01;ES;2"
    assert rev.value.movement.seq == paid.movement.seq
    with pytest.raises(UsageError, match="cannot be reversed"):
        erp.reversal(rev.value, on=D(2024, 2, 3))


def test_value_change_extension_and_cancellation(erp: Protheus) -> None:
    cust = erp.customer("000123", "MARIA").value
    title = erp.title(cust, "000000101", "100.00", due=D(2024, 1, 10)).value
    changed = erp.value_change(title, "80.00")
    assert binds(changed.statements[0]) == {"e1_valor": Decimal("80.00"),
                                            "e1_saldo": Decimal("80.00"), "r_e_c_n_o_": 1}
    assert binds(changed.statements[1])["entry_point"] == "FA040ALT"
    extended = erp.extension(changed.value, D(2024, 2, 15))
    upd = extended.statements[0]
    assert binds(upd) == {"e1_vencto": "20240215", "e1_vencrea": "20240215", "r_e_c_n_o_": 1}
    assert "E1_VENCORI" not in columns(upd)  # the original due date is kept
    assert extended.value.original_due == D(2024, 1, 10)
    cancelled = erp.cancellation(extended.value)
    assert cancelled.statements == (Statement(
        "UPDATE SIGA.SE1030 SET D_E_L_E_T_ = '*', R_E_C_D_E_L_ = R_E_C_N_O_ "
        "WHERE R_E_C_N_O_ = :r_e_c_n_o_ AND D_E_L_E_T_ = ' '", (("r_e_c_n_o_", 1),),
        "cancellation: soft delete (FINA040)"),)
    assert cancelled.value.deleted
    with pytest.raises(UsageError, match="deleted title"):
        erp.settle(cancelled.value, on=D(2024, 3, 1))


def test_grr_title_and_settlement(erp: Protheus) -> None:
    cust = erp.customer("000123", "MARIA").value
    built = erp.grr_title(cust, "000000900", "59.90", due=D(2024, 1, 10), plan="PLN001",
                          subscription="SUB-42")
    se1, hrd, hrh = built.statements
    assert binds(se1)["e1_prefixo"] == "GRR"
    assert hrd.sql.startswith("INSERT INTO SIGA.HRD030 (")
    assert binds(hrd)["hrd_code"] == "PLN001" and binds(hrd)["hrd_versio"] == 1
    b = binds(hrh)
    assert b["hrh_alias"] == "SE1" and b["hrh_source"] == "01GRR000000900  DP ".ljust(30)
    assert b["hrh_subsid"] == "SUB-42".ljust(36) and b["hrh_plancd"] == "PLN001"
    paid = erp.grr_settlement(built.value, on=D(2024, 1, 10))
    assert binds(paid.statements[0])["e5_motbx"] == "GRR"


def test_values_are_checked_against_the_dictionary(erp: Protheus) -> None:
    with pytest.raises(UsageError, match=r"A1_COD: '1234567' is longer than its 6 characters"):
        erp.customer("1234567", "X")
    with pytest.raises(UsageError, match="E1_NOPE is not a field of SE1"):
        erp.insert("SE1", {"E1_NOPE": "x"}, 1)
    with pytest.raises(UsageError, match=r"E1_VALOR: 1E\+15 does not fit NUMBER\(16,2\)"):
        erp.value("SE1", "E1_VALOR", Decimal("1E+15"))
    with pytest.raises(UsageError, match="expected a date"):
        erp.value("SE1", "E1_VENCTO", "20240101")


def test_parameter_and_bulk_titles(erp: Protheus) -> None:
    (param,) = erp.parameter("CONEFI_EMAIL_ERRO", "ti@example.com").statements
    assert binds(param)["z99_chave"] == "CONEFI_EMAIL_ERRO".ljust(30)
    cust = erp.customer("000123", "MARIA").value
    erp.title(cust, "000000001", 1, due=D(2024, 1, 1))
    people = erp.bulk_customers(500, first_code=1000)
    assert binds(people)["first_recno"] == 2 and binds(people)["row_count"] == 500
    assert "LPAD(TO_CHAR(:first_code + LEVEL - 1), 6, '0')" in people.sql
    bulk = erp.bulk_titles(1000, due=D(2024, 1, 10), customers=500, first_customer=1000)
    assert bulk.sql.endswith("FROM dual CONNECT BY LEVEL <= :row_count")
    b = binds(bulk)
    assert (b["first_recno"], b["row_count"], b["first_number"], b["customers"]) == (2, 1000, 1, 500)
    assert "LPAD(TO_CHAR(:first_number + LEVEL - 1), 9, '0')" in bulk.sql
    assert "LPAD(TO_CHAR(:first_customer + MOD(LEVEL - 1, :customers)), 6, '0')" in bulk.sql
    assert b["e1_vencori"] == b["e1_vencrea"] == "20240110" and b["e1_saldo"] == Decimal("100.00")
    assert erp.title(cust, "X", 1, due=D(2024, 1, 1)).value.recno == 1002
    assert erp.customer("000999", "X").value.recno == 502
    with pytest.raises(UsageError, match="must be positive"):
        erp.bulk_titles(10, due=D(2024, 1, 1), customers=0)


def _every_statement(erp: Protheus) -> list[Statement]:
    cust = erp.customer("000123", "MARIA")
    title = erp.title(cust.value, "000000101", "100.00", due=D(2024, 1, 10), event=True)
    partial = erp.partial_settlement(title.value, 10, on=D(2024, 2, 1))
    total = erp.settle(partial.value.title, on=D(2024, 2, 2))
    rev = erp.reversal(total.value, on=D(2024, 2, 3))
    changed = erp.value_change(rev.value.title, 120)
    ext = erp.extension(changed.value, D(2024, 3, 1))
    can = erp.cancellation(ext.value, event=True)
    grr = erp.grr_title(cust.value, "000000900", 10, due=D(2024, 1, 10))
    grr_paid = erp.grr_settlement(grr.value, on=D(2024, 1, 10))
    changes: list[Change[object]] = [cust, title, partial, total, rev, changed, ext, can, grr,
                                     grr_paid, erp.parameter("P", "V")]
    out = [s for c in changes for s in c.statements]
    out.append(erp.bulk_customers(10))
    out.append(erp.bulk_titles(10, due=D(2024, 1, 1), customers=3))
    return out


def test_every_builder_statement_splits_and_parses(erp: Protheus) -> None:
    statements = _every_statement(erp)
    assert statements
    for stmt in statements:
        (unit,) = split(stmt.sql + ";\n")
        assert unit.kind == "sql" and unit.text == stmt.sql
        parsed = _LINTER.parse_string(stmt.sql + ";\n")
        assert parsed.tree is not None and not parsed.violations, stmt.purpose
        assert "unparsable" not in parsed.tree.stringify(), stmt.purpose
        names = set(re.findall(r"(?<!:):([a-z_][a-z0-9_]*)", stmt.sql))
        assert names == set(stmt.bind_dict()), stmt.purpose  # every bind given, none extra


def test_builders_write_only_columns_the_fixture_tables_have(
    project: Project, target: Target, erp: Protheus
) -> None:
    fs = build_fixtures(project, target)
    statements = _every_statement(erp)
    assert statements
    for stmt in statements:
        m = re.match(r"(?:INSERT INTO|UPDATE) (\w+)\.(\w+)", stmt.sql)
        assert m, stmt.sql
        ddl = fs.find(m.group(1), m.group(2)).text
        for col in columns(stmt):
            assert re.search(rf"^  {col} ", ddl, re.M), f"{col} not in {m.group(2)}"
