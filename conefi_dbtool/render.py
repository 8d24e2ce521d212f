"""Render a target's objects from the Jinja2 template tree.

Convention over configuration: ``templates/<database>/<owner>/<type>/<NAME>.sql.j2``
renders one object. ``<owner>`` is a key of that database's ``schemas`` table in the
config (``siga``, ``sgu``, ``conefi``) or ``trigger_owner`` (resolved through
``integration.trigger_owner``); files and folders starting with ``_`` are helpers
(macros), not objects. A template that renders to nothing is not part of the target.

Injection safety: every configured value reaches templates wrapped as `Tainted`,
which refuses to become text; only the filters ``ident``, ``qname``, ``literal`` and
``number`` unwrap it, and `finalize` refuses any other bare string in ``{{ }}``.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import heapq
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from conefi_dbtool.config import DATABASES, Project, Target
from conefi_dbtool.context import build_context
from conefi_dbtool.errors import RenderError, UsageError
from conefi_dbtool.identifiers import (
    IdentifierError,
    SqlFragment,
    normalize_identifier,
    sql_ident,
    sql_literal,
    sql_number,
    sql_qualified,
)
from conefi_dbtool.objects import TYPE_RANK, ObjectId, RenderedObject, SourceLine
from conefi_dbtool.taint import Tainted

TEMPLATE_SUFFIX = ".sql.j2"
_MARK_OPEN, _MARK_SEP, _MARK_CLOSE = "\x1e", "\x1d", "\x1f"
_MARK_RE = re.compile("\x1e([^\x1d]*)\x1d(\\d+)\x1f")


# --------------------------------------------------------------------------- filters


def _plain(value: Any) -> Any:
    if isinstance(value, Tainted):
        return value.value
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    return value


def _filter(fn: Callable[..., SqlFragment]) -> Callable[..., SqlFragment]:
    def wrapped(value: Any, *args: Any) -> SqlFragment:
        key = value.key if isinstance(value, Tainted) else None
        try:
            return fn(_plain(value), *[_plain(a) for a in args])
        except IdentifierError as exc:
            where = f"config value {key}: " if key else ""
            raise RenderError(where + str(exc)) from None

    wrapped.__name__ = fn.__name__
    return wrapped


def _qname(value: Any, *more: Any) -> SqlFragment:
    """``OWNER.NAME`` from one dotted value or several parts, every part validated."""
    return sql_qualified(*[part for v in (value, *more) for part in str(v).split(".")])


def _finalize(value: Any) -> Any:
    if isinstance(value, Tainted):
        value._refuse()
    if isinstance(value, SqlFragment | Markup):
        return value
    if isinstance(value, bool):
        raise RenderError(f"a boolean ({value}) is not SQL; test it with {{% if %}}")
    if isinstance(value, int | Decimal | float):
        return sql_number(value)
    if isinstance(value, str):
        raise RenderError(
            f"bare string {value[:60]!r} reached the SQL: use |ident, |qname, |literal or |number"
        )
    if value is None:
        raise RenderError("None reached the SQL")
    raise RenderError(f"{type(value).__name__} value cannot be written into SQL")


class _LineMarkers(Extension):
    """Tags every line break of template text with (template, line) for the line map."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        name = stream.name or "?"
        for token in stream:
            if token.type != "data" or "\n" not in token.value:
                yield token
                continue
            pieces = token.value.split("\n")
            out = []
            for i, piece in enumerate(pieces[:-1]):
                out.append(f"{piece}{_MARK_OPEN}{name}{_MARK_SEP}{token.lineno + i}{_MARK_CLOSE}")
            out.append(pieces[-1])
            yield Token(token.lineno, "data", "\n".join(out))


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[_LineMarkers],
    )
    env.filters["ident"] = _filter(sql_ident)
    env.filters["qname"] = _filter(_qname)
    env.filters["literal"] = _filter(sql_literal)
    env.filters["number"] = _filter(sql_number)
    return env


# --------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class TemplateInfo:
    """A template file that renders one object, with its header metadata."""

    path: str  # relative to the templates directory, with '/'
    database: str
    owner_key: str
    type: str
    name: str
    purpose: str
    depends: tuple[str, ...]  # "<database>/<owner_key>/<type>/<NAME>" references

    @property
    def ref(self) -> str:
        return f"{self.database}/{self.owner_key}/{self.type}/{self.name}"


_HEADER = re.compile(r"\A\s*\{#(.*?)#\}", re.S)


def _parse_header(source: str) -> tuple[str, tuple[str, ...]]:
    """Read ``purpose:`` and ``depends:`` from the template's leading Jinja comment."""
    m = _HEADER.match(source)
    if not m:
        return "", ()
    purpose = ""
    depends: list[str] = []
    for raw in m.group(1).splitlines():
        line = raw.strip().lstrip("-").strip()
        if line.lower().startswith("purpose:"):
            purpose = line.split(":", 1)[1].strip()
        elif line.lower().startswith("depends:"):
            depends.extend(d.strip() for d in line.split(":", 1)[1].split(",") if d.strip())
    return purpose, tuple(depends)


def discover_templates(templates_dir: Path) -> tuple[TemplateInfo, ...]:
    if not templates_dir.is_dir():
        raise UsageError(f"{templates_dir}: templates directory not found")
    found: list[TemplateInfo] = []
    for path in sorted(templates_dir.rglob(f"*{TEMPLATE_SUFFIX}")):
        rel = path.relative_to(templates_dir)
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        shown = rel.as_posix()
        if len(rel.parts) != 4:
            raise RenderError(
                "template path must be <database>/<owner>/<type>/<NAME>.sql.j2", template=shown
            )
        database, owner_key, type_, filename = rel.parts
        name = filename[: -len(TEMPLATE_SUFFIX)]
        if database not in DATABASES:
            raise RenderError(
                f"unknown database folder {database!r} (expected one of {', '.join(DATABASES)})",
                template=shown,
            )
        if type_ not in TYPE_RANK:
            raise RenderError(f"unknown object type folder {type_!r}", template=shown)
        try:
            normalize_identifier(name)
        except IdentifierError as exc:
            raise RenderError(f"object name from file name: {exc}", template=shown) from None
        purpose, depends = _parse_header(path.read_text(encoding="utf-8"))
        found.append(TemplateInfo(shown, database, owner_key, type_, name.upper(), purpose, depends))
    return tuple(found)


def resolve_owner(target: Target, database: str, owner_key: str, template: str) -> str:
    db = target.database(database)
    key = owner_key
    if database == "erp" and owner_key == "trigger_owner":
        key = target.integration.trigger_owner
    schemas = dataclasses.asdict(db.schemas)
    if key not in schemas:
        raise RenderError(
            f"owner folder {owner_key!r} is not a schema of database {database} "
            f"(known: {', '.join(sorted(schemas))}"
            + (", trigger_owner" if database == "erp" else "")
            + ")",
            template=template,
        )
    return str(schemas[key])


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class RenderResult:
    """Every object of a target, in dependency order."""

    target: str
    objects: tuple[RenderedObject, ...]

    def by_id(self) -> dict[ObjectId, RenderedObject]:
        return {o.id: o for o in self.objects}


def _template_location(tb: TracebackType | None, templates_dir: Path) -> tuple[str | None, int | None]:
    """Deepest traceback frame that belongs to a template file (Jinja rewrites them)."""
    found: tuple[str | None, int | None] = (None, None)
    root = str(templates_dir)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(root) and filename.endswith(".j2"):
            found = (Path(filename).relative_to(templates_dir).as_posix(), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _postprocess(raw: str, default_template: str) -> tuple[str, tuple[SourceLine | None, ...]]:
    """Strip the line markers, trailing blanks, leading and repeated blank lines."""
    lines: list[str] = []
    sources: list[SourceLine | None] = []
    for chunk in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        marks = _MARK_RE.findall(chunk)
        text = _MARK_RE.sub("", chunk).rstrip()
        source = SourceLine(marks[-1][0], int(marks[-1][1])) if marks else None
        if not text and (not lines or not lines[-1]):
            continue
        lines.append(text)
        sources.append(source)
    while lines and not lines[-1]:
        lines.pop()
        sources.pop()
    if not lines:
        return "", ()
    return "\n".join(lines) + "\n", tuple(sources)


def render_template(
    env: jinja2.Environment,
    info: TemplateInfo,
    context: Mapping[str, Any],
    templates_dir: Path,
) -> tuple[str, tuple[SourceLine | None, ...]]:
    try:
        template = env.get_template(info.path)
        raw = template.render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"template syntax error: {exc.message}", template=exc.name or info.path,
                          line=exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"included template not found: {exc.name}", template=info.path) from None
    except jinja2.UndefinedError as exc:
        where, line = _template_location(exc.__traceback__, templates_dir)
        raise RenderError(f"undefined: {exc.message}", template=where or info.path, line=line) from None
    except RenderError as exc:
        where, line = _template_location(exc.__traceback__, templates_dir)
        raise RenderError(exc.detail, template=where or info.path, line=line) from None
    except Exception as exc:  # a template bug must still name the template line
        where, line = _template_location(exc.__traceback__, templates_dir)
        raise RenderError(f"{type(exc).__name__}: {exc}", template=where or info.path, line=line) from exc
    return _postprocess(raw, info.path)


def _order(objects: list[RenderedObject]) -> tuple[RenderedObject, ...]:
    """Dependency order: declared `depends`, then (database, type rank, owner, name)."""
    by_id = {o.id: o for o in objects}
    indegree = {o.id: 0 for o in objects}
    children: dict[ObjectId, list[ObjectId]] = {o.id: [] for o in objects}
    for o in objects:
        for dep in o.depends:
            if dep in by_id:
                indegree[o.id] += 1
                children[dep].append(o.id)
    ready = [(oid.sort_key(), oid) for oid, n in indegree.items() if n == 0]
    heapq.heapify(ready)
    out: list[RenderedObject] = []
    while ready:
        _, oid = heapq.heappop(ready)
        out.append(by_id[oid])
        for child in children[oid]:
            indegree[child] -= 1
            if indegree[child] == 0:
                heapq.heappush(ready, (child.sort_key(), child))
    if len(out) != len(objects):
        cycle = sorted(str(oid) for oid, n in indegree.items() if n > 0)
        raise RenderError("dependency cycle among: " + ", ".join(cycle))
    return tuple(out)


def expand_depends(info: TemplateInfo, refs: Iterable[str]) -> tuple[str, ...]:
    """Declared dependencies, each once, in order; a ``*`` pattern adds its matches sorted.

    A pattern lets a template depend on a family that grows with data (the job package
    body on every candidate view of the layouts) without listing each member.
    """
    known = sorted(refs)
    out: dict[str, None] = {}
    for dep in info.depends:
        if "*" not in dep:
            if dep not in known:
                raise RenderError(f"depends on unknown object {dep!r}", template=info.path)
            out[dep] = None
            continue
        matches = [ref for ref in known if fnmatch.fnmatchcase(ref, dep) and ref != info.ref]
        if not matches:
            raise RenderError(f"depends pattern {dep!r} matches no template", template=info.path)
        out.update(dict.fromkeys(matches))
    return tuple(out)


def render_target(project: Project, target: Target) -> RenderResult:
    """Render every object template of `target` (pure: reads templates, writes nothing)."""
    templates_dir = project.templates_dir
    infos = discover_templates(templates_dir)
    env = make_environment(templates_dir)
    base_context = build_context(project, target)
    refs = {i.ref: i for i in infos}
    ids = {i.ref: ObjectId(i.database, resolve_owner(target, i.database, i.owner_key, i.path),
                           i.type, i.name) for i in infos}
    depends = {i.ref: expand_depends(i, refs) for i in infos}
    rendered: list[RenderedObject] = []
    for info in infos:
        oid = ids[info.ref]
        context = dict(base_context)
        context["obj"] = {
            "database": info.database,
            "owner": SqlFragment(sql_ident(oid.owner)),
            "name": SqlFragment(sql_ident(oid.name)),
            "qualified": sql_qualified(oid.owner, oid.name),
            "type": info.type,
        }
        text, line_map = render_template(env, info, context, templates_dir)
        if not text:
            continue
        rendered.append(RenderedObject(
            id=oid, template=info.path, text=text, purpose=info.purpose,
            depends=tuple(ids[d] for d in depends[info.ref]), line_map=line_map,
        ))
    present = {o.id for o in rendered}
    rendered = [dataclasses.replace(o, depends=tuple(d for d in o.depends if d in present))
                for o in rendered]
    return RenderResult(target=target.name, objects=_order(rendered))
