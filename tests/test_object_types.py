"""The object-type registry: every type decides every facet, and every layer knows every type."""

from __future__ import annotations

import dataclasses
import typing

import pytest

from conefi_dbtool.catalog import drift, expected, plan, queries
from conefi_dbtool.deploy_steps import guard_codes
from conefi_dbtool.grants.usage import CREATE_PRIVILEGE
from conefi_dbtool.migrations import sqltext
from conefi_dbtool.object_types import NA, REGISTRY, NotApplicable, ObjectType
from conefi_dbtool.objects import OBJECT_TYPES, ORACLE_TYPE_NAMES, PLSQL_TYPES, STATEFUL_TYPES

NAMES = [t.name for t in REGISTRY]
HINTS = typing.get_type_hints(ObjectType)
# Registries kept by higher layers, keyed by type name (a layer decides its facet there).
LAYER_REGISTRIES = {
    "drift comparator (catalog.drift.COMPARATORS)": drift.COMPARATORS,
    "plan-step builder (catalog.plan.BUILDERS)": plan.BUILDERS,
    "expected-DDL reader (catalog.expected.READERS)": expected.READERS,
}


def test_names_are_unique_and_the_registry_is_not_empty() -> None:
    assert len(NAMES) == len(set(NAMES)) >= 17


@pytest.mark.parametrize("kind", REGISTRY, ids=NAMES)
def test_every_facet_is_decided(kind: ObjectType) -> None:
    for f in dataclasses.fields(ObjectType):
        value = getattr(kind, f.name)
        assert value is not None, f"{kind.name}: facet {f.name} undecided"
        if value is NA:
            assert NotApplicable in typing.get_args(HINTS[f.name]), f"{kind.name}: {f.name} cannot be NA"


@pytest.mark.parametrize("layer", sorted(LAYER_REGISTRIES))
def test_every_layer_has_a_handler_for_every_registered_type(layer: str) -> None:
    handlers = LAYER_REGISTRIES[layer]
    missing = [name for name in NAMES if name not in handlers]
    assert not missing, f"{layer}: no entry (a handler or NA) for {missing}"
    assert set(handlers) <= set(NAMES), f"{layer}: entries for unregistered types"


def test_deploy_order_and_derived_tables() -> None:
    assert OBJECT_TYPES == (
        "user", "role_grant", "system_grant", "sequence", "table", "index", "database_link", "synonym",
        "type", "package", "function", "procedure", "view", "package_body", "trigger", "object_grant", "job")
    assert {"type", "package", "package_body", "function", "procedure", "trigger"} <= PLSQL_TYPES
    assert {"table", "sequence", "index", "user", "database_link"} == STATEFUL_TYPES
    assert ORACLE_TYPE_NAMES["package_body"] == "PACKAGE BODY"
    assert ORACLE_TYPE_NAMES["type_body"] == "TYPE BODY"
    assert CREATE_PRIVILEGE["package_body"] == "CREATE PROCEDURE" and "index" not in CREATE_PRIVILEGE
    assert sqltext._DROP_MISSING["sequence"] == 2289 and {"user", "object_grant"} <= sqltext._UNDROPPABLE


def test_each_type_is_read_back_by_a_named_catalog_query() -> None:
    known = {q.name for q in queries.WITH_QUEUE}
    unknown = {t.name: t.catalog_query for t in REGISTRY if t.catalog_query not in known}
    assert not unknown


@pytest.mark.parametrize(("statement", "codes"), [
    ("CREATE TABLE X (A NUMBER)", (955,)),
    ("CREATE GLOBAL TEMPORARY TABLE X (A NUMBER)", (955,)),
    ("CREATE SEQUENCE S", (955,)),
    ("CREATE UNIQUE INDEX I ON X (A)", (955, 1408)),
    ("ALTER TABLE X ADD CONSTRAINT P PRIMARY KEY (A)", (2260, 2261, 2264, 2275)),
    ("ALTER TABLE X ADD (B NUMBER)", (1430,)),
    ("CREATE DATABASE LINK L CONNECT TO U IDENTIFIED BY P USING 'x'", (2011,)),
    ("CREATE USER U IDENTIFIED BY P", (1920,)),
    ("CREATE OR REPLACE VIEW V AS SELECT 1 FROM DUAL", ()),
])
def test_guards_come_from_the_registry(statement: str, codes: tuple[int, ...]) -> None:
    assert guard_codes(statement) == codes
