"""The reconciliation model: any sequence of Protheus operations, each change sent once.

CONEFI's side applies records as deltas (`sim.Conefi`): a payment counted twice, a change
lost or a DES carrying a payment would leave its belief different from the amount due.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from conefi_dbtool.layouts.reconcile import (
    RULE_ACTIONS,
    RULES,
    Movement,
    Policy,
    Rule,
    Sent,
    Title,
    build_rules,
    reconcile,
)
from tests.reconciliation.sim import World

CENTS = st.integers(min_value=1, max_value=50_000).map(lambda c: Decimal(c) / 100)
SMALL = st.integers(min_value=0, max_value=2_000).map(lambda c: Decimal(c) / 100)
DUES = st.sampled_from(("20240205", "20240305", "20240405"))

OPERATIONS = st.one_of(
    st.tuples(st.just("pay"), CENTS, SMALL, SMALL, SMALL, st.sampled_from(("VL", "BA", "CP", "V2")),
              st.sampled_from(("NOR", "NOR", "LIQ", "FAT"))),
    st.tuples(st.just("undo"), st.integers(0, 9), st.sampled_from(("ES", "DEL", "C", "E", "X"))),
    st.tuples(st.just("surcharge"), CENTS),
    st.tuples(st.just("rebate"), SMALL),
    st.tuples(st.just("abate"), SMALL),
    st.tuples(st.just("change_value"), st.integers(-20_000, 20_000).map(lambda c: Decimal(c) / 100)),
    st.tuples(st.just("move_due"), DUES),
    st.tuples(st.just("interest_row")),
    st.tuples(st.just("trigger"), st.booleans()),
    st.tuples(st.just("job")),
    st.tuples(st.just("delete")),
)


def new_world(pre_payments: list[Decimal], rules: tuple[Rule, ...] = RULES) -> World:
    world = World(Title(recno=7, due="20240205", value=Decimal("1000.00"),
                        saldo=Decimal("1000.00"), abatimentos=Decimal("61.50")), rules=rules)
    for p in pre_payments:
        world.pay(p, Decimal(0), Decimal(0), Decimal(0), "VL")
    world.inc()
    return world


def play(world: World, ops: list[tuple[object, ...]]) -> None:
    for op in ops:
        name, *args = op
        getattr(world, str(name))(*args)


# The configurable rules: renegotiations (LIQ/FAT) as payments (default) or ignored; a due
# date moved earlier ignored (default) or sent as PRG.
POLICIES = st.sampled_from((Policy(), Policy(excluded_motbx=("LIQ", "FAT")), Policy(earlier_due_date=True)))


@settings(max_examples=400, deadline=None)
@given(st.lists(SMALL, max_size=2), st.lists(OPERATIONS, max_size=25), POLICIES)
def test_any_sequence_reaches_conefi_once_nothing_lost_nothing_doubled(pre, ops, policy):
    world = new_world(pre, build_rules(policy))
    play(world, ops)
    world.job()
    keys = Counter(e.key for e in world.queue)
    assert [k for k, n in keys.items() if n > 1] == []  # nothing doubled
    assert world.conefi.cancelled == world.title.deleted
    if not world.title.deleted:
        assert world.conefi.amount == world.truth()  # nothing lost, no payment twice
        if policy.earlier_due_date:
            assert world.conefi.due == world.title.due
        else:  # an earlier date is not sent: CONEFI never knows a date before the real one
            assert world.conefi.due >= world.title.due
    assert world.job() == []  # a second run finds nothing: each change was sent once
    payments = Counter((e.action, e.row["mov_recno"]) for e in world.queue
                       if e.action in ("PGO", "EST"))
    assert max(payments.values(), default=1) == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(OPERATIONS, max_size=20), st.lists(st.booleans(), min_size=20, max_size=20))
def test_trigger_and_job_in_any_order_queue_the_same_facts(ops, trigger_first):
    """Whichever path sees a change first, it is queued once (the other finds the key)."""
    world = new_world([])
    for op, first in zip(ops, trigger_first, strict=False):
        play(world, [op])
        if first:
            world.trigger()
        world.job()
    counts = Counter(e.key for e in world.queue)
    assert max(counts.values()) == 1


def test_a_value_going_a_b_a_b_is_four_changes():
    world = new_world([])
    for delta in (Decimal(100), Decimal(-100), Decimal(100), Decimal(-100)):
        world.change_value(delta)
        world.job()
    des = [e.key for e in world.queue if e.action == "DES"]
    assert des == ["DES:7:V:1", "DES:7:V:2", "DES:7:V:3", "DES:7:V:4"]
    assert world.conefi.amount == world.truth()


def test_a_due_date_going_a_b_a_b_is_four_prorrogacoes_when_earlier_dates_count():
    world = new_world([], build_rules(Policy(earlier_due_date=True)))
    for due in ("20240305", "20240205", "20240305", "20240205"):
        world.move_due(due)
        world.trigger()
    assert [e.key for e in world.queue if e.action == "PRG"] == [
        "PRG:7:V:1", "PRG:7:V:2", "PRG:7:V:3", "PRG:7:V:4"]


def test_by_default_only_a_later_due_date_is_a_prorrogacao():
    """integration.earlier_due_date = "ignore": moving back is not sent, and moving forward
    again to a date CONEFI already knows is no change either."""
    world = new_world([])
    for due in ("20240305", "20240205", "20240305", "20240405"):
        world.move_due(due)
        world.trigger()
    assert [e.key for e in world.queue if e.action == "PRG"] == ["PRG:7:V:1", "PRG:7:V:2"]


def test_a_des_never_carries_an_amount_sent_as_pgo():
    """Payment and surcharge before either path ran: PGO the payment, DES only the surcharge."""
    world = new_world([])
    world.pay(Decimal("300.00"), Decimal("5.00"), Decimal("2.00"), Decimal("1.00"), "VL")
    world.surcharge(Decimal("40.00"))
    emitted = world.job()
    assert [e.action for e in emitted] == ["PGO", "DES"]
    pgo, des = emitted
    assert pgo.row["principal"] == Decimal("300.00")  # cash 306.00 less interest/fine, plus discount
    assert Decimal(str(des.row["amount_due"])) - Decimal(str(des.row["sent_amount"])) == Decimal("40.00")


def test_the_amount_due_is_balance_plus_surcharge_minus_rebate_and_abatements():
    world = new_world([])
    world.surcharge(Decimal("10.00"))
    world.rebate(Decimal("4.00"))
    assert world.truth() == Decimal("1000.00") + Decimal("10.00") - Decimal("4.00") - Decimal("61.50")


def test_every_way_of_undoing_a_sent_payment_is_one_est():
    for how in ("ES", "DEL", "C", "E", "X"):
        world = new_world([])
        world.pay(Decimal("200.00"), Decimal(0), Decimal(0), Decimal(0), "V2")
        assert [e.action for e in world.trigger()] == ["PGO"]
        world.undo(0, how)
        assert [e.action for e in world.trigger()] == ["EST"], how
        assert world.job() == []
        assert world.conefi.amount == world.truth()


def test_a_payment_undone_before_anyone_saw_it_sends_nothing():
    for how in ("ES", "DEL", "C"):
        world = new_world([])
        world.pay(Decimal("200.00"), Decimal(0), Decimal(0), Decimal(0), "VL")
        world.undo(0, how)
        assert world.job() == [], how


def test_a_reversal_of_a_payment_in_the_inc_balance_is_an_est():
    world = new_world([Decimal("100.00")])
    world.undo(0, "ES")
    assert [e.action for e in world.job()] == ["EST"]
    assert world.conefi.amount == world.truth()


def test_an_est_already_queued_by_the_old_layout_is_not_repeated():
    """Rows of layout 1 keyed EST:<ES R_E_C_N_O_> count as sent."""
    title = Title(7, "20240205", Decimal(100), Decimal(100), movements=(
        Movement(11, "VL", "01", Decimal(50)), Movement(12, "ES", "01", Decimal(50), recpag="P")))
    sent = Sent("S", "20240205", Decimal(100), Decimal(100), 0, 10)
    emitted, _ = reconcile(title, sent, ["PGO:11", "EST:12"], actions=("EST",))
    assert emitted == ()
    emitted, _ = reconcile(title, sent, ["PGO:11"], actions=("EST",))
    assert [e.key for e in emitted] == ["EST:P:11"]


def test_the_rule_table_runs_movements_before_title_changes():
    assert RULE_ACTIONS.index("PGO") < RULE_ACTIONS.index("DES")
    assert RULE_ACTIONS.index("EST") < RULE_ACTIONS.index("DES")


def test_a_settlement_reusing_the_seq_of_an_older_reversal_is_still_a_payment():
    title = Title(7, "20240205", Decimal(100), Decimal(50), movements=(
        Movement(11, "VL", "01", Decimal(50)), Movement(12, "ES", "01", Decimal(50), recpag="P"),
        Movement(13, "VL", "01", Decimal(50))))
    sent = Sent("S", "20240205", Decimal(100), Decimal(100), 0, 10)
    emitted, after = reconcile(title, sent, [])
    assert [e.key for e in emitted] == ["PGO:13"]
    assert after.sent_amount == Decimal(50)


def test_layout_1_keys_of_des_and_prg_never_block_a_new_change():
    """Layout 1 keyed DES/PRG by event id (DES:7:1 for event 1): the V keeps them apart."""
    title = Title(7, "20240305", Decimal(90), Decimal(90))
    sent = Sent("S", "20240205", Decimal(100), Decimal(100), 0, 0)
    emitted, _ = reconcile(title, sent, ["DES:7:1", "PRG:7:1"])
    assert [e.key for e in emitted] == ["PRG:7:V:1", "DES:7:V:2"]


def test_a_reversal_seen_on_se1_before_its_es_row_makes_no_spurious_des():
    """FA070CAN runs after SE1 is restored, before SE5 is reversed: the movement event finds
    no ES row yet and must not read the restored balance as a value change."""
    world = new_world([])
    world.pay(Decimal("200.00"), Decimal(0), Decimal(0), Decimal(0), "VL")
    assert [e.action for e in world.trigger(movement_event=True)] == ["PGO"]
    paid = world.title.movements[-1]
    world.title = replace(world.title, saldo=world.title.saldo + Decimal("200.00"))
    assert world.trigger(movement_event=True) == []
    world.title = replace(world.title, movements=(
        *world.title.movements, Movement(world._new_recno(), "ES", paid.seq, paid.valor, recpag="P")))
    assert [e.action for e in world.job()] == ["EST"]
    assert world.conefi.amount == world.truth()


def test_renegotiation_ignored_sends_the_settled_amount_as_des_not_pgo():
    world = new_world([], build_rules(Policy(excluded_motbx=("LIQ", "FAT"))))
    world.pay(Decimal("938.50"), Decimal(0), Decimal(0), Decimal(0), "VL", "LIQ")
    assert [e.action for e in world.job()] == ["DES"]
    assert world.conefi.amount == world.truth() == Decimal(0)
