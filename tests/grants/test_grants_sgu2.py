"""The SGU 2.0 side: the synonym and view over the link, and the optional pull job."""

from __future__ import annotations

import dataclasses
import re

import pytest

from conefi_dbtool.config import Project, Target
from conefi_dbtool.objects import RenderedObject
from conefi_dbtool.render import render_target


def pulling(project: Project, **sgu2: object) -> Target:
    base = project.target("example")
    return dataclasses.replace(base, sgu2=dataclasses.replace(base.sgu2, pull_job=True, **sgu2))


def objects(project: Project, target: Target) -> dict[str, RenderedObject]:
    return {f"{o.id.database}:{o.id.type}:{o.id.name}": o for o in render_target(project, target).objects}


def erp_queue_columns(objs: dict[str, RenderedObject]) -> set[str]:
    text = objs["erp:table:INTGRA_DADOS_CONEFI"].text
    return set(re.findall(r"^\s+(INTDC_\w+)\s", text, re.M))


def test_example_target_reads_the_queue_over_the_link(project: Project) -> None:
    objs = objects(project, project.target("example"))
    sgu2 = sorted(k for k in objs if k.startswith("sgu2:"))
    assert sgu2 == ["sgu2:synonym:INTGRA_DADOS_CONEFI_ERP", "sgu2:view:V_INTGRA_DADOS_CONEFI_PEND"]
    assert objs["sgu2:synonym:INTGRA_DADOS_CONEFI_ERP"].text == (
        "CREATE OR REPLACE SYNONYM CONEFI.INTGRA_DADOS_CONEFI_ERP\n"
        "  FOR CONEFI.INTGRA_DADOS_CONEFI@DBL_ERP_CONEFI;\n")


def test_sgu2_objects_only_name_columns_the_erp_queue_has(project: Project) -> None:
    objs = objects(project, pulling(project))
    columns = erp_queue_columns(objs)
    assert {"INTDC_ID", "INTDC_IND_STATUS", "INTDC_DTH_PROC"} <= columns
    for key in ("sgu2:view:V_INTGRA_DADOS_CONEFI_PEND", "sgu2:procedure:P_PULL_DADOS_CONEFI"):
        used = set(re.findall(r"\bq\.(INTDC_\w+)", objs[key].text))
        assert used and used <= columns, (key, used - columns)
    # the status the pull job writes is one the ERP queue accepts
    check = re.search(r"INTDC_IND_STATUS IN \(([^)]*)\)", objs["erp:table:INTGRA_DADOS_CONEFI"].text)
    assert check is not None and "'I'" in check.group(1)
    assert "SET q.INTDC_IND_STATUS = 'I'" in objs["sgu2:procedure:P_PULL_DADOS_CONEFI"].text


def test_pull_job_is_rendered_only_when_enabled_and_is_understood_by_drift(project: Project) -> None:
    objs = objects(project, pulling(project, pull_interval_minutes=2))
    assert {k for k in objs if k.startswith("sgu2:")} == {
        "sgu2:table:INTGRA_DADOS_CONEFI", "sgu2:synonym:INTGRA_DADOS_CONEFI_ERP",
        "sgu2:procedure:P_PULL_DADOS_CONEFI", "sgu2:view:V_INTGRA_DADOS_CONEFI_PEND",
        "sgu2:job:J_PULL_DADOS_CONEFI"}
    from conefi_dbtool.catalog.expected import job_of

    job = job_of(objs["sgu2:job:J_PULL_DADOS_CONEFI"])
    assert (job.owner, job.name, job.job_type, job.job_action) == (
        "CONEFI", "J_PULL_DADOS_CONEFI", "STORED_PROCEDURE", "CONEFI.P_PULL_DADOS_CONEFI")
    assert job.repeat_interval == "FREQ=MINUTELY;INTERVAL=2" and job.enabled
    assert job.start_date == "America/Sao_Paulo"


def test_pull_procedure_is_one_distributed_transaction(project: Project) -> None:
    text = objects(project, pulling(project))["sgu2:procedure:P_PULL_DADOS_CONEFI"].text
    code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("--"))
    assert "AUTONOMOUS_TRANSACTION" not in code
    remote_update = code.index("UPDATE CONEFI.INTGRA_DADOS_CONEFI_ERP")
    assert code.index("FOR UPDATE") < code.index("INSERT INTO") < remote_update < code.index("COMMIT;")
    assert "WHERE NOT EXISTS (SELECT 1 FROM CONEFI.INTGRA_DADOS_CONEFI l WHERE l.INTDC_ID = v_ids(i))" in code
    assert re.search(r"WHEN OTHERS THEN\s+ROLLBACK;\s+RAISE;", code)


@pytest.mark.parametrize("key", ["sgu2:table:INTGRA_DADOS_CONEFI", "sgu2:procedure:P_PULL_DADOS_CONEFI",
                                 "sgu2:view:V_INTGRA_DADOS_CONEFI_PEND", "sgu2:job:J_PULL_DADOS_CONEFI",
                                 "sgu2:synonym:INTGRA_DADOS_CONEFI_ERP"])
def test_sgu2_units_parse_with_the_oracle_dialect(project: Project, key: str) -> None:
    from sqlfluff.core import FluffConfig, Linter

    from conefi_dbtool.splitter import split

    linter = Linter(config=FluffConfig(overrides={"dialect": "oracle"}))
    units = split(objects(project, pulling(project))[key].text)
    assert units
    for unit in units:
        sql = unit.text + ("\n/\n" if unit.kind == "plsql" else ";\n")
        parsed = linter.parse_string(sql)
        assert parsed.tree is not None
        assert parsed.violations == [], (key, unit.start, parsed.violations)


def test_grants_of_the_pull_target_need_no_waiver_for_its_objects(project: Project) -> None:
    from conefi_dbtool.grants import review

    r = review(project, pulling(project), "sgu2")
    assert [f.subject for f in r.findings if not f.waived] == []
    preflight = {"SELECT ON SYS.V_$PARAMETER", "SELECT ON SYS.V_$TIMEZONE_FILE"}  # the tool's, waived
    assert {f.subject for f in r.findings} == {"CREATE SEQUENCE", "CREATE TRIGGER"} | preflight


def test_the_least_privilege_manifests_grant_the_views_preflight_reads(project: Project) -> None:
    """Direct grants on the specific V$ views (#16): never SELECT ANY DICTIONARY."""
    from conefi_dbtool.grants.manifest import load_manifest

    target = project.target("example")
    erp = load_manifest(project, target, "erp")
    views = {(o.owner, o.name) for o in erp.object_privileges if o.owner == "SYS"}
    assert {("SYS", v) for v in ("V_$TIMEZONE_FILE", "V_$PARAMETER", "V_$ACCESS", "V_$SESSION")} <= views
    assert all(s.privilege != "SELECT ANY DICTIONARY" for s in erp.system_privileges)
