"""Test data shaped like what Protheus writes, as SQL with binds (pure: no database).

Each builder returns a `Change`: the new state of the thing it built (a frozen value the
next builder takes) and the statements that write it. What each operation writes mirrors
Protheus (DESIGN.md §3):

* a title (FINA040 inclusion): SE1 row, `E1_VENCORI = E1_VENCTO`, `E1_SALDO = E1_VALOR`,
  `E1_STATUS = 'A'`, empty dates as 8 blanks;
* a settlement (FINA070): an SE5 row (`E5_TIPODOC = 'VL'`, `E5_RECPAG = 'R'`, next
  `E5_SEQ`), the SE1 update (`E1_SALDO` down, `E1_BAIXA`, `E1_STATUS = 'B'` when nothing
  is left) and the ERP event row in `SGU.INTGRA_RET_ERP`; partial when a balance remains;
* a reversal (FINA070 cancellation): a **new** SE5 row `E5_TIPODOC = 'ES'` with the same
  title key and `E5_SEQ` as the settlement it reverses, the balance restored, an event;
* a value change / an extension (FINA040 alteration): SE1 update (`E1_VALOR`/`E1_SALDO`,
  or `E1_VENCTO`/`E1_VENCREA` with `E1_VENCORI` kept) and an event;
* a cancellation (FINA040 deletion): soft delete, `D_E_L_E_T_ = '*'`,
  `R_E_C_D_E_L_ = R_E_C_N_O_`;
* a GRR title: prefix `GRR`, a GRR plan (HRD) and subscription (HRH), settled with
  `E5_MOTBX = 'GRR'`.

Character values are padded with blanks to the dictionary size (as Protheus stores them);
a value longer than its field, or a field not in the dictionary, is a usage error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from conefi_dbtool.config import Target
from conefi_dbtool.dictionary import Dictionary, Field
from conefi_dbtool.errors import UsageError
from conefi_dbtool.identifiers import sql_ident, sql_qualified

BindValue = str | int | Decimal | None
T = TypeVar("T")

BLANK_DATE = " " * 8
KEY_WIDTH = 16  # INTRE_DES_CHAVE: a zero-padded R_E_C_N_O_, e.g. 0000000001853173


def protheus_date(value: dt.date | None) -> str:
    """YYYYMMDD, or 8 blanks for no date."""
    return value.strftime("%Y%m%d") if value is not None else BLANK_DATE


@dataclass(frozen=True)
class Statement:
    """One SQL statement (no terminator) and its named binds."""

    sql: str
    binds: tuple[tuple[str, BindValue], ...] = ()
    purpose: str = ""

    def bind_dict(self) -> dict[str, BindValue]:
        return dict(self.binds)


@dataclass(frozen=True)
class Change(Generic[T]):
    """What a builder produced: the resulting value and the statements that write it."""

    value: T
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Customer:
    branch: str
    code: str
    store: str
    name: str
    short_name: str
    document: str  # CPF/CNPJ (A1_CGC)
    email: str
    recno: int


@dataclass(frozen=True)
class Title:
    """A receivable title (SE1 row) as it stands after the last change."""

    branch: str
    prefix: str
    number: str
    installment: str
    type: str
    customer: Customer
    recno: int
    value: Decimal
    balance: Decimal
    issued: dt.date
    due: dt.date  # E1_VENCTO
    real_due: dt.date  # E1_VENCREA
    original_due: dt.date  # E1_VENCORI
    status: str = "A"  # 'A' open, 'B' settled
    last_settlement: dt.date | None = None  # E1_BAIXA
    settlements: int = 0  # E5_SEQ of the last settlement
    deleted: bool = False


@dataclass(frozen=True)
class Movement:
    """An SE5 row of a title: settlement (VL/BA), reversal (ES), ..."""

    recno: int
    title_recno: int
    seq: str  # E5_SEQ
    kind: str  # E5_TIPODOC
    amount: Decimal
    date: dt.date
    reason: str  # E5_MOTBX


@dataclass(frozen=True)
class Settlement:
    title: Title
    movement: Movement


@dataclass(frozen=True)
class Event:
    """A row the ERP inserts into SGU.INTGRA_RET_ERP (its id comes from the sequence)."""

    kind: str  # PAG, REC, DEB, PLA
    key: str | None
    data: str | None
    routine: str | None
    entry_point: str | None
    user: str | None = "ADMIN"


# ERP routines and entry points of each operation (configurable in the event mapping).
SETTLEMENT = ("FINA070", "FA070TIT")
SETTLEMENT_CANCEL = ("FINA070", "FA070CAN")
TITLE_CHANGE = ("FINA040", "FA040ALT")
TITLE_INCLUSION = ("FINA040", "FA040INC")
TITLE_DELETION = ("FINA040", "FA040DEL")


def _money(value: Decimal | int | str) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


class Protheus:
    """Builds the rows Protheus writes for a target (its tables, company, event columns).

    Holds one counter per table for `R_E_C_N_O_` (Protheus allocates MAX + 1), so the
    ids of built rows are known to the test and can be asserted exactly.
    """

    def __init__(self, target: Target, dictionary: Dictionary, *, first_recno: int = 1,
                 user: str = "ADMIN") -> None:
        self.target = target
        self.dictionary = dictionary
        self.user = user
        self._next: dict[str, int] = {}
        self._first = first_recno

    # ----------------------------------------------------------------- plumbing

    def table(self, alias: str) -> str:
        erp = self.target.erp
        return str(sql_qualified(erp.schemas.siga, erp.protheus_table(alias)))

    def recno(self, alias: str) -> int:
        value = self._next.get(alias, self._first)
        self._next[alias] = value + 1
        return value

    def _field(self, alias: str, name: str) -> Field:
        f = self.dictionary.field(name)
        if f is None or f.table != alias:
            raise UsageError(f"{name} is not a field of {alias} in the Protheus dictionary")
        return f

    def value(self, alias: str, name: str, value: object) -> BindValue:
        """A Python value as Protheus stores it in `name` (padded, YYYYMMDD, rounded)."""
        f = self._field(alias, name)
        if f.type in ("D",):
            if value is None or isinstance(value, dt.date):
                return protheus_date(value)
            raise UsageError(f"{name}: expected a date, got {value!r}")
        if f.type == "N":
            if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
                raise UsageError(f"{name}: expected a number, got {value!r}")
            number = Decimal(str(value))
            if f.decimal:
                number = number.quantize(Decimal(1).scaleb(-f.decimal))
            if len(str(abs(int(number)))) > f.size - f.decimal:
                raise UsageError(f"{name}: {value} does not fit NUMBER({f.size},{f.decimal})")
            return number if f.decimal else int(number)
        text = "" if value is None else str(value)
        if len(text) > f.size:
            raise UsageError(f"{name}: {text!r} is longer than its {f.size} characters")
        return text.ljust(f.size)

    def insert(self, alias: str, values: Mapping[str, object], recno: int,
               purpose: str = "") -> Statement:
        """INSERT of one Protheus row; fields not given take their blank defaults."""
        names = list(values)
        binds = [(n.lower(), self.value(alias, n, values[n])) for n in names]
        cols = ", ".join([*(str(sql_ident(n)) for n in names), "R_E_C_N_O_"])
        params = ", ".join([*(f":{n.lower()}" for n in names), ":r_e_c_n_o_"])
        return Statement(f"INSERT INTO {self.table(alias)} ({cols}) VALUES ({params})",
                         (*binds, ("r_e_c_n_o_", recno)), purpose or f"insert {alias}")

    def update(self, alias: str, recno: int, values: Mapping[str, object],
               purpose: str = "") -> Statement:
        """UPDATE of one live row by R_E_C_N_O_ (Protheus' RecLock + field assignment)."""
        sets = ", ".join(f"{sql_ident(n)} = :{n.lower()}" for n in values)
        binds = [(n.lower(), self.value(alias, n, v)) for n, v in values.items()]
        return Statement(
            f"UPDATE {self.table(alias)} SET {sets} WHERE R_E_C_N_O_ = :r_e_c_n_o_ "
            "AND D_E_L_E_T_ = ' '",
            (*binds, ("r_e_c_n_o_", recno)), purpose or f"update {alias}")

    def event(self, event: Event) -> Statement:
        """INSERT into SGU.INTGRA_RET_ERP with an id from its sequence, as the ERP does."""
        integ = self.target.integration
        c = integ.event_columns
        sgu = self.target.erp.schemas.sgu
        cols = [c.id, c.kind, c.key, c.data, c.user, c.routine, c.entry_point]
        sql = (
            f"INSERT INTO {sql_qualified(sgu, integ.event_table)} "
            f"({', '.join(str(sql_ident(x)) for x in cols)}) VALUES "
            f"({sql_qualified(sgu, integ.event_sequence)}.NEXTVAL, :kind, :key, :data, :usr, "
            ":routine, :entry_point)"
        )
        return Statement(sql, (("kind", event.kind), ("key", event.key), ("data", event.data),
                               ("usr", event.user), ("routine", event.routine),
                               ("entry_point", event.entry_point)), f"ERP event {event.kind}")

    def title_event(self, title: Title, routine: tuple[str, str],
                    movement: Movement | None = None) -> Event:
        """The REC event the ERP writes about a title: key = SE1 R_E_C_N_O_, payload fields."""
        fields = [title.branch, title.prefix, title.number, title.installment, title.type,
                  title.customer.code, title.customer.store]
        if movement is not None:
            fields += [movement.seq, movement.kind, str(movement.recno)]
        return Event("REC", str(title.recno).zfill(KEY_WIDTH), ";".join(fields), routine[0],
                     routine[1], self.user)

    def _movement_row(self, title: Title, movement: Movement, *, recpag: str,
                      history: str) -> Statement:
        """The SE5 row of a movement on `title` (key fields copied from the title)."""
        return self.insert("SE5", {
            "E5_FILIAL": title.branch, "E5_DATA": movement.date, "E5_TIPO": title.type,
            "E5_MOEDA": "M1", "E5_VALOR": movement.amount, "E5_NATUREZ": "101001",
            "E5_BANCO": "341", "E5_AGENCIA": "0001", "E5_CONTA": "12345",
            "E5_RECPAG": recpag, "E5_HISTOR": history, "E5_TIPODOC": movement.kind,
            "E5_PREFIXO": title.prefix, "E5_NUMERO": title.number,
            "E5_PARCELA": title.installment, "E5_CLIFOR": title.customer.code,
            "E5_LOJA": title.customer.store, "E5_DTDIGIT": movement.date,
            "E5_MOTBX": movement.reason, "E5_SEQ": movement.seq,
        }, movement.recno, f"movement {movement.kind} seq {movement.seq} (SE5)")

    def key_of(self, title: Title) -> str:
        """E1_FILIAL+E1_PREFIXO+E1_NUM+E1_PARCELA+E1_TIPO, padded as stored (SE1 index 1)."""
        parts = (("E1_FILIAL", title.branch), ("E1_PREFIXO", title.prefix),
                 ("E1_NUM", title.number), ("E1_PARCELA", title.installment),
                 ("E1_TIPO", title.type))
        return "".join(str(self.value("SE1", name, v)) for name, v in parts)

    # ----------------------------------------------------------------- builders

    def customer(self, code: str, name: str, *, store: str = "01", branch: str = "",
                 document: str = "12345678909", email: str = "", short_name: str = "",
                 person: str = "F") -> Change[Customer]:
        recno = self.recno("SA1")
        short = short_name or name[:20]
        cust = Customer(branch, code, store, name, short, document, email, recno)
        stmt = self.insert("SA1", {
            "A1_FILIAL": branch, "A1_COD": code, "A1_LOJA": store, "A1_NOME": name,
            "A1_NREDUZ": short, "A1_PESSOA": person, "A1_CGC": document, "A1_EMAIL": email,
            "A1_MSBLQL": "2", "A1_TIPO": "F",
        }, recno, "customer (MATA030)")
        return Change(cust, (stmt,))

    def title(self, customer: Customer, number: str, value: Decimal | int | str, *,
              due: dt.date, issued: dt.date | None = None, real_due: dt.date | None = None,
              prefix: str = "DP", installment: str = "", type: str = "DP", branch: str = "01",
              nature: str = "101001", event: bool = False) -> Change[Title]:
        """A receivable title; `event=True` also writes the ERP inclusion event."""
        recno = self.recno("SE1")
        amount = _money(value)
        title = Title(branch, prefix, number, installment, type, customer, recno, amount,
                      amount, issued or due - dt.timedelta(days=30), due, real_due or due, due)
        stmt = self.insert("SE1", {
            "E1_FILIAL": branch, "E1_PREFIXO": prefix, "E1_NUM": number,
            "E1_PARCELA": installment, "E1_TIPO": type, "E1_NATUREZ": nature,
            "E1_CLIENTE": customer.code, "E1_LOJA": customer.store,
            "E1_NOMCLI": customer.short_name, "E1_EMISSAO": title.issued,
            "E1_VENCTO": title.due, "E1_VENCREA": title.real_due, "E1_VENCORI": title.due,
            "E1_VALOR": amount, "E1_SALDO": amount, "E1_MOVIMEN": title.issued,
            "E1_SITUACA": "0", "E1_STATUS": "A", "E1_MOEDA": 1,
        }, recno, "title (FINA040)")
        statements = [stmt]
        if event:
            statements.append(self.event(self.title_event(title, TITLE_INCLUSION)))
        return Change(title, tuple(statements))

    def settle(self, title: Title, amount: Decimal | int | str | None = None, *,
               on: dt.date, reason: str = "NOR", kind: str = "VL",
               event: bool = True) -> Change[Settlement]:
        """A settlement of `amount` (default: the whole balance); partial if some remains."""
        paid = title.balance if amount is None else _money(amount)
        if paid <= 0 or paid > title.balance:
            raise UsageError(f"settlement of {paid} on a balance of {title.balance}")
        if title.deleted:
            raise UsageError("cannot settle a deleted title")
        seq = str(title.settlements + 1).zfill(2)
        movement = Movement(self.recno("SE5"), title.recno, seq, kind, paid, on, reason)
        balance = title.balance - paid
        after = dataclasses.replace(title, balance=balance, status="B" if balance == 0 else "A",
                                    last_settlement=on, settlements=title.settlements + 1)
        statements = [
            self._movement_row(title, movement, recpag="R",
                               history="Valor recebido s/ Titulo"),
            self.update("SE1", title.recno, {
                "E1_SALDO": balance, "E1_BAIXA": on, "E1_MOVIMEN": on,
                "E1_STATUS": after.status, "E1_SEQBX": seq,
            }, "settlement: title balance (FINA070)"),
        ]
        if event:
            statements.append(self.event(self.title_event(after, SETTLEMENT, movement)))
        return Change(Settlement(after, movement), tuple(statements))

    def partial_settlement(self, title: Title, amount: Decimal | int | str, *,
                           on: dt.date) -> Change[Settlement]:
        """A settlement that leaves a balance (E1_STATUS stays 'A')."""
        if _money(amount) >= title.balance:
            raise UsageError(f"a partial settlement must leave a balance ({amount} >= {title.balance})")
        return self.settle(title, amount, on=on)

    def reversal(self, settlement: Settlement, *, on: dt.date,
                 event: bool = True) -> Change[Settlement]:
        """Estorno: a new SE5 row E5_TIPODOC='ES', same title key and E5_SEQ, balance back."""
        title, original = settlement.title, settlement.movement
        if original.kind == "ES":
            raise UsageError("a reversal cannot be reversed")
        movement = Movement(self.recno("SE5"), title.recno, original.seq, "ES", original.amount,
                            on, original.reason)
        balance = title.balance + original.amount
        restored = balance == title.value
        after = dataclasses.replace(title, balance=balance, status="A",
                                    last_settlement=None if restored else title.last_settlement)
        statements = [
            self._movement_row(title, movement, recpag="P", history="Estorno de baixa"),
            self.update("SE1", title.recno, {
                "E1_SALDO": balance, "E1_STATUS": "A", "E1_MOVIMEN": on,
                "E1_BAIXA": after.last_settlement,
            }, "reversal: balance restored (FINA070)"),
        ]
        if event:
            statements.append(self.event(self.title_event(after, SETTLEMENT_CANCEL, movement)))
        return Change(Settlement(after, movement), tuple(statements))

    def value_change(self, title: Title, new_value: Decimal | int | str, *,
                     event: bool = True) -> Change[Title]:
        """E1_VALOR changed; the balance moves by the same difference (FINA040)."""
        value = _money(new_value)
        balance = title.balance + (value - title.value)
        if balance < 0:
            raise UsageError(f"new value {value} is below what was already paid")
        after = dataclasses.replace(title, value=value, balance=balance)
        statements = [self.update("SE1", title.recno, {"E1_VALOR": value, "E1_SALDO": balance},
                                  "value change (FINA040)")]
        if event:
            statements.append(self.event(self.title_event(after, TITLE_CHANGE)))
        return Change(after, tuple(statements))

    def extension(self, title: Title, new_due: dt.date, *, real_due: dt.date | None = None,
                  event: bool = True) -> Change[Title]:
        """Prorrogação: E1_VENCTO/E1_VENCREA move, E1_VENCORI keeps the original (FINA040)."""
        after = dataclasses.replace(title, due=new_due, real_due=real_due or new_due)
        statements = [self.update("SE1", title.recno, {
            "E1_VENCTO": after.due, "E1_VENCREA": after.real_due,
        }, "extension (FINA040)")]
        if event:
            statements.append(self.event(self.title_event(after, TITLE_CHANGE)))
        return Change(after, tuple(statements))

    def cancellation(self, title: Title, *, event: bool = False) -> Change[Title]:
        """Title deleted in FINA040: soft delete, R_E_C_D_E_L_ = R_E_C_N_O_."""
        after = dataclasses.replace(title, deleted=True)
        stmt = Statement(
            f"UPDATE {self.table('SE1')} SET D_E_L_E_T_ = '*', R_E_C_D_E_L_ = R_E_C_N_O_ "
            "WHERE R_E_C_N_O_ = :r_e_c_n_o_ AND D_E_L_E_T_ = ' '",
            (("r_e_c_n_o_", title.recno),), "cancellation: soft delete (FINA040)")
        statements = [stmt]
        if event:
            statements.append(self.event(self.title_event(after, TITLE_DELETION)))
        return Change(after, tuple(statements))

    def grr_title(self, customer: Customer, number: str, value: Decimal | int | str, *,
                  due: dt.date, plan: str = "PLN001", subscription: str = "SUB-0001",
                  issued: dt.date | None = None, prefix: str | None = None) -> Change[Title]:
        """A title of a GRR subscription: plan (HRD) and subscription (HRH) rows linked to
        it (HRH_ALIAS 'SE1', HRH_SOURCE = its key); prefix GRR unless told otherwise."""
        integ = self.target.integration
        built = self.title(customer, number, value, due=due, issued=issued,
                           prefix=integ.grr_prefix if prefix is None else prefix, type="DP")
        title = built.value
        hrd = self.insert("HRD", {
            "HRD_FILIAL": title.branch, "HRD_CODE": plan, "HRD_VERSIO": 1,
            "HRD_PLANID": f"{plan}-ID", "HRD_NAME": f"Plano {plan}",
            "HRD_INTERM": title.issued, "HRD_PAYMET": "CREDIT_CARD", "HRD_ACTIVE": "1",
        }, self.recno("HRD"), "GRR plan (HRD)")
        hrh = self.insert("HRH", {
            "HRH_FILIAL": title.branch, "HRH_SRCFIL": title.branch, "HRH_ALIAS": "SE1",
            "HRH_SOURCE": self.key_of(title), "HRH_REQCD": f"REQ-{number}",
            "HRH_PLNFIL": title.branch, "HRH_PLANCD": plan, "HRH_PAYMET": "CC",
            "HRH_SUBSID": subscription, "HRH_BILLID": f"BILL-{number}",
        }, self.recno("HRH"), "GRR subscription (HRH)")
        return Change(title, (*built.statements, hrd, hrh))

    def grr_settlement(self, title: Title, *, on: dt.date) -> Change[Settlement]:
        """The card acquirer pays a GRR title: E5_MOTBX = the configured GRR reason."""
        return self.settle(title, on=on, reason=self.target.integration.grr_motbx)

    def parameter(self, name: str, value: str, *, branch: str = "",
                  description: str = "") -> Change[str]:
        """An integration parameter row in Z99 (name/value)."""
        stmt = self.insert("Z99", {"Z99_FILIAL": branch, "Z99_CHAVE": name, "Z99_VALOR": value,
                                   "Z99_DESCRI": description}, self.recno("Z99"),
                           "integration parameter (Z99)")
        return Change(name, (stmt,))

    def bulk_customers(self, count: int, *, first_code: int = 1) -> Statement:
        """`count` customers (codes from `first_code`, store 01) in one INSERT ... SELECT."""
        if count <= 0:
            raise UsageError("count must be positive")
        first = self._next.get("SA1", self._first)
        self._next["SA1"] = first + count
        fields = {"A1_FILIAL": "", "A1_LOJA": "01", "A1_PESSOA": "F", "A1_CGC": "12345678909",
                  "A1_MSBLQL": "2", "A1_TIPO": "F"}
        binds = [(n.lower(), self.value("SA1", n, v)) for n, v in fields.items()]
        code = self._field("SA1", "A1_COD")
        name = self._field("SA1", "A1_NOME")
        cols = ", ".join([*(str(sql_ident(n)) for n in fields), "A1_COD", "A1_NOME", "A1_NREDUZ",
                          "R_E_C_N_O_"])
        code_sql = f"LPAD(TO_CHAR(:first_code + LEVEL - 1), {code.size}, '0')"
        exprs = ", ".join([*(f":{n.lower()}" for n in fields), code_sql,
                           f"RPAD('CLIENTE ' || {code_sql}, {name.size})",
                           f"RPAD('CLIENTE ' || {code_sql}, {self._field('SA1', 'A1_NREDUZ').size})",
                           ":first_recno + LEVEL - 1"])
        sql = (f"INSERT INTO {self.table('SA1')} ({cols})\n"
               f"SELECT {exprs}\n  FROM dual CONNECT BY LEVEL <= :row_count")
        return Statement(sql, (*binds, ("first_code", first_code), ("first_recno", first),
                               ("row_count", count)), f"{count} customers (set-based)")

    def bulk_titles(self, count: int, *, due: dt.date, customers: int = 1, first_customer: int = 1,
                    first_number: int = 1, value: Decimal | int | str = "100.00",
                    prefix: str = "VOL") -> Statement:
        """`count` open titles in one set-based INSERT ... SELECT (volume tests), spread
        round-robin over `customers` customers coded from `first_customer` (store 01)."""
        if count <= 0 or customers <= 0:
            raise UsageError("count and customers must be positive")
        first = self._next.get("SE1", self._first)
        self._next["SE1"] = first + count
        fields = {
            "E1_FILIAL": "01", "E1_PREFIXO": prefix, "E1_PARCELA": "", "E1_TIPO": "DP",
            "E1_NATUREZ": "101001", "E1_LOJA": "01", "E1_NOMCLI": "CLIENTE VOLUME",
            "E1_EMISSAO": due - dt.timedelta(days=30), "E1_VENCTO": due, "E1_VENCREA": due,
            "E1_VENCORI": due, "E1_VALOR": value, "E1_SALDO": value, "E1_SITUACA": "0",
            "E1_STATUS": "A", "E1_MOEDA": 1,
        }
        binds = [(n.lower(), self.value("SE1", n, v)) for n, v in fields.items()]
        num = self._field("SE1", "E1_NUM")
        cust = self._field("SE1", "E1_CLIENTE")
        cols = ", ".join([*(str(sql_ident(n)) for n in fields), "E1_NUM", "E1_CLIENTE",
                          "R_E_C_N_O_"])
        exprs = ", ".join([*(f":{n.lower()}" for n in fields),
                           f"LPAD(TO_CHAR(:first_number + LEVEL - 1), {num.size}, '0')",
                           f"LPAD(TO_CHAR(:first_customer + MOD(LEVEL - 1, :customers)), "
                           f"{cust.size}, '0')",
                           ":first_recno + LEVEL - 1"])
        sql = (f"INSERT INTO {self.table('SE1')} ({cols})\n"
               f"SELECT {exprs}\n  FROM dual CONNECT BY LEVEL <= :row_count")
        return Statement(sql, (*binds, ("first_number", first_number),
                               ("first_customer", first_customer), ("customers", customers),
                               ("first_recno", first), ("row_count", count)),
                         f"{count} titles of {customers} customers (set-based)")
