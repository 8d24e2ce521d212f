"""The idempotent steps that deploy a rendered object, shared by every way of deploying.

The SQL*Plus script, `upgrade --sql` and the online applier all execute these same
steps, so what a DBA reviews is what the tool runs:

* CREATE OR REPLACE units and grants are idempotent by nature and run as written;
* CREATE TABLE / SEQUENCE / INDEX and ALTER TABLE ... ADD run inside a block that treats
  "already exists" (and only that) as done — re-running after a failure converges;
* every named PL/SQL unit is followed by a compile check that raises when ALL_ERRORS
  holds errors for it (SQL*Plus and python-oracledb only *warn* on compile errors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conefi_dbtool.errors import RenderError
from conefi_dbtool.identifiers import sql_literal
from conefi_dbtool.object_types import GUARDS
from conefi_dbtool.objects import ORACLE_TYPE_NAMES, PLSQL_TYPES, ObjectId, RenderedObject
from conefi_dbtool.splitter import SplitError, Unit, split


@dataclass(frozen=True)
class Step:
    """One statement to execute: kind is 'sql' (no ';') or 'plsql' (no '/')."""

    kind: str
    text: str
    object: ObjectId | None
    purpose: str  # "create", "guarded-create", "compile-check", "sweep", ...
    line: int = 1  # first line of the statement inside the object's rendered text


def session_step(ddl_lock_timeout: int) -> Step:
    """What every deploy session sets first: DDL on a busy table waits (ORA-00054 after
    `ddl_lock_timeout` seconds) instead of failing at the first lock an ERP session holds."""
    return Step("sql", f"ALTER SESSION SET DDL_LOCK_TIMEOUT = {int(ddl_lock_timeout)}", None, "session")


def guard_codes(statement: str) -> tuple[int, ...]:
    """The "already exists" codes of `statement`'s shape (`object_types` guards), or ()."""
    for guard in GUARDS:
        if guard.pattern.match(statement.lstrip()):
            return guard.codes
    return ()


def guarded_block(statement: str, codes: tuple[int, ...], label: str) -> str:
    """Run `statement` through EXECUTE IMMEDIATE, accepting only the "exists" errors."""
    for line in statement.splitlines():
        if line.strip() in ("/", "."):
            raise RenderError(f"{label}: a line holding only '{line.strip()}' cannot be guarded")
    declare = []
    handlers = []
    for code in codes:
        declare.append(f"  e_exists_{code} EXCEPTION;")
        declare.append(f"  PRAGMA EXCEPTION_INIT(e_exists_{code}, -{code});")
        handlers.append(f"e_exists_{code}")
    message = sql_literal(f"{label}: already exists, kept")
    return (
        "DECLARE\n" + "\n".join(declare) + "\nBEGIN\n"
        f"  EXECUTE IMMEDIATE {sql_literal_multiline(statement)};\n"
        "EXCEPTION\n"
        f"  WHEN {' OR '.join(handlers)} THEN\n"
        f"    SYS.DBMS_OUTPUT.PUT_LINE({message});\n"
        "END;"
    )


_SUBSTITUTION = re.compile(r"(&&[A-Za-z_][A-Za-z0-9_$#]*)")


def sql_literal_multiline(text: str) -> str:
    """A string literal that may span lines (for EXECUTE IMMEDIATE of reviewed DDL).

    SQL*Plus substitution variables (``&&conefi_erp_password``) are spliced in as
    ``q'"&&var"'`` pieces: SQL*Plus substitutes before Oracle parses, so a quote in a
    password must not end the surrounding literal. Oracle refuses double quotes in
    passwords, so the ``"'`` closing sequence cannot occur in the substituted value.
    """
    pieces = []
    for i, part in enumerate(_SUBSTITUTION.split(text)):
        if i % 2:
            pieces.append(f"q'\"{part}\"'")
        elif part or not pieces:
            pieces.append("'" + part.replace("'", "''") + "'")
    return " || ".join(pieces)


def compile_check(oid: ObjectId) -> Step:
    """A block that fails the deploy when the unit compiled with errors."""
    otype = ORACLE_TYPE_NAMES[oid.type]
    text = (
        "DECLARE\n"
        "  v_errors PLS_INTEGER;\n"
        "BEGIN\n"
        "  SELECT COUNT(*) INTO v_errors FROM all_errors\n"
        f"   WHERE owner = {sql_literal(oid.owner)} AND name = {sql_literal(oid.name)}\n"
        f"     AND type = {sql_literal(otype)} AND attribute = 'ERROR';\n"
        "  IF v_errors > 0 THEN\n"
        "    RAISE_APPLICATION_ERROR(-20001, "
        f"{sql_literal(f'{oid.owner}.{oid.name} ({otype}) compiled with errors')});\n"
        "  END IF;\n"
        "END;"
    )
    return Step("plsql", text, oid, "compile-check")


def object_steps(obj: RenderedObject) -> tuple[Step, ...]:
    """The steps that make the database hold `obj`, safe to run again."""
    try:
        units: tuple[Unit, ...] = split(obj.text)
    except SplitError as exc:
        raise RenderError(f"cannot split rendered {obj.id}: {exc}", template=obj.template) from None
    steps: list[Step] = []
    for unit in units:
        if unit.kind == "sqlplus":
            raise RenderError(
                f"SQL*Plus command {unit.first_words()!r} in an object template "
                "(the script builder adds client commands)", template=obj.template,
            )
        if not unit.terminated:
            raise RenderError(
                f"statement starting at line {unit.start} of {obj.id} has no terminator "
                "(';' for SQL, a '/' line for PL/SQL)", template=obj.template,
            )
        codes = guard_codes(unit.text) if unit.kind == "sql" else ()
        if codes:
            label = f"{obj.id.owner}.{obj.id.name} ({unit.first_words(2)})"
            steps.append(Step("plsql", guarded_block(unit.text, codes, label), obj.id,
                              "guarded-create", unit.start))
        else:
            steps.append(Step(unit.kind, unit.text, obj.id, "create", unit.start))
    if obj.id.type in PLSQL_TYPES:
        steps.append(compile_check(obj.id))
    return tuple(steps)


def invalid_sweep(objects: tuple[RenderedObject, ...], database: str) -> tuple[Step, ...]:
    """Per owner, recompile managed units left INVALID (dependency order), then fail if any remains.

    One step per owner, run by the section that created that owner's units
    (`script.owner_sections`): ALL_OBJECTS shows a session only what it may see, so a unit the
    session cannot find fails the sweep as "not found" — an invisible unit is never taken for a
    valid one. A step's `object` is the first unit it sweeps: its owner names the section (the
    session) that runs it.
    """
    units = [o.id for o in objects if o.id.database == database and o.id.type in PLSQL_TYPES]
    owners = dict.fromkeys(oid.owner for oid in units)
    return tuple(_owner_sweep([oid for oid in units if oid.owner == owner]) for owner in owners)


def _owner_sweep(units: list[ObjectId]) -> Step:
    compiles = []
    for oid in units:
        otype = ORACLE_TYPE_NAMES[oid.type]
        what = {"PACKAGE BODY": "PACKAGE", "TYPE BODY": "TYPE"}.get(otype, otype)
        suffix = " BODY" if otype.endswith(" BODY") else ""
        compiles.append(
            f"  recompile({sql_literal(oid.owner)}, {sql_literal(oid.name)}, "
            f"{sql_literal(otype)}, "
            f"{sql_literal(f'ALTER {what} {oid.owner}.{oid.name} COMPILE{suffix}')});"
        )
    names = ", ".join(
        f"({sql_literal(o.owner)}, {sql_literal(o.name)}, {sql_literal(ORACLE_TYPE_NAMES[o.type])})"
        for o in units
    )
    check = (
        "DECLARE\n"
        "  v_invalid VARCHAR2(4000);\n"
        "  v_missing VARCHAR2(4000);\n"
        "  PROCEDURE recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,\n"
        "                      p_ddl VARCHAR2) IS\n"
        "    v_status all_objects.status%TYPE;\n"
        "    e_compiled_with_errors EXCEPTION;\n"
        "    PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);\n"
        "  BEGIN\n"
        "    SELECT MAX(status) INTO v_status FROM all_objects\n"
        "     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;\n"
        "    IF v_status IS NULL THEN\n"
        "      v_missing := SUBSTR(v_missing || CASE WHEN v_missing IS NOT NULL THEN ', ' END\n"
        "                          || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3900);\n"
        "    ELSIF v_status = 'INVALID' THEN\n"
        "      EXECUTE IMMEDIATE p_ddl;\n"
        "    END IF;\n"
        "  EXCEPTION\n"
        "    WHEN e_compiled_with_errors THEN\n"
        "      NULL; -- reported below, with every unit still INVALID\n"
        "  END recompile;\n"
        "BEGIN\n" + "\n".join(compiles) + "\n"
        "  IF v_missing IS NOT NULL THEN\n"
        "    RAISE_APPLICATION_ERROR(-20003, 'not found by ' || USER || ' (missing, or not visible to '\n"
        "      || 'this session: deploy them in their owner''s section): ' || v_missing);\n"
        "  END IF;\n"
        "  SELECT LISTAGG(owner || '.' || object_name || ' (' || object_type || ')', ', ')\n"
        "           WITHIN GROUP (ORDER BY owner, object_name, object_type)\n"
        "    INTO v_invalid\n"
        "    FROM all_objects\n"
        "   WHERE status = 'INVALID'\n"
        f"     AND (owner, object_name, object_type) IN ({names});\n"
        "  IF v_invalid IS NOT NULL THEN\n"
        "    RAISE_APPLICATION_ERROR(-20002, 'still INVALID after recompiling: ' || "
        "SUBSTR(v_invalid, 1, 3900));\n"
        "  END IF;\n"
        "END;"
    )
    return Step("plsql", check, units[0], "sweep")
