"""The custom SE1 field name rules, one at a time: `<prefix>_X...` in upper case, at most 10."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.errors import ConfigError


def sent_flag(tmp_path: Path, value: str) -> str:
    extra = f'[targets.example.integration.custom_fields]\nsent_flag = "{value}"\n'
    _project, target = make_project(tmp_path, {}, extra)
    return str(target.integration.custom_fields.sent_flag)


@pytest.mark.parametrize("value", [
    "E1_XCNFENV",  # the bundled name
    "E1_XABCDEF",  # 10 characters: the longest allowed
    "E1_XA",  # shortest suffix
    "SE1_XA1",  # a three-character prefix
    "E1_X_9",
])
def test_valid_names_are_accepted(tmp_path: Path, value: str) -> None:
    assert sent_flag(tmp_path, value) == value


@pytest.mark.parametrize("value", [
    "E12_XABCDEF",  # the pattern fits, but 11 characters
    "E1_XABCDEFG",  # 11 characters
])
def test_a_name_longer_than_10_characters_is_rejected(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match=r"invalid custom Protheus field .*at most 10 characters"):
        sent_flag(tmp_path, value)


@pytest.mark.parametrize("value", [
    "e1_xcnfenv",  # lower case
    "E1_CNFENV",  # no X after the prefix
    "E1XCNFENV",  # no underscore
    "E1_X",  # nothing after the X
    "1E_XCNF",  # the prefix starts with a digit
    "E_XCNF",  # a one-character prefix
    "E1_XCN-F",  # a character Protheus does not allow
])
def test_a_name_of_the_wrong_shape_is_rejected(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match=rf"invalid custom Protheus field '{value}'"):
        sent_flag(tmp_path, value)
