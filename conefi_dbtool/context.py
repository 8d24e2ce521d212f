"""What templates see: configured values (tainted) and safe helpers.

Helpers here return `SqlFragment`s computed from validated configuration, e.g.
``{{ protheus('SE1') }}`` → ``SIGA.SE1030``. Everything else from the config arrives
`Tainted` and must pass a filter.

The integration helpers are checked against the Protheus dictionary (plus the custom
fields file) while the context is built, so a configured field that the installation
does not have is a `RenderError` naming the config key, not a compile error at deploy.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from conefi_dbtool.config import BUNDLED_CUSTOM_FIELDS, EventRule, Project, Target, fields_file
from conefi_dbtool.dictionary import Dictionary, load_dictionary
from conefi_dbtool.errors import RenderError
from conefi_dbtool.identifiers import SqlFragment, sql_ident, sql_literal, sql_qualified
from conefi_dbtool.layouts.amounts import abatement_match, amount_due_sql
from conefi_dbtool.layouts.checks import check_layouts
from conefi_dbtool.layouts.data import ACTIONS, JOB_STEPS, layout
from conefi_dbtool.layouts.keys import SAME_BRANCHES, movement_join, title_key_sql
from conefi_dbtool.layouts.parameters import PARAMETERS, Parameter
from conefi_dbtool.layouts.reconcile import Policy, Rule, build_rules
from conefi_dbtool.layouts.reconcile_sql import (
    Batch,
    carried_fields,
    queued_value_sql,
    title_columns,
    update_sql,
    where_sql,
)
from conefi_dbtool.layouts.sharing import (
    BRANCH_FIELD,
    BranchLayout,
    branch_layout,
    branch_of,
)
from conefi_dbtool.layouts.sql import (
    SqlNames,
    escape_sql,
    number_format,
    record_sql,
    select_sql,
    source_sql,
    sql_text,
    today_sql,
)
from conefi_dbtool.layouts.wire import ESCAPE, ESCAPES, SEPARATOR
from conefi_dbtool.taint import taint

TOOL = "conefi-dbtool"
CUSTOM_FIELDS_FILE = BUNDLED_CUSTOM_FIELDS
QUEUE_TEMPLATE_NAME = "INTGRA_DADOS_CONEFI"
JOB_START_DAY = "2020-07-03"  # the seed's date: any past day works, it only anchors the calendar


def view_key(action: str) -> str:
    """Key of an action's candidate view in OBJECT_NAMES (``names.v_inc`` in templates)."""
    return f"v_{action.lower()}"


# Our objects in CONEFI (names come from template file names; templates refer to each
# other through these keys so a rename is one edit here and a test catches drift).
OBJECT_NAMES: dict[str, str] = {
    "queue": QUEUE_TEMPLATE_NAME,
    "queue_seq": "S_INTGRA_DADOS_CONEFI",
    "log": "INTGRA_LOG_CONEFI",
    "log_seq": "S_INTGRA_LOG_CONEFI",
    "pkg_param": "PKG_CONEFI_PARAM",
    "pkg_fila": "PKG_CONEFI_FILA",
    "pkg_evento": "PKG_CONEFI_EVENTO",
    "pkg_job": "PKG_CONEFI_JOB",
    "job": "J_CONEFI_DIARIO",
    # the candidate view of each job step, from the layouts: names.v_inc, names.v_pgo ...
    **{view_key(action): step.view for action, step in JOB_STEPS},
}
# Protheus tables the integration reads (HRH only when GRR subscriptions are on).
READ_TABLES = ("SE1", "SE5", "SA1", "Z99")
_RULE_VALUE = re.compile(r"[A-Za-z0-9_]{1,30}")


def integration_dictionary(project: Project, target: Target) -> Dictionary:
    """The project's Protheus dictionary plus the integration's custom fields file."""
    base = load_dictionary(project.dictionary_path)
    return base.with_fields(load_dictionary(fields_file(project, target)).fields)


def _fail(key: str, message: str) -> RenderError:
    return RenderError(f"config value integration.{key}: {message}")


def _padded(value: str, size: int, key: str) -> SqlFragment:
    """A literal blank-padded to a Protheus field size (VARCHAR2 compares are not padded)."""
    if len(value) > size:
        raise _fail(key, f"{value!r} is longer than the field ({size} characters)")
    try:
        return sql_literal(value.ljust(size))
    except ValueError as exc:
        raise _fail(key, str(exc)) from None


def _literal_list(values: Iterable[str], size: int, key: str) -> SqlFragment:
    items = [_padded(v, size, f"{key}[{i}]") for i, v in enumerate(values)]
    if not items:
        raise _fail(key, "must not be empty")
    return SqlFragment(", ".join(items))


@dataclass(frozen=True)
class RuleSql:
    """One `integration.events` rule as PL/SQL: the test and the action it yields."""

    index: int
    condition: SqlFragment
    action: SqlFragment
    doc: SqlFragment


def _rule_value(value: str, key: str) -> str | None:
    text = value.strip()
    if text == "*":
        return None
    if not _RULE_VALUE.fullmatch(text):
        raise _fail(key, f"{value!r}: expected '*' or letters, digits and '_' (at most 30)")
    return text.upper()


def event_rules(rules: Sequence[EventRule]) -> tuple[RuleSql, ...]:
    """The configured event -> action rules as PL/SQL conditions (first match wins)."""
    out = []
    for i, rule in enumerate(rules):
        parts = []
        shown = []
        for var, attr in (("v_tipo", "kind"), ("v_rotina", "routine"), ("v_ponto", "entry_point")):
            value = _rule_value(getattr(rule, attr), f"events[{i}].{attr}")
            shown.append(value or "*")
            if value is not None:
                parts.append(f"{var} = {sql_literal(value)}")
        doc = SqlFragment(" / ".join(shown) + f" -> {rule.action}")
        out.append(RuleSql(i, SqlFragment(" AND ".join(parts) or "TRUE"),
                           sql_literal(rule.action), doc))
    return tuple(out)


def fully_ignored_kinds(rules: Sequence[EventRule]) -> tuple[str, ...]:
    """Record kinds whose first applicable rule is an unconditional IGNORE.

    The trigger's WHEN clause skips them, so the ERP pays no PL/SQL call for rows the
    integration never wants (PAG, DEB, PLA by default); any other kind reaches the package.
    """
    kinds = sorted({r.kind.strip().upper() for r in rules if r.kind.strip() != "*"})
    ignored = []
    for kind in kinds:
        for rule in rules:
            if rule.kind.strip().upper() not in (kind, "*"):
                continue
            unconditional = rule.routine.strip() == "*" and rule.entry_point.strip() == "*"
            if unconditional and rule.action == "IGNORE":
                ignored.append(kind)
            break  # the first rule that can match decides
    return tuple(ignored)


class LayoutSql:
    """Layout-generated SQL for templates (`layouts.select('INC', 4)` in a template ...)."""

    def __init__(self, names: SqlNames) -> None:
        self._names = names

    @property
    def names(self) -> SqlNames:
        return self._names

    def select(self, action: str, indent: int = 0) -> SqlFragment:
        return SqlFragment(select_sql(action, self._names, indent))

    def record(self, action: str, alias: str = "c", indent: int = 0) -> SqlFragment:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", alias):
            raise RenderError(f"layouts.record: invalid alias {alias!r}")
        return SqlFragment(record_sql(action, alias, indent, self._names.layout_version))

    @property
    def version(self) -> SqlFragment:
        """The layout version the records are written in (INTDC_NUM_LAYOUT)."""
        return SqlFragment(str(int(self._names.layout_version)))

    def escape(self, variable: str) -> SqlFragment:
        """The escaping rule applied to a PL/SQL variable (same SQL as in records)."""
        return SqlFragment(escape_sql(_alias(variable)))

    def unescape(self, variable: str) -> SqlFragment:
        """CASE mapping the character after an escape back to what it stands for."""
        v = _alias(variable)
        whens = " ".join(f"WHEN {sql_text(esc[1:])} THEN {sql_text(raw)}"
                         for raw, esc in ESCAPES)
        return SqlFragment(f"CASE {v} {whens} END")

    @property
    def escape_char(self) -> SqlFragment:
        return sql_literal(ESCAPE)

    @property
    def separator(self) -> SqlFragment:
        return sql_literal(SEPARATOR)

    def fields(self, action: str) -> int:
        return len(layout(action, self._names.layout_version).fields)

    @property
    def actions(self) -> SqlFragment:
        """'INC', 'PGO', ... for a CHECK constraint."""
        return SqlFragment(", ".join(sql_literal(a) for a in ACTIONS))

    @property
    def all(self) -> tuple[str, ...]:
        return ACTIONS


@dataclass(frozen=True)
class ReconStep:
    """One rule as the event package runs it on a title (`recon.trigger_steps`)."""

    code: str  # the action, for macro arguments
    scope: str  # "movement" (PGO, EST) or "title" (PRG, DES): the rule's scope
    name: SqlFragment  # PGO, for comments
    procedure: SqlFragment  # p_pgo: the name the templates of releases before 0008 used
    function: SqlFragment  # f_pgo: TRUE when the rule ran (FALSE: its key clashed twice)
    view: SqlFragment  # the qualified view the rule's candidates come from


class ReconSql:
    """SQL generated from the reconciliation rules (`recon.where('DES', 3)` in a template)."""

    def __init__(self, names: SqlNames, rules: Sequence[Rule],
                 views: Mapping[str, SqlFragment]) -> None:
        self._names = names
        self._rules = {r.action: r for r in rules}
        self._views = views

    def _rule(self, action: str) -> Rule:
        try:
            return self._rules[action]
        except KeyError:
            raise RenderError(f"recon: no reconciliation rule for {action!r}") from None

    def where(self, action: str, indent: int = 0) -> SqlFragment:
        """The rule's condition over SE1 e1 (and SE5 e5 for a movement rule)."""
        return SqlFragment(source_sql(where_sql(self._rule(action), indent), self._names))

    def update(self, action: str, batch: Batch, indent: int = 0) -> SqlFragment:
        """The sent-state UPDATE after the rule queued records in this job step or event."""
        if batch not in ("job", "event"):
            raise RenderError(f"recon.update: batch must be 'job' or 'event', got {batch!r}")
        r = self._rule(action)
        lay = layout(action, self._names.layout_version)
        carried = carried_fields(r, [(f.source, f.type, f.decimals) for f in lay.fields],
                                 self._record_field)
        return SqlFragment(source_sql(update_sql(r, batch, indent, carried), self._names))

    def queued(self, action: str, column: str) -> SqlFragment:
        """Title column `column` (`reconcile_sql.title_columns`) as the `action` record this
        job step queued carries it, or recomputed when the record has no such field."""
        wanted = title_columns().get(column)
        if wanted is None:
            raise RenderError(f"recon.queued: no title column {column!r}")
        lay = layout(action, self._names.layout_version)
        for pos, f in enumerate(lay.fields, start=1):
            if f.source == wanted:
                read = self._record_field(pos, f.type, f.decimals)
                return SqlFragment(source_sql(queued_value_sql(action, read, "job"), self._names))
        return SqlFragment(source_sql(wanted, self._names))

    def _record_field(self, position: int, kind: str, decimals: int) -> str:
        """SQL: field `position` of the queue row q's record, as the SE1 column stores it."""
        raw = f"{self._views['pkg_fila']}.f_campo(q.INTDC_DADOS, {int(position)})"
        if kind == "D":
            return f"RPAD(NVL({raw}, ' '), 8)"  # an empty date is blank in Protheus
        if kind in ("N", "I"):
            # the record's format without FM: '.' is the decimal point whatever the NLS
            return f"TO_NUMBER({raw}, '{number_format(decimals).removeprefix('FM')}')"
        return raw

    def amount_due(self, alias: str) -> SqlFragment:
        """The amount due of SE1 row `alias` (one definition: layouts.amounts)."""
        return SqlFragment(source_sql(amount_due_sql(_alias(alias)), self._names))

    @property
    def actions(self) -> tuple[str, ...]:
        """Actions the rules produce, in run order."""
        return tuple(self._rules)

    @property
    def trigger_steps(self) -> tuple[ReconStep, ...]:
        """What the trigger re-checks on a live title (CAN is the job's: the title is gone)."""
        return tuple(ReconStep(a, r.scope, SqlFragment(a), SqlFragment(f"p_{a.lower()}"),
                               SqlFragment(f"f_{a.lower()}"),
                               self._views[view_key(a)])
                     for a, r in self._rules.items() if a != "CAN")


@dataclass(frozen=True)
class StepSql:
    """One step of the daily job as the job templates write it (from `JobStep`)."""

    code: str  # the action, for macro arguments (`queue.enqueue(step.code, ...)`)
    literal: SqlFragment  # 'INC'
    procedure: SqlFragment  # p_gerar_inc: the public procedure running the step alone
    function: SqlFragment  # f_inc: the step's function (generated unless handwritten)
    runner: SqlFragment  # the call in the step runner, e.g. f_inc(v_exec)
    doc: SqlFragment
    view: SqlFragment  # the qualified candidate view
    generated: bool  # the body template writes the function from the view alone
    after: tuple[SqlFragment, ...] = ()  # 'PGO', ...: steps that must not have failed this run


def job_steps(names: Mapping[str, SqlFragment]) -> tuple[StepSql, ...]:
    """The daily job's steps in run order, from the layouts (`layouts.data.JOB_STEPS`)."""
    out = []
    for action, step in JOB_STEPS:
        function = f"f_{action.lower()}"
        out.append(StepSql(
            code=action, literal=sql_literal(action),
            procedure=SqlFragment(f"p_gerar_{action.lower()}"), function=SqlFragment(function),
            runner=SqlFragment(step.runner or f"{function}(v_exec)"), doc=SqlFragment(step.doc),
            view=names[view_key(action)], generated=not step.handwritten,
            after=tuple(sql_literal(a) for a in step.after),
        ))
    return tuple(out)


_ALIAS = re.compile(r"[a-z][a-z0-9_]{0,29}")


def _alias(value: str) -> str:
    if not isinstance(value, str) or not _ALIAS.fullmatch(value):
        raise RenderError(f"invalid table alias {value!r} (lowercase letters, digits, _)")
    return value


class SqlHelpers:
    """Predicates shared by views and producers, written once (`sqlx.not_grr('e1')` ...)."""

    def __init__(self, se5: SqlFragment, grr_prefix: SqlFragment, grr_motbx: SqlFragment,
                 excluded_types: SqlFragment, branches: BranchLayout | None = None,
                 collection: Sequence[str] = (), abatements: str = abatement_match()) -> None:
        self._se5 = se5
        self._grr_prefix = grr_prefix
        self._grr_motbx = grr_motbx
        self._excluded = excluded_types
        self._branches = branches or SAME_BRANCHES
        self._collection = tuple(collection)
        self._abatements = abatements

    def alias(self, name: str) -> SqlFragment:
        """A table alias written by a template (validated: lowercase identifier)."""
        return SqlFragment(_alias(name))

    def movement_join(self, e5: str, e1: str, indent: int = 0) -> SqlFragment:
        """SE5 row `e5` belongs to SE1 title `e1`: SE5 index 7 key, the branch by the sharing.

        A movement written in another branch than the title's is found when SE5 is more
        exclusive than SE1 (`layouts.sharing.rows_of`).
        """
        sep = "\n" + " " * indent + "AND "
        return SqlFragment(movement_join(_alias(e5), _alias(e1), sep, self._branches))

    def customer_branch(self, e1: str) -> SqlFragment:
        """A1_FILIAL of title `e1`'s customer (xFilial('SA1') where the title was created)."""
        return SqlFragment(branch_of(self._branches, "SA1", "SE1", _alias(e1)))

    def collectable(self, e1: str) -> SqlFragment:
        """Situations and currencies eligible for collection ('' when any: the seed)."""
        a = _alias(e1)
        return SqlFragment(" AND ".join(c.replace("{a}", a) for c in self._collection))

    def title_key(self, e1: str) -> SqlFragment:
        """E1_FILIAL||E1_PREFIXO||E1_NUM||E1_PARCELA||E1_TIPO as stored (padded)."""
        return SqlFragment(title_key_sql(_alias(e1)))

    def sellable(self, e1: str) -> SqlFragment:
        """Types that are receivables of a customer, as Protheus' FINXTIPOS defines them.

        No abatement (MVABATIM: every type with '-' in the third position, as GetSX5Abat
        reads SX5 table 05), no provisional, advance, credit-note or tax type.
        """
        a = _alias(e1)
        return SqlFragment(f"{a}.E1_TIPO NOT {self._abatements} AND {a}.E1_TIPO NOT IN ({self._excluded})")

    def not_grr(self, e1: str, indent: int = 0) -> SqlFragment:
        """Title is not GRR (prefix) and has no live GRR settlement (E5_MOTBX)."""
        a = _alias(e1)
        pad = " " * indent
        return SqlFragment(
            f"{a}.E1_PREFIXO <> {self._grr_prefix}\n"
            f"{pad}AND NOT EXISTS (SELECT 1\n"
            f"{pad}                  FROM {self._se5} grr\n"
            f"{pad}                 WHERE grr.D_E_L_E_T_ = ' '\n"
            f"{pad}                   AND {self.movement_join('grr', a, indent + 19)}\n"
            f"{pad}                   AND grr.E5_MOTBX = {self._grr_motbx}\n"
            f"{pad}                   AND grr.E5_SITUACA <> 'C')"
        )


def _param_default(p: Parameter) -> SqlFragment:
    if p.kind == "integer":
        return SqlFragment(str(int(p.default)))
    return sql_literal(p.default) if p.default else SqlFragment("NULL")


# What the SQL writes into each custom field and compares it with: (type, size or None,
# SE1 field whose value it copies or None). The state is written and compared as the bare
# one-character codes 'S', 'P', 'C' (VARCHAR2 comparisons are not blank-padded: in a wider
# field Protheus would store 'S ' on its next write and the title would silently leave
# collection); dates hold CHAR(8) values; numbers must keep the decimals of what they copy,
# or DES would see a difference on every event.
_CUSTOM_FIELD_SHAPES: dict[str, tuple[str, int | None, str | None]] = {
    "sent_flag": ("C", 1, None),
    "sent_date": ("D", 8, None),
    "sent_due": ("D", 8, "E1_VENCREA"),
    "sent_value": ("N", None, "E1_VALOR"),
    "sent_balance": ("N", None, "E1_SALDO"),
    "sent_movement": ("N", None, None),
    "send_version": ("N", None, None),
}


def _check_custom_fields(target: Target, dictionary: Dictionary, where: str) -> dict[str, str]:
    custom = dataclasses.asdict(target.integration.custom_fields)
    for role, name in custom.items():
        f = dictionary.field(name)
        if f is None or f.table != "SE1":
            raise _fail(f"custom_fields.{role}",
                        f"{name} is not a field of SE1 in the Protheus dictionary ({where}); "
                        "describe it (type, size) in integration.fields_file")
        type_, size, copies = _CUSTOM_FIELD_SHAPES.get(role, (f.type, None, None))
        source = dictionary.field(copies) if copies else None
        decimals = source.decimal if source is not None and type_ == "N" else 0
        if f.type != type_ or (size is not None and f.size != size) or f.decimal < decimals:
            wanted = f"type {type_}" + (f" size {size}" if size is not None else "")
            if decimals:
                wanted += f" with at least {decimals} decimals (like {copies})"
            raise _fail(f"custom_fields.{role}",
                        f"{name} is type {f.type} size {f.size},{f.decimal} in the Protheus "
                        f"dictionary ({where}); the integration needs {wanted}")
    return custom


def _column(dictionary: Dictionary, table: str, name: str, key: str, where: str) -> SqlFragment:
    if not dictionary.has_column(table, name):
        raise _fail(key, f"{name} is not a field of {table} in the Protheus dictionary ({where})")
    return sql_ident(name)


def required_grants(target: Target) -> tuple[str, ...]:
    """Direct grants the integration needs beyond the seed's (for the DBA checklist)."""
    erp = target.erp
    conefi, sgu, siga = erp.schemas.conefi, erp.schemas.sgu, erp.schemas.siga
    lines = []
    if target.integration.grr_subscriptions:
        lines.append(f"`GRANT SELECT ON {sql_qualified(siga, erp.protheus_table('HRH'))} TO "
                     f"{sql_ident(conefi)}` (GRR subscriptions in INC; not in the seed's grants)")
    if target.integration.trigger_owner == "conefi":
        lines.append(f"`CREATE ANY TRIGGER` to {sql_ident(conefi)}: the trigger lives in "
                     f"{sql_ident(conefi)} on a table of {sql_ident(sgu)} "
                     "(or set integration.trigger_owner = \"sgu\")")
    else:
        lines.append(f"`CREATE TRIGGER` to {sql_ident(sgu)}; `EXECUTE` on the event package "
                     f"to {sql_ident(sgu)} is rendered by the tool (object_grant)")
    lines.append(f"every grant the jobs and packages use is direct to {sql_ident(conefi)}, "
                 "never through a role (definer's rights, DBMS_SCHEDULER)")
    return tuple(lines)


def now_sql(timezone: str) -> str:
    """The wall-clock time of the schedule's region as a DATE: every timestamp we write.

    The queue, the job log and the SGU 2.0 pull all stamp rows with it, so a row's day is
    the day "today" names (the database host's clock zone plays no part).
    """
    if "'" in timezone:
        raise ValueError(f"invalid time zone {timezone!r}")
    return f"CAST(SYSTIMESTAMP AT TIME ZONE '{timezone}' AS DATE)"


# Eligibility lists whose types are never sent (Protheus' names for them in the comment).
_TYPE_LISTS = (
    "provisional_types",  # MVPROVIS
    "advance_types",  # MVRECANT
    "credit_note_types",  # MV_CRNEG
    "tax_types",  # MVTAXA, MVISS, MVIRF, MVINSS, MVPIS, MVCOFINS, MVCS ...
)


def _excluded_types(target: Target, size: int) -> SqlFragment:
    """Every E1_TIPO never sent: the eligibility lists plus `excluded_types`, padded."""
    elig = target.integration.eligibility
    items: list[SqlFragment] = []
    seen: set[str] = set()
    lists = [(f"eligibility.{name}", getattr(elig, name)) for name in _TYPE_LISTS]
    lists.append(("excluded_types", target.integration.excluded_types))
    for key, values in lists:
        for i, value in enumerate(values):
            literal = _padded(value, size, f"{key}[{i}]")
            if value.ljust(size) not in seen:
                seen.add(value.ljust(size))
                items.append(literal)
    if not items:
        raise _fail("eligibility", "every type list is empty: at least MVPROVIS (PR) is needed")
    return SqlFragment(", ".join(items))


def _branches(target: Target, size: Callable[[str], int]) -> BranchLayout:
    """The sharing layout, checked against the branch fields' size in the dictionary."""
    layout = branch_layout(target.integration.sharing)
    for field_name in BRANCH_FIELD.values():
        if size(field_name) != layout.size:
            raise _fail("sharing", f"the branch layout has {layout.size} characters "
                        f"(company_size + unit_size + branch_size) but {field_name} has "
                        f"{size(field_name)} in the Protheus dictionary")
    if layout.keeps("SA1") > layout.keeps("SE1"):
        size("E1_FILORIG")  # the customer's branch is the title's origin branch
    if layout.keeps("SE5") < layout.keeps("SE1"):
        size("E5_FILORIG")  # a movement's title is told by the branch it was typed in
    return layout


def _collection(target: Target, size: Callable[[str], int]) -> tuple[str, ...]:
    """Predicates (with `{a}` for the title alias) on E1_SITUACA and E1_MOEDA."""
    elig = target.integration.eligibility
    out = []
    if elig.situations:
        values = ", ".join(_padded(v, size("E1_SITUACA"), f"eligibility.situations[{i}]")
                           for i, v in enumerate(elig.situations))
        out.append(f"{{a}}.E1_SITUACA IN ({values})")
    if elig.currencies:
        limit = 10 ** size("E1_MOEDA")
        for i, currency in enumerate(elig.currencies):
            if not 0 < currency < limit:
                raise _fail(f"eligibility.currencies[{i}]",
                            f"{currency} is not a currency number of E1_MOEDA (1..{limit - 1})")
        out.append(f"{{a}}.E1_MOEDA IN ({', '.join(str(c) for c in elig.currencies)})")
    return tuple(out)


def build_context(project: Project, target: Target) -> dict[str, Any]:
    erp = target.erp
    integ = target.integration
    siga, conefi = erp.schemas.siga, erp.schemas.conefi

    def protheus(alias: str) -> SqlFragment:
        """Qualified physical name of a Protheus table of this target's company."""
        if not isinstance(alias, str) or not alias.isalnum() or len(alias) != 3:
            raise RenderError(f"protheus() takes a 3-character table alias, got {alias!r}")
        return sql_qualified(siga, erp.protheus_table(alias))

    if integ.queue_table != QUEUE_TEMPLATE_NAME:
        raise _fail("queue_table", f"{integ.queue_table!r}: object names come from template "
                    f"file names; the queue template is {QUEUE_TEMPLATE_NAME}.sql.j2")
    dictionary = integration_dictionary(project, target)
    where = f"{project.dictionary_path.name} + {fields_file(project, target).name}"
    custom = _check_custom_fields(target, dictionary, where)
    params_alias = integ.params_table_alias
    if not re.fullmatch(r"[A-Z][A-Z0-9]{2}", params_alias):
        raise _fail("params_table_alias", f"{params_alias!r} is not a Protheus table alias")
    params_key = _column(dictionary, params_alias, integ.params_key_column,
                         "params_key_column", where)
    params_value = _column(dictionary, params_alias, integ.params_value_column,
                           "params_value_column", where)
    key_size = dictionary.field(integ.params_key_column)
    for p in PARAMETERS:
        if key_size is not None and len(p.name) > key_size.size:
            raise _fail("params_key_column", f"parameter {p.name} does not fit "
                        f"{integ.params_key_column} ({key_size.size} characters)")

    def size(name: str) -> int:
        """Size of a Protheus field in this installation's dictionary."""
        f = dictionary.field(name)
        if f is None:
            raise RenderError(f"size(): {name} is not in the Protheus dictionary ({where})")
        return f.size

    def blank(name: str) -> SqlFragment:
        """A blank value of a Protheus character/date field, padded to its size."""
        return sql_literal(" " * size(name))

    names = {k: sql_qualified(conefi, v) for k, v in OBJECT_NAMES.items()}
    names["event_table"] = sql_qualified(erp.schemas.sgu, integ.event_table)
    tz = target.schedule.timezone
    today = SqlFragment(today_sql(tz))
    now = SqlFragment(now_sql(tz))
    tipodoc = _literal_list(integ.settlement_tipodoc, size("E5_TIPODOC"), "settlement_tipodoc")
    money = integ.money
    abatements = abatement_match(
        _literal_list(money.abatement_types, size("E1_TIPO"), "money.abatement_types")
        if money.abatement_types else "")
    _literal_list(money.reversal_situacao, size("E5_SITUACA"), "money.reversal_situacao")
    _literal_list(money.renegotiation_motbx, size("E5_MOTBX"), "money.renegotiation_motbx")
    policy = Policy(
        payment_tipodoc=tuple(v.ljust(size("E5_TIPODOC")) for v in integ.settlement_tipodoc),
        reversal_situacao=tuple(v.ljust(size("E5_SITUACA")) for v in money.reversal_situacao),
        excluded_motbx=(tuple(v.ljust(size("E5_MOTBX")) for v in money.renegotiation_motbx)
                        if money.renegotiation == "ignore" else ()),
        earlier_due_date=integ.earlier_due_date == "prg",
    )
    branches = _branches(target, size)
    sql_names = SqlNames(
        sgu=sql_ident(erp.schemas.sgu), se1=protheus("SE1"), se5=protheus("SE5"),
        queue=names["queue"], today=today, settlement_tipodoc=tipodoc,
        abatement_match=abatements, discount_factor="1" if money.financial_discount == "percent" else "0",
        layout_version=money.layout_version, custom={k: sql_ident(v) for k, v in custom.items()},
        branches=branches,
    )
    tables = (*READ_TABLES, "HRH") if integ.grr_subscriptions else READ_TABLES
    problems = check_layouts(dictionary, sql_names, tables)
    if problems:
        raise RenderError(f"layouts do not match the Protheus dictionary ({where}): "
                          + "; ".join(problems[:3]))

    grr_prefix = _padded(integ.grr_prefix, size("E1_PREFIXO"), "grr_prefix")
    grr_motbx = _padded(integ.grr_motbx, size("E5_MOTBX"), "grr_motbx")
    excluded = _excluded_types(target, size("E1_TIPO"))
    collection = _collection(target, size)
    start = f"{JOB_START_DAY} {target.schedule.hour:02d}:{target.schedule.minute:02d}:00 {tz}"
    job = {
        "start_date": SqlFragment(
            f"TO_TIMESTAMP_TZ({sql_literal(start)}, 'YYYY-MM-DD HH24:MI:SS TZR')"),
        "calendar": sql_literal(target.schedule.calendar),
        "enabled": integ.job_enabled,
        "steps": job_steps(names),
        "run_order": SqlFragment(", ".join(action for action, _ in JOB_STEPS)),
        "run_list": SqlFragment(" ".join(action for action, _ in JOB_STEPS)),
    }
    ignored = fully_ignored_kinds(integ.events)
    context: dict[str, Any] = {
        "target": taint(target, "target"),
        "erp": taint(target.erp, "erp"),
        "sgu2": taint(target.sgu2, "sgu2"),
        "schedule": taint(target.schedule, "schedule"),
        "integration": taint(target.integration, "integration"),
        "protheus": protheus,
        # integration helpers (validated, dictionary-checked)
        "tool": SqlFragment(TOOL),
        "names": names,
        "cf": {k: sql_ident(v) for k, v in custom.items()},
        "size": size,
        "blank": blank,
        "today": today,
        "now": now,
        "layouts": LayoutSql(sql_names),
        "recon": ReconSql(sql_names, build_rules(policy), names),
        "sqlx": SqlHelpers(protheus("SE5"), grr_prefix, grr_motbx, excluded, branches,
                           collection, abatements),
        "grr": {"prefix": grr_prefix, "motbx": grr_motbx,
                "subscriptions": integ.grr_subscriptions},
        "excluded_types": excluded,
        "settlement_tipodoc": tipodoc,
        "params": {
            "table": protheus(params_alias),
            "key": params_key,
            "value": params_value,
            "key_size": size(integ.params_key_column),
            "list": [
                {"name": sql_literal(p.name), "function": SqlFragment(p.function),
                 "kind": p.kind, "default": _param_default(p), "doc": SqlFragment(p.description)}
                for p in PARAMETERS
            ],
        },
        "events": {
            "rules": event_rules(integ.events),
            "ignored": SqlFragment(", ".join(sql_literal(k) for k in ignored)) if ignored else None,
            "columns": {k: sql_ident(v)
                        for k, v in dataclasses.asdict(integ.event_columns).items()},
            "key_kind": integ.event_key,
        },
        "job": job,
    }
    return context
