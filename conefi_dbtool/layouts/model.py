"""What a layout is: `Layout`, its `LayoutField`s and the daily job's `JobStep`.

The layouts themselves are data in `v1` and `v2` (one module per layout version);
`data` is the registry every reader goes through.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from conefi_dbtool.layouts.reconcile import RULE_ACTIONS, rule
from conefi_dbtool.layouts.reconcile_sql import key_doc, key_sql, reversal_sql
from conefi_dbtool.layouts.wire import WireType

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
    # steps that must have succeeded in the same run: skipped otherwise (their sent state
    # would be read before the payments were subtracted from it)
    after: tuple[str, ...] = ()


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


def key_fields(a: str) -> tuple[LayoutField, ...]:
    """The five fields of the SE1 unique key (index 1), first in every title record."""
    return (
        LayoutField("filial", "C", f"{a}.E1_FILIAL", "Branch (E1_FILIAL)", "01"),
        LayoutField("prefixo", "C", f"{a}.E1_PREFIXO", "Prefix (E1_PREFIXO)", "FAT"),
        LayoutField("numero", "C", f"{a}.E1_NUM", "Title number (E1_NUM)", "000123456"),
        LayoutField("parcela", "C", f"{a}.E1_PARCELA", "Installment (E1_PARCELA)", "A"),
        LayoutField("tipo", "C", f"{a}.E1_TIPO", "Title type (E1_TIPO)", "DP"),
    )


# --------------------------------------------------------------------------- shared pieces

JOB = ("PKG_CONEFI_JOB",)
EVENT = ("PKG_CONEFI_EVENTO", "T_INTGRA_RET_ERP_CONEFI")
_AND = "\n   AND "

# How the daily job produces each action, the same in every layout version (the steps
# are logic; the versions differ in fields only). PRG and DES need PGO and EST of the same
# run: a DES computed while PGO's update was rolled back would send the payments as a
# discount, and the next PGO would send them again. PRG runs before PRV: a due date moved
# to a day already past is a PRG, then a PRV, never a PRV that hides the PRG.
STEPS: Mapping[str, JobStep] = {
    "INC": JobStep(10, "V_CONEFI_CAND_INC", "overdue titles never sent", handwritten=True),
    "PGO": JobStep(20, "V_CONEFI_MOV_PGO", "reconciliation: settlements neither path queued yet"),
    "EST": JobStep(30, "V_CONEFI_MOV_EST", "reconciliation: settlements CONEFI knows, undone"),
    "CAN": JobStep(40, "V_CONEFI_CAND_CAN", "reconciliation: titles in collection deleted"),
    "PRG": JobStep(44, "V_CONEFI_CAND_PRG", "reconciliation: due date differs from the one sent",
                   after=("PGO", "EST")),
    "DES": JobStep(46, "V_CONEFI_CAND_DES", "reconciliation: amount due differs from the one sent",
                   after=("PGO", "EST")),
    "PRV": JobStep(50, "V_CONEFI_CAND_PRV", "extended titles overdue again", handwritten=True),
    "HST": JobStep(60, "V_CONEFI_CAND_HST", "customer history after INC/DES/PRG", handwritten=True),
}

# PRV: once per extension, i.e. per send version (every PRG increments it). Keyed by the
# due date instead, a title moved A -> B -> A would find PRV:<recno>:<A> queued and stay
# 'P' (extended) for ever; the ':V:' keeps these keys apart from the older ':<date>' ones.
PRV_KEY = "'PRV:' || TO_CHAR(e1.R_E_C_N_O_) || ':V:' || TO_CHAR(e1.{send_version})"
PRV_KEY_DOC = "PRV:<SE1 R_E_C_N_O_>:V:<send version> — once per extension (PRG)"
# The INC baseline: the title's last live movement, joined as every view joins (sharing-aware).
BASELINE_MOVEMENT = (
    "(SELECT NVL(MAX(m.R_E_C_N_O_), 0)\n  FROM {se5} m\n WHERE m.D_E_L_E_T_ = ' '\n"
    "   AND {movement_m_of_e1})"
)
DAYS_LATE_HISTORY = (
    "CASE WHEN h.E1_VENCREA <> {blank_date} THEN\n"
    "  GREATEST(0, CASE WHEN h.E1_SALDO = 0 AND h.E1_BAIXA <> {blank_date}\n"
    "                   THEN TO_DATE(h.E1_BAIXA, 'YYYYMMDD')\n"
    "                   ELSE TO_DATE({today}, 'YYYYMMDD') END\n"
    "              - TO_DATE(h.E1_VENCREA, 'YYYYMMDD'))\n"
    "END"
)
# EST is about the settlement undone (SE5 alias e5): its reversal row, if any, and its PGO.
REVERSAL_RECNO = reversal_sql("e5")
REVERSAL_DATE = ("NVL((SELECT MIN(x.E5_DATA)\n       FROM {se5} x\n      WHERE x.D_E_L_E_T_ = ' '\n"
                 "        AND x.R_E_C_N_O_ = " + REVERSAL_RECNO + "), {today})")
ORIGINAL_QUEUE_ID = ("(SELECT MIN(q.INTDC_ID)\n   FROM {queue} q\n"
                     "  WHERE q.INTDC_DES_IDEMP = 'PGO:' || TO_CHAR(e5.R_E_C_N_O_))")


def reconciled(lay: Layout) -> Layout:
    """`lay` with the idempotency key of its reconciliation rule and its job step."""
    step = STEPS.get(lay.action)
    if lay.action not in RULE_ACTIONS:
        return replace(lay, step=step)
    r = rule(lay.action)
    return replace(lay, idempotency=key_sql(r),
                   idempotency_doc=f"{key_doc(r)} — {r.doc}", step=step)
