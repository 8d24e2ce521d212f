"""The one dataclass (de)serialiser: round trips, and errors that name the JSON path."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from conefi_dbtool.findings import Severity
from conefi_dbtool.serial import SerialError, from_data, to_data


@dataclass(frozen=True)
class Inner:
    name: str
    size: int = 0
    pair: tuple[str, str] | None = None


@dataclass(frozen=True)
class Outer:
    items: tuple[Inner, ...]
    flag: bool = False
    meta: dict[str, str] = field(default_factory=dict)


def test_round_trip_and_sorted_dicts() -> None:
    value = Outer((Inner("a", 1, ("x", "y")), Inner("b")), True, {"z": "1", "a": "2"})
    data = to_data(value)
    assert list(data["meta"]) == ["a", "z"] and data["items"][0]["pair"] == ["x", "y"]
    assert from_data(Outer, data) == value


@pytest.mark.parametrize(("data", "path", "message"), [
    ({"items": [{"name": 1}]}, "$.items[0].name", "expected a string"),
    ({"items": [{"name": "a", "size": True}]}, "$.items[0].size", "expected an integer"),
    ({"items": [], "flag": "yes"}, "$.flag", "expected true or false"),
    ({"items": [], "other": 1}, "$.other", "unknown key"),
    ({}, "$.items", "required key is missing"),
    ({"items": {}}, "$.items", "expected a list"),
    ({"items": [{"name": "a", "pair": ["x"]}]}, "$.items[0].pair", "expected a list of 2"),
    ({"items": [], "meta": {"a": 1}}, "$.meta", "expected an object of strings"),
    ([], "$", "expected an object"),
])
def test_errors_name_the_path(data: object, path: str, message: str) -> None:
    with pytest.raises(SerialError) as err:
        from_data(Outer, data)
    assert (err.value.path, err.value.message) == (path, message)


@dataclass(frozen=True)
class Graded:
    severity: Severity


def test_a_string_enum_round_trips_by_its_value_and_refuses_others() -> None:
    data = to_data(Graded(Severity.WARNING))
    assert data == {"severity": "warning"}
    loaded = from_data(Graded, data)
    assert loaded == Graded(Severity.WARNING) and type(loaded.severity) is Severity
    with pytest.raises(SerialError, match=r"\$\.severity: expected one of info, warning, error"):
        from_data(Graded, {"severity": "fatal"})
