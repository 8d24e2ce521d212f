"""Run every lint rule on a target's rendered objects or on SQL files.

Pipeline: sources (rendered objects with their line maps, or files) → split into units
(the project's SQL*Plus splitter) → per-unit analysis (the project's parser + structure scan;
cached, parallel on a cold run) → catalog of known objects → the registry's rules, each
kind given its facts (`lint.rules.BY_KIND`) → suppressions → findings located in the file
a human edits (the template line via ``line_map``). No rule is named here. The sources
(`lint.sources`) and the run cache's key (`lint.runkey`) live in light modules of their
own: a warm run reads its result through them without importing this one.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from conefi_dbtool.config import Project, Target
from conefi_dbtool.dictionary import Dictionary, load_dictionary
from conefi_dbtool.lint.cache import LintCache
from conefi_dbtool.lint.findings import Finding, LintResult, Suppression, make_finding
from conefi_dbtool.lint.flow import check_flow
from conefi_dbtool.lint.handlers import parse_loggers, swallowing
from conefi_dbtool.lint.progress import Progress
from conefi_dbtool.lint.references import (
    Catalog,
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
from conefi_dbtool.lint.runkey import (
    LintContext,
    cached,
    code_hash,
    context_for,
    digest,
    sources_key,
    target_key,
)
from conefi_dbtool.lint.semantic import Context, Issue, Program, UnitSymbols, program_of, unit_symbols
from conefi_dbtool.lint.semantic import check as semantic_check
from conefi_dbtool.lint.snapshot_catalog import with_snapshot_file
from conefi_dbtool.lint.sources import Source, file_sources, shown, template_sources
from conefi_dbtool.lint.sqlfacts import TreeFacts
from conefi_dbtool.lint.sqlsem import SqlEnv, synonyms_of
from conefi_dbtool.lint.sqlsem import check as sql_check
from conefi_dbtool.lint.sqlsem import owner as sql_owner
from conefi_dbtool.lint.sqltext import scan
from conefi_dbtool.lint.suppress import Directive, directives, match
from conefi_dbtool.lint.syntax import ParseTask, SyntaxIssue, merge, run_task, syntax_version, tasks_for
from conefi_dbtool.lint.triggers import UnitCode, trigger_reach
from conefi_dbtool.lint.typecheck import PackageTypes, check_types, package_types
from conefi_dbtool.lint.units import Hit, LintUnit, UnitAnalysis
from conefi_dbtool.plsql.parser import parse_shared
from conefi_dbtool.plsql.tree import Node
from conefi_dbtool.splitter import PLSQL, SQLPLUS, SplitError, split, split_script

# Below this a cold run parses in-process even with --jobs (fork costs more). The default is
# one process all the same: the semantic checks need every unit's tree in this process, and a
# tree made in a worker is not sent back (pickling it costs more than parsing), so a parallel
# parse is parsed again here; a 20 MB run took 70 s in parallel, 43 s in-process
# (docs/lint.md, Performance).
PARALLEL_MIN_CHARS = 4_000_000


# --------------------------------------------------------------------------- analysis


def analyze(kind: str, text: str) -> UnitAnalysis:
    """Everything derived from one unit's text, in-process."""
    return _analyze_all([(kind, text)], 1)[0]


_Parsed = tuple[tuple[SyntaxIssue, ...], TreeFacts | None]


def _analyze_all(items: list[tuple[str, str]], jobs: int,
                 trees: dict[str, Node] | None = None) -> list[UnitAnalysis]:
    """Analyse units: the structure scan here, the parses by `_parse_all` (which keeps the
    trees it made in-process in ``trees``, by unit text, for the semantic passes)."""
    scans = [scan(text) for _, text in items]
    tasks = [(number, task)
             for number, ((kind, text), found) in enumerate(zip(items, scans, strict=True))
             for task in tasks_for(text, found.leaves, found.pieces, plsql=kind == PLSQL)]
    grouped: dict[int, list[_Parsed]] = {}
    for (number, _task), result in zip(tasks, _parse_all([t for _, t in tasks], jobs, trees),
                                       strict=True):
        grouped.setdefault(number, []).append(result)
    out = []
    for number, found in enumerate(scans):
        issues, tree = merge(grouped.get(number, []) or [((), None)])
        out.append(UnitAnalysis(issues, found.facts, tree))
    return out


def _parse_all(tasks: list[ParseTask], jobs: int, trees: dict[str, Node] | None = None
               ) -> list[_Parsed]:
    """Run the parse tasks; on a big enough cold run, in one process per CPU."""
    if jobs <= 1 or len(tasks) < 2 or sum(t.cost for t in tasks) < PARALLEL_MIN_CHARS:
        return [run_task(task, trees) for task in tasks]
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


def _analyses(units: list[LintUnit], options: RunOptions, trees: dict[str, Node] | None = None
              ) -> tuple[dict[str, UnitAnalysis], set[str]]:
    """Every unit's analysis (from the cache, or computed and cached), and the keys computed
    (the trees parsed in-process kept in ``trees``)."""
    analyses: dict[str, UnitAnalysis] = {}
    missing: dict[str, LintUnit] = {}
    for unit in units:
        if unit.key in analyses or unit.key in missing:
            continue
        found = options.cache.get_unit(unit.key, UnitAnalysis)
        if found is None:
            missing[unit.key] = unit
        else:
            analyses[unit.key] = found
    jobs = options.jobs or os.cpu_count() or 1
    todo = list(missing.values())
    done = 0
    for batch in _batches(todo, options.progress is not None):
        for unit, analysis in zip(batch, _analyze_all([(u.kind, u.text) for u in batch], jobs,
                                                              trees), strict=True):
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
    if context.catalog_path is not None:
        base = with_snapshot_file(base, context.catalog_path)
    created: dict[str, list[Created]] = {"": []}
    created.update((source.namespace, []) for source in sources)
    for unit in units:
        a = analyses[unit.key]
        found = created[sources[unit.source].namespace]
        found += created_objects(a.text, a.tree, unit.database, unit.schema, unit.text)
        if _ALTER_TABLE.match(unit.text):
            found += added_columns(unit.text, unit.database, unit.schema)
    return {namespace: with_created(base, objects) for namespace, objects in created.items()}


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class RunOptions:
    cache: LintCache
    jobs: int = 1  # parser processes on a cold run (0: one per CPU); see PARALLEL_MIN_CHARS
    progress: Progress | None = None  # told how far a run is (a terminal's bar), or nobody


def run(sources: Sequence[Source], context: LintContext, options: RunOptions,
        key: str | None = None) -> LintResult:
    """Lint ``sources``: findings after suppression, located for humans.

    ``key`` identifies the inputs in the run cache (computed from the sources when not
    given; `lint_target` gives one computed before rendering, to skip the render).
    """
    if key is None:
        key = sources_key(sources, context)
        found = cached(options.cache, key)
        if found is not None:
            return found
    units, failures = _units(sources)
    trees: dict[str, Node] = {}
    analyses, computed = _analyses(units, options, trees)
    analysed = _Analysed(sources, units, analyses, _catalogs(context, sources, units, analyses),
                         trees)
    raw = (_split_hits(failures) + _unit_hits(analysed, options.progress)
           + _program_hits(analysed, context.loggers)
           + _template_hits(sources, context.template_schemas))
    reported = [u for u in units if analysed.reported(u)]
    misses = sum(1 for u in reported if u.key in computed)
    result = _finish(sources, raw, len(reported), context.target,
                     hits=len(reported) - misses, misses=misses)
    result = dataclasses.replace(result, skipped=_skipped(reported, analyses))
    options.cache.put_run(key, dataclasses.replace(result, cache_hits=0, cache_misses=0))
    return result


@dataclass(frozen=True)
class _Analysed:
    """The run's units, their analyses and the catalog of each namespace."""

    sources: Sequence[Source]
    units: list[LintUnit]
    analyses: dict[str, UnitAnalysis]
    catalogs: dict[str, Catalog]
    trees: dict[str, Node] = field(default_factory=dict)  # by unit text: parsed this run

    def tree(self, unit: LintUnit) -> Node:
        """The unit's syntax tree: the one the syntax pass made, or parsed now (cached units)."""
        found = self.trees.get(unit.text)
        return found if found is not None else parse_shared(unit.text).tree

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
        views: dict[frozenset[Fact], UnitFacts] = {}  # one view per set of needs, not per rule
        for rule in rules:
            view = views.get(rule.needs)
            if view is None:
                view = views[rule.needs] = facts.seen_by(rule)
            raw += [(unit.source, _shift(unit, hit)) for hit in rule.check(view)]
    return raw


def _semantic(run: _Analysed) -> dict[int, tuple[Issue, ...]]:
    """Each reported PL/SQL unit's semantic issues (by index in ``run.units``), resolved
    against the symbols of every unit of its namespace (`conefi_dbtool.lint.semantic`),
    and each reported unit's type issues (`conefi_dbtool.lint.typecheck`)."""
    trees = {unit.key: run.tree(unit) for unit in run.units
             if run.analyses[unit.key].tree and (unit.kind == PLSQL or run.reported(unit))}
    symbols: dict[str, UnitSymbols] = {}
    for unit in run.units:
        if unit.kind == PLSQL and unit.key not in symbols and unit.key in trees:
            symbols[unit.key] = unit_symbols(unit.text, trees[unit.key])
    by_namespace: dict[str, list[UnitSymbols]] = {}
    typed: dict[str, list[PackageTypes]] = {}
    for unit in run.units:
        namespace = run.sources[unit.source].namespace
        if unit.key in symbols:
            by_namespace.setdefault(namespace, []).append(symbols[unit.key])
            if symbols[unit.key].specs:
                typed.setdefault(namespace, []).extend(package_types(
                    unit.text, trees[unit.key], run.catalog(unit), unit.database, unit.schema))
    programs = {namespace: program_of(found) for namespace, found in by_namespace.items()}
    packages = {namespace: {p.name: p for p in found} for namespace, found in typed.items()}
    known: dict[str, frozenset[str]] = {
        namespace: frozenset(name for (_db, _schema, name) in catalog.objects)
        for namespace, catalog in run.catalogs.items()}
    out: dict[int, tuple[Issue, ...]] = {}
    for index, unit in enumerate(run.units):
        if unit.key not in trees or not run.reported(unit):
            continue
        namespace = run.sources[unit.source].namespace
        found: tuple[Issue, ...] = ()
        if unit.key in symbols:
            schema = unit.schema or symbols[unit.key].owner
            complete = unit.database is not None and run.catalog(unit).known_schema(
                unit.database, schema)
            context = Context(programs[namespace], known[namespace], complete)
            found = semantic_check(symbols[unit.key], context)
        if unit.kind == PLSQL or _typed(run.analyses[unit.key]):
            found += check_types(unit.text, trees[unit.key], run.catalog(unit), unit.database,
                                 unit.schema, packages.get(namespace, {}))
        out[index] = found + check_flow(unit.text, trees[unit.key])
    return _sql_semantic(run, trees, symbols, programs, known, out)


def _sql_semantic(run: _Analysed, trees: dict[str, Node], symbols: dict[str, UnitSymbols],
                  programs: dict[str, Program], known: dict[str, frozenset[str]],
                  out: dict[int, tuple[Issue, ...]]) -> dict[int, tuple[Issue, ...]]:
    """``out`` plus each reported unit's SQL semantic issues (`conefi_dbtool.lint.sqlsem`)."""
    parsed: dict[str, list[tuple[str | None, str, Node]]] = {namespace: [] for namespace in known}
    for u in run.units:  # one pass, not one per namespace (a file argument is a namespace)
        if u.key in trees:
            parsed.setdefault(run.sources[u.source].namespace, []).append(
                (u.database, u.schema, trees[u.key]))
    synonyms = {namespace: synonyms_of(parsed[namespace]) for namespace in known}
    for index, unit in enumerate(run.units):
        if unit.key not in trees or not run.reported(unit):
            continue
        namespace = run.sources[unit.source].namespace
        found = symbols.get(unit.key)
        program = programs.get(namespace, Program())
        schema = unit.schema or sql_owner(trees[unit.key])
        catalog = run.catalog(unit)
        bodies = found.bodies if found is not None else ()
        outer = set(program.standalone) | set(program.specs) | known.get(namespace, set())
        for body in bodies:
            outer |= program.specs[body.name].members if body.name in program.specs else set()
        complete = unit.database is not None and catalog.known_schema(unit.database, schema) \
            and all(b.name in program.specs for b in bodies)
        env = SqlEnv(catalog, unit.database, schema, frozenset(outer), complete,
                     synonyms.get(namespace, {}))
        issues = sql_check(unit.text, trees[unit.key], env)
        if issues:
            out[index] = out.get(index, ()) + issues
    return out


_UNTYPED = frozenset({"TABLE", "INDEX", "SEQUENCE", "SYNONYM", "DATABASE LINK", "USER", "ROLE"})


def _typed(analysis: UnitAnalysis) -> bool:
    """Whether a SQL unit has expressions to type (a view, DML), not only DDL."""
    header = analysis.text.header
    return header is None or header.kind not in _UNTYPED


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
    return UnitFacts(a, catalog, unit.database, unit.schema, references,
                     plsql=unit.kind == PLSQL)


def _program_hits(run: _Analysed, loggers: tuple[str, ...] = ()) -> list[tuple[int, Hit]]:
    # a namespace of its own keeps a trigger's walk out of other file arguments' code
    code = [UnitCode(i, run.sources[u.source].namespace or u.database, u.schema,
                     run.analyses[u.key].text)
            for i, u in enumerate(run.units)]
    program = ProgramFacts(trigger_reach(code), swallowing(code, parse_loggers(loggers)))
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
    return dataclasses.replace(hit, line=hit.line + unit.line_offset, col=col)


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
                            object=source.object, rendered_line=hit.line,
                            oracle_error=hit.oracle_error)
    return make_finding(hit.rule, file, line, hit.col, hit.message, object=source.object,
                        oracle_error=hit.oracle_error)


# --------------------------------------------------------------------------- entry points


def target_sources(project: Project, target: Target) -> list[Source]:
    """The target's rendered objects, and its template files (for TPL001)."""
    from conefi_dbtool.render import render_target

    result = render_target(project, target)
    prefix = shown(project.templates_dir, project.root) + "/"
    sources = [
        Source(prefix + o.template, o.text, str(o.id), o.id.database, o.id.owner, o.line_map,
               prefix)
        for o in result.objects
    ]
    return sources + template_sources(project)


def lint_target(project: Project, target: Target, *, use_cache: bool = True,
                jobs: int = 1, progress: Progress | None = None,
                catalog_path: Path | None = None) -> LintResult:
    """Lint the rendered objects of ``target`` and the project's templates (resolving names
    also against ``catalog_path``, a catalog snapshot of the target)."""
    cache = LintCache(project.root, enabled=use_cache)
    context = context_for(project, target, catalog_path)
    # Rendering is a pure function of the templates, the config and the tool's code, so a
    # key over those finds a previous result without rendering anything.
    key = target_key(project, target, context)
    found = cached(cache, key)
    if found is not None:
        return found
    return run(target_sources(project, target), context, RunOptions(cache, jobs, progress), key)


def lint_paths(paths: Sequence[Path], project: Project | None, target: Target | None, *,
               use_cache: bool = True, jobs: int = 1, cache_root: Path | None = None,
               encoding: str | None = None, progress: Progress | None = None,
               catalog_path: Path | None = None) -> LintResult:
    """Lint SQL files; with a target its configuration (company, schemas) applies and its
    rendered objects say what exists (they are analysed, not reported), and so does
    ``catalog_path``, a catalog snapshot of the target."""
    root = project.root if project is not None else cache_root
    cache = LintCache(root, enabled=use_cache)
    sources = file_sources(paths, target, encoding)
    if project is not None and target is not None:
        behind = [dataclasses.replace(s, report=False)
                  for s in target_sources(project, target) if not s.template]
        sources = behind + sources  # a file re-creating an object wins
    return run(sources, context_for(project, target, catalog_path), RunOptions(cache, jobs, progress))


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
                   jobs: int = 1) -> tuple[ProtheusRead, ...]:
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
