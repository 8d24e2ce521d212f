"""The design brief's PL/SQL rules (DESIGN.md §4), on the unit structure and parse facts.

* PLS001/PLS002 — the transactional outbox: a trigger, and every package subprogram it
  reaches through calls, must neither ``PRAGMA AUTONOMOUS_TRANSACTION`` nor
  ``COMMIT``/``ROLLBACK`` (a rolled-back ERP change would still publish, ORA-04092).
  The walk stops at an autonomous routine: what it commits is its own transaction.
* PLS003 — ``WHEN OTHERS`` must re-raise (``RAISE``, ``RAISE_APPLICATION_ERROR``) or
  record the error: an INSERT/UPDATE/MERGE, or a call whose name says it logs
  (a part named LOG..., ..._LOG_..., REGISTRA..., GRAVA...).
* PLS004 — ``DBMS_SCHEDULER`` / ``DBMS_LOCK`` must be written ``SYS.``: an object of that
  name in the caller's schema would otherwise capture the call.
* PLS005 — every query block (and UPDATE/DELETE/MERGE) over a Protheus table filters
  ``D_E_L_E_T_`` for that table (any predicate on it counts: reading deleted rows on
  purpose, ``= '*'``, is a filter too).
* PLS006 — ``SELECT *`` / ``t.*`` in code (``EXISTS (SELECT * ...)`` is fine).
* TPL001 — a configured schema name written literally in a template, outside Jinja.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from conefi_dbtool.lint.references import Catalog, protheus_tables
from conefi_dbtool.lint.sqlfacts import TreeFacts
from conefi_dbtool.lint.sqltext import (
    QIDENT,
    STRING,
    WORD,
    Call,
    Subprogram,
    TextFacts,
    string_value,
    tokenize,
)
from conefi_dbtool.lint.units import Hit

_DELETED = "D_E_L_E_T_"


def unit_hits(text: TextFacts, tree: TreeFacts | None, catalog: Catalog, database: str | None,
              schema: str) -> list[Hit]:
    """PLS003-PLS006 for one unit (positions in the unit text)."""
    hits: list[Hit] = []
    for h in text.handlers:
        if not (h.reraises or h.records):
            hits.append(Hit("PLS003", h.line, h.col,
                            "WHEN OTHERS neither re-raises nor records the error: log it "
                            "(with DBMS_UTILITY.FORMAT_ERROR_BACKTRACE) and RAISE, or record it"))
    for p in text.sys_packages:
        hits.append(Hit("PLS004", p.line, p.col,
                        f"write SYS.{p.text}: an object named {p.text} in the calling schema "
                        "would capture the unqualified call"))
    for p in text.select_stars:
        hits.append(Hit("PLS006", p.line, p.col,
                        f"{'SELECT *' if p.text == '*' else p.text} in code: list the columns "
                        "(the table's layout changes with the Protheus dictionary)"))
    if tree is not None:
        hits.extend(_deleted_filter(tree, catalog, database, schema))
    return hits


def _deleted_filter(tree: TreeFacts, catalog: Catalog, database: str | None,
                    schema: str) -> list[Hit]:
    tables = protheus_tables(catalog, tree, database, schema)
    if not tables:
        return []
    by_block: dict[int, set[str]] = {}
    by_statement: dict[int, set[str]] = {}
    for col in tree.columns:
        if col.parts[-1] != _DELETED or not col.in_filter:
            continue
        qualifier = ".".join(col.parts[:-1])
        by_block.setdefault(col.block, set()).add(qualifier)
        if qualifier:
            by_statement.setdefault(col.statement, set()).add(qualifier)
    hits = []
    for index, shown in tables.items():
        ref = tree.tables[index]
        names = {ref.alias} if ref.alias else {ref.parts[-1], ".".join(ref.parts)}
        here = by_block.get(ref.block, set())
        # a filter on a derived table's alias filters what the derived table read
        derived = set(tree.statements[ref.statement].open_aliases)
        if names & here or (names | derived) & by_statement.get(ref.statement, set()):
            continue
        if "" in here and sum(1 for i in tables if tree.tables[i].block == ref.block) == 1:
            continue
        verb = {"update": "updated", "delete": "deleted from", "merge": "merged into"}.get(
            ref.role, "read")
        qualifier = ref.alias or ref.parts[-1]
        hits.append(Hit("PLS005", ref.line, ref.col,
                        f"{shown}{f' ({ref.alias})' if ref.alias else ''} is {verb} without a "
                        f"D_E_L_E_T_ filter: add {qualifier}.D_E_L_E_T_ = ' ' "
                        "(Protheus soft-deletes with '*')"))
    return hits


# --------------------------------------------------------------------------- trigger paths


@dataclass(frozen=True)
class UnitCode:
    """What the trigger-path walk needs of a unit."""

    unit: int
    database: str | None
    schema: str  # the unit's default schema
    text: TextFacts


@dataclass(frozen=True)
class _Routine:
    unit: int
    database: str | None
    schema: str
    container: str
    sub: Subprogram

    @property
    def label(self) -> str:
        name = f"{self.container}.{self.sub.name}" if self.container else self.sub.name
        return name if self.sub.kind != "UNIT" else self.sub.name


def trigger_path_hits(units: Sequence[UnitCode]) -> list[tuple[int, Hit]]:
    """PLS001/PLS002 for every trigger and the code it reaches, as (unit, hit)."""
    index: dict[tuple[str, str, str, str], list[_Routine]] = {}
    triggers: list[_Routine] = []
    for u in units:
        header = u.text.header
        schema = (header.schema if header and header.schema else u.schema)
        container = header.name if header and header.kind in ("PACKAGE BODY", "TYPE BODY") else ""
        for sub in u.text.subprograms:
            routine = _Routine(u.unit, u.database, schema, container if sub.kind != "UNIT" else "",
                               sub)
            if sub.kind == "UNIT":
                if header is not None and header.kind == "TRIGGER":
                    triggers.append(routine)
                continue
            key = (u.database or "", schema, routine.container, sub.name)
            index.setdefault(key, []).append(routine)

    def resolve(call: Call, at: _Routine) -> list[_Routine]:
        db = at.database or ""
        parts = call.parts
        found: list[_Routine] = []
        if len(parts) == 3:
            found += index.get((db, parts[0], parts[1], parts[2]), [])
        elif len(parts) == 2:
            found += index.get((db, at.schema, parts[0], parts[1]), [])
            found += index.get((db, parts[0], "", parts[1]), [])
        elif len(parts) == 1:
            if at.container:
                found += index.get((db, at.schema, at.container, parts[0]), [])
            found += index.get((db, at.schema, "", parts[0]), [])
        return found

    out: dict[tuple[int, int, int, str], tuple[int, Hit]] = {}
    for trigger in triggers:
        path_to: dict[tuple[int, str, str], tuple[str, ...]] = {}
        queue: deque[tuple[_Routine, tuple[str, ...]]] = deque([(trigger, (trigger.label,))])
        while queue:
            routine, path = queue.popleft()
            seen = (routine.unit, routine.container, routine.sub.name)
            if seen in path_to:
                continue
            path_to[seen] = path
            shown = " -> ".join(path)
            if routine.sub.autonomous:
                for p in routine.sub.autonomous:
                    out.setdefault((routine.unit, p.line, p.col, "PLS001"), (routine.unit, Hit(
                        "PLS001", p.line, p.col,
                        f"PRAGMA AUTONOMOUS_TRANSACTION in the path of trigger {trigger.label} "
                        f"({shown}): rows written there are kept even when the ERP change rolls "
                        "back; keep the outbox in the ERP's transaction")))
                continue  # what an autonomous routine does is its own transaction
            for p in routine.sub.commits:
                out.setdefault((routine.unit, p.line, p.col, "PLS002"), (routine.unit, Hit(
                    "PLS002", p.line, p.col,
                    f"{p.text} in the path of trigger {trigger.label} ({shown}): a trigger "
                    "must not end the ERP's transaction (ORA-04092)")))
            for call in routine.sub.calls:
                for target in resolve(call, routine):
                    queue.append((target, (*path, target.label)))
    return list(out.values())


# --------------------------------------------------------------------------- templates

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def template_hits(source: str, schemas: Iterable[str]) -> list[Hit]:
    """TPL001: configured schema names written literally outside Jinja in a template."""
    names = {s.upper() for s in schemas if s}
    if not names:
        return []
    sql = _JINJA.sub(_blank, source)
    qualified = re.compile(
        r"(?<![\w$#])(" + "|".join(re.escape(n) for n in sorted(names)) + r")\s*\.\s*[A-Za-z\"]")
    hits = []
    for t in tokenize(sql):
        if t.kind in (WORD, QIDENT) and t.upper in names:
            hits.append(Hit("TPL001", t.line, t.col,
                            f"schema {t.upper} written literally: take it from config "
                            "(obj.owner, protheus(...), or erp.schemas.<key>|ident)"))
        elif t.kind == STRING:
            value = string_value(t).strip()
            if value.upper() in names or qualified.search(value.upper()):
                hits.append(Hit("TPL001", t.line, t.col,
                                f"schema name written literally in the string {t.text[:40]}: "
                                "build it from config (|literal)"))
    return hits
