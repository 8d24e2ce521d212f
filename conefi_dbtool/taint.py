"""Configured values on their way into templates: `Tainted` refuses to become text.

Every configured value reaches templates wrapped by `taint`; only the SQL filters
(``ident``, ``qname``, ``literal``, ``number`` in `render`) unwrap it. This module sits
below both `render` (the filters) and `context` (which wraps the config), so neither has
to import the other for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from conefi_dbtool.errors import RenderError
from conefi_dbtool.identifiers import SqlFragment


class Tainted:
    """A configured string on its way into a template: usable in tests, never as text."""

    __slots__ = ("key", "value")

    def __init__(self, value: str, key: str) -> None:
        self.value = value
        self.key = key

    def _refuse(self) -> str:
        raise RenderError(
            f"config value {self.key} ({self.value!r}) reached the SQL without a filter: "
            "use |ident, |qname, |literal or |number"
        )

    def __str__(self) -> str:
        return self._refuse()

    def __format__(self, spec: str) -> str:
        return self._refuse()

    def __repr__(self) -> str:
        return f"Tainted({self.key})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Tainted):
            return self.value == other.value
        return self.value == other

    def __hash__(self) -> int:
        return hash(self.value)

    def __bool__(self) -> bool:
        return bool(self.value)

    def __len__(self) -> int:
        return len(self.value)

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str) and item in self.value


class TaintedView:
    """Attribute access over a config object whose strings come back `Tainted`."""

    __slots__ = ("_key", "_obj")

    def __init__(self, obj: Any, key: str) -> None:
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_key", key)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._obj, name)
        key = f"{self._key}.{name}"
        if callable(value):
            return _tainting_callable(value, key)
        return taint(value, key)

    def __getitem__(self, name: str) -> Any:
        return self.__getattr__(name)

    def __str__(self) -> str:
        raise RenderError(f"config table {self._key} cannot be written into SQL as text")

    def __repr__(self) -> str:
        return f"TaintedView({self._key})"


def _tainting_callable(fn: Callable[..., Any], key: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        plain = [a.value if isinstance(a, Tainted) else a for a in args]
        return taint(fn(*plain, **kwargs), f"{key}(...)")

    return call


def taint(value: Any, key: str) -> Any:
    """Wrap configured data so that its strings cannot reach the output unfiltered."""
    if isinstance(value, SqlFragment | Markup):
        return value
    if isinstance(value, str):
        return Tainted(str(value), key)
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, tuple | list):
        return tuple(taint(v, f"{key}[{i}]") for i, v in enumerate(value))
    if isinstance(value, Mapping):
        return {k: taint(v, f"{key}.{k}") for k, v in value.items()}
    return TaintedView(value, key)
