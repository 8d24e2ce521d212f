"""The lint's token stream and block scanner (what the text-level rules stand on)."""

from __future__ import annotations

from conefi_dbtool.lint.sqltext import QIDENT, STRING, WORD, scan, string_value, tokenize
from conefi_dbtool.plsql.lexer import TokenKind

BODY = """\
CREATE OR REPLACE PACKAGE BODY CONEFI.PKG_X AS
  c_sep CONSTANT VARCHAR2(3) := q'[;']';
  PROCEDURE p_log(p_msg IN VARCHAR2) IS
    PRAGMA AUTONOMOUS_TRANSACTION;
  BEGIN
    INSERT INTO CONEFI.LOG_X (MSG) VALUES (p_msg);
    COMMIT;
  END p_log;
  FUNCTION f_x(p_id IN NUMBER) RETURN NUMBER IS
    v NUMBER := 0;
  BEGIN
    FOR r IN (SELECT 1 AS n FROM dual) LOOP
      v := CASE WHEN r.n > 0 THEN 1 ELSE 0 END;
      EXIT WHEN v > 0;
    END LOOP;
    RETURN v;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RETURN NULL;
    WHEN OTHERS THEN
      p_log('falhou');
      RAISE;
  END f_x;
  PROCEDURE p_run IS
  BEGIN
    IF f_x(1) = 1 THEN
      CONEFI.PKG_Y.p_save(1);
    END IF;
    EXECUTE IMMEDIATE 'COMMIT';
  EXCEPTION
    WHEN OTHERS THEN
      NULL;
  END p_run;
END PKG_X;"""


def test_tokens_keep_strings_comments_and_positions() -> None:
    toks = tokenize("SELECT q'[a'b]' , N'x''y' -- c\n  FROM \"t\"", comments=True)
    assert [(t.kind, t.text, t.line, t.column) for t in toks] == [
        (WORD, "SELECT", 1, 1), (STRING, "q'[a'b]'", 1, 8), (TokenKind.OPERATOR, ",", 1, 17),
        (STRING, "N'x''y'", 1, 19), (TokenKind.COMMENT, "-- c", 1, 27), (WORD, "FROM", 2, 3),
        (QIDENT, '"t"', 2, 8),
    ]
    assert [string_value(t) for t in toks if t.kind == STRING] == ["a'b", "x'y"]


def test_the_scan_reads_tokens_as_the_lexer_does() -> None:
    """Cases the lint's private tokeniser got wrong before it used the one lexer."""
    body = """BEGIN
  $IF $$DEBUG $THEN
    p_dbg;
  $END
  SELECT a.x INTO v FROM a, b WHERE a.id = b.id(+);
  v := xq'!' || '; p_not_called; -- ' || 'x';
END;"""
    facts = scan(body).facts
    # `b.id(+)` is an outer join, not a call of B.ID; `$IF`/`$END` open no IF block, so the
    # END closes the unit; `xq` is a word and the string after it holds no statement.
    assert [c.parts for s in facts.subprograms for c in s.calls] == [("P_DBG",)]
    leaves = scan(body).leaves
    assert [leaf.line for leaf in leaves] == [3, 5, 6]


def test_scan_finds_subprograms_pragmas_commits_and_calls() -> None:
    facts = scan(BODY).facts
    assert facts.header is not None
    assert (facts.header.kind, facts.header.schema, facts.header.name) == (
        "PACKAGE BODY", "CONEFI", "PKG_X")
    subs = {s.name: s for s in facts.subprograms}
    assert list(subs) == ["PKG_X", "P_LOG", "F_X", "P_RUN"]
    assert [(p.line, p.col) for p in subs["P_LOG"].autonomous] == [(4, 5)]
    assert [(p.line, p.text) for p in subs["P_LOG"].commits] == [(7, "COMMIT")]
    assert subs["F_X"].commits == () and subs["F_X"].container == "PKG_X"
    assert [c.parts for c in subs["P_RUN"].calls] == [("F_X",), ("CONEFI", "PKG_Y", "P_SAVE")]
    # a COMMIT hidden in dynamic SQL counts
    assert [(p.line, p.text) for p in subs["P_RUN"].commits] == [(29, "COMMIT")]


def test_scan_reports_when_others_handlers_and_what_they_do() -> None:
    handlers = scan(BODY).facts.handlers
    assert [(h.line, h.col, h.reraises, h.records) for h in handlers] == [
        (20, 5, True, True), (31, 5, False, False),
    ]


def test_exit_when_and_case_when_are_not_handlers() -> None:
    text = """BEGIN
  LOOP
    EXIT WHEN x = CASE WHEN y = 1 THEN 1 END;
  END LOOP;
EXCEPTION
  WHEN OTHERS THEN
    CASE WHEN a = 1 THEN pkg_log.erro('x'); ELSE NULL; END CASE;
END;"""
    handlers = scan(text).facts.handlers
    assert [(h.line, h.reraises, h.records) for h in handlers] == [(6, False, True)]


def test_pieces_are_the_top_level_subprograms_of_a_package_body() -> None:
    found = scan(BODY)
    starts = [BODY[s:e].split("(")[0].split(" IS")[0] for s, e in found.pieces]
    assert starts == ["PROCEDURE p_log", "FUNCTION f_x", "PROCEDURE p_run"]
    assert all(BODY[s:e].rstrip().endswith(";") for s, e in found.pieces)


def test_leaves_are_block_free_statements() -> None:
    found = scan(BODY)
    executable = [(leaf.line, BODY[leaf.start:leaf.end]) for leaf in found.leaves if leaf.executable]
    assert (13, "v := CASE WHEN r.n > 0 THEN 1 ELSE 0 END;") in executable
    assert (14, "EXIT WHEN v > 0;") in executable
    assert all("LOOP" not in text and "IF " not in text for _, text in executable)
    declarations = [BODY[leaf.start:leaf.end] for leaf in found.leaves if not leaf.executable]
    assert "c_sep CONSTANT VARCHAR2(3) := q'[;']';" in declarations


def test_select_star_and_unqualified_sys_packages() -> None:
    text = """BEGIN
  SELECT * INTO r FROM t;
  SELECT a.*, COUNT(*) INTO r FROM t a WHERE EXISTS (SELECT * FROM u);
  DBMS_SCHEDULER.RUN_JOB('X');
  SYS.DBMS_SCHEDULER.RUN_JOB('X');
  v := 'DBMS_LOCK';
  "DBMS_LOCK".SLEEP(1);
END;"""
    facts = scan(text).facts
    assert [(p.line, p.col, p.text) for p in facts.select_stars] == [(2, 10, "*"), (3, 10, "a.*")]
    assert [(p.line, p.col, p.text) for p in facts.sys_packages] == [
        (4, 3, "DBMS_SCHEDULER"), (7, 3, "DBMS_LOCK"),
    ]


def test_trigger_header_names_its_table() -> None:
    text = """CREATE OR REPLACE TRIGGER SGU.T_X
AFTER INSERT OR UPDATE OF A ON SGU.INTGRA_RET_ERP
FOR EACH ROW
BEGIN
  CONEFI.PKG.P(:NEW.A);
END;"""
    facts = scan(text).facts
    assert facts.header is not None
    assert facts.header.on_table == ("SGU", "INTGRA_RET_ERP")
    assert [c.parts for c in facts.subprograms[0].calls] == [("CONEFI", "PKG", "P")]
