"""Oracle's built-ins as data: the STANDARD functions and the supplied packages the code calls.

The semantic checks need to know what `SYS.DBMS_SCHEDULER.CREATE_JOB` accepts without a
database, so the catalogue (``conefi_dbtool/data/oracle_builtins.toml``, its header is the
format) lists each subprogram the way Oracle's 19c documentation writes it: parameter
names, modes, types, defaults, return type, one entry per overload, the page it comes from.

Lookups never raise for a name they do not know: `resolve` answers `UNRESOLVED` (the
catalogue does not claim to know everything Oracle ships) unless the package is marked
complete, when a missing member is `MISSING` (what Oracle reports as PLS-00302).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from conefi_dbtool.errors import UsageError

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "oracle_builtins.toml"
DOC_PREFIX = "https://docs.oracle.com/"

IN, OUT, IN_OUT = "IN", "OUT", "IN OUT"
USAGES = frozenset({"sql", "plsql", "both"})
CLASSES = frozenset({"scalar", "aggregate", "analytic"})
# the package `SYS.X` and `X` are the same package; quoted names are compared as written
_SCHEMA = "SYS"
_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_$#]*\Z")
_TYPE = re.compile(r"[A-Za-z][A-Za-z0-9_$#.]*( [A-Za-z][A-Za-z0-9_$#]*)*\Z")
_SUBPROGRAM_KEYS = frozenset({"name", "params", "returns", "variadic", "usage", "class", "bare", "doc"})
_PACKAGE_KEYS = frozenset({"doc", "callable_unqualified", "complete", "named_notation", "constants",
                           "exceptions", "exceptions_doc", "subprograms", "members",
                           "attributes", "values"})


@dataclass(frozen=True)
class Parameter:
    """A formal parameter; `type` "A | B" stands for overloads differing only here."""

    name: str
    mode: str
    type: str
    has_default: bool
    default: str = ""
    nocopy: bool = False

    @property
    def types(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.type.split("|"))

    @property
    def needs_variable(self) -> bool:
        """An OUT or IN OUT actual must be a variable (PLS-00363 otherwise)."""
        return self.mode != IN


@dataclass(frozen=True)
class Subprogram:
    """One overload of a built-in function or procedure."""

    package: str
    name: str
    params: tuple[Parameter, ...]
    returns: str | None  # None: a procedure
    doc: str
    variadic: bool = False  # the last parameter may repeat
    usage: str = "both"  # sql: SQL statements only (PLS-00204 in PL/SQL); plsql: not in SQL
    classes: frozenset[str] = frozenset({"scalar"})
    bare: bool = False  # may be written without parentheses (SYSDATE, SQLERRM)
    named_notation: bool = True

    @property
    def kind(self) -> str:
        return "procedure" if self.returns is None else "function"

    @property
    def min_args(self) -> int:
        return sum(1 for p in self.params if not p.has_default)

    @property
    def max_args(self) -> int | None:
        """None when variadic."""
        return None if self.variadic else len(self.params)

    def param(self, name: str) -> Parameter | None:
        key = name.upper()
        return next((p for p in self.params if p.name.upper() == key), None)

    def mismatch(self, positional: int, named: Sequence[str] = ()) -> str | None:
        """Why a call with `positional` actuals then `named` ones (names) cannot be this
        overload, or None when it can (arity and names only: types are the caller's)."""
        limit = self.max_args
        if limit is not None and positional > limit:
            return f"{positional} positional argument(s), at most {limit}"
        filled = {p.name.upper() for p in self.params[:positional]}
        for name in named:
            if not self.named_notation:
                return f"{self.name} takes positional arguments only"
            param = self.param(name)
            if param is None:
                return f"no parameter named {name.upper()}"
            if param.name.upper() in filled:
                return f"parameter {param.name.upper()} given twice"
            filled.add(param.name.upper())
        missing = [p.name.upper() for p in self.params if not p.has_default and p.name.upper() not in filled]
        if self.variadic and positional >= len(self.params):
            missing = []
        if missing:
            return "missing " + ", ".join(missing)
        return None


@dataclass(frozen=True)
class Constant:
    """A public constant (or variable) of a package, e.g. DBMS_LOCK.X_MODE."""

    package: str
    name: str
    type: str
    value: str


@dataclass(frozen=True)
class Package:
    name: str
    doc: str
    subprograms: tuple[Subprogram, ...]
    constants: tuple[Constant, ...] = ()
    exceptions: tuple[str, ...] = ()
    callable_unqualified: bool = False
    complete: bool = False
    members: frozenset[str] = frozenset()  # further public members, listed by name only
    attributes: frozenset[str] = frozenset()  # what its SET_ATTRIBUTE may name (DBMS_SCHEDULER)
    # parameter or attribute -> the values it accepts (DBMS_SCHEDULER's JOB_TYPE...)
    values: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def overloads(self, member: str) -> tuple[Subprogram, ...]:
        key = member.upper()
        return tuple(s for s in self.subprograms if s.name == key)

    def constant(self, member: str) -> Constant | None:
        key = member.upper()
        return next((c for c in self.constants if c.name == key), None)


class Kind(StrEnum):
    SUBPROGRAM = "subprogram"
    CONSTANT = "constant"
    EXCEPTION = "exception"
    NAMED = "named"  # a member the package has whose signature the catalogue does not give
    MISSING = "missing"  # a complete package has no such member (Oracle: PLS-00302)
    UNRESOLVED = "unresolved"  # the catalogue does not know: not an error


@dataclass(frozen=True)
class Resolution:
    kind: Kind
    package: str
    member: str
    overloads: tuple[Subprogram, ...] = ()
    constant: Constant | None = None

    @property
    def known(self) -> bool:
        return self.kind not in (Kind.MISSING, Kind.UNRESOLVED)

    def matching(self, positional: int, named: Sequence[str] = ()) -> tuple[Subprogram, ...]:
        """The overloads a call of that shape can be (empty: PLS-00306 when known)."""
        return tuple(s for s in self.overloads if s.mismatch(positional, named) is None)


@dataclass(frozen=True)
class Catalogue:
    packages: Mapping[str, Package]
    supplied: frozenset[str] = frozenset()  # every package Oracle supplies (names only)

    def is_supplied(self, name: str) -> bool:
        """Oracle ships a package of that name (``SYS.`` prefix allowed)."""
        parts = _name_parts(name)
        if len(parts) == 2 and parts[0] == _SCHEMA:
            parts = parts[1:]
        return len(parts) == 1 and (parts[0] in self.packages or parts[0] in self.supplied)

    def package(self, name: str) -> Package | None:
        parts = _name_parts(name)
        if len(parts) == 2 and parts[0] == _SCHEMA:
            parts = parts[1:]
        return self.packages.get(parts[0]) if len(parts) == 1 else None

    def resolve(self, package: str, member: str) -> Resolution:
        """`package.member` (`SYS.` prefix allowed, case-insensitive)."""
        pkg = self.package(package)
        key = member.upper()
        if pkg is None:
            return Resolution(Kind.UNRESOLVED, package.upper(), key)
        overloads = pkg.overloads(key)
        if overloads:
            return Resolution(Kind.SUBPROGRAM, pkg.name, key, overloads)
        constant = pkg.constant(key)
        if constant is not None:
            return Resolution(Kind.CONSTANT, pkg.name, key, constant=constant)
        if key in pkg.exceptions:
            return Resolution(Kind.EXCEPTION, pkg.name, key)
        if key in pkg.members:
            return Resolution(Kind.NAMED, pkg.name, key)
        return Resolution(Kind.MISSING if pkg.complete else Kind.UNRESOLVED, pkg.name, key)

    def resolve_unqualified(self, name: str) -> Resolution:
        """An unqualified name among STANDARD and DBMS_STANDARD (SUBSTR, SQLERRM,
        RAISE_APPLICATION_ERROR, NO_DATA_FOUND); anything else is `UNRESOLVED` (a local?)."""
        for pkg in self.packages.values():
            if pkg.callable_unqualified:
                found = self.resolve(pkg.name, name)
                if found.known:
                    return found
        return Resolution(Kind.UNRESOLVED, "", name.upper())

    def subprograms(self) -> Iterable[Subprogram]:
        for pkg in self.packages.values():
            yield from pkg.subprograms


def _name_parts(name: str) -> list[str]:
    return [p.strip().strip('"') if p.strip().startswith('"') else p.strip().upper()
            for p in name.split(".")]


# --------------------------------------------------------------------------- loading


class _Fail:
    """One-line errors naming the file and the key."""

    def __init__(self, file: str) -> None:
        self.file = file

    def __call__(self, key: str, message: str) -> UsageError:
        return UsageError(f"{self.file}: {key}: {message}")


def parse_parameter(text: str) -> Parameter:
    """``name [IN | OUT | IN OUT] [NOCOPY] type [DEFAULT expr]`` (ValueError says why)."""
    m = re.search(r"\s(?:DEFAULT|:=)(?=\s|\Z)", text)
    head, default = (text[:m.start()], text[m.end():]) if m else (text, "")
    sep = m is not None
    words = head.split()
    if not words or not _IDENT.match(words[0]) or words[0].upper() in ("IN", "OUT", "NOCOPY"):
        raise ValueError(f"{text!r}: expected a parameter name first")
    name, rest = words[0], words[1:]
    mode = IN
    if rest[:2] and rest[0].upper() == "IN" and len(rest) > 1 and rest[1].upper() == "OUT":
        mode, rest = IN_OUT, rest[2:]
    elif rest[:1] and rest[0].upper() in (IN, OUT):
        mode, rest = rest[0].upper(), rest[1:]
    nocopy = bool(rest) and rest[0].upper() == "NOCOPY"
    if nocopy:
        rest = rest[1:]
    type_text = " ".join(rest)
    types = [t.strip() for t in type_text.split("|")]
    if not type_text or not all(_TYPE.match(t) for t in types):
        raise ValueError(f"{text!r}: expected a type after the name and mode")
    if sep and not default.strip():
        raise ValueError(f"{text!r}: DEFAULT without an expression")
    if nocopy and mode == IN:
        raise ValueError(f"{text!r}: NOCOPY on an IN parameter")
    return Parameter(name, mode, " | ".join(types), bool(sep), default.strip(), nocopy)


def _type(fail: _Fail, key: str, value: Any) -> str:
    if not isinstance(value, str) or not all(_TYPE.match(t.strip()) for t in value.split("|")):
        raise fail(key, f"expected a type name, got {value!r}")
    return " | ".join(t.strip() for t in value.split("|"))


def _bool(fail: _Fail, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise fail(key, f"expected true or false, got {value!r}")
    return value


def _doc(fail: _Fail, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.startswith(DOC_PREFIX):
        raise fail(key, f"expected a documentation URL starting {DOC_PREFIX}, got {value!r}")
    return value


def _subprogram(fail: _Fail, key: str, raw: Any, package: str, pkg_doc: str,
                named_notation: bool) -> Subprogram:
    if not isinstance(raw, dict):
        raise fail(key, "expected a table")
    unknown = sorted(set(raw) - _SUBPROGRAM_KEYS)
    if unknown:
        raise fail(f"{key}.{unknown[0]}", f"unknown key (known: {', '.join(sorted(_SUBPROGRAM_KEYS))})")
    name = raw.get("name")
    if not isinstance(name, str) or not _IDENT.match(name):
        raise fail(f"{key}.name", f"expected an identifier, got {name!r}")
    params_raw = raw.get("params")
    if not isinstance(params_raw, list):
        raise fail(f"{key}.params", "expected a list of parameter strings")
    params = []
    for i, text in enumerate(params_raw):
        if not isinstance(text, str):
            raise fail(f"{key}.params[{i}]", f"expected a string, got {text!r}")
        try:
            params.append(parse_parameter(text))
        except ValueError as exc:
            raise fail(f"{key}.params[{i}]", str(exc)) from None
    names = [p.name.upper() for p in params]
    dup = next((n for n in names if names.count(n) > 1), None)
    if dup is not None:
        raise fail(f"{key}.params", f"parameter {dup} declared twice")
    returns = _type(fail, f"{key}.returns", raw["returns"]) if "returns" in raw else None
    usage = raw.get("usage", "both")
    if usage not in USAGES:
        raise fail(f"{key}.usage", f"expected one of {', '.join(sorted(USAGES))}, got {usage!r}")
    classes = raw.get("class", "scalar")
    words = classes.split() if isinstance(classes, str) else []
    if not words or not set(words) <= CLASSES:
        raise fail(f"{key}.class", f"expected words among {', '.join(sorted(CLASSES))}, got {classes!r}")
    variadic = _bool(fail, f"{key}.variadic", raw.get("variadic", False))
    if variadic and not params:
        raise fail(f"{key}.variadic", "a variadic subprogram needs a parameter to repeat")
    return Subprogram(
        package, name.upper(), tuple(params), returns,
        _doc(fail, f"{key}.doc", raw["doc"]) if "doc" in raw else pkg_doc,
        variadic, usage, frozenset(words), _bool(fail, f"{key}.bare", raw.get("bare", False)),
        named_notation,
    )


def _signature(s: Subprogram) -> tuple[object, ...]:
    return (s.name, tuple((p.name.upper(), p.mode, p.type) for p in s.params))


def _package(fail: _Fail, name: str, raw: Any) -> Package:
    key = f"packages.{name}"
    if not _IDENT.match(name) or name != name.upper():
        raise fail(key, "a package name is an upper-case identifier")
    if not isinstance(raw, dict):
        raise fail(key, "expected a table")
    unknown = sorted(set(raw) - _PACKAGE_KEYS)
    if unknown:
        raise fail(f"{key}.{unknown[0]}", f"unknown key (known: {', '.join(sorted(_PACKAGE_KEYS))})")
    if "doc" not in raw:
        raise fail(f"{key}.doc", "missing: every package cites its documentation page")
    doc = _doc(fail, f"{key}.doc", raw["doc"])
    named = _bool(fail, f"{key}.named_notation", raw.get("named_notation", True))
    subs_raw = raw.get("subprograms", [])
    if not isinstance(subs_raw, list):
        raise fail(f"{key}.subprograms", "expected an array of tables ([[...subprograms]])")
    subs = tuple(_subprogram(fail, f"{key}.subprograms[{i}]", s, name, doc, named)
                 for i, s in enumerate(subs_raw))
    seen: set[tuple[object, ...]] = set()
    for i, s in enumerate(subs):
        sig = _signature(s)
        if sig in seen:
            raise fail(f"{key}.subprograms[{i}]", f"{s.name}: the same overload is listed twice")
        seen.add(sig)
    constants = []
    consts_raw = raw.get("constants", {})
    if not isinstance(consts_raw, dict):
        raise fail(f"{key}.constants", "expected a table NAME = \"TYPE := value\"")
    for cname, text in consts_raw.items():
        m = re.fullmatch(r"\s*(.+?)\s*:=\s*(.+?)\s*", text) if isinstance(text, str) else None
        if m is None or not _IDENT.match(cname) or not _TYPE.match(m.group(1)):
            raise fail(f"{key}.constants.{cname}", f"expected \"TYPE := value\", got {text!r}")
        constants.append(Constant(name, cname.upper(), m.group(1), m.group(2)))
    exceptions = raw.get("exceptions", [])
    if not isinstance(exceptions, list) \
            or not all(isinstance(e, str) and _IDENT.match(e) for e in exceptions):
        raise fail(f"{key}.exceptions", "expected a list of exception names")
    if exceptions:
        _doc(fail, f"{key}.exceptions_doc", raw.get("exceptions_doc"))
    members = _names(fail, f"{key}.members", raw.get("members", []))
    attributes = _names(fail, f"{key}.attributes", raw.get("attributes", []))
    values_raw = raw.get("values", {})
    if not isinstance(values_raw, dict):
        raise fail(f"{key}.values", "expected a table NAME = [\"VALUE\", ...]")
    values = {k.upper(): _names(fail, f"{key}.values.{k}", v) for k, v in values_raw.items()}
    return Package(name, doc, subs, tuple(constants), tuple(e.upper() for e in exceptions),
                   _bool(fail, f"{key}.callable_unqualified", raw.get("callable_unqualified", False)),
                   _bool(fail, f"{key}.complete", raw.get("complete", False)), members, attributes,
                   values)


def _names(fail: _Fail, key: str, value: Any) -> frozenset[str]:
    """A list of identifiers, upper-cased."""
    if not isinstance(value, list) or not all(isinstance(v, str) and _IDENT.match(v) for v in value):
        raise fail(key, "expected a list of names")
    return frozenset(v.upper() for v in value)


def parse_catalogue(raw: Mapping[str, Any], file: str) -> Catalogue:
    """Validate a decoded catalogue; a bad entry is one UsageError naming `file` and the key."""
    fail = _Fail(file)
    unknown = sorted(set(raw) - {"packages", "supplied", "supplied_doc"})
    if unknown:
        raise fail(unknown[0], "unknown top-level key (expected [packages.<NAME>] tables)")
    packages = raw.get("packages")
    if not isinstance(packages, dict) or not packages:
        raise fail("packages", "no [packages.<NAME>] table")
    supplied = _names(fail, "supplied", raw.get("supplied", []))
    if supplied:
        _doc(fail, "supplied_doc", raw.get("supplied_doc"))
    return Catalogue({name: _package(fail, name, body) for name, body in packages.items()},
                     supplied)


def load(path: Path) -> Catalogue:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the built-ins catalogue: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None
    return parse_catalogue(raw, str(path))


@cache
def bundled() -> Catalogue:
    """The catalogue shipped with the tool (read once per process)."""
    return load(BUNDLED)


def resolve(package: str, member: str) -> Resolution:
    """`package.member` in the bundled catalogue; never raises for an unknown name."""
    return bundled().resolve(package, member)


def resolve_standard(name: str) -> Resolution:
    """An unqualified built-in (STANDARD, DBMS_STANDARD) in the bundled catalogue."""
    return bundled().resolve_unqualified(name)
