"""CONEFI record layouts (column ``INTDC_DADOS``) as data, and everything generated from them.

One layout per action: ordered fields, the SQL expression that yields each value, its wire
type and an example. From this single source come

* the SQL that builds ``INTDC_DADOS`` (`record_sql`) and the column list of candidate views
  and producers (`select_sql`), which templates embed — so the PL/SQL and the Python
  decoder cannot disagree on field order, separator or escaping;
* the Python codec (`encode_record`, `decode_record`) behind ``conefi-dbtool decode``;
* documentation: field tables, example records, the integration parameters (Z99) and the
  DBA checklist of custom SE1 fields (`dba_checklist`).

Wire format (the contract with CONEFI): ``ACTION;field1;field2;...``. ``;`` separates
fields; ``\\`` escapes: ``\\\\`` is a backslash, ``\\;`` a semicolon, ``\\n`` a line feed,
``\\r`` a carriage return. Texts are right-trimmed (Protheus pads with blanks) and an empty
field means "no value". Numbers use ``.`` as decimal point with a fixed number of decimals
and no grouping; dates are ``YYYYMMDD``; integers are plain digits.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from conefi_dbtool.dictionary import Dictionary, Field
from conefi_dbtool.errors import UsageError

SEPARATOR = ";"
ESCAPE = "\\"
# (raw character, escaped form), in the order the SQL applies them: the escape character
# itself first, so that escapes introduced by later replacements are not doubled.
ESCAPES: tuple[tuple[str, str], ...] = (
    ("\\", "\\\\"),
    (";", "\\;"),
    ("\r", "\\r"),
    ("\n", "\\n"),
)
_UNESCAPES = {esc: raw for raw, esc in ESCAPES}

MAX_RECORD_BYTES = 4000  # INTDC_DADOS VARCHAR2(4000)
MAX_BYTES_PER_CHAR = 3  # worst case of an escaped or non-ASCII character in AL32UTF8
INTEGER_DIGITS = 18

WireType = Literal["C", "D", "N", "I"]
WIRE_TYPES: Mapping[str, str] = {
    "C": "text",
    "D": "date YYYYMMDD",
    "N": "decimal",
    "I": "integer",
}

# SE5 columns that identify the SE1 title a movement belongs to (SE5 index 7).
TITLE_MOVEMENT_KEY: tuple[tuple[str, str], ...] = (
    ("E5_FILIAL", "E1_FILIAL"),
    ("E5_PREFIXO", "E1_PREFIXO"),
    ("E5_NUMERO", "E1_NUM"),
    ("E5_PARCELA", "E1_PARCELA"),
    ("E5_TIPO", "E1_TIPO"),
    ("E5_CLIFOR", "E1_CLIENTE"),
    ("E5_LOJA", "E1_LOJA"),
)
# SE1 unique key (index 1, X2_UNICO): the title key carried in INTDC_DES_CHAVE.
TITLE_KEY: tuple[str, ...] = ("E1_FILIAL", "E1_PREFIXO", "E1_NUM", "E1_PARCELA", "E1_TIPO")

CONTROL_COLUMNS = ("CTL_IDEMP", "CTL_CHAVE", "CTL_RECNO", "CTL_RECNO_SE5", "CTL_ORIGEM")


class DecodeError(UsageError):
    """A record that does not match its layout (unknown action, field count, bad value)."""


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class LayoutField:
    """One field of a record: name, wire type, where its value comes from."""

    name: str  # record field name; also the view/inline-view column (uppercased)
    type: WireType
    source: str  # SQL expression; {placeholders} are filled by `SqlNames`
    description: str
    example: str  # the value as it appears on the wire, before escaping ("" = no value)
    decimals: int = 0
    size: int | None = None  # max characters; None: from the dictionary (bare column)

    @property
    def column(self) -> str:
        return self.name.upper()


@dataclass(frozen=True)
class Layout:
    """The record of one action and the control columns that go with it."""

    action: str
    meaning: str
    producer: Literal["job", "trigger", "internal"]
    produced_by: tuple[str, ...]  # our objects that produce it
    tables: Mapping[str, str]  # alias used in sources -> Protheus table alias (checks)
    fields: tuple[LayoutField, ...]
    idempotency: str  # SQL -> CTL_IDEMP: the same fact never yields a second row
    idempotency_doc: str
    title: str | None = "e1"  # alias of the SE1 row the record is about (CTL_CHAVE/RECNO)
    movement: str | None = None  # SQL -> CTL_RECNO_SE5
    origin: str | None = None  # SQL -> CTL_ORIGEM (queue id this record refers to)
    extra: tuple[tuple[str, str], ...] = ()  # (column, SQL) more control columns

    def field(self, name: str) -> LayoutField:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class Parameter:
    """An integration parameter read from SIGA.Z99<company>0 (name/value) with a default."""

    name: str
    function: str  # accessor in PKG_CONEFI_PARAM
    kind: Literal["integer", "date", "flag"]
    default: str
    description: str


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("CONEFI_JOB_ATIVO", "f_job_ativo", "flag", "S",
              "S runs the daily job; N pauses it (the run is logged and does nothing)."),
    Parameter("CONEFI_DIAS_CARENCIA", "f_dias_carencia", "integer", "0",
              "Days after the real due date (E1_VENCREA) before INC is sent."),
    Parameter("CONEFI_DATA_CORTE", "f_data_corte", "date", "",
              "YYYYMMDD: titles whose real due date is earlier are never sent by INC "
              "(protects the first run from the whole backlog); empty = no limit."),
    Parameter("CONEFI_DIAS_REPROC", "f_dias_reproc", "integer", "7",
              "Restart window in days: HST looks this far back for INC/DES/PRG rows still "
              "without history, the PGO/EST catch-up for movements typed (E5_DTDIGIT) and "
              "not yet queued. Raise it for one run to recover from a longer outage."),
)

# What each custom SE1 field means (config role -> description for SX3 / the checklist).
CUSTOM_FIELD_ROLES: Mapping[str, str] = {
    "sent_flag": "CONEFI state of the title: blank never sent, S sent (in collection), "
                 "P due date extended after sending, C cancelled",
    "sent_date": "Date INC was sent (YYYYMMDD)",
    "sent_due": "Real due date last sent to CONEFI (INC, PRG, PRV)",
    "sent_value": "Title value last sent (INC, DES)",
    "sent_balance": "Balance last sent (INC, DES, PGO, EST)",
    "sent_movement": "Highest SE5 R_E_C_N_O_ of the title when INC was sent: later "
                     "movements are PGO/EST",
}


# --------------------------------------------------------------------------- layouts


def _key(a: str) -> tuple[LayoutField, ...]:
    """The five fields of the SE1 unique key (index 1), first in every title record."""
    return (
        LayoutField("filial", "C", f"{a}.E1_FILIAL", "Branch (E1_FILIAL)", "01"),
        LayoutField("prefixo", "C", f"{a}.E1_PREFIXO", "Prefix (E1_PREFIXO)", "FAT"),
        LayoutField("numero", "C", f"{a}.E1_NUM", "Title number (E1_NUM)", "000123456"),
        LayoutField("parcela", "C", f"{a}.E1_PARCELA", "Installment (E1_PARCELA)", "A"),
        LayoutField("tipo", "C", f"{a}.E1_TIPO", "Title type (E1_TIPO)", "DP"),
    )


def movement_join(e5: str, e1: str, sep: str = " AND ") -> str:
    """SQL predicate: SE5 row `e5` belongs to SE1 title `e1`."""
    return sep.join(f"{e5}.{c5} = {e1}.{c1}" for c5, c1 in TITLE_MOVEMENT_KEY)


def same_title_movements(a: str, b: str, sep: str = " AND ") -> str:
    """SQL predicate: SE5 rows `a` and `b` belong to the same title."""
    return sep.join(f"{a}.{c5} = {b}.{c5}" for c5, _ in TITLE_MOVEMENT_KEY)


def title_key_sql(a: str) -> str:
    """E1_FILIAL||E1_PREFIXO||E1_NUM||E1_PARCELA||E1_TIPO, padded as stored."""
    return " || ".join(f"{a}.{c}" for c in TITLE_KEY)


_AND = "\n   AND "
_ORIGINAL_WHERE = (
    "WHERE o.D_E_L_E_T_ = ' '\n"
    f"   AND {same_title_movements('o', 'es', _AND)}\n"
    "   AND o.E5_SEQ = es.E5_SEQ\n"
    "   AND o.E5_TIPODOC IN ({settlement_tipodoc}))"
)
_ORIGINAL_RECNO = "(SELECT MIN(o.R_E_C_N_O_)\n  FROM {se5} o\n " + _ORIGINAL_WHERE
_ORIGINAL_QUEUE_ID = (
    "(SELECT MIN(q.INTDC_ID)\n  FROM {se5} o\n  JOIN {queue} q\n"
    "    ON q.INTDC_DES_IDEMP = 'PGO:' || TO_CHAR(o.R_E_C_N_O_)\n " + _ORIGINAL_WHERE
)
_BASELINE_MOVEMENT = (
    "(SELECT NVL(MAX(m.R_E_C_N_O_), 0)\n  FROM {se5} m\n WHERE m.D_E_L_E_T_ = ' '\n"
    f"   AND {movement_join('m', 'e1', _AND)})"
)
_DAYS_LATE_HISTORY = (
    "CASE WHEN h.E1_VENCREA <> {blank_date} THEN\n"
    "  GREATEST(0, CASE WHEN h.E1_SALDO = 0 AND h.E1_BAIXA <> {blank_date}\n"
    "                   THEN TO_DATE(h.E1_BAIXA, 'YYYYMMDD')\n"
    "                   ELSE TO_DATE({today}, 'YYYYMMDD') END\n"
    "              - TO_DATE(h.E1_VENCREA, 'YYYYMMDD'))\n"
    "END"
)

_JOB = ("PKG_CONEFI_JOB",)
_EVENT = ("PKG_CONEFI_EVENTO", "T_INTGRA_RET_ERP_CONEFI")

LAYOUTS: Mapping[str, Layout] = {
    layout.action: layout
    for layout in (
        Layout(
            "INC", "Title became overdue: its data, customer and GRR subscription",
            "job", (*_JOB, "V_CONEFI_CAND_INC"), {"e1": "SE1", "a1": "SA1", "g1": "HRH", "g2": "HRH"},
            (
                *_key("e1"),
                LayoutField("cliente", "C", "e1.E1_CLIENTE", "Customer code (E1_CLIENTE)", "000123"),
                LayoutField("loja", "C", "e1.E1_LOJA", "Customer store (E1_LOJA)", "01"),
                LayoutField("nome", "C", "NVL(a1.A1_NOME, e1.E1_NOMCLI)",
                            "Customer name (A1_NOME; E1_NOMCLI without SA1 row)",
                            "JOSÉ DA SILVA; FILHO", size=40),
                LayoutField("pessoa", "C", "a1.A1_PESSOA", "F person / J company (A1_PESSOA)", "F"),
                LayoutField("cpf_cnpj", "C", "a1.A1_CGC", "CPF/CNPJ (A1_CGC)", "12345678909"),
                LayoutField("email", "C", "a1.A1_EMAIL", "E-mail (A1_EMAIL)", "jose@example.com"),
                LayoutField("ddd", "C", "a1.A1_DDD", "Phone area code (A1_DDD)", "051"),
                LayoutField("telefone", "C", "a1.A1_TEL", "Phone (A1_TEL)", "33334444"),
                LayoutField("endereco", "C", "a1.A1_END", "Address (A1_END)", "RUA DAS FLORES, 10"),
                LayoutField("bairro", "C", "a1.A1_BAIRRO", "District (A1_BAIRRO)", "CENTRO"),
                LayoutField("municipio", "C", "a1.A1_MUN", "City (A1_MUN)", "PORTO ALEGRE"),
                LayoutField("uf", "C", "a1.A1_EST", "State (A1_EST)", "RS"),
                LayoutField("cep", "C", "a1.A1_CEP", "Postal code (A1_CEP)", "90000000"),
                LayoutField("emissao", "D", "e1.E1_EMISSAO", "Issue date (E1_EMISSAO)", "20240105"),
                LayoutField("venc_original", "D", "e1.E1_VENCORI",
                            "Original due date (E1_VENCORI)", "20240205"),
                LayoutField("venc_real", "D", "e1.E1_VENCREA",
                            "Real due date (E1_VENCREA)", "20240205"),
                LayoutField("valor", "N", "e1.E1_VALOR", "Title value (E1_VALOR)", "1500.00",
                            decimals=2),
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance (E1_SALDO)", "1500.00",
                            decimals=2),
                LayoutField("cod_federacao", "C",
                            "SUBSTR((SELECT {sgu}.F_COD_FEDERACAO_UNI(e1.E1_CLIENTE) FROM DUAL), 1, 10)",
                            "SGU federation code (SGU.F_COD_FEDERACAO_UNI of the customer)",
                            "0001", size=10),
                LayoutField("plano_grr", "C", "NVL(g1.HRH_PLANCD, g2.HRH_PLANCD)",
                            "GRR plan code (HRH_PLANCD) when the title belongs to a subscription",
                            "", size=6),
                LayoutField("assinatura_grr", "C",
                            "CASE WHEN g1.HRH_PLANCD IS NOT NULL THEN g1.HRH_SUBSID "
                            "ELSE g2.HRH_SUBSID END",
                            "GRR subscription id (HRH_SUBSID)", "", size=36),
                LayoutField("recno_se1", "I", "e1.R_E_C_N_O_", "SE1 R_E_C_N_O_ of the title",
                            "1853173", size=INTEGER_DIGITS),
            ),
            "'INC:' || TO_CHAR(e1.R_E_C_N_O_)",
            "INC:<SE1 R_E_C_N_O_> — a title enters collection once",
            movement=_BASELINE_MOVEMENT,
            extra=(("CTL_VENCREA", "e1.E1_VENCREA"),),
        ),
        Layout(
            "PGO", "Payment (total or partial) of a title in collection",
            "trigger", (*_EVENT, "V_CONEFI_MOV_PGO", *_JOB), {"e1": "SE1", "e5": "SE5"},
            (
                *_key("e1"),
                LayoutField("recno_se5", "I", "e5.R_E_C_N_O_", "SE5 R_E_C_N_O_ of the payment",
                            "998877", size=INTEGER_DIGITS),
                LayoutField("seq_baixa", "C", "e5.E5_SEQ", "Settlement sequence (E5_SEQ)", "01"),
                LayoutField("data_pagamento", "D", "e5.E5_DATA", "Payment date (E5_DATA)",
                            "20240310"),
                LayoutField("valor_pago", "N", "e5.E5_VALOR", "Amount paid (E5_VALOR)", "500.00",
                            decimals=2),
                LayoutField("motivo_baixa", "C", "e5.E5_MOTBX", "Settlement reason (E5_MOTBX)",
                            "NOR"),
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance after the payment (E1_SALDO)",
                            "1000.00", decimals=2),
                LayoutField("tipo_pagamento", "C",
                            "CASE WHEN e1.E1_SALDO > 0 THEN 'P' ELSE 'T' END",
                            "T total (nothing left) / P partial", "P", size=1),
            ),
            "'PGO:' || TO_CHAR(e5.R_E_C_N_O_)",
            "PGO:<SE5 R_E_C_N_O_> — one record per settlement movement",
            movement="e5.R_E_C_N_O_",
            extra=(("CTL_DTDIGIT", "e5.E5_DTDIGIT"),),
        ),
        Layout(
            "DES", "Value of a title in collection changed (old/new value and balance)",
            "trigger", _EVENT, {"e1": "SE1"},
            (
                *_key("e1"),
                LayoutField("valor_anterior", "N", "e1.{sent_value}", "Value last sent",
                            "1500.00", decimals=2),
                LayoutField("valor_novo", "N", "e1.E1_VALOR", "New value (E1_VALOR)", "1400.00",
                            decimals=2),
                LayoutField("saldo_anterior", "N", "e1.{sent_balance}", "Balance last sent",
                            "1500.00", decimals=2),
                LayoutField("saldo_novo", "N", "e1.E1_SALDO", "New balance (E1_SALDO)", "1400.00",
                            decimals=2),
                LayoutField("data_alteracao", "D", "{today}", "Date of the change", "20240312",
                            size=8),
            ),
            "'DES:' || TO_CHAR(e1.R_E_C_N_O_) || ':' || TO_CHAR({event_id})",
            "DES:<SE1 R_E_C_N_O_>:<event id> — one per ERP event that changed the value",
        ),
        Layout(
            "PRG", "Due date of a title in collection extended (prorrogação)",
            "trigger", _EVENT, {"e1": "SE1"},
            (
                *_key("e1"),
                LayoutField("venc_anterior", "D", "e1.{sent_due}", "Due date last sent",
                            "20240205"),
                LayoutField("venc_novo", "D", "e1.E1_VENCREA", "New real due date (E1_VENCREA)",
                            "20240405"),
                LayoutField("venc_original", "D", "e1.E1_VENCORI",
                            "Original due date (E1_VENCORI)", "20240205"),
                LayoutField("data_alteracao", "D", "{today}", "Date of the change", "20240312",
                            size=8),
            ),
            "'PRG:' || TO_CHAR(e1.R_E_C_N_O_) || ':' || TO_CHAR({event_id})",
            "PRG:<SE1 R_E_C_N_O_>:<event id> — one per ERP event that moved the due date",
        ),
        Layout(
            "CAN", "Title in collection was cancelled (deleted in Protheus)",
            "job", (*_JOB, "V_CONEFI_CAND_CAN"), {"e1": "SE1"},
            (
                *_key("e1"),
                LayoutField("data_cancelamento", "D", "{today}",
                            "Date the cancellation was detected", "20240313", size=8),
                LayoutField("valor", "N", "e1.E1_VALOR", "Title value (E1_VALOR)", "1500.00",
                            decimals=2),
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance when cancelled", "1500.00",
                            decimals=2),
            ),
            "'CAN:' || TO_CHAR(e1.R_E_C_N_O_)",
            "CAN:<SE1 R_E_C_N_O_> — a title is cancelled once",
        ),
        Layout(
            "HST", "One title of the customer's last months, after an INC, DES or PRG",
            "job", (*_JOB, "V_CONEFI_CAND_HST"), {"h": "SE1"},
            (
                LayoutField("id_origem", "I", "q.INTDC_ID",
                            "INTDC_ID of the INC/DES/PRG record this history belongs to",
                            "1001", size=INTEGER_DIGITS),
                LayoutField("cliente", "C", "h.E1_CLIENTE", "Customer code (E1_CLIENTE)", "000123"),
                LayoutField("loja", "C", "h.E1_LOJA", "Customer store (E1_LOJA)", "01"),
                *_key("h"),
                LayoutField("emissao", "D", "h.E1_EMISSAO", "Issue date (E1_EMISSAO)", "20231105"),
                LayoutField("vencimento", "D", "h.E1_VENCREA", "Real due date (E1_VENCREA)",
                            "20231205"),
                LayoutField("data_baixa", "D", "h.E1_BAIXA",
                            "Last settlement date (E1_BAIXA; empty if none)", "20231210"),
                LayoutField("valor", "N", "h.E1_VALOR", "Title value (E1_VALOR)", "1500.00",
                            decimals=2),
                LayoutField("saldo", "N", "h.E1_SALDO", "Balance (E1_SALDO)", "0.00", decimals=2),
                LayoutField("dias_atraso", "I", _DAYS_LATE_HISTORY,
                            "Days late: settlement (or today, if open) minus real due date",
                            "5", size=6),
            ),
            "'HST:' || TO_CHAR(q.INTDC_ID) || ':' || TO_CHAR(h.R_E_C_N_O_)",
            "HST:<origin INTDC_ID>:<SE1 R_E_C_N_O_> — one line per title per originating record",
            title="h",
            origin="q.INTDC_ID",
            extra=(("CTL_DTH_ORIGEM", "q.INTDC_DTH_INCL"),),
        ),
        Layout(
            "EST", "Reversal (estorno) of a settlement of a title in collection",
            "trigger", (*_EVENT, "V_CONEFI_MOV_EST", *_JOB), {"e1": "SE1", "es": "SE5", "o": "SE5"},
            (
                *_key("e1"),
                LayoutField("recno_se5_estorno", "I", "es.R_E_C_N_O_",
                            "SE5 R_E_C_N_O_ of the reversal (E5_TIPODOC = 'ES')", "998900",
                            size=INTEGER_DIGITS),
                LayoutField("seq_baixa", "C", "es.E5_SEQ",
                            "Settlement sequence reversed (E5_SEQ)", "01"),
                LayoutField("data_estorno", "D", "es.E5_DATA", "Reversal date (E5_DATA)",
                            "20240315"),
                LayoutField("valor_estornado", "N", "es.E5_VALOR", "Amount reversed (E5_VALOR)",
                            "500.00", decimals=2),
                LayoutField("recno_se5_original", "I", _ORIGINAL_RECNO,
                            "SE5 R_E_C_N_O_ of the settlement reversed (same key and E5_SEQ)",
                            "998877", size=INTEGER_DIGITS),
                LayoutField("id_fila_original", "I", _ORIGINAL_QUEUE_ID,
                            "INTDC_ID of the PGO record it reverses (empty if never sent)",
                            "1002", size=INTEGER_DIGITS),
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance after the reversal (E1_SALDO)",
                            "1500.00", decimals=2),
            ),
            "'EST:' || TO_CHAR(es.R_E_C_N_O_)",
            "EST:<SE5 R_E_C_N_O_ of the reversal> — one record per reversal movement",
            movement="es.R_E_C_N_O_",
            origin=_ORIGINAL_QUEUE_ID,
            extra=(("CTL_DTDIGIT", "es.E5_DTDIGIT"),),
        ),
        Layout(
            "PRV", "A previously extended title has fallen due again",
            "job", (*_JOB, "V_CONEFI_CAND_PRV"), {"e1": "SE1"},
            (
                *_key("e1"),
                LayoutField("venc_real", "D", "e1.E1_VENCREA",
                            "Extended real due date (E1_VENCREA)", "20240405"),
                LayoutField("venc_original", "D", "e1.E1_VENCORI",
                            "Original due date (E1_VENCORI)", "20240205"),
                LayoutField("saldo", "N", "e1.E1_SALDO", "Balance (E1_SALDO)", "1400.00",
                            decimals=2),
                LayoutField("dias_atraso", "I",
                            "TO_DATE({today}, 'YYYYMMDD') - TO_DATE(e1.E1_VENCREA, 'YYYYMMDD')",
                            "Days since the extended due date", "1", size=6),
            ),
            "'PRV:' || TO_CHAR(e1.R_E_C_N_O_) || ':' || e1.E1_VENCREA",
            "PRV:<SE1 R_E_C_N_O_>:<E1_VENCREA> — once per extended due date",
        ),
        Layout(
            "EVT", "Internal: an ERP event the trigger could not map (status E, never sent)",
            "internal", _EVENT, {},
            (
                LayoutField("id_evento", "I", "p_id_evento", "Id of the SGU.INTGRA_RET_ERP row",
                            "4711", size=INTEGER_DIGITS),
                LayoutField("tipo_evento", "C", "SUBSTR(p_tipo, 1, 10)",
                            "Record kind (INTRE_IND)", "REC", size=10),
                LayoutField("rotina", "C", "SUBSTR(p_rotina, 1, 30)",
                            "ERP routine (INTRE_ROTINA_ERP)", "FINA999", size=30),
                LayoutField("ponto_entrada", "C", "SUBSTR(p_ponto_entrada, 1, 30)",
                            "ERP entry point (INTRE_PONTO_ENTRADA_ERP)", "", size=30),
                LayoutField("chave", "C", "SUBSTR(p_chave, 1, 100)",
                            "Event key (INTRE_DES_CHAVE)", "0000000001853173", size=100),
            ),
            "'EVT:' || NVL(TO_CHAR(p_id_evento), RAWTOHEX(SYS_GUID()))",
            "EVT:<event id> — one per rejected event",
            title=None,
        ),
    )
}

ACTIONS: tuple[str, ...] = tuple(LAYOUTS)
SENT_ACTIONS: tuple[str, ...] = tuple(a for a, lay in LAYOUTS.items() if lay.producer != "internal")


def layout(action: str) -> Layout:
    """The layout of `action`; an unknown action is a usage error naming the known ones."""
    try:
        return LAYOUTS[action]
    except KeyError:
        raise DecodeError(
            f"unknown action {action!r} (known: {', '.join(ACTIONS)})"
        ) from None


# --------------------------------------------------------------------------- SQL generation


@dataclass(frozen=True)
class SqlNames:
    """Names and expressions the layout sources refer to, already validated for SQL."""

    sgu: str = "SGU"
    se5: str = "SIGA.SE5030"
    queue: str = "CONEFI.INTGRA_DADOS_CONEFI"
    today: str = "TO_CHAR(SYSTIMESTAMP AT TIME ZONE 'America/Sao_Paulo', 'YYYYMMDD')"
    settlement_tipodoc: str = "'VL', 'BA', 'CP'"
    event_id: str = "p_id_evento"
    custom: Mapping[str, str] = field(default_factory=lambda: {
        "sent_flag": "E1_XCNFENV", "sent_date": "E1_XCNFDTE", "sent_due": "E1_XCNFVEN",
        "sent_value": "E1_XCNFVLR", "sent_balance": "E1_XCNFSLD", "sent_movement": "E1_XCNFMOV",
    })

    def placeholders(self) -> dict[str, str]:
        return {
            "sgu": self.sgu,
            "se5": self.se5,
            "queue": self.queue,
            "today": self.today,
            "blank_date": "'" + " " * 8 + "'",
            "settlement_tipodoc": self.settlement_tipodoc,
            "event_id": self.event_id,
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


def record_sql(action: str, alias: str = "c", indent: int = 0) -> str:
    """SQL building INTDC_DADOS from a row whose columns are named after the fields."""
    lay = layout(action)
    pieces = [f"'{lay.action}'"] + [field_sql(f, alias) for f in lay.fields]
    sep = f" || '{SEPARATOR}'\n|| "
    return textwrap.indent(sep.join(pieces), " " * indent).lstrip()


def select_sql(action: str, names: SqlNames, indent: int = 0) -> str:
    """The select list of a candidate view / producer: fields then control columns."""
    lay = layout(action)
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


_COLUMN_REF = re.compile(r"\b([a-z][a-z0-9]*)\.([A-Z][A-Z0-9_]*)\b")


def column_refs(lay: Layout, names: SqlNames) -> list[tuple[str, str, str]]:
    """(field or control column, Protheus table, column) for every Protheus column used."""
    found: list[tuple[str, str, str]] = []
    sources = [(f.name, f.source) for f in lay.fields] + [("CTL_IDEMP", lay.idempotency)]
    sources += [(c, s) for c, s in (("CTL_RECNO_SE5", lay.movement), ("CTL_ORIGEM", lay.origin))
                if s]
    sources += list(lay.extra)
    for owner, text in sources:
        for alias, column in _COLUMN_REF.findall(source_sql(text, names)):
            if alias in lay.tables:
                found.append((owner, lay.tables[alias], column))
    return found


def check_layouts(dictionary: Dictionary, names: SqlNames,
                  tables: Iterable[str] | None = None) -> list[str]:
    """Problems of the layouts against this installation's dictionary (empty = fine).

    Every Protheus column a source names must exist; a bare-column field must have a
    compatible type; a record's worst case must fit INTDC_DADOS. `tables` limits the
    check to the Protheus tables the target uses (e.g. without HRH when GRR is off).
    """
    wanted = set(tables) if tables is not None else None
    problems: list[str] = []
    for lay in LAYOUTS.values():
        for owner, table, column in column_refs(lay, names):
            if wanted is not None and table not in wanted:
                continue
            if not dictionary.has_column(table, column):
                problems.append(f"layout {lay.action}, {owner}: {table}.{column} is not in the "
                                "Protheus dictionary")
        for f in lay.fields:
            src = source_sql(f.source, names)
            m = re.fullmatch(r"([a-z][a-z0-9]*)\.([A-Z][A-Z0-9_]*)", src)
            if not m or m.group(1) not in lay.tables or m.group(2) == "R_E_C_N_O_":
                continue
            known = dictionary.field(m.group(2))
            if known is None:
                continue
            expected = {"C": ("C", "L"), "D": ("D",), "N": ("N",), "I": ("N",)}[f.type]
            if known.type not in expected:
                problems.append(f"layout {lay.action}, field {f.name}: {known.name} is type "
                                f"{known.type}, the layout sends {WIRE_TYPES[f.type]}")
        if any(p.startswith(f"layout {lay.action},") for p in problems):
            continue  # sizes are unknown until the dictionary describes every column
        worst = worst_case_bytes(lay.action, dictionary, names)
        if worst > MAX_RECORD_BYTES:
            problems.append(f"layout {lay.action}: worst-case record is {worst} bytes "
                            f"(INTDC_DADOS holds {MAX_RECORD_BYTES})")
    return problems


def field_size(f: LayoutField, lay: Layout, dictionary: Dictionary, names: SqlNames) -> int:
    """Max characters of a field's value: declared, or the dictionary size of its column."""
    if f.size is not None:
        return f.size
    m = re.fullmatch(r"([a-z][a-z0-9]*)\.([A-Z][A-Z0-9_]*)", source_sql(f.source, names))
    if m and m.group(2) == "R_E_C_N_O_":
        return INTEGER_DIGITS
    known = dictionary.field(m.group(2)) if m else None
    if known is None:
        raise ValueError(f"layout {lay.action}, field {f.name}: no size and no dictionary column")
    return known.size


def worst_case_bytes(action: str, dictionary: Dictionary, names: SqlNames) -> int:
    """Upper bound of a record's length in bytes (every character escaped or multi-byte)."""
    lay = layout(action)
    total = len(lay.action)
    for f in lay.fields:
        size = field_size(f, lay, dictionary, names)
        total += len(SEPARATOR)
        total += size * MAX_BYTES_PER_CHAR if f.type in ("C", "D") else size + 2
    return total


# --------------------------------------------------------------------------- Python codec

Value = str | Decimal | int | dt.date | None


def escape(text: str) -> str:
    """The escaping rule applied to one text value."""
    out = []
    for ch in text:
        for raw, escaped in ESCAPES:
            if ch == raw:
                out.append(escaped)
                break
        else:
            out.append(ch)
    return "".join(out)


def split_record(record: str) -> list[str]:
    """Fields of a record, unescaped; a dangling or unknown escape is a decode error."""
    fields: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(record):
        ch = record[i]
        if ch == ESCAPE:
            pair = record[i:i + 2]
            if pair not in _UNESCAPES:
                shown = pair if len(pair) == 2 else "\\ at the end"
                raise DecodeError(f"invalid escape {shown!r} at position {i + 1}")
            current.append(_UNESCAPES[pair])
            i += 2
            continue
        if ch == SEPARATOR:
            fields.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    fields.append("".join(current))
    return fields


def format_value(f: LayoutField, value: Value) -> str:
    """A Python value as the wire text of field `f` (before escaping), like the SQL does."""
    if value is None or value == "":
        return ""
    if f.type in ("C", "D"):
        if isinstance(value, dt.date):
            return value.strftime("%Y%m%d")
        return str(value).rstrip(" ")
    if f.type == "N":
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        quantum = Decimal(1).scaleb(-f.decimals)
        return format(number.quantize(quantum, rounding=ROUND_HALF_UP), "f")
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise TypeError(f"field {f.name}: integer expected, got {value!r}")
    return str(int(value))


def encode_record(action: str, values: Mapping[str, Value]) -> str:
    """The record the database would write for these values (missing fields are empty)."""
    lay = layout(action)
    unknown = set(values) - set(lay.names)
    if unknown:
        raise DecodeError(f"{action} has no field(s) {', '.join(sorted(unknown))}")
    parts = [lay.action] + [escape(format_value(f, values.get(f.name))) for f in lay.fields]
    return SEPARATOR.join(parts)


def parse_value(f: LayoutField, text: str, action: str, position: int) -> Value:
    """A wire text as a Python value of the field's type (strict on dates and numbers)."""
    where = f"{action} field {position} ({f.name})"
    if f.type == "C":
        return text
    if text == "":
        return None
    if f.type == "D":
        try:
            if not re.fullmatch(r"\d{8}", text):
                raise ValueError
            return dt.datetime.strptime(text, "%Y%m%d").date()
        except ValueError:
            raise DecodeError(f"{where}: {text!r} is not a date YYYYMMDD") from None
    if f.type == "N":
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise DecodeError(f"{where}: {text!r} is not a decimal number")
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern already excludes it
            raise DecodeError(f"{where}: {text!r} is not a decimal number") from None
    if not re.fullmatch(r"-?\d+", text):
        raise DecodeError(f"{where}: {text!r} is not an integer")
    return int(text)


@dataclass(frozen=True)
class DecodedRecord:
    action: str
    fields: tuple[tuple[str, Value], ...]

    def as_dict(self) -> dict[str, Value]:
        return dict(self.fields)


def decode_record(record: str) -> DecodedRecord:
    """Split, unescape and type a record; unknown action or field count is an error."""
    parts = split_record(record)
    action = parts[0]
    lay = layout(action)
    got = len(parts) - 1
    if got != len(lay.fields):
        raise DecodeError(
            f"{action} record has {got} field(s) after the action, the layout has "
            f"{len(lay.fields)}"
        )
    values = tuple(
        (f.name, parse_value(f, text, action, i))
        for i, (f, text) in enumerate(zip(lay.fields, parts[1:], strict=True), start=1)
    )
    return DecodedRecord(action, values)


def example_values(action: str) -> dict[str, Value]:
    """The documented example of a layout as typed values."""
    lay = layout(action)
    return {f.name: parse_value(f, f.example, action, i)
            for i, f in enumerate(lay.fields, start=1)}


def example_record(action: str) -> str:
    """The documented example record of a layout, on the wire."""
    lay = layout(action)
    return SEPARATOR.join([lay.action] + [escape(f.example) for f in lay.fields])


# --------------------------------------------------------------------------- documentation


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def wire_format(f: LayoutField) -> str:
    if f.type == "N":
        return f"decimal, {f.decimals} places, '.'" if f.decimals else "integer"
    return {"C": "text, right-trimmed, escaped", "D": "YYYYMMDD or empty",
            "I": "integer"}[f.type]


FieldRow = tuple[str, str, str, str, str, str, str]


def field_rows(action: str, dictionary: Dictionary, names: SqlNames) -> list[FieldRow]:
    """(position, name, type, size, format, source, example) of each field."""
    lay = layout(action)
    rows: list[FieldRow] = [("0", "acao", "C", "3", "action code", f"'{lay.action}'", lay.action)]
    for i, f in enumerate(lay.fields, start=1):
        size = str(field_size(f, lay, dictionary, names))
        if f.type == "N" and f.decimals:
            size += f",{f.decimals}"
        source = " ".join(source_sql(f.source, names).split())
        rows.append((str(i), f.name, f.type, size, wire_format(f), source, f.example))
    return rows


def layout_markdown(action: str, dictionary: Dictionary, names: SqlNames) -> str:
    """A Markdown table of a layout plus its example record."""
    lay = layout(action)
    out = [f"#### {lay.action} — {lay.meaning}", "",
           f"Produced by: {lay.producer} ({', '.join(lay.produced_by)}). "
           f"Idempotency key: `{lay.idempotency_doc}`.", "",
           "| # | field | type | size | format | source | example |",
           "|---|---|---|---|---|---|---|"]
    for row in field_rows(action, dictionary, names):
        pos, name, type_, size, fmt, source, example = row
        out.append(f"| {pos} | `{name}` | {type_} | {size} | {fmt} | `{_md_cell(source)}` | "
                   f"{_md_cell(example) or '(empty)'} |")
    out += ["", "Example:", "", "```", example_record(action), "```", ""]
    return "\n".join(out)


def parameters_markdown(params_table: str) -> str:
    out = [f"| parameter ({params_table}) | type | default | meaning |", "|---|---|---|---|"]
    for p in PARAMETERS:
        out.append(f"| `{p.name}` | {p.kind} | `{p.default}` | {_md_cell(p.description)} |"
                   if p.default else
                   f"| `{p.name}` | {p.kind} | (empty) | {_md_cell(p.description)} |")
    return "\n".join(out)


@dataclass(frozen=True)
class CustomFieldSpec:
    """A custom SE1 field as the DBA checklist shows it."""

    role: str
    field: Field | None  # None: missing from the dictionary
    name: str
    description: str


def custom_field_specs(custom: Mapping[str, str], dictionary: Dictionary) -> list[CustomFieldSpec]:
    return [CustomFieldSpec(role, dictionary.field(name), name, CUSTOM_FIELD_ROLES.get(role, ""))
            for role, name in custom.items()]


def dba_checklist(custom: Mapping[str, str], dictionary: Dictionary, *, se1_table: str,
                  grants: Iterable[str] = ()) -> str:
    """Markdown checklist of what a DBA / Protheus admin does before the first deploy.

    The custom fields are created in Protheus (SIGACFG), never with ALTER TABLE: the
    dictionary (SX3) and the physical table must stay in step; the ALTER shown is what
    DBAccess will run, for review only.
    """
    out = [f"Custom fields of `{se1_table}` (create them in the Configurador, SIGACFG → "
           "Base de dados → Dicionário → SE1; context *Real*, not mandatory, not in browse, "
           "no validation, initial value blank/zero):", "",
           "| done | field | type | size | dec | title (X3_TITULO) | purpose | physical column |",
           "|---|---|---|---|---|---|---|---|"]
    for spec in custom_field_specs(custom, dictionary):
        f = spec.field
        if f is None:
            out.append(f"| [ ] | `{spec.name}` | ? | ? | ? | ? | {_md_cell(spec.description)} "
                       "| **not in the dictionary: describe it in integration.fields_file** |")
            continue
        out.append(f"| [ ] | `{f.name}` | {f.type} | {f.size} | {f.decimal} | {f.title} | "
                   f"{_md_cell(spec.description)} | `{f.oracle_type}` |")
    out += ["", "Then:", "",
            f"- [ ] existing rows read blank/zero in every field above (DBAccess fills them; "
            f"`SELECT COUNT(*) FROM {se1_table} WHERE <field> IS NULL` returns 0 for each);",
            "- [ ] SIX index on SE1 `E1_FILIAL+" + custom.get("sent_flag", "E1_XCNFENV")
            + "` (PRV, PGO/EST catch-up and CAN read titles by state);"]
    out += [f"- [ ] {g}" for g in grants]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- design doc

DOC_SECTIONS = ("layouts", "parameters", "dba-checklist")
_SECTION = re.compile(r"(<!-- generated:(?P<name>[a-z-]+) -->\n).*?(<!-- /generated:(?P=name) -->)",
                      re.S)


def design_doc_sections(dictionary: Dictionary, names: SqlNames, *, se1_table: str,
                        params_table: str, grants: Iterable[str] = ()) -> dict[str, str]:
    """The generated parts of docs/integration-design.md (from the same data as the SQL)."""
    return {
        "layouts": "\n".join(layout_markdown(a, dictionary, names) for a in ACTIONS),
        "parameters": parameters_markdown(params_table) + "\n",
        "dba-checklist": dba_checklist(names.custom, dictionary, se1_table=se1_table,
                                       grants=grants),
    }


def fill_doc(text: str, sections: Mapping[str, str]) -> str:
    """`text` with every <!-- generated:NAME --> ... <!-- /generated:NAME --> block refreshed."""
    def replace(m: re.Match[str]) -> str:
        body = sections[m.group("name")]
        return m.group(1) + "\n" + body.rstrip("\n") + "\n\n" + m.group(3)

    return _SECTION.sub(replace, text)


def main(argv: list[str] | None = None) -> int:
    """`python -m conefi_dbtool.layouts DOC [CONFIG] [TARGET]`: refresh a design doc."""
    import sys

    from conefi_dbtool.config import load_project
    from conefi_dbtool.context import design_doc_inputs

    args = sys.argv[1:] if argv is None else argv
    doc = args[0] if args else "docs/integration-design.md"
    project = load_project(args[1] if len(args) > 1 else None)
    target = project.target(args[2] if len(args) > 2 else "example")
    path = project.root / doc
    sections = design_doc_sections(**design_doc_inputs(project, target))
    path.write_text(fill_doc(path.read_text(encoding="utf-8"), sections), encoding="utf-8")
    print(f"{doc}: generated sections refreshed for target {target.name}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
