"""What the rendered code needs from other schemas: derived, never declared by hand.

Why: object grants used by definer's-rights code, views and jobs must be direct grants,
and a grant nobody uses is attack surface. So the needs come from the code itself: every
rendered object of the target is lexed (comments and string literals are not code; a
job's ``job_action`` string is) and each schema-qualified reference to an object of
another schema becomes a `Usage` (grantee = owner of the referencing object):

* ``UPDATE s.t`` → UPDATE (and SELECT: with SQL92_SECURITY=TRUE, the default since 12.2,
  an UPDATE/DELETE that reads columns needs SELECT), ``DELETE [FROM] s.t`` → DELETE (+SELECT),
  ``INSERT INTO s.t`` → INSERT, ``MERGE INTO s.t`` → SELECT plus the clauses it has;
* ``s.f(`` / ``s.pkg.p(``, a call statement, the right side of ``:=``/``=>`` and names
  following the shop's convention for code (``F_*``, ``P_*``, ``PKG_*``) → EXECUTE;
* ``s.seq.NEXTVAL`` and anything else (FROM, JOIN, %TYPE, columns) → SELECT;
* ``s.t@link`` is remote (the link's user needs the grant, not us) and is skipped.

Also derived: the system privileges that owning each object takes (CREATE TABLE for a
table, CREATE ANY TRIGGER for a trigger on another schema's table, ...), the tablespaces
that need a quota, and the object grants the templates themselves render (``GRANT EXECUTE
ON CONEFI.PKG TO SGU`` when SGU owns the trigger). Dynamic SQL (``EXECUTE IMMEDIATE``) and
unqualified names are not seen: templates qualify every name (docs/architecture.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from conefi_dbtool.config import Target
from conefi_dbtool.grants.privileges import (
    PUBLIC_SYS_OBJECTS,
    PUBLIC_SYS_PREFIXES,
    RESTRICTED_SYS_PACKAGES,
)
from conefi_dbtool.object_types import NA, REGISTRY
from conefi_dbtool.objects import ObjectId, RenderedObject
from conefi_dbtool.plsql import lexer
from conefi_dbtool.plsql.lexer import Token, TokenKind
from conefi_dbtool.render import RenderResult

WORD, STRING = TokenKind.WORD, TokenKind.STRING

# Object type -> system privilege its owner needs to create it (trigger: decided per table).
# System privilege an owner needs to create each type (from the object-type registry).
CREATE_PRIVILEGE = {t.name: t.create_privilege for t in REGISTRY if t.create_privilege is not NA}
CODE_PREFIXES = ("F_", "P_", "PKG_")  # shop convention: functions, procedures, packages
_CALL_POSITION = frozenset({";", "BEGIN", "THEN", "ELSE", "LOOP", ">>"})


@dataclass(frozen=True)
class Site:
    """Where a use was found: the template line when known, else the rendered object."""

    template: str
    line: int | None
    object: str  # ObjectId text

    def __str__(self) -> str:
        return self.template if self.line is None else f"{self.template}:{self.line}"

    def sort_key(self) -> tuple[str, int, str]:
        return (self.template, self.line or 0, self.object)

    def __lt__(self, other: Site) -> bool:
        return self.sort_key() < other.sort_key()


@dataclass(frozen=True, order=True)
class Usage:
    """`grantee` uses `privilege` on `owner.name` (a direct grant is needed)."""

    grantee: str
    owner: str
    name: str
    privilege: str
    site: Site
    how: str  # e.g. "UPDATE statement", "call", "query"


@dataclass(frozen=True, order=True)
class SystemNeed:
    grantee: str
    privilege: str
    site: Site
    how: str


@dataclass(frozen=True, order=True)
class QuotaNeed:
    grantee: str
    tablespace: str | None  # None: the user's default tablespace
    site: Site


@dataclass(frozen=True, order=True)
class RenderedGrant:
    """An object grant a template renders (e.g. EXECUTE on a CONEFI package to SGU)."""

    grantee: str
    owner: str
    name: str
    privilege: str
    grantable: bool
    site: Site


@dataclass(frozen=True)
class CodeNeeds:
    """Everything the rendered objects of one database need or grant."""

    database: str
    usages: tuple[Usage, ...] = ()
    system_needs: tuple[SystemNeed, ...] = ()
    quota_needs: tuple[QuotaNeed, ...] = ()
    rendered_grants: tuple[RenderedGrant, ...] = ()


# --------------------------------------------------------------------------- tokens


def _is_name(tok: Token | None) -> bool:
    return tok is not None and tok.kind in lexer.NAMES


def _word(tok: Token | None, *values: str) -> bool:
    return tok is not None and tok.is_word(*values)


def _statement_bounds(tokens: Sequence[Token], i: int) -> tuple[int, int]:
    start = i
    while start > 0 and tokens[start - 1].text != ";":
        start -= 1
    end = i
    while end < len(tokens) and tokens[end].text != ";":
        end += 1
    return start, end


# --------------------------------------------------------------------------- scanning


def site_of(obj: RenderedObject, line: int) -> Site:
    """Template line of a rendered line. Lines written by a multi-line ``{{ expression }}``
    or macro carry no mark of their own: the expression's line is the next marked one."""
    for probe in range(line, len(obj.line_map) + 1):
        src = obj.source_of(probe)
        if src is not None:
            return Site(src.template, src.line, str(obj.id))
    return Site(obj.template, None, str(obj.id))


class _Scanner:
    def __init__(self, obj: RenderedObject, schemas: frozenset[str],
                 synonyms: dict[tuple[str, str], tuple[str, str] | None]) -> None:
        self.obj = obj
        self.schemas = schemas
        self.synonyms = synonyms
        self.usages: list[Usage] = []
        self.grants: list[RenderedGrant] = []
        self.trigger_tables: list[tuple[str, str, Site]] = []
        self.tablespaces: list[tuple[str, Site]] = []

    def site(self, line: int) -> Site:
        return site_of(self.obj, line)

    def use(self, owner: str, name: str, privilege: str, line: int, how: str) -> None:
        if (owner, name) in self.synonyms:
            resolved = self.synonyms[(owner, name)]
            if resolved is None:
                return  # a synonym over a database link: remote
            owner, name = resolved
        if owner == self.obj.id.owner:
            return
        if owner == "SYS" and (name in PUBLIC_SYS_OBJECTS or name.startswith(PUBLIC_SYS_PREFIXES)):
            return
        self.usages.append(Usage(self.obj.id.owner, owner, name, privilege, self.site(line), how))

    def scan(self, tokens: Sequence[Token]) -> None:
        skip: set[int] = set()
        if self.obj.id.type == "trigger":
            skip |= self._trigger_header(tokens)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if i in skip:
                i += 1
                continue
            word = tok.name if tok.kind is WORD else ""  # upper-cased once per token
            if word == "GRANT":
                i = self._grant(tokens, i)
                continue
            if word == "SYNONYM":
                i = self._synonym(tokens, i)
                continue
            if word == "TABLESPACE" and _is_name(tokens[i + 1] if i + 1 < len(tokens) else None):
                nxt = tokens[i + 1]
                if not _word(nxt, "DEFAULT"):
                    self.tablespaces.append((nxt.name, self.site(nxt.line)))
                i += 2
                continue
            if tok.kind == STRING and self.obj.id.type == "job" and i >= 2 \
                    and tokens[i - 1].text == "=>" and _word(tokens[i - 2], "JOB_ACTION", "PROGRAM_ACTION"):
                self._job_action(tok)
                i += 1
                continue
            if _is_name(tok) and not (i > 0 and tokens[i - 1].text == "."):
                parts, j = lexer.dotted_name(tokens, i)
                remote = j < len(tokens) and tokens[j].text == "@"
                if not remote:
                    self._reference(tokens, i, j, parts)
                i = j
                continue
            i += 1

    def _reference(self, tokens: Sequence[Token], i: int, j: int, parts: tuple[str, ...]) -> None:
        tok = tokens[i]
        prev = tokens[i - 1] if i > 0 else None
        first = parts[0]
        if len(parts) == 1:
            if tok.kind != WORD:
                return
            if first.startswith(("V$", "GV$")):
                self.use("SYS", first.replace("$", "_$", 1), "SELECT", tok.line, "dictionary view")
            elif first.startswith(("DBA_", "CDB_")) and _word(prev, "FROM", "JOIN"):
                self.use("SYS", first, "SELECT", tok.line, "dictionary view")
            return
        if first in RESTRICTED_SYS_PACKAGES and tok.kind == WORD:
            self.use("SYS", first, "EXECUTE", tok.line, "call")
            return
        if first not in self.schemas and first != "SYS":
            return
        owner, name, rest = first, parts[1], parts[2:]
        if owner == "SYS" and len(parts) == 2 and name.startswith(("V$", "GV$")):
            name = name.replace("$", "_$", 1)
        nxt = tokens[j] if j < len(tokens) else None
        before = tokens[i - 2] if i > 1 else None
        line = tok.line
        if rest and rest[-1] in ("NEXTVAL", "CURRVAL"):
            self.use(owner, name, "SELECT", line, "sequence")
        elif _word(prev, "UPDATE") and not _word(before, "FOR"):
            self.use(owner, name, "UPDATE", line, "UPDATE statement")
            self.use(owner, name, "SELECT", line, "UPDATE statement (SQL92_SECURITY)")
        elif _word(prev, "DELETE") or (_word(prev, "FROM") and _word(before, "DELETE")):
            self.use(owner, name, "DELETE", line, "DELETE statement")
            self.use(owner, name, "SELECT", line, "DELETE statement (SQL92_SECURITY)")
        elif _word(prev, "INTO"):
            self._into(tokens, i, owner, name, line)
        elif _word(prev, "REFERENCES"):
            self.use(owner, name, "REFERENCES", line, "foreign key")
        elif self._is_call(prev, nxt):
            self.use(owner, name, "EXECUTE", line, "call")
        elif name.startswith(CODE_PREFIXES) or (owner == "SYS" and name.startswith(("DBMS_", "UTL_"))):
            self.use(owner, name, "EXECUTE", line, "reference to code")
        else:
            self.use(owner, name, "SELECT", line, "query")

    @staticmethod
    def _is_call(prev: Token | None, nxt: Token | None) -> bool:
        """``x.f(``, ``:= x.f``, ``=> x.f``, or a call statement ``BEGIN x.p;``."""
        if nxt is not None and nxt.text == "(":
            return True
        if prev is None:
            return False
        return prev.text in (":=", "=>") or (
            prev.name in _CALL_POSITION and nxt is not None and nxt.text in (";", ":="))

    def _into(self, tokens: Sequence[Token], i: int, owner: str, name: str, line: int) -> None:
        start, end = _statement_bounds(tokens, i)
        verbs = [t.name for t in tokens[start:i] if _word(t, "INSERT", "MERGE", "SELECT", "FETCH",
                                                          "RETURNING", "RETURN", "BULK")]
        verb = verbs[-1] if verbs else ""
        if "INSERT" in verbs and verb in ("INSERT", "SELECT"):
            verb = "INSERT"  # INSERT ALL ... INTO, INSERT INTO ... SELECT: the INTO is the insert's
        if verb == "INSERT":
            self.use(owner, name, "INSERT", line, "INSERT statement")
        elif verb == "MERGE":
            self.use(owner, name, "SELECT", line, "MERGE statement")
            body = tokens[i:end]
            for k in range(1, len(body)):
                if _word(body[k - 1], "THEN") and _word(body[k], "UPDATE"):
                    self.use(owner, name, "UPDATE", line, "MERGE ... UPDATE")
                if _word(body[k - 1], "THEN") and _word(body[k], "INSERT"):
                    self.use(owner, name, "INSERT", line, "MERGE ... INSERT")
                if _word(body[k], "DELETE") and k + 1 < len(body) and _word(body[k + 1], "WHERE"):
                    self.use(owner, name, "DELETE", line, "MERGE ... DELETE")

    def _trigger_header(self, tokens: Sequence[Token]) -> set[int]:
        """Record the table a trigger fires on; its reference is not a use of the table."""
        depth = 0
        seen_trigger = False
        for k, tok in enumerate(tokens):
            if tok.text == "(":
                depth += 1
            elif tok.text == ")":
                depth -= 1
            if _word(tok, "TRIGGER"):
                seen_trigger = True
            elif seen_trigger and _word(tok, "BEGIN", "DECLARE", "COMPOUND", "CALL"):
                return set()
            elif seen_trigger and depth == 0 and _word(tok, "ON") and _is_name(
                    tokens[k + 1] if k + 1 < len(tokens) else None):
                parts, j = lexer.dotted_name(tokens, k + 1)
                if parts[0] in ("SCHEMA", "DATABASE") and len(parts) == 1:
                    return set()
                owner, name = (parts[0], parts[1]) if len(parts) >= 2 else (self.obj.id.owner, parts[0])
                self.trigger_tables.append((owner, name, self.site(tokens[k + 1].line)))
                return set(range(k + 1, j))
        return set()

    def _grant(self, tokens: Sequence[Token], i: int) -> int:
        _start, end = _statement_bounds(tokens, i)
        body = tokens[i + 1:end]
        words = [t.name for t in body]
        if "ON" not in words or "TO" not in words:
            return end
        on = words.index("ON")
        to = words.index("TO", on)
        privileges = " ".join(words[:on]).replace(" ,", ",").split(",")
        if on + 1 >= len(body) or not _is_name(body[on + 1]):
            return end
        parts, _ = lexer.dotted_name(body, on + 1)
        owner, name = (parts[0], parts[1]) if len(parts) >= 2 else (self.obj.id.owner, parts[0])
        grantees = [t.name for t in body[to + 1:] if _is_name(t)]
        grantable = "GRANT" in grantees and "OPTION" in grantees
        grantees = [g for g in grantees if g not in ("WITH", "GRANT", "OPTION", "HIERARCHY")]
        site = self.site(tokens[i].line)
        for grantee in grantees:
            for priv in privileges:
                priv = " ".join(priv.split())
                if priv:
                    self.grants.append(RenderedGrant(grantee, owner, name, priv, grantable, site))
        return end

    def _synonym(self, tokens: Sequence[Token], i: int) -> int:
        _, end = _statement_bounds(tokens, i)
        for k in range(i + 1, end):
            if _word(tokens[k], "FOR") and k + 1 < end and _is_name(tokens[k + 1]):
                _, j = lexer.dotted_name(tokens, k + 1)
                return j + (2 if j < end and tokens[j].text == "@" else 0)
        return end

    def _job_action(self, tok: Token) -> None:
        inner = lexer.significant_tokens(lexer.string_value(tok), tok.line)
        parts, end = lexer.dotted_name(inner, 0) if _is_name(inner[0] if inner else None) else ((), 0)
        rest = [t.text for t in inner[end:]]
        if len(parts) >= 2 and rest in ([], [";"]):  # STORED_PROCEDURE: a bare name is a call
            if parts[0] in self.schemas or parts[0] == "SYS":
                self.use(parts[0], parts[1], "EXECUTE", tok.line, "job action")
            return
        self.scan(inner)


def _synonyms(objects: Iterable[RenderedObject]) -> dict[tuple[str, str], tuple[str, str] | None]:
    """Synonyms the templates create: (owner, name) -> target, or None when remote."""
    out: dict[tuple[str, str], tuple[str, str] | None] = {}
    for obj in objects:
        if obj.id.type != "synonym":
            continue
        tokens = lexer.significant_tokens(obj.text)
        for k, tok in enumerate(tokens):
            if _word(tok, "FOR") and k + 1 < len(tokens) and _is_name(tokens[k + 1]):
                parts, j = lexer.dotted_name(tokens, k + 1)
                remote = j < len(tokens) and tokens[j].text == "@"
                target = None if remote or len(parts) < 2 else (parts[0], parts[1])
                out[(obj.id.owner, obj.id.name)] = target
                break
    return out


def scan_object(obj: RenderedObject, schemas: frozenset[str],
                synonyms: dict[tuple[str, str], tuple[str, str] | None] | None = None) -> _Scanner:
    scanner = _Scanner(obj, schemas, synonyms or {})
    scanner.scan(lexer.significant_tokens(obj.text))
    return scanner


def database_schemas(target: Target, database: str) -> frozenset[str]:
    db = target.database(database)
    return frozenset(str(v) for v in vars(db.schemas).values())


def analyse(result: RenderResult, target: Target, database: str) -> CodeNeeds:
    """The needs of every rendered object of `database` (pure)."""
    objects = [o for o in result.objects if o.id.database == database]
    schemas = database_schemas(target, database)
    synonyms = _synonyms(objects)
    usages: list[Usage] = []
    needs: list[SystemNeed] = []
    quotas: list[QuotaNeed] = []
    grants: list[RenderedGrant] = []
    for obj in objects:
        scanner = scan_object(obj, schemas, synonyms)
        usages.extend(scanner.usages)
        grants.extend(scanner.grants)
        first = site_of(obj, 1)
        owner = obj.id.owner
        if obj.id.type == "trigger":
            for table_owner, table, site in scanner.trigger_tables:
                if table_owner == owner:
                    needs.append(SystemNeed(owner, "CREATE TRIGGER", site,
                                            f"trigger on {table_owner}.{table}"))
                else:
                    needs.append(SystemNeed(owner, "CREATE ANY TRIGGER", site,
                                            f"trigger on another schema's table {table_owner}.{table}"))
        elif obj.id.type == "synonym" and re.search(r"\bPUBLIC\s+SYNONYM\b", obj.text, re.I):
            needs.append(SystemNeed(owner, "CREATE PUBLIC SYNONYM", first, "public synonym"))
        elif obj.id.type in CREATE_PRIVILEGE:
            needs.append(SystemNeed(owner, CREATE_PRIVILEGE[obj.id.type], first, f"owns {obj.id.type} "
                                    f"{obj.id.qualified_name}"))
        if obj.id.type in ("table", "index"):
            if scanner.tablespaces:
                quotas.extend(QuotaNeed(owner, ts, site) for ts, site in scanner.tablespaces)
            else:
                quotas.append(QuotaNeed(owner, None, first))
    return CodeNeeds(database, tuple(usages), tuple(needs), tuple(quotas), tuple(grants))


def object_of(oid: ObjectId) -> str:
    return f"{oid.owner}.{oid.name} ({oid.type})"
