"""JUnit XML, the report CI systems (GitLab, Jenkins) show per test case: the one writer.

Drift (a case per object) and lint (a case per finding) describe their results as
`Suite`s of `Case`s; this module owns the XML: counts on every suite and on the root,
text XML 1.0 cannot carry replaced, the declaration and indentation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from xml.etree import ElementTree as ET

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Case:
    """One test case; `attributes` follow classname and name (file, line, time...)."""

    classname: str
    name: str
    outcome: Literal["passed", "failed", "skipped"] = "passed"
    message: str = ""  # of the failure or the skip
    failure_type: str = ""
    details: str = ""  # the failure's text
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Suite:
    name: str
    cases: tuple[Case, ...]
    system_out: str = ""


def xml_text(text: str) -> str:
    """Text XML 1.0 can carry (control characters replaced)."""
    return _XML_INVALID.sub("\ufffd", text)


def junit_xml(name: str, suites: Iterable[Suite]) -> str:
    """The document: ``<testsuites>`` with one ``<testsuite>`` per suite, counts everywhere."""
    root = ET.Element("testsuites", name=name)
    totals = [0, 0, 0]  # tests, failures, skipped
    for suite in suites:
        counts = _suite(root, suite)
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    _counts(root, *totals)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(root: ET.Element, suite: Suite) -> tuple[int, int, int]:
    element = ET.SubElement(root, "testsuite", name=xml_text(suite.name))
    for case in suite.cases:
        _case(element, case)
    if suite.system_out:
        ET.SubElement(element, "system-out").text = xml_text(suite.system_out)
    failures = sum(1 for c in suite.cases if c.outcome == "failed")
    skipped = sum(1 for c in suite.cases if c.outcome == "skipped")
    _counts(element, len(suite.cases), failures, skipped)
    return len(suite.cases), failures, skipped


def _case(suite: ET.Element, case: Case) -> None:
    attributes = {"classname": xml_text(case.classname), "name": xml_text(case.name)}
    attributes.update((k, xml_text(v)) for k, v in case.attributes)
    element = ET.SubElement(suite, "testcase", attributes)
    if case.outcome == "failed":
        failure = ET.SubElement(element, "failure", type=case.failure_type, message=xml_text(case.message))
        failure.text = xml_text(case.details)
    elif case.outcome == "skipped":
        ET.SubElement(element, "skipped", message=xml_text(case.message))


def _counts(element: ET.Element, tests: int, failures: int, skipped: int) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", str(skipped))
