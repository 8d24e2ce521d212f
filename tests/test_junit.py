"""The one JUnit writer: counts on suites and root, text XML 1.0 cannot carry replaced."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from conefi_dbtool.junit import Case, Suite, junit_xml


def test_counts_and_sanitised_text() -> None:
    suites = [
        Suite("a", (Case("c", "ok"), Case("c", "bad", "failed", "bell\x07", "E1", "body\x00"),
                    Case("c", "later", "skipped", "ignored", attributes=(("time", "0"),))), "note"),
        Suite("b", ()),
    ]
    text = junit_xml("tool", suites)
    root = ET.fromstring(text)
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("3", "1", "1")
    first, second = root.findall("testsuite")
    assert (first.get("tests"), first.get("failures"), first.get("skipped")) == ("3", "1", "1")
    assert second.get("tests") == "0" and first.findtext("system-out") == "note"
    failure = first.find("testcase[@name='bad']/failure")
    assert failure is not None and failure.get("message") == "bell\ufffd" and failure.text == "body\ufffd"
    assert first.find("testcase[@name='later']").get("time") == "0"  # type: ignore[union-attr]
