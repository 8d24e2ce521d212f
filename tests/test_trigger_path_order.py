"""`trigger_path.adjacent_order`: the path's steps run next to each other, dependencies kept."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from conefi_dbtool.objects import ObjectId, RenderedObject
from conefi_dbtool.trigger_path import NO_PATH, TriggerPath, adjacent_order


def _obj(name: str, *depends: RenderedObject, type_: str = "view") -> RenderedObject:
    text = f"CREATE OR REPLACE VIEW CONEFI.{name} AS SELECT 1 A FROM dual\n"
    return RenderedObject(ObjectId("erp", "CONEFI", type_, name), f"{name}.sql.j2", text,
                          depends=tuple(d.id for d in depends))


def _names(steps: list[RenderedObject | None], order: tuple[int, ...]) -> list[str]:
    return [s.id.name if (s := steps[i]) is not None else "-" for i in order]


def test_a_step_between_two_path_steps_moves_before_them_unless_it_names_the_path() -> None:
    table = _obj("T", type_="table")
    spec = _obj("SPEC")
    unrelated = _obj("UNRELATED")
    user = _obj("USER", spec)  # names a path object: after the path
    user_of_user = _obj("USER2", user)  # names one that moves after: after too
    body = _obj("BODY", spec, table)
    trigger = _obj("TRG", body)
    tail = _obj("TAIL", user)
    steps: list[RenderedObject | None] = [table, spec, user, unrelated, user_of_user, body, trigger, tail]
    path = TriggerPath((spec, body, trigger))
    assert _names(steps, adjacent_order(steps, path)) == [
        "T", "UNRELATED", "SPEC", "BODY", "TRG", "USER", "USER2", "TAIL"]


def test_steps_of_unknown_dependencies_keep_their_place_and_nothing_crosses_them() -> None:
    spec, other, body = _obj("SPEC"), _obj("OTHER"), _obj("BODY")
    steps: list[RenderedObject | None] = [spec, None, other, body]
    path = TriggerPath((spec, body))
    assert adjacent_order(steps, path) == (0, 1, 2, 3)  # each stretch holds one path step only
    steps = [spec, other, body, None, other, spec, body]
    assert _names(steps, adjacent_order(steps, path)) == [
        "OTHER", "SPEC", "BODY", "-", "OTHER", "SPEC", "BODY"]


def test_nothing_moves_when_a_path_step_names_a_step_that_would_move_after() -> None:
    spec = _obj("SPEC")
    helper = _obj("HELPER", spec, type_="type")  # names the path, and the body names it
    body = _obj("BODY", helper)
    steps: list[RenderedObject | None] = [spec, _obj("X"), helper, body]
    path = TriggerPath((spec, body))
    assert adjacent_order(steps, path) == (0, 1, 2, 3)


def test_no_path_no_move() -> None:
    steps: list[RenderedObject | None] = [_obj("A"), _obj("B"), None, _obj("C")]
    assert adjacent_order(steps, NO_PATH) == (0, 1, 2, 3)
    assert adjacent_order([], NO_PATH) == ()


@st.composite
def _runs(draw: st.DrawFn) -> tuple[list[RenderedObject | None], TriggerPath]:
    """Steps in a valid order (each names only earlier ones), some on the path, some unknown."""
    n = draw(st.integers(0, 12))
    made: list[RenderedObject] = []
    steps: list[RenderedObject | None] = []
    on_path: list[RenderedObject] = []
    for i in range(n):
        if draw(st.integers(0, 6)) == 0:
            steps.append(None)
            continue
        named = draw(st.lists(st.sampled_from(made), max_size=3, unique=True)) if made else []
        obj = _obj(f"O{i}", *named)
        made.append(obj)
        steps.append(obj)
        if draw(st.booleans()):
            on_path.append(obj)
    return steps, TriggerPath(tuple(on_path))


@settings(max_examples=400, deadline=None)
@given(_runs())
def test_the_order_is_a_permutation_that_keeps_dependencies_and_gathers_the_path(
        run: tuple[list[RenderedObject | None], TriggerPath]) -> None:
    steps, path = run
    order = adjacent_order(steps, path)
    assert sorted(order) == list(range(len(steps)))
    where = {i: k for k, i in enumerate(order)}
    for i, step in enumerate(steps):
        if step is None:
            assert order[i] == i  # unknown steps keep their place...
            continue
        for j, other in enumerate(steps):
            if other is not None and other.id in step.depends:
                assert where[j] < where[i]  # ...and what a step names still runs before it
    path_at = [where[i] for i, s in enumerate(steps) if s is not None and s.id in path]
    assert path_at == sorted(path_at)  # the path's own order is kept
    # within each stretch between unknown steps: the path's steps are together, or nothing moved
    bounds = [-1] + [i for i, s in enumerate(steps) if s is None] + [len(steps)]
    for low, high in itertools.pairwise(bounds):
        stretch = list(range(low + 1, high))
        placed = [order[k] for k in stretch]
        mine = [k for k in stretch if steps[order[k]] in path.objects]
        assert placed == stretch or mine == list(range(mine[0], mine[0] + len(mine)))
