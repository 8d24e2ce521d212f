"""Each finding that predicts an Oracle error names it (issue 15, item 2): the rule's, or the
one its hit knows better (a %TYPE is PLS-00302, a view's unknown function ORA-00904)."""

from __future__ import annotations

from pathlib import Path

from helpers import make_project

from conefi_dbtool.lint import REGISTRY, lint_paths
from conefi_dbtool.lint.semantic import ORACLE_ERRORS

SQL = """\
SELECT e1.E1_VALRO FROM SIGA.SE1030 e1 WHERE e1.D_E_L_E_T_ = ' ';
SELECT COUNT(1) FROM SIGA.SE1010 WHERE D_E_L_E_T_ = ' ';
CREATE OR REPLACE PROCEDURE CONEFI.P_X IS
  v SIGA.SE1030.E1_NAOHA%TYPE;
BEGIN
  INSERT INTO SGU.T_NAO (ID) VALUES (SGU.S_NAO_EXISTE.NEXTVAL);
  CONEFI.P_NAO_EXISTE(1);
END;
/
CREATE OR REPLACE VIEW CONEFI.V_X AS SELECT CONEFI.F_NAO_EXISTE(1) AS N FROM DUAL;
CREATE OR REPLACE PROCEDURE CONEFI.P_Y IS
BEGIN
  UPDATE CONEFI.T_X SET;
END;
/
CREATE OR REPLACE TRIGGER CONEFI.T_X
AFTER INSERT ON SGU.INTGRA_RET_ERP FOR EACH ROW
BEGIN
  CONEFI.P_Y(:NEW.INTRE_NAOHA);
END;
/
"""


def test_findings_name_the_oracle_error_they_predict(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {})
    script = tmp_path / "x.sql"
    script.write_text(SQL, encoding="utf-8")
    result = lint_paths([script], project, target, use_cache=False, jobs=1)
    found = {(f.line, f.code, f.oracle_error) for f in result.findings}
    assert {
        (1, "REF002", "ORA-00904"),  # unknown column
        (2, "REF001", "ORA-00942"),  # unknown table
        (4, "REF002", "PLS-00302"),  # TABLE.COLUMN%TYPE
        (6, "REF003", "ORA-02289"),  # sequence
        (7, "REF003", "PLS-00201"),  # a procedure in PL/SQL
        (10, "REF003", "ORA-00904"),  # a function in a view's query
        (13, "SYN001", "PLS-00103"),  # PL/SQL syntax
        (19, "REF002", "PLS-00049"),  # :NEW of no column
    } <= found


def test_a_semantic_finding_carries_its_checks_error(tmp_path: Path) -> None:
    script = tmp_path / "pkg.sql"
    script.write_text("CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_Y AS\n  PROCEDURE p_a IS\n"
                      "    v NUMBER;\n    v NUMBER;\n  BEGIN\n    NULL;\n  END;\nEND;\n/\n",
                      encoding="utf-8")
    found = lint_paths([script], None, None, use_cache=False, jobs=1).findings
    assert [(f.code, f.oracle_error) for f in found] == [("SEM003", "PLS-00371")]


def test_a_semantic_rule_predicts_its_checks_error() -> None:
    semantic = [r for r in REGISTRY if getattr(r, "check_kind", None) is not None]
    assert semantic
    assert all(r.oracle_error == ORACLE_ERRORS[r.check_kind] for r in semantic)  # type: ignore[attr-defined]
