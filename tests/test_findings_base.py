"""The shared severity scale: one order for lint, grants and preflight."""

from __future__ import annotations

import json

import pytest

from conefi_dbtool.findings import Finding, Severity, worst_first


def test_order_and_threshold() -> None:
    assert [s.rank for s in (Severity.INFO, Severity.WARNING, Severity.ERROR)] == [0, 1, 2]
    assert Severity.ERROR.at_least(Severity.WARNING)
    assert Severity.WARNING.at_least(Severity.WARNING)
    assert not Severity.INFO.at_least(Severity.WARNING)
    assert sorted(Severity, key=worst_first) == [Severity.ERROR, Severity.WARNING, Severity.INFO]


def test_prints_and_serialises_as_its_name() -> None:
    assert f"{Severity.ERROR}" == "error" and Severity.WARNING == "warning"
    assert json.dumps({"s": Severity.INFO}) == '{"s": "info"}'


def test_parse() -> None:
    assert Severity.parse(" Warning ") is Severity.WARNING
    with pytest.raises(ValueError, match=r"unknown severity 'fatal' \(choose from info, warning, error\)"):
        Severity.parse("fatal")


def test_finding_is_a_frozen_value() -> None:
    finding = Finding("X001", Severity.ERROR, "bad")
    with pytest.raises(AttributeError):
        finding.code = "Y"  # type: ignore[misc]
