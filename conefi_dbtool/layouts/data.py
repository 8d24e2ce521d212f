"""The record layouts as data: one `Layout` per action, its fields and control columns.

One layout per action: ordered fields, the SQL expression that yields each value, its wire
type and an example. Everything else (record builders, candidate-view columns, the
decoder, the docs) is generated from `LAYOUTS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from conefi_dbtool.layouts.keys import movement_join, same_title_movements
from conefi_dbtool.layouts.wire import INTEGER_DIGITS, DecodeError, WireType

CONTROL_COLUMNS = ("CTL_IDEMP", "CTL_CHAVE", "CTL_RECNO", "CTL_RECNO_SE5", "CTL_ORIGEM")


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
class JobStep:
    """How the daily job produces an action: a step inserting from its candidate view.

    From this the templates derive the job package's procedures, the order of the daily
    run and the scheduler job's description. A step is `handwritten` when its function in
    PKG_CONEFI_JOB's body does more than insert from the view (an SE1 state update, a
    restart window); otherwise the body template generates it.
    """

    order: int  # sorts the daily run (p_diario); spaced by 10 so a new step fits between
    view: str  # the candidate view it inserts from (template file name)
    doc: str  # one line for the package specification
    runner: str | None = None  # PL/SQL call in the step runner; None: f_<action>(v_exec)
    handwritten: bool = False


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
    step: JobStep | None = None  # the daily job's step producing it (None: not the job)

    def field(self, name: str) -> LayoutField:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


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


def _title_change(action: str, meaning: str, values: tuple[LayoutField, ...], what: str) -> Layout:
    """A change the ERP trigger reports on a title: its key, the values, the day; one per event."""
    return Layout(
        action, meaning, "trigger", _EVENT, {"e1": "SE1"},
        (
            *_key("e1"),
            *values,
            LayoutField("data_alteracao", "D", "{today}", "Date of the change", "20240312", size=8),
        ),
        f"'{action}:' || TO_CHAR(e1.R_E_C_N_O_) || ':' || TO_CHAR({{event_id}})",
        f"{action}:<SE1 R_E_C_N_O_>:<event id> — one per ERP event that {what}",
    )

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
            step=JobStep(10, "V_CONEFI_CAND_INC", "overdue titles never sent", handwritten=True),
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
            step=JobStep(20, "V_CONEFI_MOV_PGO", "catch-up: settlements after INC the trigger did not queue",
                         runner="f_movimentos(v_exec, 'PGO')", handwritten=True),
        ),
        _title_change(
            "DES", "Value of a title in collection changed (old/new value and balance)",
            (
                LayoutField("valor_anterior", "N", "e1.{sent_value}", "Value last sent",
                            "1500.00", decimals=2),
                LayoutField("valor_novo", "N", "e1.E1_VALOR", "New value (E1_VALOR)", "1400.00",
                            decimals=2),
                LayoutField("saldo_anterior", "N", "e1.{sent_balance}", "Balance last sent",
                            "1500.00", decimals=2),
                LayoutField("saldo_novo", "N", "e1.E1_SALDO", "New balance (E1_SALDO)", "1400.00",
                            decimals=2),
            ),
            "changed the value",
        ),
        _title_change(
            "PRG", "Due date of a title in collection extended (prorrogação)",
            (
                LayoutField("venc_anterior", "D", "e1.{sent_due}", "Due date last sent",
                            "20240205"),
                LayoutField("venc_novo", "D", "e1.E1_VENCREA", "New real due date (E1_VENCREA)",
                            "20240405"),
                LayoutField("venc_original", "D", "e1.E1_VENCORI",
                            "Original due date (E1_VENCORI)", "20240205"),
            ),
            "moved the due date",
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
            step=JobStep(40, "V_CONEFI_CAND_CAN", "sent titles deleted in Protheus", handwritten=True),
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
            step=JobStep(60, "V_CONEFI_CAND_HST", "customer history after INC/DES/PRG", handwritten=True),
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
            step=JobStep(30, "V_CONEFI_MOV_EST", "catch-up: reversals after INC the trigger did not queue",
                         runner="f_movimentos(v_exec, 'EST')", handwritten=True),
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
            step=JobStep(50, "V_CONEFI_CAND_PRV", "extended titles overdue again", handwritten=True),
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


# (action, step) of every action the daily job produces, in run order.
JOB_STEPS: tuple[tuple[str, JobStep], ...] = tuple(sorted(
    ((lay.action, lay.step) for lay in LAYOUTS.values() if lay.step is not None),
    key=lambda pair: pair[1].order,
))


def layout(action: str) -> Layout:
    """The layout of `action`; an unknown action is a usage error naming the known ones."""
    try:
        return LAYOUTS[action]
    except KeyError:
        raise DecodeError(
            f"unknown action {action!r} (known: {', '.join(ACTIONS)})"
        ) from None
