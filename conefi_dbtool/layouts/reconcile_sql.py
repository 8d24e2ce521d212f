"""SQL generated from the reconciliation rules: candidate conditions, keys, state updates.

The columns the rules name (`reconcile.title_row`, `reconcile.movement_row`) are mapped
here to SQL over ``SE1 e1`` and ``SE5 e5``; the texts keep `SqlNames` placeholders
({se1}, {se5}, {queue}, the custom fields ...), filled by `layouts.sql.source_sql`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from conefi_dbtool.layouts.amounts import AMOUNT_DUE, PRINCIPAL, amount_columns, principal_columns
from conefi_dbtool.layouts.expr import All, Cmp, Col, Expr, sql
from conefi_dbtool.layouts.keys import same_title_movements
from conefi_dbtool.layouts.reconcile import Rule, rule

_AND = "\n   AND "


def title_columns(a: str = "e1") -> dict[str, str]:
    """SQL of every title-scope column for SE1 alias `a`."""
    cols = {
        "recno": f"{a}.R_E_C_N_O_",
        "del": f"{a}.D_E_L_E_T_",
        "due": f"{a}.E1_VENCREA",
        "value": f"{a}.E1_VALOR",
        "flag": f"{a}.{{sent_flag}}",
        "sent_due": f"{a}.{{sent_due}}",
        "sent_amount": f"{a}.{{sent_balance}}",
        "sent_value": f"{a}.{{sent_value}}",
        "version": f"{a}.{{send_version}}",
        "baseline": f"{a}.{{sent_movement}}",
        **amount_columns(a),
    }
    cols["amount_due"] = sql(AMOUNT_DUE, cols)
    return cols


def reversal_sql(m: str) -> str:
    """SQL: R_E_C_N_O_ of the first live ES row after SE5 row `m` with its key and E5_SEQ."""
    return (
        "(SELECT MIN(es.R_E_C_N_O_)\n"
        "   FROM {se5} es\n"
        "  WHERE es.D_E_L_E_T_ = ' '\n"
        f"    AND {same_title_movements('es', m, chr(10) + '    AND ')}\n"
        f"    AND es.E5_SEQ = {m}.E5_SEQ\n"
        "    AND es.E5_TIPODOC = 'ES'\n"
        f"    AND es.R_E_C_N_O_ > {m}.R_E_C_N_O_)"
    )


def _queued(key_sql: str, alias: str) -> str:
    return (f"CASE WHEN EXISTS (SELECT 1 FROM {{queue}} {alias}"
            f" WHERE {alias}.INTDC_DES_IDEMP = {key_sql}) THEN 'S' ELSE 'N' END")


def movement_columns(m: str = "e5", a: str = "e1") -> dict[str, str]:
    """SQL of every movement-scope column: the title's, SE5 row `m`'s, the queue's."""
    cols = {
        **title_columns(a),
        "mov_recno": f"{m}.R_E_C_N_O_",
        "mov_del": f"{m}.D_E_L_E_T_",
        "recpag": f"{m}.E5_RECPAG",
        "tipodoc": f"{m}.E5_TIPODOC",
        "situacao": f"{m}.E5_SITUACA",
        "motbx": f"{m}.E5_MOTBX",
        "es_recno": reversal_sql(m),
        "pgo_sent": _queued(f"'PGO:' || TO_CHAR({m}.R_E_C_N_O_)", "qp"),
        # a reversal queued by layout 1 (key EST:<R_E_C_N_O_ of the ES row>) counts as sent
        "est_legacy": _queued(f"'EST:' || TO_CHAR({reversal_sql(m)})", "ql"),
        **principal_columns(m),
    }
    cols["principal"] = sql(PRINCIPAL, cols)
    return cols


def columns(r: Rule) -> dict[str, str]:
    return title_columns() if r.scope == "title" else movement_columns()


def key_sql(r: Rule) -> str:
    """SQL of the rule's idempotency key (CTL_IDEMP)."""
    cols = columns(r)
    pieces: list[str] = []
    text = ""
    for i, part in enumerate(r.key):
        sep = ":" if i < len(r.key) - 1 else ""
        if isinstance(part, str):
            text += part + sep
            continue
        if text:
            pieces.append("'" + text + "'")
            text = ""
        pieces.append(f"TO_CHAR({sql(part, cols)})")
        if sep:
            text = sep
    if text:
        pieces.append("'" + text + "'")
    return " || ".join(pieces)


def key_doc(r: Rule) -> str:
    """The key as the docs show it."""
    shown = {"recno": "<SE1 R_E_C_N_O_>", "mov_recno": "<SE5 R_E_C_N_O_ of the settlement>"}
    parts = []
    for part in r.key:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, Col):
            parts.append(shown.get(part.name, part.name))
        else:
            parts.append("<send version + 1>")
    return ":".join(parts)


def where_sql(r: Rule, indent: int = 0) -> str:
    """The rule's condition, one top-level conjunct a line (for a view's WHERE)."""
    cols = columns(r)
    parts: Sequence[Expr] = r.when.parts if isinstance(r.when, All) else (r.when,)
    text = _AND.join(sql(p, cols) for p in parts)
    return textwrap.indent(text, " " * indent).lstrip()


Batch = Literal["job", "event"]
_BATCH = {"job": "q.INTDC_ID_EXEC = p_exec",
          "event": "q.INTDC_ID_EVENTO = p_id_evento\n     AND q.INTDC_NUM_RECNO_SE1 = p_recno"}


def update_sql(r: Rule, batch: Batch, indent: int = 0,
               carried: Mapping[str, str] | None = None) -> str:
    """UPDATE of the sent state of the titles the rule just queued records for (no ';').

    Every SET reads the row as it was (Oracle evaluates them on the old values), like
    `reconcile._apply`. Movement rules move a field by the sum over the movements queued.
    `carried` maps a sent field to SQL reading its value from the queue row ``q`` just
    queued (the record's field): the state then is what the record said, not a value
    re-read in this later statement (a payment committed in between would be in it and
    be counted again by its PGO). A field the record does not carry is recomputed.
    """
    title = title_columns()
    batch_sql = _BATCH[batch]
    sets = []
    for e in r.effects:
        target = title[e.field]
        if e.mode == "set" and carried and e.field in carried:
            sets.append(f"{target} = {queued_value_sql(r.action, carried[e.field], batch)}")
            continue
        if e.mode == "set":
            sets.append(f"{target} = {sql(e.expr, title)}")
            continue
        amount = sql(e.expr, principal_columns("m"))
        op = "+" if e.mode == "add" else "-"
        sets.append(
            f"{target} = {target} {op} (SELECT NVL(SUM({amount}), 0)\n"
            "     FROM {queue} q\n"
            "     JOIN {se5} m\n"
            "       ON m.R_E_C_N_O_ = q.INTDC_NUM_RECNO_SE5\n"
            "      AND m.D_E_L_E_T_ IN (' ', '*')\n"
            f"    WHERE q.INTDC_IND_ACAO = '{r.action}'\n"
            "      AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_\n"
            f"      AND {batch_sql.replace(chr(10), chr(10) + '   ')})"
        )
    text = (
        "UPDATE {se1} e1\n   SET " + ",\n       ".join(sets) + "\n"
        f" WHERE {_title_deleted(r, title)}\n"
        "   AND e1.R_E_C_N_O_ IN (SELECT q.INTDC_NUM_RECNO_SE1\n"
        "                           FROM {queue} q\n"
        f"                          WHERE q.INTDC_IND_ACAO = '{r.action}'\n"
        f"                            AND {batch_sql.replace(chr(10), chr(10) + ' ' * 23)})"
    )
    return textwrap.indent(text, " " * indent).lstrip()


def queued_value_sql(action: str, read: str, batch: Batch) -> str:
    """SQL: `read` (over queue row ``q``) of the `action` row this batch queued for title e1."""
    return (f"(SELECT MAX({read})\n"
            "     FROM {queue} q\n"
            f"    WHERE q.INTDC_IND_ACAO = '{action}'\n"
            "      AND q.INTDC_NUM_RECNO_SE1 = e1.R_E_C_N_O_\n"
            f"      AND {_BATCH[batch].replace(chr(10), chr(10) + '   ')})")


def _title_deleted(r: Rule, title: dict[str, str]) -> str:
    """The rule's D_E_L_E_T_ condition on the title (the row it may update: live or deleted)."""
    parts = r.when.parts if isinstance(r.when, All) else (r.when,)
    for p in parts:
        if isinstance(p, Cmp) and p.left == Col("del"):
            return sql(p, title)
    return f"{title['del']} IN (' ', '*')"


def action_key_sql(action: str) -> str:
    return key_sql(rule(action))



def carried_fields(r: Rule, fields: Sequence[tuple[str, str, int]],
                   field_sql: Callable[[int, str, int], str]) -> dict[str, str]:
    """The rule's set-effects whose value a record field carries: sent field -> SQL.

    `fields` are the record's (source SQL, wire type, decimals) in order (position 1 is
    the first after the action); `field_sql(position, type, decimals)` reads one from
    ``q.INTDC_DADOS``. A field carries an effect when its source is the effect's SQL.
    """
    title = title_columns()
    out: dict[str, str] = {}
    for e in r.effects:
        if e.mode != "set":
            continue
        wanted = sql(e.expr, title)
        for pos, (source, kind, decimals) in enumerate(fields, start=1):
            if source == wanted:
                out[e.field] = field_sql(pos, kind, decimals)
                break
    return out
