"""Oracle's verdict on every mutant of the compile-error benchmark (benchmarks/mutants/): the
error each mutant is labelled with is the one Oracle reports, so the labels are checked, not
believed.

One bed for the module: fresh SIGA/SGU/CONEFI users holding the fixtures and the example
target, deployed with the product's own steps (`testbed.IntegrationBed`). For each mutant the
template is edited in a copy of the project, the ERP objects whose rendered text changed are
deployed on the bed (an index, or a job whose CREATE_JOB branch is edited, is dropped first:
a guarded create would skip it), the project's PL/SQL units are recompiled, and every error
Oracle gives is collected: the failing statement's full message (ORA-06550 carries the PLS
error of an anonymous block), ALL_ERRORS of the bed's schemas, and for a runtime trap the
probe's error or the value the code recorded (`evidence`). The predicted code must be among
them; a runtime trap must also compile cleanly. The original objects are then deployed again
and must compile.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import oracledb
import pytest

from benchmarks.mutants import Mutant, applied, copy_project, load_mutants
from conefi_dbtool.config import Project, load_project
from conefi_dbtool.deploy_steps import invalid_sweep
from conefi_dbtool.errors import ConefiError
from conefi_dbtool.identifiers import sql_literal
from conefi_dbtool.objects import RenderedObject
from conefi_dbtool.render import render_target
from conefi_dbtool.testbed.bed import IntegrationBed, erp_objects
from conefi_dbtool.testbed.database import OracleTestDatabase
from conefi_dbtool.testbed.executor import deploy_objects, execute_step

pytestmark = pytest.mark.oracle

MUTANTS = load_mutants()


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return load_project(copy_project(tmp_path_factory.mktemp("mutants-oracle")))


@pytest.fixture(scope="module")
def bed(oracle_db: OracleTestDatabase, copy: Project) -> Iterator[IntegrationBed]:
    created = IntegrationBed.create(oracle_db, copy, copy.target("example"))
    yield created
    created.close()


def _text(exc: BaseException) -> str:
    """A ConefiError keeps one line; the driver's error it wraps has the PLS lines too."""
    cause = exc.__cause__
    return f"{exc} {cause}" if cause is not None else str(exc)


def _schemas(bed: IntegrationBed) -> dict[str, str]:
    schemas = bed.target.erp.schemas
    return {"siga": str(schemas.siga), "sgu": str(schemas.sgu), "conefi": str(schemas.conefi)}


def _drop(cur: Any, obj: RenderedObject, mutant: Mutant) -> None:
    """Objects a guarded create would leave as they are."""
    name = f"{obj.id.owner}.{obj.id.name}"
    if obj.id.type == "index":
        statement = f'DROP INDEX "{obj.id.owner}"."{obj.id.name}"'
    elif obj.id.type == "job" and mutant.fresh:
        statement = f"BEGIN SYS.DBMS_SCHEDULER.DROP_JOB({sql_literal(name)}, force => TRUE); END;"
    else:
        return
    with contextlib.suppress(oracledb.DatabaseError):  # not there
        cur.execute(statement)


def _deploy(bed: IntegrationBed, changed: list[RenderedObject], every: tuple[RenderedObject, ...],
            mutant: Mutant | None) -> list[str]:
    """Deploy `changed`, recompile `every` unit; the errors Oracle gave, as text."""
    texts = []
    with bed.admin.cursor() as cur:
        if mutant is not None:
            for obj in changed:
                _drop(cur, obj, mutant)
        try:
            deploy_objects(bed.admin, changed, sweep=False)
        except ConefiError as exc:
            texts.append(_text(exc))
        try:
            for step in invalid_sweep(every, "erp"):
                execute_step(cur, step, None)
        except ConefiError as exc:
            texts.append(_text(exc))
        cur.execute("SELECT owner || '.' || name || ' ' || type || ' line ' || line || ': ' || text "
                    "FROM all_errors WHERE owner IN (:a, :b, :c) AND attribute = 'ERROR' "
                    "ORDER BY owner, name, type, sequence", list(_schemas(bed).values()))
        texts += [str(row[0]) for row in cur.fetchall()]
    return texts


def _probe(bed: IntegrationBed, mutant: Mutant) -> list[str]:
    names = _schemas(bed)
    texts = []
    with bed.admin.cursor() as cur:
        cur.execute("SELECT value FROM nls_session_parameters WHERE parameter = 'NLS_DATE_FORMAT'")
        date_format = str(cur.fetchone()[0])
        try:
            for statement in mutant.setup:
                cur.execute(statement.format(**names))
            cur.execute(mutant.probe.format(**names))
            if cur.description is not None:
                cur.fetchall()
        except oracledb.DatabaseError as exc:
            texts.append(str(exc))
        if mutant.evidence:
            cur.execute(mutant.evidence.format(**names))
            texts += [str(row[0]) for row in cur.fetchall()]
        bed.admin.rollback()
        cur.execute(f"ALTER SESSION SET NLS_DATE_FORMAT = {sql_literal(date_format)}")
    return texts


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.id for m in MUTANTS])
def test_oracle_reports_the_predicted_error(mutant: Mutant, bed: IntegrationBed, copy: Project,
                                            tmp_path: Path) -> None:
    assert bed.result is not None
    original = erp_objects(bed.result)
    before = {o.id: o.text for o in original}
    templates = copy.root / "templates"
    with applied(templates, mutant):
        mutated = erp_objects(render_target(copy, bed.target))
    changed = [o for o in mutated if before.get(o.id) != o.text]
    assert changed, f"{mutant.id}: the edit changes no ERP object"
    try:
        texts = _deploy(bed, changed, mutated, mutant)
        if mutant.phase == "runtime":
            assert texts == [], f"{mutant.id} is a runtime trap but does not compile: {texts}"
            texts = _probe(bed, mutant)
    finally:
        restored = [o for o in original if o.id in {c.id for c in changed}]
        leftovers = _deploy(bed, restored, original, None)
    assert any(mutant.error in text for text in texts), \
        f"{mutant.id}: expected {mutant.error} ({mutant.why}); Oracle said: {texts or 'nothing'}"
    assert leftovers == [], f"after {mutant.id} the original objects do not compile again: {leftovers}"
