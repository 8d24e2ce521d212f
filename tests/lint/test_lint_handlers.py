"""PLS003 through the project's helpers and the configured loggers (issue 15, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.errors import ConfigError
from conefi_dbtool.lint import lint_paths
from conefi_dbtool.lint.handlers import is_logger, parse_loggers, swallowing
from conefi_dbtool.lint.runkey import context_for
from conefi_dbtool.lint.sqltext import scan
from conefi_dbtool.lint.triggers import UnitCode

HANDLER = """\
BEGIN
  NULL;
EXCEPTION
  WHEN OTHERS THEN
    IF SQLCODE < 0 THEN
      PKG_LOG.P_ERRO(SQLERRM);
    END IF;
END;
/
"""


def swallowed(*units: str, loggers: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    code = [UnitCode(i, "erp", "CONEFI", scan(text).facts) for i, text in enumerate(units)]
    return [(unit, h.line) for unit, h in swallowing(code, parse_loggers(loggers))]


@pytest.mark.parametrize(("call", "logger", "matches"), [
    ("SGU.PKG_LOG.P_ERRO", "SGU.PKG_LOG.P_ERRO", True),
    ("PKG_LOG.P_ERRO", "SGU.PKG_LOG.P_ERRO", True),  # through a synonym or the same schema
    ("SGU.PKG_LOG.P_ERRO", "PKG_LOG.P_ERRO", True),
    ("SGU.PKG_LOG.P_AVISO", "SGU.PKG_LOG", True),  # a whole package
    ("PKG_LOG.P_AVISO", "SGU.PKG_LOG", True),
    ("P_ERRO", "SGU.PKG_LOG.P_ERRO", False),  # a bare name may be anyone's
    ("PKG_OUTRO.P_ERRO", "SGU.PKG_LOG.P_ERRO", False),
    ("OUTRO.PKG_LOG.P_ERRO", "SGU.PKG_LOG.P_ERRO", False),
    ("P_REGISTRA_FALHA", "P_REGISTRA_FALHA", True),
])
def test_a_configured_logger_matches_however_the_code_qualifies_it(
        call: str, logger: str, matches: bool) -> None:
    assert is_logger(tuple(call.split(".")), parse_loggers([logger])) is matches


def test_the_handler_calls_are_read_inside_nested_statements() -> None:
    (handler,) = scan(HANDLER).facts.handlers
    assert handler.calls == (("PKG_LOG", "P_ERRO"),)


def test_a_configured_external_logger_records_the_error() -> None:
    text = HANDLER.replace("PKG_LOG.P_ERRO", "SGU.PKG_AUDIT.P_ERRO")
    assert swallowed(text) == [(0, 4)]
    assert swallowed(text, loggers=("sgu.pkg_audit.p_erro",)) == []
    assert swallowed(text, loggers=("SGU.PKG_AUDIT",)) == []


def test_a_helper_calling_a_configured_logger_records_too() -> None:
    helper = ("CREATE OR REPLACE PROCEDURE CONEFI.P_TRATA(p IN VARCHAR2) IS\nBEGIN\n"
              "  SGU.PKG_AUDIT.P_ERRO(p);\nEND;\n/\n")
    block = HANDLER.replace("PKG_LOG.P_ERRO", "P_TRATA")
    assert swallowed(helper, block) == [(1, 4)]
    assert swallowed(helper, block, loggers=("SGU.PKG_AUDIT.P_ERRO",)) == []


def test_a_helper_is_found_only_where_the_call_resolves() -> None:
    helper = ("CREATE OR REPLACE PROCEDURE OUTRO.P_TRATA(p IN VARCHAR2) IS\nBEGIN\n"
              "  RAISE_APPLICATION_ERROR(-20001, p);\nEND;\n/\n")
    block = HANDLER.replace("PKG_LOG.P_ERRO", "P_TRATA")
    assert swallowed(helper, block) == [(1, 4)]  # the unit resolves P_TRATA in CONEFI
    assert swallowed(helper.replace("OUTRO.", "CONEFI."), block) == []


def test_loggers_come_from_the_config_and_key_the_cache(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {}, '\n[lint]\nloggers = ["SGU.PKG_AUDIT.P_ERRO"]\n')
    assert project.lint.loggers == ("SGU.PKG_AUDIT.P_ERRO",)
    script = tmp_path / "x.sql"
    script.write_text(HANDLER.replace("PKG_LOG.P_ERRO", "SGU.PKG_AUDIT.P_ERRO"), encoding="utf-8")
    assert not [f for f in lint_paths([script], project, target, use_cache=False, jobs=1).findings
                if f.code == "PLS003"]
    plain, _ = make_project(tmp_path / "plain", {})
    assert context_for(project, target).fingerprint() != context_for(plain, target).fingerprint()


@pytest.mark.parametrize("value", ['["SGU.PKG LOG"]', '["A.B.C.D"]', '"SGU.PKG_LOG"', "[1]"])
def test_a_bad_logger_is_refused_in_one_line_with_its_key(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        make_project(tmp_path, {}, f"\n[lint]\nloggers = {value}\n")
    message = str(info.value)
    assert "lint.loggers" in message and "\n" not in message
