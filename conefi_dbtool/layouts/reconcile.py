"""The reconciliation rules, in one table, and the pure model that runs them.

Each `Rule` says when an action is due for a title (or one of its SE5 movements), the key
that makes it happen once, and what it changes in the title's sent state (the custom
``E1_XCNF*`` fields). The daily job and the trigger run the SQL generated from these rules
(`reconcile_sql`); `reconcile` runs the same rules in Python on the same columns, so a
property test can play any sequence of Protheus operations against them.

Why each rule is keyed the way it is:

* a movement (PGO, EST) is keyed by the SE5 row's ``R_E_C_N_O_``: a payment is sent once
  and undone once, whatever path or evidence sees it first;
* a title change (DES, PRG) is keyed by the title and its *send version* (incremented by
  every DES/PRG): a value going A→B→A→B is four changes, never two. The ``V`` keeps these
  keys apart from layout 1's (``DES:<recno>:<event id>``), which a small event id could
  otherwise match and silently block;
* PGO and EST run before DES and move the amount last sent by what they reported, so a
  DES never repeats an amount sent (or about to be sent) as a payment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from conefi_dbtool.layouts.amounts import AMOUNT_DUE, PRINCIPAL
from conefi_dbtool.layouts.expr import (
    All,
    Any_,
    Arith,
    Col,
    Expr,
    In,
    Lit,
    Missing,
    Row,
    Scalar,
    eq,
    gt,
    holds,
    le,
    ne,
    value,
)

IN_COLLECTION = ("S", "P")  # sent flag of a title CONEFI is collecting
BLANK_DATE = " " * 8
NEXT_VERSION: Expr = Arith("+", Col("version"), Lit(1))

# Sent-state columns (the custom SE1 fields, by role) the effects may write.
SentField = Literal["flag", "sent_due", "sent_amount", "sent_value", "version"]


@dataclass(frozen=True)
class Effect:
    """What emitting a rule's records does to the title's sent state.

    `set`: the field takes `expr` (a title column expression). `add` / `subtract`: the
    field moves by the sum of `expr` over the movements the rule emitted (movement rules).
    """

    field: SentField
    expr: Expr
    mode: Literal["set", "add", "subtract"] = "set"


@dataclass(frozen=True)
class Rule:
    action: str
    scope: Literal["title", "movement"]
    when: Expr
    key: tuple[str | Expr, ...]  # parts joined by ':' (texts as they are, numbers as digits)
    effects: tuple[Effect, ...]
    doc: str


@dataclass(frozen=True)
class Policy:
    """The configurable inputs of the rules (integration.money in conefi.toml)."""

    payment_tipodoc: tuple[str, ...] = ("VL", "BA", "CP", "V2")
    reversal_situacao: tuple[str, ...] = ("C", "E", "X")
    excluded_motbx: tuple[str, ...] = ()  # settlement reasons never sent as PGO (LIQ/FAT ignored)
    # integration.earlier_due_date = "prg": a due date moved earlier is a PRG too; by default
    # only a later one (a prorrogação) is, and an earlier one is not reported
    earlier_due_date: bool = False


def build_rules(policy: Policy = Policy()) -> tuple[Rule, ...]:
    """The rules in run order: CAN, PGO, EST, PRG, DES."""
    live_in_collection = (In(Col("flag"), IN_COLLECTION), eq(Col("del"), Lit(" ")))
    payment = (eq(Col("recpag"), Lit("R")), In(Col("tipodoc"), policy.payment_tipodoc))
    undone_by_situation = In(Col("situacao"), policy.reversal_situacao)
    reported = ((In(Col("motbx"), policy.excluded_motbx, negated=True),)
                if policy.excluded_motbx else ())
    return (
        Rule(
            "CAN", "title",
            All((In(Col("flag"), IN_COLLECTION), eq(Col("del"), Lit("*")))),
            ("CAN", Col("recno")),
            (Effect("flag", Lit("C")),),
            "a title in collection was deleted in Protheus",
        ),
        Rule(
            "PGO", "movement",
            All((*live_in_collection, *payment, *reported, eq(Col("mov_del"), Lit(" ")),
                 In(Col("situacao"), policy.reversal_situacao, negated=True),
                 Missing(Col("es_recno")), gt(Col("mov_recno"), Col("baseline")))),
            ("PGO", Col("mov_recno")),
            (Effect("sent_amount", PRINCIPAL, "subtract"),),
            "a live settlement made after INC, not undone",
        ),
        Rule(
            "EST", "movement",
            All((*live_in_collection, *payment, eq(Col("est_legacy"), Lit("N")),
                 Any_((
                     All((eq(Col("pgo_sent"), Lit("S")),
                          Any_((undone_by_situation, eq(Col("mov_del"), Lit("*")),
                                Missing(Col("es_recno"), negated=True))))),
                     All((le(Col("mov_recno"), Col("baseline")),
                          gt(Col("es_recno"), Col("baseline")))),
                 )))),
            ("EST", "P", Col("mov_recno")),
            (Effect("sent_amount", PRINCIPAL, "add"),),
            "a settlement CONEFI knows (sent as PGO, or in the INC balance) was undone: "
            "an ES row with its key and E5_SEQ, E5_SITUACA C/E/X, or its SE5 row deleted",
        ),
        Rule(
            "PRG", "title",
            All((*live_in_collection,
                 (ne if policy.earlier_due_date else gt)(Col("due"), Col("sent_due")),
                 ne(Col("due"), Lit(BLANK_DATE)))),
            ("PRG", Col("recno"), "V", NEXT_VERSION),
            (Effect("sent_due", Col("due")), Effect("flag", Lit("P")),
             Effect("version", NEXT_VERSION)),
            "the real due date moved later than the one last sent (earlier too, by option)",
        ),
        Rule(
            "DES", "title",
            All((*live_in_collection, ne(Col("amount_due"), Col("sent_amount")))),
            ("DES", Col("recno"), "V", NEXT_VERSION),
            (Effect("sent_amount", Col("amount_due")), Effect("sent_value", Col("value")),
             Effect("version", NEXT_VERSION)),
            "the amount due differs from the amount last sent (after PGO/EST)",
        ),
    )


RULES: tuple[Rule, ...] = build_rules()
RULE_ACTIONS: tuple[str, ...] = tuple(r.action for r in RULES)


def rule(action: str, rules: Sequence[Rule] = RULES) -> Rule:
    for r in rules:
        if r.action == action:
            return r
    raise KeyError(action)


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Sent:
    """What CONEFI was last told about a title (the custom SE1 fields)."""

    flag: str = " "
    sent_due: str = BLANK_DATE
    sent_amount: Decimal = Decimal(0)
    sent_value: Decimal = Decimal(0)
    version: int = 0
    baseline: int = 0  # highest SE5 R_E_C_N_O_ reflected in the INC balance


@dataclass(frozen=True)
class Movement:
    """One SE5 row of the title as the database holds it now."""

    recno: int
    tipodoc: str
    seq: str
    valor: Decimal
    juros: Decimal = Decimal(0)
    multa: Decimal = Decimal(0)
    desconto: Decimal = Decimal(0)
    situacao: str = " "
    deleted: bool = False
    recpag: str = "R"
    motbx: str = "NOR"


@dataclass(frozen=True)
class Title:
    """One SE1 title as the database holds it now, with its movements."""

    recno: int
    due: str
    value: Decimal
    saldo: Decimal
    sdacres: Decimal = Decimal(0)
    sddecre: Decimal = Decimal(0)
    abatimentos: Decimal = Decimal(0)
    desconto_fin: Decimal = Decimal(0)
    deleted: bool = False
    movements: tuple[Movement, ...] = ()


@dataclass(frozen=True)
class Emitted:
    """A record the rules queue: its action, idempotency key and the row it came from."""

    action: str
    key: str
    row: Mapping[str, Scalar] = field(compare=False)


def title_row(title: Title, sent: Sent) -> dict[str, Scalar]:
    """The title-scope columns, named as the SQL names them (`reconcile_sql.title_columns`)."""
    row: dict[str, Scalar] = {
        "recno": title.recno, "del": "*" if title.deleted else " ", "due": title.due,
        "value": title.value, "saldo": title.saldo, "sdacres": title.sdacres,
        "sddecre": title.sddecre, "abatimentos": title.abatimentos,
        "desconto_fin": title.desconto_fin,
        "flag": sent.flag, "sent_due": sent.sent_due, "sent_amount": sent.sent_amount,
        "sent_value": sent.sent_value, "version": sent.version, "baseline": sent.baseline,
    }
    row["amount_due"] = value(AMOUNT_DUE, row)
    return row


def reversal_of(m: Movement, title: Title) -> int | None:
    """R_E_C_N_O_ of the first live ES row after the movement with its E5_SEQ (None: none).

    "After": a reversal is written after what it reverses, so an E5_SEQ used again by a
    later settlement is not taken for reversed by an older ES row.
    """
    found = [x.recno for x in title.movements
             if x.tipodoc == "ES" and not x.deleted and x.seq == m.seq and x.recno > m.recno]
    return min(found) if found else None


def movement_row(m: Movement, title: Title, base: Row, queued: Iterable[str]) -> dict[str, Scalar]:
    """The movement-scope columns: the title's, the SE5 row's, and what the queue holds."""
    keys = set(queued)
    es = reversal_of(m, title)
    row: dict[str, Scalar] = {
        **base, "mov_recno": m.recno, "mov_del": "*" if m.deleted else " ", "recpag": m.recpag,
        "tipodoc": m.tipodoc, "situacao": m.situacao, "motbx": m.motbx, "valor": m.valor, "juros": m.juros,
        "multa": m.multa, "desconto": m.desconto, "es_recno": es,
        "pgo_sent": "S" if f"PGO:{m.recno}" in keys else "N",
        "est_legacy": "S" if es is not None and f"EST:{es}" in keys else "N",
    }
    row["principal"] = value(PRINCIPAL, row)
    return row


def key_of(r: Rule, row: Row) -> str:
    parts = []
    for p in r.key:
        if isinstance(p, str):
            parts.append(p)
        else:
            v = value(p, row)
            parts.append(str(int(v)) if isinstance(v, int | Decimal) else str(v))
    return ":".join(parts)


def _apply(sent: Sent, r: Rule, rows: Sequence[Row]) -> Sent:
    """The sent state after `r` emitted `rows` (every expression reads the old state)."""
    changes: dict[str, object] = {}
    for e in r.effects:
        if e.mode == "set":
            changes[e.field] = value(e.expr, rows[0])
            continue
        total = sum((Decimal(str(value(e.expr, row))) for row in rows), Decimal(0))
        old = getattr(sent, e.field)
        changes[e.field] = old + total if e.mode == "add" else old - total
    if "version" in changes:
        changes["version"] = int(Decimal(str(changes["version"])))
    return replace(sent, **changes)  # type: ignore[arg-type]


def reconcile(title: Title, sent: Sent, queued: Iterable[str], *,
              rules: Sequence[Rule] = RULES,
              actions: Iterable[str] | None = None) -> tuple[tuple[Emitted, ...], Sent]:
    """Run the rules on one title: the records queued, and the sent state afterwards.

    `queued` is every idempotency key already in the queue; `actions` limits the run to
    some rules (the order stays the table's). Each rule sees the state the previous ones
    left, as the SQL statements do one after another.
    """
    keys = set(queued)
    wanted = set(actions) if actions is not None else None
    out: list[Emitted] = []
    for r in rules:
        if wanted is not None and r.action not in wanted:
            continue
        base = title_row(title, sent)
        if r.scope == "title":
            candidates = [base]
        else:
            candidates = [movement_row(m, title, base, keys)
                          for m in sorted(title.movements, key=lambda x: x.recno)]
        emitted = []
        for row in candidates:
            if holds(r.when, row):
                key = key_of(r, row)
                if key not in keys:
                    emitted.append(Emitted(r.action, key, row))
                    keys.add(key)
        if emitted:
            sent = _apply(sent, r, [e.row for e in emitted])
            out.extend(emitted)
    return tuple(out), sent


def enter_collection(title: Title) -> Sent:
    """The sent state INC leaves: the amount due and due date CONEFI now knows."""
    row = title_row(title, Sent())
    amount = row["amount_due"]
    assert isinstance(amount, Decimal)
    return Sent(flag="S", sent_due=title.due, sent_amount=amount, sent_value=title.value,
                version=0, baseline=max((m.recno for m in title.movements), default=0))
