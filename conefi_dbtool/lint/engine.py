"""Run every lint rule on a target's rendered objects or on SQL files.

Pipeline: sources (rendered objects with their line maps, or files) → split into units
(the project's SQL*Plus splitter) → per-unit analysis (the project's parser + structure scan;
cached, parallel on a cold run) → catalog of known objects → the registry's rules, each
kind given its facts (`lint.rules.BY_KIND`) → suppressions → findings located in the file
a human edits (the template line via ``line_map``). No rule is named here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from conefi_dbtool.config import PACKAGE_DATA, ErpSchemas, Integration, Project, Sgu2Schemas, Target
from conefi_dbtool.dictionary import Dictionary, load_dictionary
from conefi_dbtool.errors import UsageError
from conefi_dbtool.lint.cache import LintCache, code_hash, digest, package_hash
from conefi_dbtool.lint.findings import Finding, LintResult, Suppression, make_finding
from conefi_dbtool.lint.progress import Progress
from conefi_dbtool.lint.references import (
    Catalog,
    CatalogInputs,
    Created,
    added_columns,
    base_catalog,
    check_references,
    created_objects,
    load_external_objects,
    protheus_columns_read,
    with_created,
)
from conefi_dbtool.lint.rules import BY_KIND
from conefi_dbtool.lint.rules.base import (
    Fact,
    ProgramFacts,
    SplitFailure,
    SuppressionFacts,
    TemplateFacts,
    UnitFacts,
)
from conefi_dbtool.lint.semantic import Context, Issue, UnitSymbols, program_of, unit_symbols
from conefi_dbtool.lint.semantic import check as semantic_check
from conefi_dbtool.lint.sqlfacts import TreeFacts
from conefi_dbtool.lint.sqltext import scan
from conefi_dbtool.lint.suppress import Directive, directives, match
from conefi_dbtool.lint.syntax import ParseTask, SyntaxIssue, merge, run_task, syntax_version, tasks_for
from conefi_dbtool.lint.triggers import UnitCode, trigger_reach
from conefi_dbtool.lint.units import Hit, LintUnit, UnitAnalysis
from conefi_dbtool.objects import SourceLine
from conefi_dbtool.plsql.parser import parse
from conefi_dbtool.splitter import PLSQL, SQLPLUS, SplitError, split, split_script
from conefi_dbtool.textio import read_sql_text

EXTERNAL_OBJECTS = Path(__file__).resolve().parent.parent / "data" / "external_objects.toml"
PROJECT_EXTERNAL_OBJECTS = "external_objects.toml"  # optional, in the project root
SQL_SUFFIXES = (".sql", ".pks", ".pkb", ".pls", ".plb", ".prc", ".fnc", ".trg", ".tps", ".tpb")
TEMPLATE_SUFFIX = ".sql.j2"
PARALLEL_MIN_CHARS = 4_000_000  # below this a cold run parses in-process (fork costs more)


@dataclass(frozen=True)
class Source:
    """A text findings are reported against: a rendered object, a SQL file or a template."""

    path: str  # shown path: the object's template, the SQL file, the template file
    text: str
    object: str = ""  # e.g. erp:CONEFI.package_body.PKG_X
    database: str | None = None
    schema: str = ""
    line_map: tuple[SourceLine | None, ...] = ()
    template_prefix: str = ""  # prepended to line_map template paths
    template: bool = False  # a Jinja template (checked for TPL001 only)
    report: bool = True  # False: only tells what exists (a target's objects behind SQL files)
    namespace: str = ""  # sources of one namespace see each other's CREATEs, and only those

    def locate(self, line: int) -> tuple[str, int]:
        """(file, line) a human edits for line ``line`` of this text."""
        if self.line_map:
            for probe in range(min(line, len(self.line_map)), 0, -1):
                where = self.line_map[probe - 1]
                if where is not None:
                    return self.template_prefix + where.template, where.line
        return self.path, line


@dataclass(frozen=True)
class LintContext:
    """Configuration the rules depend on, and its fingerprint for the cache."""

    inputs: CatalogInputs
    dictionary_paths: tuple[Path, ...]  # the Protheus dictionary, then the fields file
    external_paths: tuple[Path, ...]
    template_schemas: tuple[str, ...]
    target: str | None

    def fingerprint(self) -> str:
        parts = [repr(self.inputs), repr(self.template_schemas), self.target or ""]
        for path in (*self.dictionary_paths, *self.external_paths):
            try:
                parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
            except OSError:
                parts.append(f"missing:{path}")
        return digest(*parts)


def context_for(project: Project | None, target: Target | None) -> LintContext:
    """What the catalog and the template rule need, from a target or from defaults."""
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
    from conefi_dbtool.context import CUSTOM_FIELDS_FILE, fields_file

    dictionary_path = project.dictionary_path if project is not None else (
        PACKAGE_DATA / "protheus_dictionary.csv")
    # the integration's fields file: custom SE1 fields, custom tables (Z99), standard fields
    # missing from the bundled dictionary
    extra = fields_file(project, target) if project is not None and target is not None else (
        CUSTOM_FIELDS_FILE)
    schemas = tuple(sorted({str(s) for s in (*erp_schemas.values(), *sgu2_schemas.values())}))
    return LintContext(inputs, (dictionary_path, extra), tuple(externals), schemas,
                       target.name if target else None)


# --------------------------------------------------------------------------- analysis


def analyze(kind: str, text: str) -> UnitAnalysis:
    """Everything derived from one unit's text, in-process."""
    return _analyze_all([(kind, text)], 1)[0]


_Parsed = tuple[tuple[SyntaxIssue, ...], TreeFacts | None]


def _analyze_all(items: list[tuple[str, str]], jobs: int) -> list[UnitAnalysis]:
    """Analyse units: the structure scan here, the parses by `_parse_all`."""
    scans = [scan(text) for _, text in items]
    tasks = [(number, task)
             for number, ((kind, text), found) in enumerate(zip(items, scans, strict=True))
             for task in tasks_for(text, found.leaves, found.pieces, plsql=kind == PLSQL)]
    grouped: dict[int, list[_Parsed]] = {}
    for (number, _task), result in zip(tasks, _parse_all([t for _, t in tasks], jobs),
                                       strict=True):
        grouped.setdefault(number, []).append(result)
    out = []
    for number, found in enumerate(scans):
        issues, tree = merge(grouped.get(number, []) or [((), None)])
        out.append(UnitAnalysis(issues, found.facts, tree))
    return out


def _parse_all(tasks: list[ParseTask], jobs: int) -> list[_Parsed]:
    """Run the parse tasks; on a big enough cold run, in one process per CPU."""
    if jobs <= 1 or len(tasks) < 2 or sum(t.cost for t in tasks) < PARALLEL_MIN_CHARS:
        return [run_task(task) for task in tasks]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    mp_context = multiprocessing.get_context("fork" if "fork" in methods else None)
    order = sorted(range(len(tasks)), key=lambda k: -tasks[k].cost)
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=mp_context) as pool:
            results = list(pool.map(run_task, [tasks[k] for k in order]))
    except (BrokenProcessPool, OSError):  # no fork here, or a worker died: do it in-process
        results = [run_task(tasks[k]) for k in order]
    by_index = dict(zip(order, results, strict=True))
    return [by_index[k] for k in range(len(tasks))]


def _units(sources: Sequence[Source]) -> tuple[list[LintUnit], list[tuple[int, SplitFailure]]]:
    """The units of every source, and what the splitter says about them (rejected scripts;
    for SQL files, where SQL*Plus would read them differently: a target's rendered objects
    run in scripts that set SQLBLANKLINES ON)."""
    version = f"{code_hash()}:{syntax_version()}"
    units: list[LintUnit] = []
    failures: list[tuple[int, SplitFailure]] = []
    for number, source in enumerate(sources):
        if source.template:
            continue
        try:
            if source.object:
                pieces = split(source.text)
            else:
                script = split_script(source.text)
                pieces = script.units
                failures += [(number, SplitFailure(w.line, w.message, warning=True)) for w in script.warnings]
        except SplitError as exc:
            failures.append((number, SplitFailure(exc.line, exc.detail)))
            continue
        lines = source.text.split("\n")
        for unit in pieces:
            if unit.kind == SQLPLUS:
                continue
            first = unit.text.split("\n", 1)[0]
            line_text = lines[unit.start - 1] if unit.start <= len(lines) else ""
            col_offset = max(line_text.find(first), 0)
            units.append(LintUnit(number, unit.kind, unit.text, unit.start - 1, col_offset,
                                  source.database, source.schema,
                                  digest(version, unit.kind, unit.text)))
    return units, failures


def _analyses(units: list[LintUnit], options: RunOptions) -> tuple[dict[str, UnitAnalysis], set[str]]:
    """Every unit's analysis (from the cache, or computed and cached), and the keys computed."""
    analyses: dict[str, UnitAnalysis] = {}
    missing: dict[str, LintUnit] = {}
    for unit in units:
        if unit.key in analyses or unit.key in missing:
            continue
        found = options.cache.get_unit(unit.key)
        if found is None:
            missing[unit.key] = unit
        else:
            analyses[unit.key] = found
    jobs = options.jobs or os.cpu_count() or 1
    todo = list(missing.values())
    done = 0
    for batch in _batches(todo, options.progress is not None):
        for unit, analysis in zip(batch, _analyze_all([(u.kind, u.text) for u in batch], jobs),
                                  strict=True):
            analyses[unit.key] = analysis
            options.cache.put_unit(unit.key, analysis)
        done += len(batch)
        if options.progress is not None:
            options.progress("parsing", done, len(todo))
    if todo:
        options.cache.prune()
    return analyses, set(missing)


PROGRESS_STEPS = 40  # batches a watched cold run is analysed in (each one a progress tick)


def _batches(todo: list[LintUnit], watched: bool) -> list[list[LintUnit]]:
    """``todo`` in one batch, or in `PROGRESS_STEPS` batches when progress is watched (a
    batch per tick: the parallel pool is set up once per batch, so not one per unit)."""
    if not watched or not todo:
        return [todo] if todo else []
    size = max(1, -(-len(todo) // PROGRESS_STEPS))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def _dictionary(context: LintContext) -> Dictionary:
    """The Protheus dictionary plus the integration's fields file (custom E1_X fields...)."""
    dictionary = load_dictionary(context.dictionary_paths[0])
    for path in context.dictionary_paths[1:]:
        if path.is_file():
            dictionary = dictionary.with_fields(load_dictionary(path).fields)
    return dictionary


_ALTER_TABLE = re.compile(r"ALTER\s+TABLE\b", re.IGNORECASE)


def _catalogs(context: LintContext, sources: Sequence[Source], units: list[LintUnit],
              analyses: dict[str, UnitAnalysis]) -> dict[str, Catalog]:
    """The known objects of each namespace: the dictionary and the declared externals
    (shared), plus what that namespace's units create (`Source.namespace`)."""
    base = base_catalog(_dictionary(context), load_external_objects(*context.external_paths),
                        context.inputs)
    created: dict[str, list[Created]] = {"": []}
    created.update((source.namespace, []) for source in sources)
    for unit in units:
        a = analyses[unit.key]
        found = created[sources[unit.source].namespace]
        found += created_objects(a.text, a.tree, unit.database, unit.schema)
        if _ALTER_TABLE.match(unit.text):
            found += added_columns(unit.text, unit.database, unit.schema)
    return {namespace: with_created(base, objects) for namespace, objects in created.items()}


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class RunOptions:
    cache: LintCache
    jobs: int = 0  # 0: one per CPU
    progress: Progress | None = None  # told how far a run is (a terminal's bar), or nobody


def run(sources: Sequence[Source], context: LintContext, options: RunOptions,
        key: str | None = None) -> LintResult:
    """Lint ``sources``: findings after suppression, located for humans.

    ``key`` identifies the inputs in the run cache (computed from the sources when not
    given; `lint_target` gives one computed before rendering, to skip the render).
    """
    if key is None:
        key = _sources_key(sources, context)
        cached = options.cache.get_run(key, LintResult)
        if cached is not None:
            return dataclasses.replace(cached, cache_hits=cached.units, cache_misses=0)
    units, failures = _units(sources)
    analyses, computed = _analyses(units, options)
    analysed = _Analysed(sources, units, analyses, _catalogs(context, sources, units, analyses))
    raw = (_split_hits(failures) + _unit_hits(analysed, options.progress) + _program_hits(analysed)
           + _template_hits(sources, context.template_schemas))
    reported = [u for u in units if analysed.reported(u)]
    misses = sum(1 for u in reported if u.key in computed)
    result = _finish(sources, raw, len(reported), context.target,
                     hits=len(reported) - misses, misses=misses)
    result = dataclasses.replace(result, skipped=_skipped(reported, analyses))
    options.cache.put_run(key, dataclasses.replace(result, cache_hits=0, cache_misses=0))
    return result


def _sources_key(sources: Sequence[Source], context: LintContext) -> str:
    return digest("sources", package_hash(), syntax_version(), context.fingerprint(),
                  *(f"{s.path}\0{s.object}\0{s.database}\0{s.schema}\0{s.template}\0"
                    f"{s.report}\0{s.template_prefix}\0{s.namespace}\0{s.line_map!r}\0{s.text}"
                    for s in sources))


@dataclass(frozen=True)
class _Analysed:
    """The run's units, their analyses and the catalog of each namespace."""

    sources: Sequence[Source]
    units: list[LintUnit]
    analyses: dict[str, UnitAnalysis]
    catalogs: dict[str, Catalog]

    def reported(self, unit: LintUnit) -> bool:
        return self.sources[unit.source].report

    def catalog(self, unit: LintUnit) -> Catalog:
        """What ``unit`` resolves names against: its own namespace's catalog."""
        return self.catalogs[self.sources[unit.source].namespace]


# Each kind of rule in the registry gets its facts here; a hit is (source index, hit).


def _split_hits(failures: list[tuple[int, SplitFailure]]) -> list[tuple[int, Hit]]:
    return [(number, hit) for number, failure in failures
            for rule in BY_KIND.split for hit in rule.check(failure)]


def _unit_hits(run: _Analysed, progress: Progress | None = None) -> list[tuple[int, Hit]]:
    rules = BY_KIND.unit
    needs = frozenset(fact for rule in rules for fact in rule.needs)
    raw: list[tuple[int, Hit]] = []
    semantic = _semantic(run) if Fact.SEMANTIC in needs else {}
    for number, unit in enumerate(run.units, 1):
        if progress is not None and (number % 200 == 0 or number == len(run.units)):
            progress("checking", number, len(run.units))
        if not run.reported(unit):
            continue
        facts = dataclasses.replace(_unit_facts(run, unit, needs),
                                    semantic_=semantic.get(number - 1, ()))
        raw += [(unit.source, _shift(unit, hit))
                for rule in rules for hit in rule.check(facts.seen_by(rule))]
    return raw


def _semantic(run: _Analysed) -> dict[int, tuple[Issue, ...]]:
    """Each reported PL/SQL unit's semantic issues (by index in ``run.units``), resolved
    against the symbols of every unit of its namespace (`conefi_dbtool.lint.semantic`)."""
    symbols: dict[str, UnitSymbols] = {}
    for unit in run.units:
        if unit.kind == PLSQL and unit.key not in symbols and run.analyses[unit.key].tree:
            symbols[unit.key] = unit_symbols(unit.text, parse(unit.text).tree)
    by_namespace: dict[str, list[UnitSymbols]] = {}
    for unit in run.units:
        if unit.key in symbols:
            by_namespace.setdefault(run.sources[unit.source].namespace, []).append(
                symbols[unit.key])
    programs = {namespace: program_of(found) for namespace, found in by_namespace.items()}
    known: dict[str, frozenset[str]] = {
        namespace: frozenset(name for (_db, _schema, name) in catalog.objects)
        for namespace, catalog in run.catalogs.items()}
    out: dict[int, tuple[Issue, ...]] = {}
    for index, unit in enumerate(run.units):
        if unit.key not in symbols or not run.reported(unit):
            continue
        namespace = run.sources[unit.source].namespace
        schema = unit.schema or symbols[unit.key].owner
        complete = unit.database is not None and run.catalog(unit).known_schema(
            unit.database, schema)
        context = Context(programs[namespace], known[namespace], complete)
        out[index] = semantic_check(symbols[unit.key], context)
    return out


def _skipped(reported: list[LintUnit], analyses: dict[str, UnitAnalysis]) -> tuple[str, ...]:
    """The checks this run could not make, in words: said in the result, never silent."""
    untreed = sum(1 for unit in reported if analyses[unit.key].tree is None)
    if not untreed:
        return ()
    return (f"{untreed} unit(s) gave no syntax tree (not parsed, or the parser failed): "
            "their table and column references were not checked",)


def _unit_facts(run: _Analysed, unit: LintUnit, needs: frozenset[Fact]) -> UnitFacts:
    """A unit's facts; the reference check only when a rule needs it."""
    a = run.analyses[unit.key]
    catalog = run.catalog(unit)
    references = tuple(check_references(catalog, a.text, a.tree, unit.database, unit.schema)
                       ) if Fact.REFERENCES in needs else ()
    return UnitFacts(a, catalog, unit.database, unit.schema, references)


def _program_hits(run: _Analysed) -> list[tuple[int, Hit]]:
    # a namespace of its own keeps a trigger's walk out of other file arguments' code
    program = ProgramFacts(trigger_reach([
        UnitCode(i, run.sources[u.source].namespace or u.database, u.schema,
                 run.analyses[u.key].text)
        for i, u in enumerate(run.units)]))
    return [(run.units[i].source, _shift(run.units[i], hit))
            for rule in BY_KIND.program for i, hit in rule.check(program)
            if run.reported(run.units[i])]


def _template_hits(sources: Sequence[Source], schemas: tuple[str, ...]) -> list[tuple[int, Hit]]:
    return [(number, hit) for number, source in enumerate(sources)
            if source.template and source.report
            for rule in BY_KIND.template
            for hit in rule.check(TemplateFacts(source.text, schemas))]


def _shift(unit: LintUnit, hit: Hit) -> Hit:
    col = hit.col + (unit.col_offset if hit.line == 1 else 0)
    return Hit(hit.rule, hit.line + unit.line_offset, col, hit.message)


# --------------------------------------------------------------------------- suppressions, places

_Marks = dict[tuple[str, int], tuple[Directive, list[Finding]]]


def _finish(sources: Sequence[Source], raw: list[tuple[int, Hit]], units: int,
            target: str | None, *, hits: int, misses: int) -> LintResult:
    """Apply suppressions per source, locate everything, merge directives seen twice."""
    by_source: dict[int, list[Hit]] = {}
    for number, hit in raw:
        by_source.setdefault(number, []).append(hit)
    findings: list[Finding] = []
    marks: _Marks = {}
    for number, source in enumerate(sources):
        if source.report:
            findings += _suppress(source, by_source.get(number, []), marks)
    suppressions: list[Suppression] = []
    for (file, line), (d, covered) in sorted(marks.items()):
        findings += _suppression_findings(file, line, d, covered)
        suppressions.append(Suppression(file, line, d.rules, d.reason,
                                        tuple(dict.fromkeys(covered))))
    findings = sorted(dict.fromkeys(findings), key=Finding.sort_key)
    return LintResult(tuple(findings), tuple(suppressions), units, target, _files(sources),
                      hits, misses)


def _suppress(source: Source, hits: list[Hit], marks: _Marks) -> list[Finding]:
    """The findings of one source no directive suppresses; ``marks`` gets the others."""
    found = sorted(set(hits), key=lambda h: (h.line, h.col, h.rule))
    here = directives(source.text)
    suppressed = match([(h.rule, h.line) for h in found], here)
    for d in here:
        marks.setdefault(source.locate(d.line), (d, []))
    kept: list[Finding] = []
    for i, hit in enumerate(found):
        finding = _locate(source, hit)
        if i in suppressed:
            marks[source.locate(here[suppressed[i]].line)][1].append(finding)
        else:
            kept.append(finding)
    return kept


def _suppression_findings(file: str, line: int, d: Directive,
                          covered: list[Finding]) -> list[Finding]:
    mark = SuppressionFacts(line, d.col, d.rules, d.unknown, d.reason, len(covered))
    return [make_finding(hit.rule, file, hit.line, hit.col, hit.message)
            for rule in BY_KIND.suppression for hit in rule.check(mark)]


def _files(sources: Sequence[Source]) -> tuple[str, ...]:
    """Every file checked: the reported sources and the templates behind them."""
    files: set[str] = set()
    for source in sources:
        if source.report:
            files.add(source.path)
            files.update(source.template_prefix + w.template
                         for w in source.line_map if w is not None)
    return tuple(sorted(files))


def _locate(source: Source, hit: Hit) -> Finding:
    file, line = source.locate(hit.line)
    if source.line_map:
        return make_finding(hit.rule, file, line, hit.col, hit.message,
                            object=source.object, rendered_line=hit.line)
    return make_finding(hit.rule, file, line, hit.col, hit.message, object=source.object)


# --------------------------------------------------------------------------- entry points


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def template_sources(project: Project) -> list[Source]:
    """Every template file of the project (macros included), for TPL001."""
    prefix = _shown(project.templates_dir, project.root) + "/"
    sources = []
    for path in sorted(project.templates_dir.rglob(f"*{TEMPLATE_SUFFIX}")):
        rel = path.relative_to(project.templates_dir)
        if any(part.startswith(".") for part in rel.parts):
            continue
        sources.append(Source(prefix + rel.as_posix(), read_sql_text(path), template=True))
    return sources


def target_sources(project: Project, target: Target) -> list[Source]:
    """The target's rendered objects, and its template files (for TPL001)."""
    from conefi_dbtool.render import render_target

    result = render_target(project, target)
    prefix = _shown(project.templates_dir, project.root) + "/"
    sources = [
        Source(prefix + o.template, o.text, str(o.id), o.id.database, o.id.owner, o.line_map,
               prefix)
        for o in result.objects
    ]
    return sources + template_sources(project)


def file_sources(paths: Sequence[Path], target: Target | None,
                 encoding: str | None = None) -> list[Source]:
    """SQL files (directories are searched for SQL and template files), read as
    `textio.read_sql_text` does (`encoding` forces one: a UTF-8 byte order mark is dropped,
    a file that is not UTF-8 is read as cp1252).

    Namespaces: with a target every file shares the target's; without one, each directory
    argument is one namespace and each file argument its own, so a CREATE in one file
    argument never replaces a same-named object of another (unrelated scripts often reuse
    a name: a demo's ``EMP`` is not another script's ``EMP``).
    """
    files: dict[Path, str] = {}
    for path in paths:
        namespace = "" if target is not None else path.as_posix()
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*")
                                if p.is_file() and (p.name.endswith(TEMPLATE_SUFFIX)
                                                    or p.suffix.lower() in SQL_SUFFIXES)):
                files.setdefault(found, namespace)
        elif path.exists() or path.is_symlink():  # a broken link or loop: said when read
            files.setdefault(path, namespace)
        else:
            raise UsageError(f"{path}: no such file or directory")
    sources = []
    for path, namespace in files.items():
        template = path.name.endswith(TEMPLATE_SUFFIX)
        database = "erp" if target is not None else None
        sources.append(Source(path.as_posix(), read_sql_text(path, encoding), database=database,
                              template=template, namespace=namespace))
    return sources


def lint_target(project: Project, target: Target, *, use_cache: bool = True,
                jobs: int = 0, progress: Progress | None = None) -> LintResult:
    """Lint the rendered objects of ``target`` and the project's templates."""
    cache = LintCache(project.root, enabled=use_cache)
    context = context_for(project, target)
    # Rendering is a pure function of the templates, the config and the tool's code, so a
    # key over those finds a previous result without rendering anything.
    templates = template_sources(project)
    key = digest("target", package_hash(), syntax_version(), context.fingerprint(),
                 repr(target), repr(project.paths), str(project.templates_dir),
                 *(f"{s.path}\0{s.text}" for s in templates))
    cached = cache.get_run(key, LintResult)
    if cached is not None:
        return dataclasses.replace(cached, cache_hits=cached.units, cache_misses=0)
    return run(target_sources(project, target), context, RunOptions(cache, jobs, progress), key)


def lint_paths(paths: Sequence[Path], project: Project | None, target: Target | None, *,
               use_cache: bool = True, jobs: int = 0, cache_root: Path | None = None,
               encoding: str | None = None, progress: Progress | None = None) -> LintResult:
    """Lint SQL files; with a target its configuration (company, schemas) applies and its
    rendered objects say what exists (they are analysed, not reported)."""
    root = project.root if project is not None else cache_root
    cache = LintCache(root, enabled=use_cache)
    sources = file_sources(paths, target, encoding)
    if project is not None and target is not None:
        behind = [dataclasses.replace(s, report=False)
                  for s in target_sources(project, target) if not s.template]
        sources = behind + sources  # a file re-creating an object wins
    return run(sources, context_for(project, target), RunOptions(cache, jobs, progress))


@dataclass(frozen=True, order=True)
class ProtheusRead:
    """A Protheus column the target's code uses, with the type the dictionary gives it
    ("" when the dictionary has none: the physical columns); `column` "" = the table itself."""

    database: str
    schema: str
    table: str
    column: str
    data_type: str = ""


def protheus_reads(project: Project, target: Target, *, use_cache: bool = True,
                   jobs: int = 0) -> tuple[ProtheusRead, ...]:
    """Every Protheus table and column the rendered code of `target` uses, resolved by the
    reference rules' catalog (custom fields included): what `preflight` checks exists."""
    context = context_for(project, target)
    sources = [s for s in target_sources(project, target) if not s.template]
    units, _failures = _units(sources)
    analyses, _computed = _analyses(units, RunOptions(LintCache(project.root, enabled=use_cache), jobs))
    catalog = _catalogs(context, sources, units, analyses)[""]
    dictionary = _dictionary(context)
    out: set[ProtheusRead] = set()
    for unit in units:
        a = analyses[unit.key]
        for table, column in protheus_columns_read(catalog, a.text, a.tree, unit.database, unit.schema):
            field = dictionary.field(column) if column else None
            out.add(ProtheusRead(unit.database or "erp", catalog.protheus_schema, table, column,
                                 field.oracle_type if field is not None else ""))
    return tuple(sorted(out))
