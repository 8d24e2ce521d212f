"""The run key: what a lint result depends on, hashed, and the cached result it finds.

One place computes it, for the engine and for the command's fast path: `lint --target`
with nothing changed computes the key, reads one file of the run cache and prints it,
without importing the parser, the rules or the renderer (this module and what it imports
stay light; `tests/lint/test_lint_warm.py` checks it). A target's key covers the tool's
code and data (`package_hash`), the parser's version, the lint configuration
(`LintContext.fingerprint`: schemas, company, integration settings, the dictionary, the
fields file and the external objects), the target's config, the project's paths and every
template's text: rendering is a pure function of those, so a hit needs no render. A run
on SQL files is keyed by its sources (`sources_key`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from conefi_dbtool.config import (
    BUNDLED_CUSTOM_FIELDS,
    PACKAGE_DATA,
    ErpSchemas,
    Integration,
    Project,
    Sgu2Schemas,
    Target,
    fields_file,
)
from conefi_dbtool.lint.cache import LintCache
from conefi_dbtool.lint.result import LintResult
from conefi_dbtool.lint.sources import Source, file_sources, template_sources

RULESET_VERSION = "1"  # bump when rule semantics change (the code hash below also does)
PARSER_VERSION = "conefi-plsql-1"  # the project parser's version (`syntax.syntax_version`)
EXTERNAL_OBJECTS = PACKAGE_DATA / "external_objects.toml"
PROJECT_EXTERNAL_OBJECTS = "external_objects.toml"  # optional, in the project root

_CODE_SUFFIXES = (".py", ".csv", ".toml", ".json")
_PACKAGE = Path(__file__).resolve().parent.parent


def _hash_files(paths: list[Path], base: Path) -> str:
    h = hashlib.sha256(RULESET_VERSION.encode())
    for path in paths:
        try:
            h.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
        except (OSError, ValueError):
            continue
    return h.hexdigest()


@cache
def code_hash() -> str:
    """Hash of the code a unit's analysis depends on: the lint package, the splitter and lexer.

    A change to that code invalidates the unit entries: a cache never outlives the logic
    that filled it.
    """
    return _hash_files([*sorted((_PACKAGE / "lint").glob("*.py")), _PACKAGE / "splitter.py",
                        *sorted((_PACKAGE / "plsql").glob("*.py"))], _PACKAGE)


@cache
def package_hash() -> str:
    """Hash of all the tool's sources and bundled data (rendering included): ~100 files."""
    return _hash_files(sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _CODE_SUFFIXES
                              and "__pycache__" not in p.parts), _PACKAGE)


def digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class CatalogInputs:
    """Configuration the catalog depends on (from a target, or defaults without one)."""

    schemas: Mapping[str, Mapping[str, str]]  # database -> schema key -> schema name
    complete_schemas: Mapping[str, frozenset[str]]  # database -> schemas fully known
    company_suffix: str | None  # "030"; None = any company
    custom_se1_fields: tuple[str, ...] = ()
    params_alias: str = "Z99"
    params_columns: tuple[str, ...] = ()  # key/value columns named in config
    event_table: tuple[str, str] | None = None  # (schema, name) in the ERP database
    event_columns: tuple[str, ...] = ()
    event_sequence: tuple[str, str] | None = None


@dataclass(frozen=True)
class LintContext:
    """Configuration the rules depend on, and its fingerprint for the cache."""

    inputs: CatalogInputs
    dictionary_paths: tuple[Path, ...]  # the Protheus dictionary, then the fields file
    external_paths: tuple[Path, ...]
    template_schemas: tuple[str, ...]
    target: str | None
    loggers: tuple[str, ...] = ()  # `[lint] loggers`: external logging procedures (PLS003)
    catalog_path: Path | None = None  # `--catalog`: the target's catalog snapshot (JSON)

    def fingerprint(self) -> str:
        # JSON with sets sorted, not repr: a frozenset's repr follows the string hash seed,
        # which changes with every process (the key would never be found again)
        inputs = json.dumps(dataclasses.asdict(self.inputs), sort_keys=True, default=sorted)
        parts = [inputs, repr(self.template_schemas), self.target or "", repr(self.loggers)]
        snapshot = (self.catalog_path,) if self.catalog_path is not None else ()
        for path in (*self.dictionary_paths, *self.external_paths, *snapshot):
            try:
                parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
            except OSError:
                parts.append(f"missing:{path}")
        return digest(*parts)


def context_for(project: Project | None, target: Target | None,
                catalog_path: Path | None = None) -> LintContext:
    """What the catalog and the template rule need, from a target or from defaults (and a
    catalog snapshot of the target, when given)."""
    if target is not None:
        erp_schemas = dataclasses.asdict(target.erp.schemas)
        sgu2_schemas = dataclasses.asdict(target.sgu2.schemas)
        integration = target.integration
        suffix: str | None = target.erp.table_suffix
        complete = {"erp": frozenset(erp_schemas.values()), "sgu2": frozenset(sgu2_schemas.values())}
    else:
        erp_schemas = dataclasses.asdict(ErpSchemas())
        sgu2_schemas = dataclasses.asdict(Sgu2Schemas())
        integration = Integration()
        suffix = None
        # without a target the project's own objects are not rendered: only what Protheus
        # and the declared externals hold is fully known
        complete = {"erp": frozenset({erp_schemas["siga"], erp_schemas["sgu"]}),
                    "sgu2": frozenset()}
    sgu = erp_schemas["sgu"]
    params = tuple(str(getattr(integration, attr)) for attr in
                   ("params_key_column", "params_value_column") if hasattr(integration, attr))
    inputs = CatalogInputs(
        schemas={"erp": {k: str(v) for k, v in erp_schemas.items()},
                 "sgu2": {k: str(v) for k, v in sgu2_schemas.items()}},
        complete_schemas=complete,
        company_suffix=suffix,
        custom_se1_fields=tuple(str(v) for v in dataclasses.astuple(integration.custom_fields)),
        params_alias=integration.params_table_alias,
        params_columns=params,
        event_table=(sgu, str(integration.event_table)),
        event_columns=tuple(str(v) for v in dataclasses.astuple(integration.event_columns)),
        event_sequence=(sgu, str(integration.event_sequence)),
    )
    externals = [EXTERNAL_OBJECTS]
    if project is not None:
        externals.append(project.root / PROJECT_EXTERNAL_OBJECTS)
    dictionary_path = project.dictionary_path if project is not None else (
        PACKAGE_DATA / "protheus_dictionary.csv")
    # the integration's fields file: custom SE1 fields, custom tables (Z99), standard fields
    # missing from the bundled dictionary
    extra = fields_file(project, target) if project is not None and target is not None else (
        BUNDLED_CUSTOM_FIELDS)
    schemas = tuple(sorted({str(s) for s in (*erp_schemas.values(), *sgu2_schemas.values())}))
    return LintContext(inputs, (dictionary_path, extra), tuple(externals), schemas,
                       target.name if target else None,
                       project.lint.loggers if project is not None else (), catalog_path)


# --------------------------------------------------------------------------- keys


def target_key(project: Project, target: Target, context: LintContext) -> str:
    """The key of `engine.lint_target`'s result: computed before rendering, to skip it."""
    return digest("target", package_hash(), PARSER_VERSION, context.fingerprint(),
                  repr(target), repr(project.paths), str(project.templates_dir),
                  *(f"{s.path}\0{s.text}" for s in template_sources(project)))


def sources_key(sources: Sequence[Source], context: LintContext) -> str:
    """The key of a run over ``sources`` (SQL files, a target's objects behind them)."""
    return digest("sources", package_hash(), PARSER_VERSION, context.fingerprint(),
                  *(f"{s.path}\0{s.object}\0{s.database}\0{s.schema}\0{s.template}\0"
                    f"{s.report}\0{s.template_prefix}\0{s.namespace}\0{s.line_map!r}\0{s.text}"
                    for s in sources))


def cached(store: LintCache, key: str) -> LintResult | None:
    """The run cache's result for ``key`` (every unit counted as a hit), or None."""
    found = store.get_run(key, LintResult)
    if found is None:
        return None
    return dataclasses.replace(found, cache_hits=found.units, cache_misses=0)


def cached_target(project: Project, target: Target, *, use_cache: bool = True,
                  catalog_path: Path | None = None) -> LintResult | None:
    """`engine.lint_target`'s result when nothing changed since a run that stored it, else
    None (then the engine runs)."""
    key = target_key(project, target, context_for(project, target, catalog_path))
    return cached(LintCache(project.root, enabled=use_cache), key)


def cached_files(paths: Sequence[Path], project: Project | None, *, use_cache: bool = True,
                 cache_root: Path | None = None, encoding: str | None = None) -> LintResult | None:
    """`engine.lint_paths`'s result without a target when nothing changed, else None (with
    a target the key needs the rendered objects: the engine computes it)."""
    root = project.root if project is not None else cache_root
    key = sources_key(file_sources(paths, None, encoding), context_for(project, None))
    return cached(LintCache(root, enabled=use_cache), key)
