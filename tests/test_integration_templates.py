"""The CONEFI integration templates (issue 3), rendered offline for the example target.

What is checked here without Oracle: the objects and their owners, the trigger-owner
switch and its grant, dictionary-checked custom fields, the rules of DESIGN.md §4 on the
rendered text (outbox, set-based idempotent producers, D_E_L_E_T_ and GRR filters,
no swallowing handlers), the schedule from config, and that every rendered unit parses
with sqlfluff's Oracle dialect.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import os
import re
import tomllib
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from conefi_dbtool import context
from conefi_dbtool.config import EventRule, Project, parse_project
from conefi_dbtool.context import OBJECT_NAMES, fully_ignored_kinds
from conefi_dbtool.deploy_steps import object_steps
from conefi_dbtool.errors import RenderError
from conefi_dbtool.layouts.data import ACTIONS, JOB_STEPS
from conefi_dbtool.layouts.sql import record_sql
from conefi_dbtool.objects import ObjectId, RenderedObject
from conefi_dbtool.render import RenderResult, render_target

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
MY_TEMPLATE_DIRS = ("erp/conefi/", "erp/trigger_owner/", "_macros/")

EXPECTED: dict[tuple[str, str], str] = {  # (type, name) -> owner in the example target
    ("sequence", "S_INTGRA_DADOS_CONEFI"): "CONEFI",
    ("sequence", "S_INTGRA_LOG_CONEFI"): "CONEFI",
    ("table", "INTGRA_DADOS_CONEFI"): "CONEFI",
    ("table", "INTGRA_LOG_CONEFI"): "CONEFI",
    ("index", "IX_INTDC_STATUS_ID"): "CONEFI",
    ("index", "IX_INTDC_ACAO_DTH"): "CONEFI",
    ("package", "PKG_CONEFI_PARAM"): "CONEFI",
    ("package", "PKG_CONEFI_FILA"): "CONEFI",
    ("package", "PKG_CONEFI_EVENTO"): "CONEFI",
    ("package", "PKG_CONEFI_JOB"): "CONEFI",
    ("package_body", "PKG_CONEFI_PARAM"): "CONEFI",
    ("package_body", "PKG_CONEFI_FILA"): "CONEFI",
    ("package_body", "PKG_CONEFI_EVENTO"): "CONEFI",
    ("package_body", "PKG_CONEFI_JOB"): "CONEFI",
    **{("view", step.view): "CONEFI" for _, step in JOB_STEPS},  # one per job step
    ("trigger", "T_INTGRA_RET_ERP_CONEFI"): "CONEFI",
    ("job", "J_CONEFI_DIARIO"): "CONEFI",
}
# The job's views from the layouts: a new action's view gets every check below.
CANDIDATE_VIEWS = tuple(s.view for _, s in JOB_STEPS if s.view.startswith("V_CONEFI_CAND_"))
MOVEMENT_VIEWS = tuple(s.view for _, s in JOB_STEPS if s.view.startswith("V_CONEFI_MOV_"))
JOB_ACTIONS = tuple(action for action, _ in JOB_STEPS)


# --------------------------------------------------------------------------- helpers


def raw_config() -> dict[str, Any]:
    return tomllib.loads((ROOT / "conefi.toml").read_text(encoding="utf-8"))


def project_with(changes: dict[str, Any] | None = None) -> Project:
    """The repository project with `defaults` keys changed ("integration.x": value)."""
    raw = copy.deepcopy(raw_config())
    for dotted, value in (changes or {}).items():
        node = raw["defaults"]
        *path, last = dotted.split(".")
        for key in path:
            node = node.setdefault(key, {})
        node[last] = value
    return parse_project(raw, config_file=ROOT / "conefi.toml")


def render(changes: dict[str, Any] | None = None) -> RenderResult:
    project = project_with(changes)
    return render_target(project, project.target("example"))


def mine(result: RenderResult) -> list[RenderedObject]:
    return [o for o in result.objects if o.template.startswith(MY_TEMPLATE_DIRS)]


def obj(result: RenderResult, type_: str, name: str) -> RenderedObject:
    for o in result.objects:
        if (o.id.type, o.id.name) == (type_, name):
            return o
    raise KeyError(f"{type_} {name} not rendered")


def text(result: RenderResult, type_: str, name: str) -> str:
    return obj(result, type_, name).text


def strip_sql_comments(sql: str) -> str:
    """The SQL without -- comments (string literals here never contain '--')."""
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


@pytest.fixture(scope="module")
def example() -> RenderResult:
    return render()


# --------------------------------------------------------------------------- objects


def test_example_renders_every_integration_object_with_its_owner(example: RenderResult) -> None:
    got = {(o.id.type, o.id.name): o.id.owner for o in mine(example)}
    assert got == EXPECTED
    assert all(o.id.database == "erp" for o in mine(example))


def test_object_name_keys_match_templates() -> None:
    names = {p.name[: -len(".sql.j2")] for p in (TEMPLATES / "erp").rglob("*.sql.j2")}
    assert OBJECT_NAMES
    for key, name in OBJECT_NAMES.items():
        assert name in names, f"context OBJECT_NAMES[{key!r}] = {name} has no template"


def test_dependency_order(example: RenderResult) -> None:
    order = [(o.id.type, o.id.name) for o in example.objects]

    def before(a: tuple[str, str], b: tuple[str, str]) -> None:
        assert order.index(a) < order.index(b), f"{a} must come before {b}"

    before(("sequence", "S_INTGRA_DADOS_CONEFI"), ("table", "INTGRA_DADOS_CONEFI"))
    before(("table", "INTGRA_DADOS_CONEFI"), ("index", "IX_INTDC_STATUS_ID"))
    for view in (*CANDIDATE_VIEWS, *MOVEMENT_VIEWS):
        before(("table", "INTGRA_DADOS_CONEFI"), ("view", view))
        before(("view", view), ("package_body", "PKG_CONEFI_JOB"))
    for pkg in ("PKG_CONEFI_PARAM", "PKG_CONEFI_FILA", "PKG_CONEFI_EVENTO", "PKG_CONEFI_JOB"):
        before(("package", pkg), ("package_body", pkg))
    before(("package", "PKG_CONEFI_EVENTO"), ("trigger", "T_INTGRA_RET_ERP_CONEFI"))
    before(("package_body", "PKG_CONEFI_JOB"), ("job", "J_CONEFI_DIARIO"))


def test_rendering_is_deterministic(example: RenderResult) -> None:
    again = render()
    assert [(o.id, o.text) for o in again.objects] == [(o.id, o.text) for o in example.objects]


def test_every_object_splits_into_terminated_deploy_steps(example: RenderResult) -> None:
    assert mine(example)
    for o in mine(example):
        steps = object_steps(o)  # raises on an unterminated statement or SQL*Plus command
        assert steps, o.id
        if o.id.type in ("package", "package_body", "trigger", "job"):
            assert o.text.rstrip().endswith("\n/"), f"{o.id} must end with a '/' line"


def test_templates_hold_no_literal_schema_names() -> None:
    paths = [p for p in TEMPLATES.rglob("*.sql.j2")
             if p.relative_to(TEMPLATES).as_posix().startswith(MY_TEMPLATE_DIRS)]
    assert paths
    for path in paths:
        rel = path.relative_to(TEMPLATES).as_posix()
        body = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
        found = re.findall(r"\b(?:SIGA|SGU|CONEFI|SYS)\.\w+|\b\w+030\b", body)
        assert [f for f in found if not f.startswith("SYS.")] == [], rel


# --------------------------------------------------------------------------- trigger owner


def test_trigger_owned_by_conefi_needs_no_execute_grant(example: RenderResult) -> None:
    trigger = obj(example, "trigger", "T_INTGRA_RET_ERP_CONEFI")
    assert trigger.id.owner == "CONEFI"
    assert trigger.text.startswith("CREATE OR REPLACE TRIGGER CONEFI.T_INTGRA_RET_ERP_CONEFI\n")
    assert not [o for o in example.objects if o.id.type == "object_grant"
                and o.template.startswith(MY_TEMPLATE_DIRS)]


def test_trigger_owned_by_sgu_gets_execute_on_the_event_package() -> None:
    result = render({"integration.trigger_owner": "sgu"})
    trigger = obj(result, "trigger", "T_INTGRA_RET_ERP_CONEFI")
    assert trigger.id == ObjectId("erp", "SGU", "trigger", "T_INTGRA_RET_ERP_CONEFI")
    assert trigger.text.startswith("CREATE OR REPLACE TRIGGER SGU.T_INTGRA_RET_ERP_CONEFI\n")
    assert "CONEFI.PKG_CONEFI_EVENTO.p_receber(" in trigger.text
    grant = obj(result, "object_grant", "PKG_CONEFI_EVENTO_SGU")
    assert grant.id.owner == "CONEFI"
    assert grant.text == "GRANT EXECUTE ON CONEFI.PKG_CONEFI_EVENTO TO SGU;\n"
    order = [o.id for o in result.objects]
    assert order.index(grant.id) < order.index(trigger.id), "the grant comes before the trigger"
    assert grant.id in trigger.depends


def test_trigger_is_tiny_and_calls_the_package_with_configured_columns(
        example: RenderResult) -> None:
    trigger = text(example, "trigger", "T_INTGRA_RET_ERP_CONEFI")
    assert "AFTER INSERT ON SGU.INTGRA_RET_ERP\n  FOR EACH ROW" in trigger
    body = strip_sql_comments(trigger.split("\nBEGIN\n", 1)[1].split("\nEND;\n", 1)[0])
    statements = [s for s in body.split(";") if s.strip()]
    assert len(statements) == 1 and "p_receber(" in statements[0], "one call, nothing else"
    for column in ("INTRE_ID", "INTRE_IND", "INTRE_DES_CHAVE", "INTRE_ROTINA_ERP",
                   "INTRE_PONTO_ENTRADA_ERP"):
        assert f":NEW.{column}" in trigger
    other = render({"integration.event_columns": {"kind": "EVT_KIND", "id": "EVT_ID"}})
    assert ":NEW.EVT_KIND" in text(other, "trigger", "T_INTGRA_RET_ERP_CONEFI")
    assert "NEW.EVT_KIND)" in text(other, "trigger", "T_INTGRA_RET_ERP_CONEFI")  # WHEN clause


def test_trigger_when_clause_skips_only_unconditionally_ignored_kinds(
        example: RenderResult) -> None:
    trigger = text(example, "trigger", "T_INTGRA_RET_ERP_CONEFI")
    assert "WHEN (NVL(UPPER(TRIM(NEW.INTRE_IND)), ' ') NOT IN ('DEB', 'PAG', 'PLA'))" in trigger
    rules = (EventRule("PAG", "PGO", routine="X"), EventRule("PAG", "IGNORE"),
             EventRule("DEB", "IGNORE"), EventRule("REC", "PGO"), EventRule("*", "IGNORE"))
    assert fully_ignored_kinds(rules) == ("DEB",)  # PAG has a conditional rule first
    assert fully_ignored_kinds(()) == ()
    no_ignore = render({"integration.events": [{"kind": "REC", "action": "PGO"}]})
    assert "WHEN" not in strip_sql_comments(text(no_ignore, "trigger", "T_INTGRA_RET_ERP_CONEFI"))


# --------------------------------------------------------------------------- outbox, handlers


def test_trigger_path_has_no_autonomous_transaction_commit_or_rollback(
        example: RenderResult) -> None:
    path = [text(example, "trigger", "T_INTGRA_RET_ERP_CONEFI")]
    for pkg in ("PKG_CONEFI_EVENTO", "PKG_CONEFI_FILA"):
        path += [text(example, "package", pkg), text(example, "package_body", pkg)]
    for unit in path:
        code = strip_sql_comments(unit).upper()
        assert "AUTONOMOUS_TRANSACTION" not in code
        assert not re.search(r"\b(COMMIT|ROLLBACK)\b", code)


def test_autonomous_transactions_only_write_the_job_log(example: RenderResult) -> None:
    body = strip_sql_comments(text(example, "package_body", "PKG_CONEFI_JOB"))
    units = re.split(r"\n  (?=FUNCTION|PROCEDURE)", body)
    autonomous = [u.split("(")[0].split()[1] for u in units if "AUTONOMOUS_TRANSACTION" in u]
    assert autonomous == ["f_log_inicio", "p_log_fim"]
    for unit in units:
        if "AUTONOMOUS_TRANSACTION" in unit:
            assert "INTGRA_DADOS_CONEFI" not in unit, "queue rows are never autonomous"


def _handlers(sql: str) -> Iterable[str]:
    code = strip_sql_comments(sql)
    for m in re.finditer(r"WHEN OTHERS THEN(.*?)\n\s*END\b", code, re.S):
        yield m.group(1)


def test_no_when_others_swallows(example: RenderResult) -> None:
    seen = 0
    for o in mine(example):
        for handler in _handlers(o.text):
            seen += 1
            assert re.search(r"\bRAISE\b", handler) or "FORMAT_ERROR_BACKTRACE" in handler, o.id
    assert seen >= 1
    assert "SYS.DBMS_UTILITY.FORMAT_ERROR_BACKTRACE" in text(example, "package_body",
                                                             "PKG_CONEFI_JOB")


def test_no_select_star(example: RenderResult) -> None:
    assert mine(example)
    for o in mine(example):
        assert not re.search(r"SELECT\s+\*|\.\*", strip_sql_comments(o.text)), o.id


# --------------------------------------------------------------------------- producers


def _queue_inserts(sql: str) -> list[str]:
    code = strip_sql_comments(sql)
    return [m.group(0) for m in
            re.finditer(r"INSERT INTO CONEFI\.INTGRA_DADOS_CONEFI \(.*?;\n", code, re.S)]


def test_every_queue_insert_is_set_based_and_idempotent(example: RenderResult) -> None:
    inserts = []
    for pkg in ("PKG_CONEFI_EVENTO", "PKG_CONEFI_JOB", "PKG_CONEFI_FILA"):
        inserts += _queue_inserts(text(example, "package_body", pkg))
    assert len(inserts) == 4 + len(JOB_ACTIONS) + 1  # EVENTO: PGO EST DES PRG; JOB; FILA
    for insert in inserts:
        assert "VALUES" not in insert, "INSERT ... SELECT, not row by row"
        assert re.search(r"WHERE NOT EXISTS \(SELECT 1\s+FROM CONEFI\.INTGRA_DADOS_CONEFI q\s+"
                         r"WHERE q\.INTDC_DES_IDEMP = ", insert), insert[:200]
    for pkg in ("PKG_CONEFI_EVENTO", "PKG_CONEFI_JOB"):
        assert not re.search(r"\bLOOP\b", strip_sql_comments(text(example, "package_body", pkg)))


@pytest.mark.parametrize(("package", "actions"), [
    ("PKG_CONEFI_EVENTO", ("PGO", "EST", "DES", "PRG", "EVT")),
    ("PKG_CONEFI_JOB", JOB_ACTIONS),
])
def test_producers_build_the_record_from_the_layout(
        example: RenderResult, package: str, actions: tuple[str, ...]) -> None:
    body = text(example, "package_body", package)
    for action in actions:
        builder = record_sql(action, "c", 11)
        assert builder in body, f"{package} does not build {action} from its layout"


def test_queue_table_checks_actions_and_has_a_unique_idempotency_key(
        example: RenderResult) -> None:
    table = text(example, "table", "INTGRA_DADOS_CONEFI")
    actions = ", ".join(f"'{a}'" for a in ACTIONS)
    assert f"CHECK (INTDC_IND_ACAO IN ({actions}))" in table
    assert "CONSTRAINT UK_INTGRA_DADOS_CONEFI_IDEMP UNIQUE (INTDC_DES_IDEMP)" in table
    assert "CHECK (INTDC_IND_STATUS IN ('P', 'I', 'E'))" in table
    assert "(INTDC_IND_STATUS, INTDC_ID)" in text(example, "index", "IX_INTDC_STATUS_ID")
    assert table.count("COMMENT ON COLUMN") >= 14


def test_event_rules_render_in_order_and_unmapped_events_are_rejected(
        example: RenderResult) -> None:
    body = text(example, "package_body", "PKG_CONEFI_EVENTO")
    conditions = re.findall(r"IF (v_tipo = .*?) THEN\n\s+RETURN '(\w+)';", body)
    assert conditions[:3] == [
        ("v_tipo = 'REC' AND v_rotina = 'FINA070' AND v_ponto = 'FA070CAN'", "EST"),
        ("v_tipo = 'REC' AND v_rotina = 'FINA070'", "PGO"),
        ("v_tipo = 'REC' AND v_rotina = 'FINA040'", "ALT"),
    ]
    receive = body.split("PROCEDURE p_receber(", 1)[1]
    assert "'no rule of integration.events maps this kind/routine/entry point'" in receive
    assert "p_status    => 'E'" in body


def test_a_malformed_event_rule_is_a_render_error_naming_the_key() -> None:
    with pytest.raises(RenderError, match=r"integration\.events\[0\]\.routine"):
        render({"integration.events": [{"kind": "REC", "routine": "FINA070' OR 1=1", "action": "PGO"}]})


def test_event_key_kind_switches_the_title_lookup() -> None:
    body = text(render({"integration.event_key": "se5_recno"}), "package_body", "PKG_CONEFI_EVENTO")
    lookup = body.split("FUNCTION f_titulo", 1)[1].split("END f_titulo", 1)[0]
    assert "FROM SIGA.SE5030 e5" in lookup and "e5.R_E_C_N_O_ = v_numero" in lookup


# --------------------------------------------------------------------------- views


def _protheus_aliases(sql: str) -> list[str]:
    return re.findall(r"\bSIGA\.[A-Z0-9]+030\s+([a-z][a-z0-9]*)\b", sql)


@pytest.mark.parametrize("view", (*CANDIDATE_VIEWS, *MOVEMENT_VIEWS))
def test_every_protheus_table_access_filters_d_e_l_e_t_(example: RenderResult, view: str) -> None:
    sql = strip_sql_comments(text(example, "view", view))
    aliases = _protheus_aliases(sql)
    assert aliases, view
    for alias in aliases:
        assert re.search(rf"\b{alias}\.D_E_L_E_T_ (?:= ' '|= '\*'|IN )", sql), (view, alias)
    if view not in ("V_CONEFI_CAND_CAN", "V_CONEFI_MOV_EST"):
        # CAN reads deleted titles, EST deleted settlements (one way a payment is undone)
        assert "D_E_L_E_T_ = '*'" not in sql, "only CAN and EST read deleted rows, deliberately"


# DES/PRG/CAN compare titles already in collection with what was sent (like PGO): no GRR
# filter (the reconciliation views filter by their rule alone, tests/reconciliation).
@pytest.mark.parametrize("view", tuple(v for v in CANDIDATE_VIEWS if v not in (
    "V_CONEFI_CAND_DES", "V_CONEFI_CAND_PRG", "V_CONEFI_CAND_CAN")))
def test_candidate_views_exclude_grr_titles(example: RenderResult, view: str) -> None:
    sql = strip_sql_comments(text(example, "view", view))
    alias = "h" if view == "V_CONEFI_CAND_HST" else "e1"
    assert f"{alias}.E1_PREFIXO <> 'GRR'" in sql
    assert re.search(rf"NOT EXISTS \(SELECT 1\s+FROM SIGA\.SE5030 grr\s+WHERE grr\.D_E_L_E_T_ = ' '"
                     rf".*?grr\.E5_NUMERO = {alias}\.E1_NUM.*?grr\.E5_MOTBX = 'GRR'", sql, re.S)


def test_grr_codes_come_from_config_padded_to_the_field() -> None:
    sql = text(render({"integration.grr_prefix": "GR", "integration.grr_motbx": "CC"}),
               "view", "V_CONEFI_CAND_INC")
    assert "e1.E1_PREFIXO <> 'GR '" in sql and "grr.E5_MOTBX = 'CC '" in sql
    with pytest.raises(RenderError, match=r"integration\.grr_prefix"):
        render({"integration.grr_prefix": "GRRX"})


def test_inc_carries_the_grr_subscription_or_nothing_when_grr_is_off(
        example: RenderResult) -> None:
    inc = text(example, "view", "V_CONEFI_CAND_INC")
    assert "FROM SIGA.HRH030 s" in inc and "s.HRH_ALIAS = 'SE1'" in inc
    assert "s.HRH_ALIAS = 'SC5'" in inc and "RPAD(e1.E1_PEDIDO, 30)" in inc
    assert "AS PLANO_GRR" in inc and "AS ASSINATURA_GRR" in inc
    off = text(render({"integration.grr_subscriptions": False}), "view", "V_CONEFI_CAND_INC")
    assert "HRH030" not in off and "AS PLANO_GRR" in off
    assert "e1.E1_PREFIXO <> 'GRR'" in off


def test_candidate_views_use_blanks_not_nulls_and_char8_dates(example: RenderResult) -> None:
    inc = text(example, "view", "V_CONEFI_CAND_INC")
    assert "e1.E1_XCNFENV = ' '" in inc
    assert "e1.E1_VENCREA <> '        '" in inc
    assert "e1.E1_VENCREA < TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD')" in inc
    assert "a1.A1_FILIAL = '  '" in inc  # SA1 shared (integration.sharing): one row per title
    assert "e1.E1_TIPO NOT LIKE '__-%' AND e1.E1_TIPO NOT IN ('PR ', 'RA ', 'NCC', " in inc
    assert mine(example)
    for o in mine(example):
        assert not re.search(r"E1_\w+ IS (?:NOT )?NULL", strip_sql_comments(o.text)), o.id


def test_history_months_come_from_config() -> None:
    hst = text(render({"integration.history_months": 6}), "view", "V_CONEFI_CAND_HST")
    assert "ADD_MONTHS(TRUNC(q.INTDC_DTH_INCL), -6)" in hst


def test_history_is_bounded_by_the_origin_day(example: RenderResult) -> None:
    """HST lists titles issued in the months *before* its origin: a title issued since must
    not add a line to an old origin on a later run (or a re-run the same day)."""
    hst = strip_sql_comments(text(example, "view", "V_CONEFI_CAND_HST"))
    assert "h.E1_EMISSAO >= TO_CHAR(ADD_MONTHS(TRUNC(q.INTDC_DTH_INCL), -12), 'YYYYMMDD')" in hst
    assert "h.E1_EMISSAO < TO_CHAR(q.INTDC_DTH_INCL, 'YYYYMMDD')" in hst


# --------------------------------------------------------------------------- custom fields


def test_custom_fields_reach_the_sql(example: RenderResult) -> None:
    body = text(example, "package_body", "PKG_CONEFI_JOB")
    for name in ("E1_XCNFENV", "E1_XCNFDTE", "E1_XCNFVEN", "E1_XCNFVLR", "E1_XCNFSLD",
                 "E1_XCNFMOV"):
        assert f"e1.{name} = " in body


def test_custom_field_missing_from_the_dictionary_is_a_render_error_naming_the_key() -> None:
    with pytest.raises(RenderError, match=r"integration\.custom_fields\.sent_balance") as exc:
        render({"integration.custom_fields.sent_balance": "E1_XNOPE"})
    assert "E1_XNOPE" in str(exc.value)


def test_custom_fields_file_describes_renamed_fields(tmp_path: Path) -> None:
    fields = tmp_path / "fields.csv"
    original = (ROOT / "conefi_dbtool" / "data" / "custom_fields.csv").read_text(encoding="utf-8")
    fields.write_text(original.replace("E1_XCNFSLD", "E1_XSALDO"), encoding="utf-8")
    body = text(render({"integration.custom_fields.sent_balance": "E1_XSALDO",
                        "integration.fields_file": str(fields)}),
                "package_body", "PKG_CONEFI_JOB")
    assert "e1.E1_XSALDO = (SELECT MAX(TO_NUMBER(" in body  # INC/DES: the amount queued
    assert "E1_XCNFSLD" not in body


@pytest.mark.parametrize(("line", "replacement", "key"), [
    # the state codes are written and compared bare ('S'): a wider field breaks IN ('S', 'P')
    ("SE1,901,E1_XCNFENV,C,1,0", "SE1,901,E1_XCNFENV,C,2,0", "sent_flag"),
    ("SE1,903,E1_XCNFVEN,D,8,0", "SE1,903,E1_XCNFVEN,C,8,0", "sent_due"),
    # fewer decimals than E1_VALOR: DES would see a difference on every event
    ("SE1,904,E1_XCNFVLR,N,16,2", "SE1,904,E1_XCNFVLR,N,16,0", "sent_value"),
    ("SE1,906,E1_XCNFMOV,N,12,0", "SE1,906,E1_XCNFMOV,C,12,0", "sent_movement"),
])
def test_custom_field_of_the_wrong_shape_is_a_render_error_naming_the_key(
    tmp_path: Path, line: str, replacement: str, key: str
) -> None:
    fields = tmp_path / "fields.csv"
    original = (ROOT / "conefi_dbtool" / "data" / "custom_fields.csv").read_text(encoding="utf-8")
    assert line in original
    fields.write_text(original.replace(line, replacement), encoding="utf-8")
    with pytest.raises(RenderError, match=rf"integration\.custom_fields\.{key}: .*needs type"):
        render({"integration.fields_file": str(fields)})


def test_queue_table_name_must_match_its_template() -> None:
    with pytest.raises(RenderError, match=r"integration\.queue_table"):
        render({"integration.queue_table": "OTHER_QUEUE"})


# --------------------------------------------------------------------------- job


def test_job_calendar_and_time_zone_come_from_config(example: RenderResult) -> None:
    job = text(example, "job", "J_CONEFI_DIARIO")
    assert "repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0'" in job
    assert ("TO_TIMESTAMP_TZ('2020-07-03 05:00:00 America/Sao_Paulo', "
            "'YYYY-MM-DD HH24:MI:SS TZR')") in job
    other = render({"schedule.hour": 6, "schedule.minute": 30,
                    "schedule.timezone": "America/Manaus"})
    job = text(other, "job", "J_CONEFI_DIARIO")
    assert "'FREQ=DAILY;BYHOUR=6;BYMINUTE=30;BYSECOND=0'" in job
    assert "'2020-07-03 06:30:00 America/Manaus'" in job
    assert "America/Sao_Paulo" not in job
    assert "AT TIME ZONE 'America/Manaus'" in text(other, "view", "V_CONEFI_CAND_INC")


def test_job_creation_is_idempotent_qualified_and_names_the_tool(example: RenderResult) -> None:
    job = text(example, "job", "J_CONEFI_DIARIO")
    code = strip_sql_comments(job)
    assert re.search(r"IF v_existe = 0 THEN\s+SYS\.DBMS_SCHEDULER\.CREATE_JOB\(", code)
    assert "ELSE\n    SYS.DBMS_SCHEDULER.DISABLE('CONEFI.J_CONEFI_DIARIO', TRUE);" in code
    assert "SYS.DBMS_SCHEDULER.SET_ATTRIBUTE(" in code
    assert not re.search(r"(?<!SYS\.)DBMS_SCHEDULER\.", code)
    assert "job_action      => 'CONEFI.PKG_CONEFI_JOB.P_DIARIO'" in code
    assert "comments        => 'conefi-dbtool: " in code
    assert "SYS.DBMS_SCHEDULER.ENABLE('CONEFI.J_CONEFI_DIARIO');" in code
    disabled = text(render({"integration.job_enabled": False}), "job", "J_CONEFI_DIARIO")
    assert "DBMS_SCHEDULER.ENABLE(" not in disabled


def test_daily_run_chains_the_steps_in_order(example: RenderResult) -> None:
    body = text(example, "package_body", "PKG_CONEFI_JOB")
    daily = body.split("PROCEDURE p_diario IS", 1)[1]
    steps = re.findall(r"f_executar\('(\w+)'\)", daily)
    assert steps == list(JOB_ACTIONS)
    assert "RAISE_APPLICATION_ERROR(-20011" in daily


# --------------------------------------------------------------------------- sqlfluff


def sqlfluff_problem(sql: str) -> str | None:
    """None when sqlfluff's Oracle dialect parses `sql` completely, else the complaint."""
    import sqlfluff
    from sqlfluff.api.simple import APIParsingError

    try:
        sqlfluff.parse(sql, dialect="oracle")
    except APIParsingError as exc:
        return str(exc).splitlines()[0][:300] + " " + " | ".join(
            str(v)[:200] for v in getattr(exc, "violations", [])[:2])
    return None


def test_the_sqlfluff_check_can_fail() -> None:
    assert sqlfluff_problem("DECLARE\n  x VARCHAR2(4 CHAR);\nBEGIN\n  NULL;\nEND;\n/\n")
    assert sqlfluff_problem("DECLARE\n  x VARCHAR2(4);\nBEGIN\n  NULL;\nEND;\n/\n") is None


def test_every_rendered_unit_parses_with_sqlfluff_oracle(pytestconfig: pytest.Config) -> None:
    import sqlfluff

    variants = [render(), render({"integration.trigger_owner": "sgu"}),
                render({"integration.grr_subscriptions": False,
                        "integration.event_key": "se5_recno", "integration.job_enabled": False})]
    texts: dict[str, str] = {}
    for result in variants:
        for o in result.objects:
            texts.setdefault(hashlib.sha256(o.text.encode()).hexdigest(), f"{o.id}\n{o.text}")
    cache = getattr(pytestconfig, "cache", None)  # None with -p no:cacheprovider
    cache_key = f"conefi/sqlfluff-oracle-ok/{sqlfluff.__version__}"
    known_ok = set(cache.get(cache_key, [])) if cache is not None else set()
    todo = {digest: t for digest, t in texts.items() if digest not in known_ok}
    workers = max(1, min(4, os.cpu_count() or 1, len(todo)))
    problems: dict[str, str] = {}
    if todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            sources = [t.split("\n", 1)[1] for t in todo.values()]
            for digest, problem in zip(todo, pool.map(sqlfluff_problem, sources), strict=True):
                if problem is None:
                    known_ok.add(digest)
                else:
                    problems[todo[digest].split("\n", 1)[0]] = problem
    if cache is not None:  # only texts that parsed, keyed by their sha256 and the version
        cache.set(cache_key, sorted(known_ok & set(texts)))
    assert problems == {}
    assert len(texts) >= len(EXPECTED)


def test_text_cut_to_a_4000_byte_column_is_cut_in_bytes(example: RenderResult) -> None:
    """VARCHAR2(4000) holds 4000 bytes: SUBSTR counts characters, so an accented reason
    longer than 4000 bytes would raise ORA-12899 on the consumer or job-log path."""
    for obj in example.objects:
        assert not re.search(r"\bSUBSTR\([^()]*,\s*1,\s*4000\)", obj.text), obj.id
    bodies = " ".join(o.text for o in example.objects if o.id.type == "package_body")
    assert bodies.count("SUBSTRB(") >= 5


# --------------------------------------------------------------------------- job steps


def test_the_job_steps_follow_from_the_layouts(example: RenderResult) -> None:
    """Spec, body, daily run and scheduler comment all list the layouts' job steps."""
    spec = text(example, "package", "PKG_CONEFI_JOB")
    body = obj(example, "package_body", "PKG_CONEFI_JOB")
    job = text(example, "job", "J_CONEFI_DIARIO")
    assert job.count(f"daily CONEFI batch ({' '.join(JOB_ACTIONS)})") == 2
    assert f"-- The daily run: {', '.join(JOB_ACTIONS)} in this order" in spec
    depends = {d.name for d in body.depends}
    assert len(JOB_STEPS) >= 6, "the loop below checks every step"
    for action, step in JOB_STEPS:
        a = action.lower()
        runner = step.runner or f"f_{a}(v_exec)"
        assert f"  PROCEDURE p_gerar_{a}; -- {step.doc}\n" in spec
        assert f"      WHEN '{action}' THEN\n        v_qtd := {runner};\n" in body.text
        assert f"  PROCEDURE p_gerar_{a} IS\n  BEGIN\n    p_passo('{action}');\n" in body.text
        assert step.view in depends, f"the job body must depend on {step.view}"


def test_a_step_that_is_not_handwritten_is_generated_from_its_view(
        monkeypatch: pytest.MonkeyPatch) -> None:
    steps = tuple((a, dataclasses.replace(s, handwritten=False) if a == "PRV" else s)
                  for a, s in JOB_STEPS)
    monkeypatch.setattr(context, "JOB_STEPS", steps)
    body = text(render(), "package_body", "PKG_CONEFI_JOB")
    generated = body.split("  -- 'PRV' step: its candidate view as it is (no state update).\n", 1)[1]
    assert generated.startswith("  FUNCTION f_prv(p_exec IN NUMBER) RETURN NUMBER IS\n  BEGIN\n"
                                "    INSERT INTO CONEFI.INTGRA_DADOS_CONEFI (")
    function = generated.split("  END f_prv;", 1)[0]
    assert "FROM CONEFI.V_CONEFI_CAND_PRV c" in function and record_sql("PRV", "c", 11) in function
    assert function.endswith("    RETURN SQL%ROWCOUNT;\n")
