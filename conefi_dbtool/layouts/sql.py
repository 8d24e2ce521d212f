"""SQL generated from the layouts: the ``INTDC_DADOS`` builder and candidate-view columns.

Templates embed these (through `context.LayoutSql`), so the PL/SQL record builders and the
Python decoder cannot disagree on field order, separator or escaping.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field

from conefi_dbtool.layouts.amounts import abatement_match
from conefi_dbtool.layouts.data import CURRENT_VERSION, LayoutField, layout
from conefi_dbtool.layouts.keys import SAME_BRANCHES, movement_join, title_key_sql
from conefi_dbtool.layouts.sharing import BranchLayout
from conefi_dbtool.layouts.wire import ESCAPES, INTEGER_DIGITS, SEPARATOR


@dataclass(frozen=True)
class SqlNames:
    """Names and expressions the layout sources refer to, already validated for SQL."""

    sgu: str = "SGU"
    se1: str = "SIGA.SE1030"
    se5: str = "SIGA.SE5030"
    queue: str = "CONEFI.INTGRA_DADOS_CONEFI"
    today: str = "TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD')"
    settlement_tipodoc: str = "'VL', 'BA', 'CP'"
    event_id: str = "p_id_evento"
    abatement_match: str = abatement_match()  # MVABATIM unless integration.money overrides it
    discount_factor: str = "0"  # 1: the financial discount (E1_DESCFIN %) is not due
    layout_version: int = CURRENT_VERSION
    branches: BranchLayout = SAME_BRANCHES  # integration.sharing, for the SE1 -> SE5 joins
    custom: Mapping[str, str] = field(default_factory=lambda: {
        "sent_flag": "E1_XCNFENV", "sent_date": "E1_XCNFDTE", "sent_due": "E1_XCNFVEN",
        "sent_value": "E1_XCNFVLR", "sent_balance": "E1_XCNFSLD", "sent_movement": "E1_XCNFMOV",
        "send_version": "E1_XCNFVER",
    })

    def placeholders(self) -> dict[str, str]:
        return {
            "sgu": self.sgu,
            "se1": self.se1,
            "se5": self.se5,
            "queue": self.queue,
            "today": self.today,
            "blank_date": "'" + " " * 8 + "'",
            "settlement_tipodoc": self.settlement_tipodoc,
            "event_id": self.event_id,
            "abatement_match": self.abatement_match,
            "discount_factor": self.discount_factor,
            # SE5 row m belongs to SE1 title e1, by the sharing modes (layout sources)
            "movement_m_of_e1": movement_join("m", "e1", "\n   AND ", self.branches),
            **self.custom,
        }


def today_sql(timezone: str) -> str:
    """Today's date as CHAR(8) in the region time zone (not the server's clock zone)."""
    if "'" in timezone:
        raise ValueError(f"invalid time zone {timezone!r}")
    return f"TO_CHAR(SYSTIMESTAMP AT TIME ZONE '{timezone}', 'YYYYMMDD')"


def source_sql(text: str, names: SqlNames) -> str:
    """A layout source with its placeholders filled."""
    return text.format_map(names.placeholders())


def sql_text(raw: str) -> str:
    """A one-character SQL text: CHR() for line breaks (literals must stay on one line)."""
    if raw == "\n":
        return "CHR(10)"
    if raw == "\r":
        return "CHR(13)"
    return "'" + raw.replace("'", "''") + "'"


def escape_sql(expr: str) -> str:
    """SQL applying the escaping rule to a text expression (same order as `escape`)."""
    out = expr
    for raw, escaped in ESCAPES:
        out = f"REPLACE({out}, {sql_text(raw)}, {sql_text(escaped)})"
    return out


def number_format(decimals: int) -> str:
    """TO_CHAR format model: no grouping, '.' decimal point whatever the NLS settings."""
    model = "FM" + "9" * (INTEGER_DIGITS - 1) + "0"
    if decimals:
        model += "." + "0" * decimals
    return model


def field_sql(f: LayoutField, alias: str) -> str:
    """SQL formatting one field of an inline view/view row `alias` for the wire."""
    col = f"{alias}.{f.column}"
    if f.type in ("C", "D"):
        return escape_sql(f"RTRIM({col})")
    if f.type == "N":
        return f"TO_CHAR({col}, '{number_format(f.decimals)}')"
    return f"TO_CHAR({col}, '{number_format(0)}')"


def record_sql(action: str, alias: str = "c", indent: int = 0,
               version: int = CURRENT_VERSION) -> str:
    """SQL building INTDC_DADOS from a row whose columns are named after the fields."""
    lay = layout(action, version)
    pieces = [f"'{lay.action}'"] + [field_sql(f, alias) for f in lay.fields]
    sep = f" || '{SEPARATOR}'\n|| "
    return textwrap.indent(sep.join(pieces), " " * indent).lstrip()


def select_sql(action: str, names: SqlNames, indent: int = 0) -> str:
    """The select list of a candidate view / producer: fields then control columns."""
    lay = layout(action, names.layout_version)
    items: list[tuple[str, str]] = [(source_sql(f.source, names), f.column) for f in lay.fields]
    items.append((source_sql(lay.idempotency, names), "CTL_IDEMP"))
    if lay.title:
        items.append((title_key_sql(lay.title), "CTL_CHAVE"))
        items.append((f"{lay.title}.R_E_C_N_O_", "CTL_RECNO"))
    else:
        items.append(("CAST(NULL AS VARCHAR2(100))", "CTL_CHAVE"))
        items.append(("CAST(NULL AS NUMBER)", "CTL_RECNO"))
    items.append((source_sql(lay.movement, names) if lay.movement else "CAST(NULL AS NUMBER)",
                  "CTL_RECNO_SE5"))
    items.append((source_sql(lay.origin, names) if lay.origin else "CAST(NULL AS NUMBER)",
                  "CTL_ORIGEM"))
    items.extend((source_sql(sql, names), col) for col, sql in lay.extra)
    lines: list[str] = []
    for i, (expr, col) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        expr_lines = expr.splitlines()
        if len(expr_lines) == 1:
            lines.append(f"{expr} AS {col}{comma}")
        else:
            lines.append(expr_lines[0])
            lines.extend("  " + x for x in expr_lines[1:-1])
            lines.append(f"  {expr_lines[-1]} AS {col}{comma}")
    return textwrap.indent("\n".join(lines), " " * indent).lstrip()
