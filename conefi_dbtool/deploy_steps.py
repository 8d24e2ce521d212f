"""The idempotent steps that deploy a rendered object, shared by every way of deploying.

The SQL*Plus script, `upgrade --sql` and the online applier all execute these same
steps, so what a DBA reviews is what the tool runs:

* CREATE OR REPLACE units and grants are idempotent by nature and run as written;
* CREATE TABLE / SEQUENCE / INDEX and ALTER TABLE ... ADD run inside a block that treats
  "already exists" (and only that) as done — re-running after a failure converges;
* every named PL/SQL unit is followed by a compile check that raises when ALL_ERRORS
  holds errors for it (SQL*Plus and python-oracledb only *warn* on compile errors);
* what the ERP's trigger needs valid (`trigger_path`) is replaced under protection: the
  definition in force is captured from the dictionary first and re-created when the new
  one does not compile, so a failed release never leaves the trigger's path INVALID (an
  ERP insert would fail until someone acts). The script runs it as one PL/SQL block per
  step (`protected_block`); online the applier runs the same protocol statement by
  statement from `Step.protection`. When a restore cannot make the path VALID (an earlier
  step of the run changed what the previous text needs), the run's earlier path steps are
  undone from their first captures (`Protection.undo`; in a script the captures live in the
  section's SQL*Plus bind variables, `undo_slot`/`undo_declarations`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from conefi_dbtool.errors import RenderError
from conefi_dbtool.identifiers import sql_literal
from conefi_dbtool.object_types import GUARDS
from conefi_dbtool.objects import ORACLE_TYPE_NAMES, PLSQL_TYPES, ObjectId, RenderedObject
from conefi_dbtool.plsql.lexer import significant, tokenize
from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.plsql.tree import NodeKind, created_columns
from conefi_dbtool.splitter import SplitError, Unit, split
from conefi_dbtool.trigger_path import NO_PATH, PATH_TYPES, TriggerPath


@dataclass(frozen=True)
class Replacement:
    """One unit replaced under protection: its CREATE statement and where it starts."""

    object: RenderedObject = field(repr=False)
    ddl: str  # the statement, without its '/' line
    line: int  # its first line in the object's rendered text

    @property
    def id(self) -> ObjectId:
        return self.object.id


@dataclass(frozen=True)
class Protection:
    """How a step replaces trigger-path units so that a compile failure restores them.

    kind: "unit" (one unit, views included), "spec" (a package specification whose body
    is on the path: the deployed body must still compile against it), "pair" (a body
    step: its specification is replaced with it when the spec step had to defer it) or
    "trigger" (created DISABLE on a first deploy and enabled once `path` is VALID; an
    ENABLED trigger is replaced enabled, an unchanged one is not touched).
    """

    kind: str
    units: tuple[Replacement, ...]  # replaced in this order, restored in this order
    path: tuple[ObjectId, ...] = ()  # trigger: what must be VALID before it is enabled
    disabled_ddl: str = ""  # trigger: its statement with DISABLE (first deploy)
    body_follows: bool = True  # spec: a body step of this run replaces the body too
    # unit/spec/pair: what else on the path must still compile once it is replaced (the path
    # deployed before this step, and what this run does not replace); a replacement that
    # leaves one INVALID that was VALID before is restored and fails
    dependents: tuple[ObjectId, ...] = ()
    # trigger, scripts: the section is a DBA's, so an object it cannot find is missing (online, the
    # applier keeps judging by the session user: its other-owner session may be the owner's)
    sees_all: bool = False
    # the run-level undo: the other path units of this step's session (its owner's; every owner's in
    # a DBA's) the run replaces, in dependency order; when a restore cannot make the path VALID
    # again, those an earlier step replaced are re-created from their first capture, newest
    # first (`undo_slot`)
    undo: tuple[ObjectId, ...] = ()

    @property
    def summary(self) -> str:
        """What the protection does, in a line (`plan` shows it on the step it protects)."""
        if self.kind == "trigger":
            return ("trigger path: created DISABLE on a first deploy and enabled once its path is VALID; "
                    "an ENABLED trigger is replaced enabled, an unchanged one not touched, a DISABLED one "
                    "kept DISABLED (docs/releases.md)")
        deferred = "; a specification the deployed body needs waits for the body's step" if (
            self.kind == "spec") else ""
        return ("trigger path: protected replace — the definition in force is captured first and "
                "re-created if the new one does not compile (an unchanged one is not replaced; a failure "
                f"whose restore stays INVALID undoes the run's earlier path steps){deferred} "
                "(docs/releases.md)")


@dataclass(frozen=True)
class Step:
    """One statement to execute: kind is 'sql' (no ';') or 'plsql' (no '/')."""

    kind: str
    text: str
    object: ObjectId | None
    purpose: str  # "create", "guarded-create", "protected-create", "compile-check", "sweep", ...
    line: int = 1  # first line of the statement inside the object's rendered text
    protection: Protection | None = field(default=None, repr=False, compare=False)


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


# --------------------------------------------------------------------------- trigger-path protection

PROTECTED_TYPES = PATH_TYPES  # what is on a trigger's path is what a deploy protects
# DBMS_METADATA.GET_DDL's object types (the body and the specification apart).
METADATA_TYPES = {"package": "PACKAGE_SPEC", "package_body": "PACKAGE_BODY", "procedure": "PROCEDURE",
                  "function": "FUNCTION", "view": "VIEW", "trigger": "TRIGGER"}
# Types whose text ALL_SOURCE keeps (an unchanged one is not replaced); a view's is ALL_VIEWS.TEXT.
SOURCE_TYPES = frozenset({"trigger", "package", "package_body", "procedure", "function"})
RESTORE_TRIES = 4  # a restore hitting ORA-00054 / ORA-04021 is retried this many times...
RESTORE_PAUSE = 5  # ...this many seconds apart (DBMS_SESSION.SLEEP, Oracle 18c and later)
# DBMS_SESSION.SLEEP needs no grant but came with 18c; preflight's minimum version (PF001, 19c)
# covers it, so no DBMS_LOCK.SLEEP fallback (which needs EXECUTE ON SYS.DBMS_LOCK) is kept.
RESTORE_SLEEP_SINCE = (18, 0)
# A trigger found DISABLED is never enabled by a deploy: what a first deploy left DISABLED
# is enabled by hand once its path is VALID.
LEFT_DISABLED_ADVICE = " (re-runs keep it DISABLED: ALTER TRIGGER {name} ENABLE once its path is VALID)"
_CHUNK = 8000  # characters of one literal piece (a PL/SQL literal holds at most 32,767 bytes)


def drop_statement(oid: ObjectId) -> str:
    """How a unit created by a failed step goes away (it did not exist before)."""
    return f"DROP {ORACLE_TYPE_NAMES[oid.type]} {oid.owner}.{oid.name}"


def compile_statement(oid: ObjectId) -> str:
    """ALTER ... COMPILE of a unit: a body (package or type) through its specification's type,
    a package's specification alone (recompiling the body is its own step)."""
    kind = ORACLE_TYPE_NAMES[oid.type]
    if kind.endswith(" BODY"):
        return f"ALTER {kind.removesuffix(' BODY')} {oid.owner}.{oid.name} COMPILE BODY"
    suffix = " SPECIFICATION" if oid.type == "package" else ""
    return f"ALTER {kind} {oid.owner}.{oid.name} COMPILE{suffix}"


def undo_slot(oid: ObjectId) -> str:
    """The SQL*Plus bind variable (CLOB) holding `oid`'s text before the run, in a script: the
    blocks of one session share it (a temporary LOB dies with its session: one per section)."""
    return "cdt_" + hashlib.sha256(str(oid).encode()).hexdigest()[:12]


def undo_declarations(steps: Iterable[Step]) -> tuple[Step, ...]:
    """What a script section runs before its protected steps: the undo slots they use, declared
    (``VARIABLE``) and emptied — a reconnect leaves a stale locator of the previous session."""
    slots = dict.fromkeys(undo_slot(oid) for st in steps if st.protection is not None
                          for oid in (*(u.id for u in st.protection.units if u.id.type != "trigger"),
                                      *st.protection.undo))
    if not slots:
        return ()
    return (Step("sqlplus", "\n".join(f"VARIABLE {slot} CLOB" for slot in slots), None, "undo-slots"),
            Step("plsql", "BEGIN\n" + "".join(f"  :{slot} := NULL;\n" for slot in slots) + "END;", None,
                 "undo-slots"))


_TRIGGER_BODY = frozenset({"DECLARE", "BEGIN", "COMPOUND", "CALL"})


def with_disable(ddl: str) -> str:
    """A CREATE TRIGGER statement that creates the trigger DISABLED.

    ``[ENABLE | DISABLE]`` comes right before ``WHEN (condition)`` and the trigger body
    (CREATE TRIGGER syntax); DISABLE is written at the end of the line before them, so
    every line keeps its number and compile errors keep their template line.
    """
    tokens = significant(tokenize(ddl))
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif depth == 0 and i > 0 and tok.is_word("ENABLE", "DISABLE"):
            return ddl[:tok.start] + "DISABLE" + ddl[tok.end:]
        elif depth == 0 and i > 0 and (tok.is_word(*_TRIGGER_BODY) or (
                tok.is_word("WHEN") and i + 1 < len(tokens) and tokens[i + 1].text == "(")):
            at = tokens[i - 1].end
            return ddl[:at] + " DISABLE" + ddl[at:]
    raise RenderError(f"no trigger body found in {ddl.splitlines()[0] if ddl else 'an empty trigger'}")


_NAME_ONLY_HEADER = re.compile(
    r"\s*CREATE\s+OR\s+REPLACE\s+(?:(?:NON)?EDITIONABLE\s+)?(?:PACKAGE\s+BODY|PACKAGE|TRIGGER|PROCEDURE|FUNCTION)"
    r"\s+[\w$#\".]+(?:\s+(?:AS|IS))?\s*\Z", re.I)


def comparable(ddl: str) -> bool:
    """Whether `ddl`'s first line holds only its header (kind and name): Oracle rewrites that
    line in ALL_SOURCE, so the rest of the text is all that can be compared."""
    return _NAME_ONLY_HEADER.match(ddl.split("\n", 1)[0]) is not None


_TRIMMED = "\r\n "  # what every comparison (here and the script's PL/SQL `trimmed_lines`) trims from a line


def same_source(stored_lines: list[str], ddl: str) -> bool:
    """Whether ALL_SOURCE's lines hold `ddl`, the header line apart (Oracle rewrites it)."""
    stored = [line.rstrip(_TRIMMED) for line in stored_lines[1:]]
    wanted = [line.rstrip(_TRIMMED) for line in ddl.rstrip("\n").split("\n")[1:]]
    return bool(stored_lines) and comparable(ddl) and stored == wanted


_VIEW_HEADER = re.compile(
    r"\s*CREATE\s+OR\s+REPLACE\s+(?:(?:NO\s*)?FORCE\s+)?(?:(?:NON)?EDITIONABLE\s+)?VIEW\s+[\w$#\".]+\s+AS\b\s*",
    re.I)


def view_query_at(ddl: str) -> int | None:
    """Where the query of a view's CREATE statement starts — what ALL_VIEWS.TEXT holds — when
    its header holds only the name: a column list or a clause before AS lives outside TEXT, so
    such a view is never taken for unchanged."""
    match = _VIEW_HEADER.match(ddl)
    return match.end() if match else None


def _trimmed_lines(text: str) -> list[str]:
    return [line.rstrip(_TRIMMED) for line in text.strip(_TRIMMED).split("\n")]


def view_columns(ddl: str) -> tuple[str, ...] | None:
    """The column names a view's CREATE statement gives it, in order (dictionary form), or
    None when they cannot be told (``*``, an expression without an alias, a syntax error)."""
    result = parse(ddl)
    node = next((n for n in result.tree.children if n.kind is NodeKind.CREATE_VIEW), None)
    return created_columns(node) if node is not None and not result.errors else None


def column_list(columns: Iterable[str]) -> str:
    """Column names as the script's `same_view` compares them: quoted, comma-separated (a
    quoted name may hold a comma, never a double quote)."""
    return ",".join(f'"{c}"' for c in columns)


def same_view(stored_text: str | None, stored_columns: Iterable[str], ddl: str) -> bool:
    """Whether the deployed view is `ddl`: ALL_VIEWS.TEXT holds its query, each line
    right-trimmed as units' lines are (`same_source`), blank space around the whole ignored,
    and ALL_TAB_COLUMNS its column names in order (TEXT leaves out a column list, so a view
    whose new text drops or renames one has the same TEXT)."""
    at = view_query_at(ddl)
    columns = view_columns(ddl)
    if not stored_text or at is None or columns is None or tuple(stored_columns) != columns:
        return False
    return _trimmed_lines(stored_text) == _trimmed_lines(ddl[at:])


def _protected_step(obj: RenderedObject, unit: Unit, path: TriggerPath,
                    replaced: frozenset[ObjectId] | None, sees_all: bool) -> Step:
    own = Replacement(obj, unit.text, unit.start)
    partner = path.partner(obj.id)
    protection: Protection
    if obj.id.type == "trigger":
        protection = Protection("trigger", (own,), path.units(), with_disable(unit.text), sees_all=sees_all)
    elif partner is not None and obj.id.type == "package":
        follows = replaced is None or partner.id in replaced
        protection = Protection("spec", (own,), body_follows=follows)
    elif partner is not None and obj.id.type == "package_body":
        spec_units = split(partner.text)
        spec = Replacement(partner, spec_units[0].text, spec_units[0].start)
        protection = Protection("pair", (spec, own))
    else:
        protection = Protection("unit", (own,))
    if protection.kind != "trigger":
        protection = dataclasses.replace(protection, dependents=_dependents(obj.id, path, replaced))
    mine = {obj.id} | ({partner.id} if partner is not None else set())
    # by session, not by owner: a DBA's section (one session for the whole run when the deploy user
    # is that DBA) holds every owner's captures; an owner's session only its own
    undo = tuple(o for o in path.units() if (sees_all or o.owner == obj.id.owner)
                 and o not in mine and (replaced is None or o in replaced))
    protection = dataclasses.replace(protection, undo=undo)
    return Step("plsql", protected_block(protection), obj.id, "protected-create", unit.start, protection)


def _dependents(oid: ObjectId, path: TriggerPath,
                replaced: frozenset[ObjectId] | None) -> tuple[ObjectId, ...]:
    """The path objects deployed before `oid` in this run (render order is dependency order),
    or not replaced by it at all: Oracle invalidates them when `oid` changes, and no later step
    of the run replaces them. A specification's body goes with it (its own protocol)."""
    partner = path.partner(oid)
    own = {oid} | ({partner.id} if partner is not None else set())
    order = path.ids
    at = order.index(oid)
    return tuple(o for i, o in enumerate(order)
                 if o not in own and (i < at or (replaced is not None and o not in replaced)))


def protected_block(protection: Protection) -> str:
    """The PL/SQL block a script runs for a protected step (the applier's protocol, in PL/SQL).

    Capture with DBMS_METADATA.GET_DDL (a trigger's DDL ends with a second statement,
    ``ALTER TRIGGER ... ENABLE``, cut off), replace with EXECUTE IMMEDIATE (a unit that
    compiles with errors raises ORA-24344, read back from ALL_ERRORS), re-create the
    captured text — or drop what did not exist — then raise naming the template line.
    """
    units = protection.units
    declare = [
        "  e_compiled_with_errors EXCEPTION;",
        "  PRAGMA EXCEPTION_INIT(e_compiled_with_errors, -24344);",
        "  v_error VARCHAR2(4000);",
        "  v_status VARCHAR2(30);",
        "  v_replaced BOOLEAN := FALSE;",
        "  v_undone VARCHAR2(4000);",
        "  v_cause VARCHAR2(2000);",
        "  v_undo_done BOOLEAN := FALSE;",
    ]
    for n in range(1, len(units) + 1):
        declare += [f"  v_new_{n} CLOB;", f"  v_old_{n} CLOB;"]
    if protection.kind == "trigger":
        declare.append("  v_disabled CLOB;")
    body = (_BLOCK_HELPERS.replace("RESTORE_TRIES", str(RESTORE_TRIES))
            .replace("RESTORE_PAUSE", str(RESTORE_PAUSE)) + _template_lines(units)
            + _undo_run(protection.undo) + _heal_run(protection))
    if any(u.id.type == "view" for u in units):
        body += _RUN_VIEW
    if protection.kind == "trigger":
        body += _path_check(protection.path, protection.sees_all)
    main = [f"  v_new_{n} := {_clob_literal(u.ddl)};" for n, u in enumerate(units, start=1)]
    if protection.dependents:
        declare.append("  v_before VARCHAR2(4000);")
        body += _dependents_check(protection.dependents)
        main.append("  v_before := invalid_dependents;")
    main += _MAIN[protection.kind](protection)
    if protection.dependents:
        main += _guard_dependents(protection)
    return ("DECLARE\n  -- conefi-dbtool: trigger-path protection (docs/releases.md): the definition\n"
            "  -- in force is captured, and re-created if the new one does not compile\n"
            + "\n".join(declare) + "\n" + body + "BEGIN\n" + "\n".join(main) + "\nEND;")


def _clob_literal(text: str) -> str:
    """`text` as a CLOB expression: literal pieces of whole lines, each well under 32,767 bytes."""
    pieces: list[str] = []
    current = ""
    for line in text.rstrip("\n").split("\n"):
        if line.strip() in ("/", "."):
            raise RenderError(f"a line holding only '{line.strip()}' cannot be inside a protected step")
        if current and len(current) + len(line) + 1 > _CHUNK:
            pieces.append(current)
            current = ""
        current += line + "\n"
    pieces.append(current.rstrip("\n"))
    return " || ".join(f"TO_CLOB({sql_literal_multiline(p)})" for p in pieces)


_BLOCK_HELPERS = """\
  FUNCTION captured(p_type VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2) RETURN CLOB IS
    v_ddl    CLOB;
    v_at     PLS_INTEGER;
    v_exists PLS_INTEGER;
  BEGIN
    -- existence from ALL_OBJECTS: GET_DDL also raises ORA-31603 for an object it may not read
    SELECT COUNT(*) INTO v_exists FROM all_objects
     WHERE owner = p_owner AND object_name = p_name
       AND object_type = CASE p_type WHEN 'PACKAGE_SPEC' THEN 'PACKAGE'
                                     WHEN 'PACKAGE_BODY' THEN 'PACKAGE BODY' ELSE p_type END;
    IF v_exists = 0 THEN
      RETURN NULL; -- it does not exist: a failed compile drops it
    END IF;
    -- a login.sql may have set transform parameters (SQLTERMINATOR...): the text must re-create
    SYS.DBMS_METADATA.SET_TRANSFORM_PARAM(SYS.DBMS_METADATA.SESSION_TRANSFORM, 'DEFAULT');
    BEGIN
      v_ddl := SYS.DBMS_METADATA.GET_DDL(p_type, p_name, p_owner);
    EXCEPTION
      WHEN OTHERS THEN
        RAISE_APPLICATION_ERROR(-20010, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') exists but '
          || 'its definition cannot be captured (' || SQLERRM || '); not replaced: grant the deploy '
          || 'user SELECT_CATALOG_ROLE or deploy it in its owner''s section', 1, 2000));
    END;
    IF p_type = 'TRIGGER' THEN
      v_at := INSTR(v_ddl, 'ALTER TRIGGER "' || p_owner || '"."' || p_name || '"');
      IF v_at > 0 THEN
        v_ddl := SUBSTR(v_ddl, 1, v_at - 1);
      END IF;
    END IF;
    RETURN v_ddl;
  END captured;
  PROCEDURE run(p_ddl CLOB) IS
  BEGIN
    EXECUTE IMMEDIATE p_ddl;
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      NULL; -- ALL_ERRORS says what, read by first_error
  END run;
  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2;
  FUNCTION first_error(p_unit PLS_INTEGER, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2)
    RETURN VARCHAR2 IS
    v_first VARCHAR2(4000);
  BEGIN
    FOR r IN (SELECT line, position, text FROM all_errors
               WHERE owner = p_owner AND name = p_name AND type = p_type AND attribute = 'ERROR'
               ORDER BY sequence) LOOP
      IF p_unit > 0 THEN
        SYS.DBMS_OUTPUT.PUT_LINE(SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
                                        || r.line || ':' || r.position || ' ' || r.text
                                        || template_line(p_unit, r.line), 1, 4000));
      END IF;
      IF v_first IS NULL THEN
        v_first := SUBSTR(r.line || ':' || r.position || ' ' || r.text, 1, 1500)
                   || template_line(p_unit, r.line);
      END IF;
    END LOOP;
    RETURN v_first;
  END first_error;
  FUNCTION status_after_recompile(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                                  p_compile VARCHAR2) RETURN VARCHAR2 IS
    v_state VARCHAR2(30);
  BEGIN
    SELECT MAX(status) INTO v_state FROM all_objects
     WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    IF v_state = 'INVALID' THEN
      run(p_compile); -- Oracle revalidates lazily: one recompile before judging
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
    END IF;
    RETURN v_state;
  END status_after_recompile;
  PROCEDURE recreate(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    e_busy EXCEPTION; -- ORA-00054: the object is locked (DDL_LOCK_TIMEOUT expired)
    PRAGMA EXCEPTION_INIT(e_busy, -54);
    e_pinned EXCEPTION; -- ORA-04021: ERP sessions are executing it (library-cache lock)
    PRAGMA EXCEPTION_INIT(e_pinned, -4021);
  BEGIN
    FOR v_try IN 1 .. RESTORE_TRIES LOOP
      BEGIN
        IF p_old IS NULL THEN
          EXECUTE IMMEDIATE p_drop; -- it did not exist before this step
        ELSE
          run(p_old);
        END IF;
        EXIT;
      EXCEPTION
        WHEN e_busy OR e_pinned THEN
          IF v_try = RESTORE_TRIES THEN
            RAISE_APPLICATION_ERROR(-20012, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || ') '
              || 'could not be restored, busy after ' || RESTORE_TRIES || ' tries (' || SQLERRM || '): '
              || 'the trigger path is left INVALID, re-run when the ERP is quiet', 1, 2000));
          END IF;
          SYS.DBMS_SESSION.SLEEP(RESTORE_PAUSE);
      END;
    END LOOP;
  END recreate;
  FUNCTION undo_run RETURN VARCHAR2;
  PROCEDURE restore(p_old CLOB, p_drop VARCHAR2, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2,
                    p_compile VARCHAR2) IS
    v_state VARCHAR2(30);
  BEGIN
    recreate(p_old, p_drop, p_owner, p_name, p_type);
    IF p_old IS NOT NULL THEN
      SELECT MAX(status) INTO v_state FROM all_objects
       WHERE owner = p_owner AND object_name = p_name AND object_type = p_type;
      -- INVALID: an earlier step of this run changed what the previous text needs: undo the run
      IF (v_state IS NULL OR v_state <> 'VALID') AND (undo_run IS NULL
          OR NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing') <> 'VALID') THEN
        RAISE_APPLICATION_ERROR(-20011, SUBSTR(p_owner || '.' || p_name || ' (' || p_type || '): '
          || 'path left INVALID: the previous version was re-created but is ' || NVL(v_state, 'missing')
          || ' (what it depends on changed in this run' || CASE WHEN v_undone IS NOT NULL
          THEN ', and undoing its earlier steps did not help' END || ')', 1, 2000));
      END IF;
    END IF;
  END restore;
  -- `p_text` from `p_at` on, each line right-trimmed like the Python comparisons (`_TRIMMED`)
  FUNCTION trimmed_lines(p_text CLOB, p_at PLS_INTEGER) RETURN CLOB IS
    v_out CLOB;
    v_at  PLS_INTEGER := p_at;
    v_end PLS_INTEGER;
  BEGIN
    WHILE v_at > 0 AND v_at <= SYS.DBMS_LOB.GETLENGTH(p_text) LOOP
      v_end := INSTR(p_text, CHR(10), v_at);
      v_out := v_out || RTRIM(CASE WHEN v_end > 0 THEN SUBSTR(p_text, v_at, v_end - v_at)
                                   ELSE SUBSTR(p_text, v_at) END, CHR(13) || CHR(10) || ' ') || CHR(10);
      v_at := CASE WHEN v_end > 0 THEN v_end + 1 ELSE 0 END;
    END LOOP;
    RETURN v_out;
  END trimmed_lines;
  FUNCTION same_clob(p_a CLOB, p_b CLOB) RETURN BOOLEAN IS
  BEGIN
    RETURN p_a IS NOT NULL AND p_b IS NOT NULL
       AND SYS.DBMS_LOB.GETLENGTH(p_a) = SYS.DBMS_LOB.GETLENGTH(p_b)
       AND SYS.DBMS_LOB.COMPARE(p_a, p_b) = 0;
  END same_clob;
  FUNCTION same_source(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_new CLOB) RETURN BOOLEAN IS
    v_stored CLOB;
  BEGIN
    FOR r IN (SELECT text FROM all_source
               WHERE owner = p_owner AND name = p_name AND type = p_type AND line > 1
               ORDER BY line) LOOP
      v_stored := v_stored || RTRIM(r.text, CHR(13) || CHR(10) || ' ') || CHR(10);
    END LOOP;
    RETURN same_clob(v_stored, trimmed_lines(p_new, INSTR(p_new, CHR(10)) + 1));
  END same_source;
  -- ALL_VIEWS.TEXT (a LONG: read into 32,767 bytes; a longer view is taken for changed) against
  -- the new text's query, from `p_at` (`view_query_at`), blank space around both ignored, and
  -- the view's columns against `p_columns` (`column_list`: TEXT leaves out a column list)
  FUNCTION same_view(p_owner VARCHAR2, p_name VARCHAR2, p_new CLOB, p_at PLS_INTEGER,
                     p_columns VARCHAR2) RETURN BOOLEAN IS
    v_long    VARCHAR2(32767);
    v_columns VARCHAR2(4000);
    v_blank   VARCHAR2(3) := CHR(13) || CHR(10) || ' ';
  BEGIN
    SELECT LISTAGG('"' || column_name || '"', ',' ON OVERFLOW TRUNCATE) WITHIN GROUP (ORDER BY column_id)
      INTO v_columns
      FROM all_tab_columns WHERE owner = p_owner AND table_name = p_name;
    IF v_columns IS NULL OR v_columns <> p_columns THEN
      RETURN FALSE;
    END IF;
    SELECT text INTO v_long FROM all_views WHERE owner = p_owner AND view_name = p_name;
    RETURN same_clob(RTRIM(trimmed_lines(LTRIM(TO_CLOB(v_long), v_blank), 1), CHR(10)),
                     RTRIM(trimmed_lines(LTRIM(SUBSTR(p_new, p_at), v_blank), 1), CHR(10)));
  EXCEPTION
    WHEN NO_DATA_FOUND OR VALUE_ERROR THEN
      RETURN FALSE;
  END same_view;
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2;
  PROCEDURE failed(p_what VARCHAR2, p_error VARCHAR2, p_after VARCHAR2) IS
    v_message VARCHAR2(2000) := SUBSTR(p_what || ' compiled with errors: ' || p_error || '; ' || p_after,
                                       1, 2000);
  BEGIN
    RAISE_APPLICATION_ERROR(-20007, SUBSTR(v_message || heal_run(v_message), 1, 2000));
  END failed;
"""


def _template_lines(units: tuple[Replacement, ...]) -> str:
    """``template_line(unit, line)``: where an ALL_ERRORS line of a unit comes from.

    Runs of consecutive template lines become one ``WHEN ... BETWEEN`` each; a trigger's
    error lines count from its body (`compile_errors` does the same online).
    """
    out = ["  FUNCTION template_line(p_unit PLS_INTEGER, p_line PLS_INTEGER) RETURN VARCHAR2 IS",
           "  BEGIN"]
    for n, unit in enumerate(units, start=1):
        offset = unit.line - 1 + body_offset(Step("plsql", unit.ddl, unit.id, "create", unit.line))
        runs: list[tuple[int, int, str, int]] = []  # first, last error line, template, its line - first
        for reported in range(1, unit.ddl.count("\n") + 2):
            source = unit.object.source_of(offset + reported)
            if source is None:
                continue
            if runs and runs[-1][1] == reported - 1 and runs[-1][2] == source.template \
                    and runs[-1][3] == source.line - reported:
                runs[-1] = (runs[-1][0], reported, source.template, runs[-1][3])
            else:
                runs.append((reported, reported, source.template, source.line - reported))
        if not runs:
            continue
        whens = "\n".join(
            f"        WHEN p_line BETWEEN {a} AND {b} THEN {sql_literal(' (template ' + t + ':')}"
            f" || (p_line {'+' if d >= 0 else '-'} {abs(d)}) || ')'" for a, b, t, d in runs)
        out += [f"    IF p_unit = {n} THEN", "      RETURN CASE", whens, "      END;", "    END IF;"]
    out += ["    RETURN NULL;", "  END template_line;"]
    return "\n".join(out) + "\n"


def body_offset(step: Step) -> int:
    """Lines between a trigger statement's first line and its body (0 for other types):
    Oracle counts a trigger's compile-error lines from its ``DECLARE``/``BEGIN``."""
    if step.object is None or step.object.type != "trigger":
        return 0
    if re.search(r"\bCOMPOUND\s+TRIGGER\b", step.text, re.I):
        return 0
    for i, line in enumerate(step.text.splitlines()):
        if i and _BODY_START.match(line):
            return i
    return 0


_BODY_START = re.compile(r"\s*(DECLARE|BEGIN)\b", re.I)


# A view Oracle refuses (it does not compile: no FORCE) raises at once and the view stays as it
# was; DBMS_SQL.PARSE runs the DDL and tells where the error is (LAST_ERROR_POSITION, a 0-based
# byte offset), so the error names its template line as a unit's compile errors do (ORA-20014).
_RUN_VIEW = """\
  PROCEDURE run_view(p_ddl CLOB, p_unit PLS_INTEGER, p_what VARCHAR2) IS
    v_cursor INTEGER;
    v_at     PLS_INTEGER;
    v_line   PLS_INTEGER;
    v_head   CLOB;
    v_text   VARCHAR2(2000);
  BEGIN
    v_cursor := SYS.DBMS_SQL.OPEN_CURSOR;
    SYS.DBMS_SQL.PARSE(v_cursor, p_ddl, SYS.DBMS_SQL.NATIVE); -- a DDL runs at parse
    SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
  EXCEPTION
    WHEN e_compiled_with_errors THEN
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor); -- created with errors (FORCE): ALL_ERRORS says what
    WHEN OTHERS THEN
      v_at := SYS.DBMS_SQL.LAST_ERROR_POSITION;
      v_text := SUBSTR(SQLERRM, 1, 1500);
      SYS.DBMS_SQL.CLOSE_CURSOR(v_cursor);
      -- a byte offset: SUBSTRB of the first 8,000 characters (at most 32,000 bytes; a view is shorter)
      v_head := SUBSTRB(SYS.DBMS_LOB.SUBSTR(p_ddl, 8000, 1), 1, v_at);
      v_line := 1 + NVL(LENGTH(v_head) - NVL(LENGTH(REPLACE(v_head, CHR(10))), 0), 0);
      v_text := SUBSTR(p_what || ' ' || v_line || ': ' || v_text || template_line(p_unit, v_line)
        || '; Oracle refused it and kept the view as it was', 1, 2000);
      RAISE_APPLICATION_ERROR(-20014, SUBSTR(v_text || heal_run(v_text), 1, 2000));
  END run_view;
"""


def _undo_run(undo: tuple[ObjectId, ...]) -> str:
    """``undo_run``: the run-level undo (`migrations.protected` does the same online). The units
    an earlier block of this session replaced (their undo slot holds their text before the run)
    are re-created newest first, then recompiled in dependency order; what it re-created is
    returned (NULL: nothing to undo), and an undone unit still INVALID raises -20011. Once a block."""
    if not undo:
        return "  FUNCTION undo_run RETURN VARCHAR2 IS\n  BEGIN\n    RETURN NULL;\n  END undo_run;\n"
    recreates = "\n".join(f"    undo(:{undo_slot(o)}, {_args(o)});" for o in reversed(undo))
    rechecks = "\n".join(f"    recheck(:{undo_slot(o)}, {_args(o)}, {sql_literal(compile_statement(o))});"
                          for o in undo)
    return f"""\
  FUNCTION undo_run RETURN VARCHAR2 IS
    v_left VARCHAR2(4000);
    PROCEDURE undo(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL THEN
        recreate(p_old, NULL, p_owner, p_name, p_type);
        v_undone := SUBSTR(v_undone || CASE WHEN v_undone IS NOT NULL THEN ', ' END
                           || p_owner || '.' || p_name || ' (' || p_type || ')', 1, 3000);
      END IF;
    END undo;
    PROCEDURE recheck(p_old CLOB, p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF p_old IS NOT NULL AND NVL(status_after_recompile(p_owner, p_name, p_type, p_compile), 'missing')
                               <> 'VALID' THEN
        v_left := SUBSTR(v_left || ' ' || p_owner || '.' || p_name || ' (' || p_type || ');', 1, 3000);
      END IF;
    END recheck;
  BEGIN
    IF v_undo_done THEN
      RETURN v_undone;
    END IF;
    v_undo_done := TRUE;
{recreates}
{rechecks}
    IF v_undone IS NOT NULL THEN
      SYS.DBMS_OUTPUT.PUT_LINE('this run''s earlier steps undone, their previous versions re-created: '
                               || v_undone);
    END IF;
    IF v_left IS NOT NULL THEN
      RAISE_APPLICATION_ERROR(-20011, SUBSTR(v_cause || CASE WHEN v_cause IS NOT NULL THEN '; ' END
                                             || 'path left INVALID: after undoing this run''s earlier steps'
                                             || v_left || ' still INVALID (undone: ' || v_undone || ')',
                                             1, 2000));
    END IF;
    RETURN v_undone;
  END undo_run;
"""


def _heal_run(p: Protection) -> str:
    """``heal_run(cause)``: what every failing protected step runs before it raises (a refused
    view, a failed compile, a broken dependent) — its own restore may be VALID while an earlier
    step of this session left a path unit INVALID (a view replaced before the body reading it):
    the section's path units are recompiled, and one still INVALID undoes the run (`undo_run`).
    Returns what to append to the step's own error (NULL: nothing undone)."""
    owner = p.units[0].id.owner
    units = tuple(dict.fromkeys((*p.undo, *(d for d in p.dependents if d.owner == owner))))
    if not p.undo or not units:
        return ("  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS\n  BEGIN\n    v_cause := p_cause;\n"
                "    RETURN NULL;\n  END heal_run;\n")
    checks = "\n".join(f"    broken({_args(o)}, {sql_literal(compile_statement(o))});" for o in units)
    return f"""\
  FUNCTION heal_run(p_cause VARCHAR2) RETURN VARCHAR2 IS
    v_broken BOOLEAN := FALSE;
    PROCEDURE broken(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
    BEGIN
      IF status_after_recompile(p_owner, p_name, p_type, p_compile) = 'INVALID' THEN
        v_broken := TRUE;
      END IF;
    END broken;
  BEGIN
    v_cause := p_cause;
{checks}
    IF v_broken AND undo_run IS NOT NULL THEN
{checks}
      RETURN '; this run''s earlier steps undone, their previous versions re-created: ' || v_undone;
    END IF;
    RETURN NULL;
  END heal_run;
"""


def _path_check(path: tuple[ObjectId, ...], sees_all: bool = False) -> str:
    """``path_problems``: every unit the trigger needs, recompiled if INVALID; what is not VALID.

    An object of another schema this session cannot see is not a problem here: its own
    section deployed and swept it — unless the session is a DBA's (`sees_all`): a DBA sees
    every object, so one it cannot find is missing.
    """
    invisible = "FALSE" if sees_all else "p_owner <> SYS_CONTEXT('USERENV', 'SESSION_USER')"
    checks = "\n".join(
        f"    check_valid({_args(o)}, {sql_literal(compile_statement(o))});" for o in path)
    return f"""\
  FUNCTION path_problems RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE check_valid(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state IS NULL AND {invisible} THEN
        SYS.DBMS_OUTPUT.PUT_LINE(p_owner || '.' || p_name || ' (' || p_type || '): '
                                 || 'not visible to this session, checked by its owner''s section');
      ELSIF v_state IS NULL OR v_state <> 'VALID' THEN
        v_problems := SUBSTR(v_problems || ' ' || p_owner || '.' || p_name || ' (' || p_type || ') '
                             || NVL(v_state, 'missing') || ';', 1, 3000);
      END IF;
    END check_valid;
  BEGIN
{checks or "    NULL;"}
    RETURN v_problems;
  END path_problems;
"""


def _dependents_check(dependents: tuple[ObjectId, ...]) -> str:
    """``invalid_dependents``: the dependents INVALID now ('|'-separated); ``broken_dependents``:
    those INVALID after a recompile that were not INVALID before."""
    names = ", ".join(f"({_args(o)})" for o in dependents)
    checks = "\n".join(
        f"    recheck({_args(o)}, {sql_literal(compile_statement(o))});" for o in dependents)
    return f"""\
  FUNCTION invalid_dependents RETURN VARCHAR2 IS
    v_list VARCHAR2(4000) := '|';
  BEGIN
    FOR r IN (SELECT owner || '.' || object_name || ' (' || object_type || ')' AS what FROM all_objects
               WHERE status = 'INVALID' AND (owner, object_name, object_type) IN ({names})) LOOP
      v_list := SUBSTR(v_list || r.what || '|', 1, 4000);
    END LOOP;
    RETURN v_list;
  END invalid_dependents;
  FUNCTION broken_dependents(p_before VARCHAR2) RETURN VARCHAR2 IS
    v_problems VARCHAR2(4000);
    PROCEDURE recheck(p_owner VARCHAR2, p_name VARCHAR2, p_type VARCHAR2, p_compile VARCHAR2) IS
      v_state VARCHAR2(30);
      v_what  VARCHAR2(400) := p_owner || '.' || p_name || ' (' || p_type || ')';
    BEGIN
      v_state := status_after_recompile(p_owner, p_name, p_type, p_compile);
      IF v_state = 'INVALID' AND INSTR(p_before, '|' || v_what || '|') = 0 THEN
        v_problems := SUBSTR(v_problems || ' ' || v_what || ';', 1, 3000);
      END IF;
    END recheck;
  BEGIN
{checks}
    RETURN v_problems;
  END broken_dependents;
"""


def _guard_dependents(p: Protection) -> list[str]:
    """After the replace: a dependent it broke restores the step's units (in order) and fails."""
    if p.kind == "pair":
        spec, body = p.units[0].id, p.units[1].id
        restores = ["    IF v_replaced THEN",
                    f"      {_restore_call('v_old_1', spec)}",
                    "    END IF;",
                    f"    {_restore_call('v_old_2', body)}"]
    else:
        oid = p.units[0].id
        restores = [f"    {_restore_call('v_old_1', oid)}"]
    what = _what(p.units[-1].id)
    return [
        "  v_error := broken_dependents(v_before);",
        "  IF v_error IS NOT NULL THEN",
        *restores,
        # still broken: an earlier step of the run changed what the previous version needs
        "    IF broken_dependents(v_before) IS NOT NULL AND (undo_run IS NULL"
        " OR broken_dependents(v_before) IS NOT NULL) THEN",
        f"      RAISE_APPLICATION_ERROR(-20011, SUBSTR({what} || ': path left INVALID: on the trigger path'"
        " || v_error || ' no longer compile against it, and not again after its previous version was"
        " re-created', 1, 2000));",
        "    END IF;",
        f"    v_error := SUBSTR({what} || ': on the trigger path' || v_error"
    " || ' no longer compile against it; the previous version was re-created', 1, 2000);",
    "    RAISE_APPLICATION_ERROR(-20013, SUBSTR(v_error || heal_run(v_error), 1, 2000));",
        "  END IF;",
    ]


def _restore_call(old: str, oid: ObjectId) -> str:
    """``restore(...)`` of `oid` from the captured text in variable `old`."""
    return (f"restore({old}, {sql_literal(drop_statement(oid))}, {_args(oid)}, "
            f"{sql_literal(compile_statement(oid))});")


def _remember(n: int, oid: ObjectId) -> list[str]:
    """After unit `n` replaced: its text before the run kept in its undo slot (the first capture
    wins), for a later block of this session to undo (`_undo_run`)."""
    if oid.type == "trigger":
        return []  # nothing on the path depends on a trigger
    slot = ":" + undo_slot(oid)
    return [f"  IF v_old_{n} IS NOT NULL AND {slot} IS NULL THEN", f"    {slot} := v_old_{n};", "  END IF;"]


def _args(oid: ObjectId) -> str:
    return f"{sql_literal(oid.owner)}, {sql_literal(oid.name)}, {sql_literal(ORACLE_TYPE_NAMES[oid.type])}"


def _what(oid: ObjectId) -> str:
    return str(sql_literal(f"{oid.owner}.{oid.name} ({ORACLE_TYPE_NAMES[oid.type]})"))


def _capture(n: int, oid: ObjectId) -> str:
    return (f"  v_old_{n} := captured({sql_literal(METADATA_TYPES[oid.type])}, {sql_literal(oid.owner)}, "
            f"{sql_literal(oid.name)});")


def _replace(n: int, oid: ObjectId, restore: list[tuple[int, ObjectId]]) -> list[str]:
    """Run the new text; on errors restore `restore` (in order) and raise."""
    run = f"run_view(v_new_{n}, {n}, {_what(oid)})" if oid.type == "view" else f"run(v_new_{n})"
    lines = [f"  {run};",
             f"  v_error := first_error({n}, {_args(oid)});",
             "  IF v_error IS NOT NULL THEN"]
    lines += [f"    {_restore_call(f'v_old_{m}', o)}" for m, o in restore]
    lines.append(f"    failed({_what(oid)}, v_error, CASE WHEN v_old_{n} IS NULL THEN "
                 "'dropped (it did not exist before)' ELSE 'the previous version was re-created' END);")
    lines.append("  END IF;")
    return lines + _remember(n, oid)


def _same(n: int, unit: Replacement) -> str:
    """The PL/SQL test "ALL_SOURCE (a view: ALL_VIEWS) already holds unit `n`" (FALSE when it
    cannot be told)."""
    if unit.id.type == "view":
        at, columns = view_query_at(unit.ddl), view_columns(unit.ddl)
        if at is None or columns is None:
            return "FALSE"
        return (f"same_view({sql_literal(unit.id.owner)}, {sql_literal(unit.id.name)}, v_new_{n}, {at + 1}, "
                f"{sql_literal(column_list(columns))})")
    if unit.id.type not in SOURCE_TYPES or not comparable(unit.ddl):
        return "FALSE"
    return f"same_source({_args(unit.id)}, v_new_{n})"


def _unchanged(n: int, unit: Replacement) -> list[str]:
    oid = unit.id
    same = _same(n, unit)
    if same == "FALSE":
        return []
    return [f"  IF v_old_{n} IS NOT NULL AND {same} THEN",
            f"    SYS.DBMS_OUTPUT.PUT_LINE({_what(oid)} || ': unchanged, not replaced');",
            "    RETURN;",
            "  END IF;"]


def _main_unit(p: Protection) -> list[str]:
    oid = p.units[0].id
    return [_capture(1, oid), *_unchanged(1, p.units[0]), *_replace(1, oid, [(1, oid)])]


def _main_spec(p: Protection) -> list[str]:
    """The specification; the deployed body must still compile against it, or the pair waits
    for the body's step (restored now; that step replaces both)."""
    oid = p.units[0].id
    body = ObjectId(oid.database, oid.owner, "package_body", oid.name)
    name = f"{oid.owner}.{oid.name}"
    if p.body_follows:
        note = sql_literal(f"{name}: the deployed body needs the previous specification; "
                           "both are replaced at the body step")
        defer = [f"      SYS.DBMS_OUTPUT.PUT_LINE({note});"]
    else:
        note = sql_literal(f"{name}: the deployed body does not compile against the new specification "
                           "and this run does not replace it; the previous specification was re-created")
        defer = [f"      RAISE_APPLICATION_ERROR(-20007, {note});"]
    return [
        _capture(1, oid), *_unchanged(1, p.units[0]), *_replace(1, oid, [(1, oid)]),
        "  SELECT MAX(status) INTO v_status FROM all_objects",
        f"   WHERE owner = {sql_literal(oid.owner)} AND object_name = {sql_literal(oid.name)}"
        " AND object_type = 'PACKAGE BODY';",
        "  IF v_status IS NOT NULL THEN",
        f"    run({sql_literal(compile_statement(body))});",
        f"    IF first_error(0, {_args(body)}) IS NOT NULL THEN",
        "      run(v_old_1);",
        f"      run({sql_literal(compile_statement(body))});",
        *defer,
        "    END IF;",
        "  END IF;",
    ]


def _main_pair(p: Protection) -> list[str]:
    """Body step: the specification first when it differs (its step deferred it), then the
    body; a failure re-creates the specification, then the body (the old body compiles
    against the old specification)."""
    spec, body = p.units[0].id, p.units[1].id
    return [
        _capture(1, spec), _capture(2, body),
        f"  IF v_old_1 IS NOT NULL AND NOT {_same(1, p.units[0])} THEN",
        "    v_replaced := TRUE;",
        *["  " + line for line in _replace(1, spec, [(1, spec)])],
        "  END IF;",
        *[line.replace("IF v_old_2", "IF NOT v_replaced AND v_old_2", 1)
          for line in _unchanged(2, p.units[1])],
        "  run(v_new_2);",
        f"  v_error := first_error(2, {_args(body)});",
        "  IF v_error IS NOT NULL THEN",
        "    IF v_replaced THEN",
        f"      {_restore_call('v_old_1', spec)}",
        "    END IF;",
        f"    {_restore_call('v_old_2', body)}",
        f"    failed({_what(body)}, v_error, CASE WHEN v_old_2 IS NULL THEN"
        " 'dropped (it did not exist before)' ELSE 'the previous version was re-created' END"
        " || CASE WHEN v_replaced THEN ', with its previous specification' END);",
        "  END IF;",
        *_remember(2, body),
    ]


def _main_trigger(p: Protection) -> list[str]:
    """First deploy: created DISABLE, then enabled (re-created as rendered) once its path is
    VALID. Re-deploy: an ENABLED trigger is replaced enabled, or not touched when unchanged; a
    DISABLED one (a DBA's decision) is captured like any unit and replaced DISABLED, never enabled."""
    oid = p.units[0].id
    drop = sql_literal(drop_statement(oid))
    name = f"{oid.owner}.{oid.name}"
    same = _same(1, p.units[0])
    disabled_same = "" if same == "FALSE" else f" OR same_source({_args(oid)}, v_disabled)"
    kept = sql_literal(f"{name}: found DISABLED, replaced and kept DISABLED (enable it with "
                       f"ALTER TRIGGER {name} ENABLE)")
    return [
        f"  v_disabled := {_clob_literal(p.disabled_ddl)};",
        "  SELECT MAX(status) INTO v_status FROM all_triggers",
        f"   WHERE owner = {sql_literal(oid.owner)} AND trigger_name = {sql_literal(oid.name)};",
        f"  IF v_status = 'ENABLED' AND {_same(1, p.units[0])} THEN",
        f"    SYS.DBMS_OUTPUT.PUT_LINE({sql_literal(name + ': unchanged and enabled, not touched')});",
        "    RETURN;",
        "  ELSIF v_status = 'ENABLED' THEN",
        _capture(1, oid).replace("  v_old", "    v_old", 1),
        "  ELSIF v_status IS NOT NULL THEN",
        _capture(1, oid).replace("  v_old", "    v_old", 1),
        f"    IF {_same(1, p.units[0])}{disabled_same} THEN",  # as rendered, or as a deploy left it
        f"      SYS.DBMS_OUTPUT.PUT_LINE({sql_literal(name + ': unchanged and DISABLED, kept DISABLED')});",
        "      RETURN;",
        "    END IF;",
        "    run(v_disabled);",
        f"    v_error := first_error(1, {_args(oid)});",
        "    IF v_error IS NOT NULL THEN",
        "      BEGIN",
        f"        {_restore_call('v_old_1', oid)}",
        "      EXCEPTION",
        "        WHEN OTHERS THEN  -- a failed restore (path left INVALID) must not leave it ENABLED",
        f"          EXECUTE IMMEDIATE {sql_literal(f'ALTER TRIGGER {name} DISABLE')};",
        "          RAISE;",
        "      END;",
        f"      EXECUTE IMMEDIATE {sql_literal(f'ALTER TRIGGER {name} DISABLE')};  -- the CREATE enabled",
        f"      failed({_what(oid)}, v_error, 'the previous version was re-created, DISABLED as it was');",
        "    END IF;",
        f"    SYS.DBMS_OUTPUT.PUT_LINE({kept});",
        "    RETURN;",
        "  ELSE",
        "    run(v_disabled);",
        f"    v_error := first_error(1, {_args(oid)});",
        "    IF v_error IS NOT NULL THEN",
        f"      EXECUTE IMMEDIATE {drop};",
        f"      failed({_what(oid)}, v_error, 'dropped (it did not exist before)');",
        "    END IF;",
        "    v_error := path_problems;",
        "    IF v_error IS NOT NULL THEN",
        f"      RAISE_APPLICATION_ERROR(-20008, SUBSTR({sql_literal(name + ' is left DISABLED: on its path')}"
        f" || v_error || {sql_literal(LEFT_DISABLED_ADVICE.format(name=name))}, 1, 2000));",
        "    END IF;",
        "  END IF;",
        *_replace(1, oid, [(1, oid)]),
    ]


_MAIN = {"unit": _main_unit, "spec": _main_spec, "pair": _main_pair, "trigger": _main_trigger}


def object_steps(obj: RenderedObject, path: TriggerPath = NO_PATH,
                 replaced: frozenset[ObjectId] | None = None, *, sees_all: bool = False) -> tuple[Step, ...]:
    """The steps that make the database hold `obj`, safe to run again.

    An object on `path` is replaced under protection (`Protection`). `replaced`: the
    objects this run replaces (None: all of them, as `script` does) — a package
    specification may defer its replacement to its body's step only when there is one.
    `sees_all`: the session is a DBA's (a trigger's path check then takes an object it cannot
    find for a missing one, not for another schema's).
    """
    try:
        units: tuple[Unit, ...] = split(obj.text)
    except SplitError as exc:
        raise RenderError(f"cannot split rendered {obj.id}: {exc}", template=obj.template) from None
    steps: list[Step] = []
    for i, unit in enumerate(units):
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
        if i == 0 and obj.id.type in PROTECTED_TYPES and obj.id in path:
            steps.append(_protected_step(obj, unit, path, replaced, sees_all))
        elif codes:
            label = f"{obj.id.owner}.{obj.id.name} ({unit.first_words(2)})"
            steps.append(Step("plsql", guarded_block(unit.text, codes, label), obj.id,
                              "guarded-create", unit.start))
        else:
            steps.append(Step(unit.kind, unit.text, obj.id, "create", unit.start))
    if obj.id.type in PLSQL_TYPES:
        steps.append(compile_check(obj.id))
    return tuple(steps)


# What the sweep recompiles: PL/SQL units and views (a view reading a replaced one goes INVALID
# too, and a body on the trigger path reading it fails in the ERP's transaction).
SWEPT_TYPES = PLSQL_TYPES | {"view"}


def invalid_sweep(objects: tuple[RenderedObject, ...], database: str) -> tuple[Step, ...]:
    """Per owner, recompile managed units and views left INVALID (dependency order), then fail
    if any remains (`ALTER VIEW ... COMPILE` for a view).

    One step per owner, run by the section that created that owner's units
    (`script.owner_sections`): ALL_OBJECTS shows a session only what it may see, so a unit the
    session cannot find fails the sweep as "not found" — an invisible unit is never taken for a
    valid one. A step's `object` is the first unit it sweeps: its owner names the section (the
    session) that runs it.
    """
    units = [o.id for o in objects if o.id.database == database and o.id.type in SWEPT_TYPES]
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
