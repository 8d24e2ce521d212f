"""A Protheus-shaped title simulator and CONEFI's view of it, for the reconciliation tests.

The simulator changes a title the way Protheus routines do (settlements, their reversal
in three ways, surcharge/rebate/abatement, value and due-date changes, deletion); the
`Conefi` side applies the queued records as deltas, so a payment counted twice or a
change lost shows up as a difference between what CONEFI believes and what is due.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from conefi_dbtool.layouts.reconcile import (
    RULES,
    Emitted,
    Movement,
    Rule,
    Sent,
    Title,
    enter_collection,
    reconcile,
    title_row,
)

TRIGGER_ACTIONS = ("PGO", "EST", "PRG", "DES")  # a title event; a movement event: PGO, EST


@dataclass
class Conefi:
    """What CONEFI believes, built only from the records it received."""

    amount: Decimal = Decimal(0)
    due: str = ""
    cancelled: bool = False

    def receive(self, e: Emitted) -> None:
        row = e.row
        if e.action == "PGO":
            self.amount -= Decimal(str(row["principal"]))
        elif e.action == "EST":
            self.amount += Decimal(str(row["principal"]))
        elif e.action == "DES":  # the change it reports: new amount due - amount last sent
            self.amount += Decimal(str(row["amount_due"])) - Decimal(str(row["sent_amount"]))
        elif e.action == "PRG":
            self.due = str(row["due"])
        elif e.action == "CAN":
            self.cancelled = True


@dataclass
class World:
    title: Title
    sent: Sent = Sent()
    queue: list[Emitted] = field(default_factory=list)
    conefi: Conefi = field(default_factory=Conefi)
    next_recno: int = 100
    seq: int = 0
    rules: tuple[Rule, ...] = RULES

    # ------------------------------------------------------------ Protheus operations

    def _new_recno(self) -> int:
        self.next_recno += 1
        return self.next_recno

    def pay(self, principal: Decimal, juros: Decimal, multa: Decimal, desconto: Decimal,
            tipodoc: str, motbx: str = "NOR") -> None:
        principal = min(principal, self.title.saldo)
        if principal <= 0:
            return
        self.seq += 1
        m = Movement(self._new_recno(), tipodoc, f"{self.seq:02d}",
                     principal + juros + multa - desconto, juros, multa, desconto, motbx=motbx)
        self.title = replace(self.title, saldo=self.title.saldo - principal,
                             movements=(*self.title.movements, m))

    def interest_row(self) -> None:
        """A JR row: not a payment type, changes nothing CONEFI is told."""
        m = Movement(self._new_recno(), "JR", "99", Decimal("1.00"))
        self.title = replace(self.title, movements=(*self.title.movements, m))

    def _effective(self) -> list[Movement]:
        es_seqs = {m.seq for m in self.title.movements if m.tipodoc == "ES" and not m.deleted}
        return [m for m in self.title.movements
                if m.tipodoc in ("VL", "BA", "CP", "V2") and not m.deleted
                and m.situacao not in ("C", "E", "X") and m.seq not in es_seqs]

    def undo(self, pick: int, how: str) -> None:
        live = self._effective()
        if not live:
            return
        m = live[pick % len(live)]
        principal = m.valor - m.juros - m.multa + m.desconto
        moves = list(self.title.movements)
        if how == "ES":
            moves.append(Movement(self._new_recno(), "ES", m.seq, m.valor, recpag="P"))
        elif how == "DEL":
            moves[moves.index(m)] = replace(m, deleted=True)
        else:
            moves[moves.index(m)] = replace(m, situacao=how)
        self.title = replace(self.title, saldo=self.title.saldo + principal,
                             movements=tuple(moves))

    def surcharge(self, amount: Decimal) -> None:
        self.title = replace(self.title, sdacres=self.title.sdacres + amount)

    def rebate(self, amount: Decimal) -> None:
        self.title = replace(self.title, sddecre=self.title.sddecre + amount)

    def abate(self, amount: Decimal) -> None:
        self.title = replace(self.title, abatimentos=self.title.abatimentos + amount)

    def change_value(self, delta: Decimal) -> None:
        if self.title.saldo + delta < 0:
            return
        self.title = replace(self.title, value=self.title.value + delta,
                             saldo=self.title.saldo + delta)

    def move_due(self, due: str) -> None:
        self.title = replace(self.title, due=due)

    def delete(self) -> None:
        self.title = replace(self.title, deleted=True)

    # ------------------------------------------------------------ integration paths

    def inc(self) -> None:
        self.sent = enter_collection(self.title)
        row = title_row(self.title, self.sent)
        self.conefi.amount = Decimal(str(row["amount_due"]))
        self.conefi.due = self.title.due
        self.queue.append(Emitted("INC", f"INC:{self.title.recno}", row))

    def _run(self, actions: tuple[str, ...] | None) -> list[Emitted]:
        if self.title.deleted and actions is not None:
            return []  # the trigger finds no live title: the job's CAN reports it
        emitted, self.sent = reconcile(self.title, self.sent, [e.key for e in self.queue],
                                       rules=self.rules, actions=actions)
        for e in emitted:
            self.queue.append(e)
            self.conefi.receive(e)
        return list(emitted)

    def trigger(self, movement_event: bool = False) -> list[Emitted]:
        return self._run(TRIGGER_ACTIONS[:2] if movement_event else TRIGGER_ACTIONS)

    def job(self) -> list[Emitted]:
        return self._run(None)

    def truth(self) -> Decimal:
        row = title_row(self.title, self.sent)
        return Decimal(str(row["amount_due"]))
