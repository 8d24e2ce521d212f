"""Frozen dataclass values to and from JSON-shaped data: the tool's one (de)serialiser.

Used wherever a value is written to disk and read back: catalog snapshots (`catalog
snapshot`, the JSON a DBA hands to CI) and the lint cache. Loading validates against the
type hints and names the JSON path of the first problem (``$.databases[0].sources[1].type:
expected a string``), so a hand-edited snapshot gets a one-line error; the lint cache
treats the same error as a miss.

Supported: dataclasses (unknown keys and missing required keys are errors), ``tuple[X,
...]`` and fixed ``tuple[X, Y]``, ``dict[str, str]``, ``X | None``, ``str``, ``int``
(``bool`` refused), ``bool``, string enums (``StrEnum``, by value: a lint finding's
severity). `conefi_dbtool.config` keeps its own TOML loader on purpose: it validates a
hand-written file against the project's rules and reports ``file:line`` of the offending
key, which a type-driven loader cannot know.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from functools import cache
from typing import Any, Union


class SerialError(ValueError):
    """Data that does not fit the type: `path` is the JSON path (``$.a[0].b``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class _Bad(Exception):
    """Raised where the problem is; each enclosing container prefixes its step of the path."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def to_data(value: Any) -> Any:
    """JSON-shaped data: dataclasses as objects, sequences and sets as lists, dicts key-sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in _fields(type(value))}
    if isinstance(value, tuple | list | frozenset | set):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in sorted(value.items())}
    return value


def from_data(tp: Any, data: Any, *, path: str = "$") -> Any:
    """A value of type `tp` rebuilt from `data`; `SerialError` names what does not fit."""
    try:
        return _load(tp, data)
    except _Bad as exc:
        raise SerialError(path + exc.where, exc.message) from None


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _required(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in _fields(cls) if f.init and f.default is dataclasses.MISSING
                 and f.default_factory is dataclasses.MISSING)


def _load(tp: Any, data: Any) -> Any:
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _load_dataclass(tp, data)
    origin = typing.get_origin(tp)
    if origin is tuple:
        return _load_tuple(typing.get_args(tp), data)
    if origin is dict:
        if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
            raise _Bad("", "expected an object of strings")
        return dict(data)
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        (inner,) = [a for a in typing.get_args(tp) if a is not type(None)]
        return _load(inner, data)
    return _load_scalar(tp, data)


def _load_dataclass(tp: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise _Bad("", "expected an object")
    hints = _hints(tp)
    known = {f.name for f in _fields(tp) if f.init}
    kwargs = {}
    for key, item in data.items():
        if key not in known:
            raise _Bad(f".{key}", "unknown key")
        try:
            kwargs[key] = _load(hints[key], item)
        except _Bad as exc:
            raise _Bad(f".{key}{exc.where}", exc.message) from None
    for name in _required(tp):
        if name not in kwargs:
            raise _Bad(f".{name}", "required key is missing")
    return tp(**kwargs)


def _load_tuple(args: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    if not isinstance(data, list):
        raise _Bad("", "expected a list")
    if len(args) == 2 and args[1] is Ellipsis:
        args = (args[0],) * len(data)
    elif len(args) != len(data):
        raise _Bad("", f"expected a list of {len(args)}")
    out = []
    for i, (item_tp, item) in enumerate(zip(args, data, strict=True)):
        try:
            out.append(_load(item_tp, item))
        except _Bad as exc:
            raise _Bad(f"[{i}]{exc.where}", exc.message) from None
    return tuple(out)


def _load_scalar(tp: Any, data: Any) -> Any:
    if isinstance(tp, type) and issubclass(tp, enum.StrEnum):
        if not isinstance(data, str) or data not in {m.value for m in tp}:
            raise _Bad("", f"expected one of {', '.join(m.value for m in tp)}")
        return tp(data)
    if tp is bool:
        if not isinstance(data, bool):
            raise _Bad("", "expected true or false")
    elif tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise _Bad("", "expected an integer")
    elif tp is str:
        if not isinstance(data, str):
            raise _Bad("", "expected a string")
    elif tp is not type(None):
        raise TypeError(f"unsupported type {tp!r}")  # a programming error, not bad data
    elif data is not None:
        raise _Bad("", "expected null")
    return data
