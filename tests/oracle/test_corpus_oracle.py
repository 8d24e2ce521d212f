"""Oracle's verdict on the false-positive corpus: each file of tests/plsql/corpus/ runs, in
order, in a fresh schema and every object it leaves compiles (USER_ERRORS empty, every
status VALID); the schema is dropped afterwards.

The files are SQL*Plus scripts. Units come from the project's splitter, sent as SQL*Plus
sends them (`Unit.joined_text`: continuation hyphens removed) after the substitution
SQL*Plus does (``DEFINE``/``UNDEFINE``, ``&name``, ``&&name``, ``&name.``, ``SET DEFINE
OFF``); other client commands (SET, PROMPT, COLUMN, VARIABLE, EXECUTE...) only steer
SQL*Plus's display and are skipped. A database without Oracle JVM skips the Java file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import oracledb
import pytest

from conefi_dbtool.splitter import SQLPLUS, split

pytestmark = pytest.mark.oracle

CORPUS = Path(__file__).resolve().parent.parent / "plsql" / "corpus"
FILES = sorted(CORPUS.glob("*.sql"))
JAVA_NOT_INSTALLED = 29538  # ORA-29538: Java not installed
_DEFINE = re.compile(r"^DEF(?:INE)?\s+(\w+)\s*=\s*(.*)$", re.IGNORECASE | re.DOTALL)
_UNDEFINE = re.compile(r"^UNDEF(?:INE)?\s+(\w+)", re.IGNORECASE)
_SET_DEFINE = re.compile(r"^SET\s+DEF(?:INE)?\s+(ON|OFF)\b", re.IGNORECASE)
_REFERENCE = re.compile(r"&&?(\w+)\.?")


class Script:
    """The SQL*Plus state the corpus relies on: substitution variables."""

    def __init__(self) -> None:
        self.defines: dict[str, str] = {}
        self.substitute = True

    def client(self, command: str) -> None:
        command = command.strip()
        if m := _DEFINE.match(command):
            value = m.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            self.defines[m.group(1).upper()] = value
        elif m := _UNDEFINE.match(command):
            self.defines.pop(m.group(1).upper(), None)
        elif m := _SET_DEFINE.match(command):
            self.substitute = m.group(1).upper() == "ON"

    def text(self, sql: str, where: str) -> str:
        if not self.substitute:
            return sql

        def value(m: re.Match[str]) -> str:
            name = m.group(1).upper()
            if name not in self.defines:
                pytest.fail(f"{where}: &{m.group(1)} is not defined (SQL*Plus would prompt)")
            return self.defines[name]

        return _REFERENCE.sub(value, sql)


def run_script(conn: Any, path: Path) -> None:
    """Run every unit of ``path``; an Oracle error fails the test naming file and line."""
    script = Script()
    with conn.cursor() as cur:
        for unit in split(path.read_text(encoding="utf-8")):
            where = f"{path.name}:{unit.start}"
            if unit.kind == SQLPLUS:
                script.client(unit.joined_text())
                continue
            try:
                cur.execute(script.text(unit.joined_text(), where))
            except oracledb.DatabaseError as exc:
                (error,) = exc.args
                if getattr(error, "code", 0) == JAVA_NOT_INSTALLED:
                    pytest.skip(f"{where}: this database has no Oracle JVM (ORA-29538)")
                pytest.fail(f"{where}: Oracle rejected valid corpus code: {error}", pytrace=False)
    conn.commit()


def problems(conn: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(compile errors, objects not VALID) of the connected schema, after a recompile of
    what later DDL of the script invalidated (Oracle recompiles those on first use too).
    Compiler warnings (PLW-, e.g. the DEPRECATE pragma's) are not errors."""
    with conn.cursor() as cur:
        cur.execute("BEGIN DBMS_UTILITY.COMPILE_SCHEMA(schema => USER, compile_all => FALSE); END;")
        cur.execute("SELECT name, type, line, position, text FROM user_errors "
                    "WHERE attribute = 'ERROR' ORDER BY name, type, sequence")
        errors = cur.fetchall()
        cur.execute("SELECT object_name, object_type, status FROM user_objects "
                    "WHERE status <> 'VALID' ORDER BY object_name, object_type")
        invalid = cur.fetchall()
    return errors, invalid


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_corpus_file_compiles_in_a_fresh_schema(oracle_db: Any, path: Path) -> None:
    user, password = oracle_db.fresh_user("CORPUS")
    try:
        conn = oracle_db.connect(user, password)
        run_script(conn, path)
        errors, invalid = problems(conn)
        assert errors == [], f"{path.name}: compile errors {errors}"
        assert invalid == [], f"{path.name}: objects not VALID {invalid}"
    finally:
        oracle_db.drop_fresh_users()
