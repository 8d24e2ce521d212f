"""`trigger_path.adjacent_order`: the path's steps run next to each other, dependencies kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conefi_dbtool.objects import ObjectId, RenderedObject
from conefi_dbtool.trigger_path import NO_PATH, PathOrder, TriggerPath, adjacent_order


def _obj(name: str, *depends: RenderedObject, type_: str = "view") -> RenderedObject:
    text = f"CREATE OR REPLACE VIEW CONEFI.{name} AS SELECT 1 A FROM dual\n"
    return RenderedObject(ObjectId("erp", "CONEFI", type_, name), f"{name}.sql.j2", text,
                          depends=tuple(d.id for d in depends))


def _names(steps: list[RenderedObject | None], arranged: PathOrder) -> list[str]:
    return [s.id.name if (s := steps[i]) is not None else "-" for i in arranged.order]


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


def test_a_specification_does_not_depend_on_its_body() -> None:
    """A spec's text names its own name, which is its body's too: that is no dependency."""
    def unit(type_: str, name: str, text: str, *depends: RenderedObject) -> RenderedObject:
        return RenderedObject(ObjectId("erp", "CONEFI", type_, name), f"{name}.sql.j2", text,
                              depends=tuple(d.id for d in depends))

    spec = unit("package", "P", "CREATE OR REPLACE PACKAGE CONEFI.P AS\n  PROCEDURE x;\nEND P;\n")
    job_spec = unit("package", "J", "CREATE OR REPLACE PACKAGE CONEFI.J AS\n  PROCEDURE x;\nEND J;\n")
    body = unit("package_body", "P", "CREATE OR REPLACE PACKAGE BODY CONEFI.P AS\n"
                "  PROCEDURE x IS BEGIN NULL; END;\nEND P;\n", spec)
    job_body = unit("package_body", "J", "CREATE OR REPLACE PACKAGE BODY CONEFI.J AS\n"
                    "  PROCEDURE x IS BEGIN conefi.p.x; END;\nEND J;\n", job_spec)
    steps: list[RenderedObject | None] = [spec, job_spec, body, job_body]
    arranged = adjacent_order(steps, TriggerPath((spec, body)))
    assert _names(steps, arranged) == ["J", "P", "P", "J"] and not arranged.between
    assert [s.id.type for i in arranged.order if (s := steps[i]) is not None] == [
        "package", "package", "package_body", "package_body"]


def test_steps_of_unknown_dependencies_keep_their_place_and_nothing_crosses_them() -> None:
    spec, other, body = _obj("SPEC"), _obj("OTHER"), _obj("BODY")
    steps: list[RenderedObject | None] = [spec, None, other, body]
    path = TriggerPath((spec, body))
    # OTHER follows a path step it cannot cross back over: it escapes after BODY instead
    assert adjacent_order(steps, path) == PathOrder((0, 1, 3, 2), frozenset({1}))
    steps = [spec, other, body, None, other, spec, body]
    arranged = adjacent_order(steps, path)
    assert _names(steps, arranged) == ["OTHER", "SPEC", "BODY", "-", "SPEC", "BODY", "OTHER"]
    assert arranged.between == {3}  # only the unknown step is left in between
    # a path step beyond a boundary counts as well (a script's sections: `script.owner_sections`)
    steps = [spec, None, other, body]
    assert _names(steps, adjacent_order(steps, path)) == ["SPEC", "-", "BODY", "OTHER"]
    steps = [spec, other, None, body]
    assert _names(steps, adjacent_order(steps, path)) == ["OTHER", "SPEC", "-", "BODY"]
    assert adjacent_order([other, spec], path).order == (0, 1)  # nothing to escape from


def test_a_step_the_path_names_after_a_path_step_stays_between_and_is_said() -> None:
    """A change to what a path view reads, after the view's step: moved before, the view's
    restore would meet the new table; moved after, the path would change unprotected."""
    table = _obj("T", type_="table")
    view = _obj("V", table)
    body = _obj("BODY", view)
    other = _obj("OTHER")
    steps: list[RenderedObject | None] = [view, table, other, body]
    arranged = adjacent_order(steps, TriggerPath((view, body)))
    assert _names(steps, arranged) == ["OTHER", "V", "T", "BODY"]
    assert arranged.between == {1}


def test_a_step_the_path_names_never_moves_after_the_path() -> None:
    table = _obj("T", type_="table")
    view = _obj("V", table)
    body = _obj("BODY")  # on the path, unrelated to T
    steps: list[RenderedObject | None] = [view, table, body]
    arranged = adjacent_order(steps, TriggerPath((view, body)))
    assert _names(steps, arranged) == ["V", "T", "BODY"] and arranged.between == {1}


def test_a_step_a_later_path_step_names_moves_before_the_path() -> None:
    spec, body = _obj("SPEC"), _obj("BODY")
    helper = _obj("HELPER", type_="type")
    user = _obj("USER", helper)
    body_using = _obj("BODY", spec, helper)
    steps: list[RenderedObject | None] = [spec, helper, user, body_using]
    arranged = adjacent_order(steps, TriggerPath((spec, body)))
    assert _names(steps, arranged) == ["HELPER", "USER", "SPEC", "BODY"] and not arranged.between


def test_a_step_related_to_one_that_stays_stays_too() -> None:
    table = _obj("T", type_="table")
    view = _obj("V", table)
    after_table = _obj("X", table)  # names T, which stays after V: cannot go before V
    body = _obj("BODY", view)
    steps: list[RenderedObject | None] = [view, table, after_table, body]
    arranged = adjacent_order(steps, TriggerPath((view, body)))
    assert _names(steps, arranged) == ["V", "T", "BODY", "X"]  # no path object names X: after
    assert arranged.between == {1}


def test_two_steps_of_one_object_keep_their_order() -> None:
    spec, body = _obj("SPEC"), _obj("BODY")
    first, again = _obj("X", spec), _obj("X")  # the same object twice (a hand-edited revision)
    steps: list[RenderedObject | None] = [spec, first, again, body]
    arranged = adjacent_order(steps, TriggerPath((spec, body)))
    assert _names(steps, arranged) == ["SPEC", "BODY", "X", "X"]
    assert [i for i in arranged.order if steps[i] in (first, again)] == [1, 2]


def test_no_path_no_move() -> None:
    steps: list[RenderedObject | None] = [_obj("A"), _obj("B"), None, _obj("C")]
    assert adjacent_order(steps, NO_PATH) == PathOrder((0, 1, 2, 3))
    assert adjacent_order([], NO_PATH) == PathOrder(())


@st.composite
def _runs(draw: st.DrawFn) -> tuple[list[RenderedObject | None], TriggerPath]:
    """Steps, each naming earlier ones or (a change to what an earlier step reads) later ones;
    some on the path, some of unknown dependencies."""
    n = draw(st.integers(0, 12))
    names = [f"O{i}" for i in range(n)]
    unknown = {i for i in range(n) if draw(st.integers(0, 6)) == 0}
    steps: list[RenderedObject | None] = []
    made: dict[str, RenderedObject] = {}
    edges = {i: draw(st.lists(st.sampled_from(range(n)), max_size=3, unique=True)) if n else []
             for i in range(n)}
    for i in range(n):
        made[names[i]] = _obj(names[i])
    for i in range(n):
        named = [made[names[j]] for j in edges[i] if j != i and j not in unknown]
        made[names[i]] = _obj(names[i], *named)
    on_path: list[RenderedObject] = []
    for i in range(n):
        if i in unknown:
            steps.append(None)
            continue
        steps.append(made[names[i]])
        if draw(st.booleans()):
            on_path.append(made[names[i]])
    return steps, TriggerPath(tuple(on_path))


def _reaches(a: RenderedObject, b: RenderedObject, steps: list[RenderedObject | None]) -> bool:
    """Whether `a` names `b`, directly or through other steps."""
    by_id = {s.id: s for s in steps if s is not None}
    seen: set[object] = set()
    todo = list(a.depends)
    while todo:
        oid = todo.pop()
        if oid not in seen and oid in by_id:
            seen.add(oid)
            todo.extend(by_id[oid].depends)
    return b.id in seen


def _related(a: RenderedObject, b: RenderedObject, steps: list[RenderedObject | None]) -> bool:
    return _reaches(a, b, steps) or _reaches(b, a, steps)


@settings(max_examples=400, deadline=None)
@given(_runs())
def test_the_order_is_a_permutation_that_keeps_related_steps_and_gathers_the_path(
        run: tuple[list[RenderedObject | None], TriggerPath]) -> None:
    steps, path = run
    arranged = adjacent_order(steps, path)
    order = arranged.order
    assert sorted(order) == list(range(len(steps)))
    where = {i: k for k, i in enumerate(order)}
    for i, step in enumerate(steps):
        if step is None:
            assert order[i] == i  # unknown steps keep their place...
            continue
        for j, other in enumerate(steps):
            if j < i and other is not None and _related(step, other, steps):
                assert where[j] < where[i]  # ...and related steps their order
    on_path = [i for i, s in enumerate(steps) if s is not None and s.id in path]
    path_at = [where[i] for i in on_path]
    assert path_at == sorted(path_at)  # the path's own order is kept
    if path_at:  # nothing the path names moved after its last step
        path_steps = [p for i in on_path if (p := steps[i]) is not None]
        for i, step in enumerate(steps):
            if step is not None and i < on_path[-1] and where[i] > path_at[-1]:
                assert not any(_reaches(p, step, steps) for p in path_steps)
    inside = set(order[path_at[0] + 1:path_at[-1]]) - set(on_path) if path_at else set()
    assert arranged.between == inside  # what is left in between is exactly what is said
    for i in inside:  # and it could not move: unknown, or related to a path step or one that stays
        step = steps[i]
        assert step is None or any(
            _related(step, s, steps) for k in (*on_path, *inside) if k != i and (s := steps[k]) is not None
        ) or any(steps[k] is None for k in range(min(i, *on_path), max(i, *on_path)))
