"""`conefi-dbtool docs`: the generated integration page, its golden copy and `--check`.

On a golden failure run `conefi-dbtool docs --target example` (or
`python scripts/regen.py`) and review the diff of docs/integration.md.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conefi_dbtool.catalog.snapshot import (
    CatalogSnapshot,
    DatabaseCatalog,
    JobRun,
    SchedulerJob,
    snapshot_to_json,
)
from conefi_dbtool.cli import main
from conefi_dbtool.config import Project, Target
from conefi_dbtool.docs_gen import check_docs, generate_docs, integration_doc
from conefi_dbtool.docs_gen.mermaid import mermaid_blocks, validate_flowchart
from conefi_dbtool.layouts.codec import example_record
from conefi_dbtool.layouts.data import ACTIONS, layout
from conefi_dbtool.render import render_target


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 1), out, err


@pytest.fixture(scope="module")
def page(project: Project) -> str:
    return generate_docs(project, project.target("example"))


# --------------------------------------------------------------------------- golden


def test_committed_page_is_the_generated_one(root: Path) -> None:
    committed = (root / "docs" / "integration.md").read_text(encoding="utf-8")
    assert integration_doc(root) == committed, (
        "docs/integration.md is stale: run `conefi-dbtool docs --target example`"
    )


def test_check_passes_on_the_repository(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["--config", str(root / "conefi.toml"), "docs", "-t", "example",
                          "--check"], capsys)
    assert (code, out) == (0, "")
    assert err == f"{root / 'docs' / 'integration.md'}: up to date\n"


def test_output_is_deterministic_across_processes(root: Path, page: str) -> None:
    """Same bytes whatever the clock zone, hash seed and locale of the generating machine."""
    code = (
        "import sys\n"
        "from conefi_dbtool.config import load_project\n"
        "from conefi_dbtool.docs_gen import generate_docs\n"
        f"p = load_project({str(root / 'conefi.toml')!r})\n"
        "sys.stdout.buffer.write(generate_docs(p, p.target('example')).encode())\n"
    )
    outputs = []
    for env in ({"TZ": "Asia/Tokyo", "PYTHONHASHSEED": "1", "LC_ALL": "C"},
                {"TZ": "America/Sao_Paulo", "PYTHONHASHSEED": "977", "LC_ALL": "C.UTF-8"}):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                              env={**os.environ, **env, "PYTHONPATH": str(root)}, cwd="/")
        outputs.append(proc.stdout.decode())
    assert outputs[0] == outputs[1] == page


# --------------------------------------------------------------------------- content


def test_page_shape(page: str) -> None:
    assert page.endswith("\n") and not page.endswith("\n\n")
    assert "\r" not in page
    assert all(line == line.rstrip() for line in page.split("\n"))
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert headings[:7] == ["1. Data flow", "2. Infrastructure", "3. Objects",
                            "4. Layouts of INTDC_DADOS", "5. Custom SE1 fields", "6. Schedule",
                            "7. Dependency graph"]


def test_every_mermaid_block_is_valid(page: str) -> None:
    blocks = mermaid_blocks(page)
    assert len(blocks) == 2
    for block in blocks:
        assert validate_flowchart(block) == ()


def test_flowchart_has_one_edge_per_action(page: str) -> None:
    flow = mermaid_blocks(page)[0]
    assert ACTIONS
    for action in ACTIONS:
        lay = layout(action)
        source = {"job": "n_jobs", "trigger": "n_trigger", "internal": "n_trigger"}[lay.producer]
        edges = re.findall(rf'^  {source} -(?:->|\.->)\|"{action}[^"]*"\| n_queue$', flow, re.M)
        assert len(edges) == 1, action
    assert flow.count("| n_queue") == len(ACTIONS)
    assert "SGU.INTGRA_RET_ERP" in flow and "CONEFI.INTGRA_DADOS_CONEFI" in flow
    assert "05:00 America/Sao_Paulo" in flow


def test_every_rendered_object_is_listed_with_its_purpose(project: Project, page: str) -> None:
    result = render_target(project, project.target("example"))
    objects = page.split("## 3. Objects", 1)[1].split("## 4.", 1)[0]
    assert result.objects
    for obj in result.objects:
        row = next(line for line in objects.splitlines() if f"`{obj.id.qualified_name}`" in line
                   and f"`{obj.template}`" in line)
        assert obj.purpose and obj.purpose.replace("|", "\\|") in row
        assert f"`{obj.sha256[:12]}`" in row


def test_every_layout_has_its_table_and_decoded_example(page: str) -> None:
    section = page.split("## 4. Layouts", 1)[1].split("## 5.", 1)[0]
    assert ACTIONS
    for action in ACTIONS:
        lay = layout(action)
        assert f"### {action} — " in section
        assert f"```text\n{example_record(action)}\n```" in section
        block = section.split(f"### {action} — ", 1)[1].split("\n### ", 1)[0]
        rows = [line for line in block.splitlines() if re.match(r"\| \d+ \| `", line)]
        assert len(rows) == len(lay.fields) + 1  # position 0 is the action
        assert rows[0].startswith("| 0 | `acao` |") and f"`action '{action}'`" in rows[0]


def test_escaped_example_is_shown_decoded(page: str) -> None:
    inc = page.split("### INC — ", 1)[1].split("\n### ", 1)[0]
    assert "JOSÉ DA SILVA\\; FILHO" in inc  # on the wire: the ; is escaped
    assert "`text 'JOSÉ DA SILVA; FILHO'`" in inc  # decoded by the decoder


def test_custom_fields_and_checklist(project: Project, page: str) -> None:
    section = page.split("## 5. Custom SE1 fields", 1)[1].split("## 6.", 1)[0]
    custom = project.target("example").integration.custom_fields
    for name in ("E1_XCNFENV", "E1_XCNFDTE", "E1_XCNFVEN", "E1_XCNFVLR", "E1_XCNFSLD"):
        assert f"| [ ] | `{name}` |" in section
        assert name in (custom.sent_flag, custom.sent_date, custom.sent_due, custom.sent_value,
                        custom.sent_balance)
    assert "WHERE owner = 'SIGA' AND table_name = 'SE1030'" in section
    assert "ALTER TABLE" not in section.replace("never `ALTER TABLE`", "")


def test_infrastructure_lists_grants_findings_and_links_without_secrets(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "Sup3r-S3cret-Value"
    for var in ("CONEFI_ERP_PASSWORD", "CONEFI_SGU2_PASSWORD", "CONEFI_ERP_DSN"):
        monkeypatch.setenv(var, secret)
    seed = generate_docs(project, project.target("example"), profile="seed")
    assert secret not in seed
    assert "IDENTIFIED BY" not in seed.upper()
    infra = seed.split("## 2. Infrastructure", 1)[1].split("## 3.", 1)[0]
    assert "### Users and grants — profile `seed`" in infra
    assert "| role | `DBA` |" in infra
    assert re.search(r"^\| `dba-role` \| error \| `DBA` \|.*\| open \|$", infra, re.M)
    assert re.search(r"^\| `any-privilege` \| error \| `CREATE ANY TRIGGER` \|", infra, re.M)
    assert "`$CONEFI_ERP_PASSWORD`" in infra  # the variable's name, never its value
    assert "| sgu2 | `CONEFI.DBL_ERP_CONEFI` | `erp:CONEFI` | `ERP` |" in infra


def test_default_profile_page_shows_its_own_grants(page: str) -> None:
    infra = page.split("## 2. Infrastructure", 1)[1].split("## 3.", 1)[0]
    assert "### Users and grants — profile `least-privilege`" in infra
    assert "| role | `DBA` |" not in infra


# --------------------------------------------------------------------------- CLI


def test_docs_writes_then_check_detects_staleness(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], page: str
) -> None:
    cfg = ["--config", str(root / "conefi.toml")]
    out_file = tmp_path / "integration.md"
    code, _, err = run([*cfg, "docs", "-t", "example", "--check", "--out", str(tmp_path)], capsys)
    assert code == 1 and "missing" in err and err.count("\n") == 1
    code, _, err = run([*cfg, "docs", "-t", "example", "--out", str(tmp_path)], capsys)
    assert code == 0 and err == f"wrote {out_file}\n"
    assert out_file.read_text(encoding="utf-8") == page
    code, _, _ = run([*cfg, "docs", "-t", "example", "--check", "--out", str(tmp_path)], capsys)
    assert code == 0
    out_file.write_text(page.replace("## 6. Schedule", "## 6. Schedule (edited)"), encoding="utf-8")
    code, out, err = run([*cfg, "docs", "-t", "example", "--check", "--out", str(tmp_path)], capsys)
    assert code == 1
    assert "-## 6. Schedule (edited)\n+## 6. Schedule\n" in out
    assert err == (f"conefi-dbtool: error: {out_file}: stale; run: conefi-dbtool docs "
                   "--target example\n")


def test_check_diff_is_short(tmp_path: Path, page: str) -> None:
    path = tmp_path / "integration.md"
    path.write_text(page.upper(), encoding="utf-8")
    result = check_docs(path, page)
    assert result.stale and len(result.diff) == 41
    assert result.diff[-1].startswith("... ") and result.diff[-1].endswith(" more diff lines")
    path.write_text(page.rstrip("\n"), encoding="utf-8")
    assert check_docs(path, page).diff[-1] == "@@ line endings or final newline differ @@"


def test_docs_refuses_to_overwrite_a_foreign_file(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = ["--config", str(root / "conefi.toml")]
    (tmp_path / "integration.md").write_text("# our hand-written notes\n", encoding="utf-8")
    code, _, err = run([*cfg, "docs", "-t", "example", "--out", str(tmp_path)], capsys)
    assert code == 2 and "refusing to overwrite it (use --force)" in err
    assert (tmp_path / "integration.md").read_text() == "# our hand-written notes\n"
    code, _, _ = run([*cfg, "docs", "-t", "example", "--out", str(tmp_path), "--force"], capsys)
    assert code == 0
    assert (tmp_path / "integration.md").read_text().startswith("# CONEFI ⇄ ERP integration")


def test_bad_catalog_and_profile_are_usage_errors(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = ["--config", str(root / "conefi.toml")]
    bad = tmp_path / "snap.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _, err = run([*cfg, "docs", "-t", "example", "--out", str(tmp_path), "--catalog",
                        str(bad)], capsys)
    assert code == 2 and f"{bad}:1: not valid JSON" in err
    other = tmp_path / "other.json"
    other.write_text(snapshot_to_json(CatalogSnapshot(target="prd")), encoding="utf-8")
    code, _, err = run([*cfg, "docs", "-t", "example", "--out", str(tmp_path), "--catalog",
                        str(other)], capsys)
    assert code == 2 and "catalog snapshot is of target 'prd', not 'example'" in err
    code, _, err = run([*cfg, "docs", "-t", "example", "--profile", "root"], capsys)
    assert code == 2 and "'root' is not one of" in err
    from conefi_dbtool.config import load_project
    from conefi_dbtool.errors import UsageError

    project = load_project(root / "conefi.toml")
    with pytest.raises(UsageError, match="unknown grants profile 'root'"):
        generate_docs(project, project.target("example"), profile="root")
    assert not (tmp_path / "integration.md").exists()


# --------------------------------------------------------------------------- schedule + gaps

JOB_TEMPLATE = """{#
purpose: Daily producer of INC, CAN, HST and PRV.
depends: erp/conefi/table/Q
#}
BEGIN
  SYS.DBMS_SCHEDULER.CREATE_JOB(
    job_name        => '{{ obj.qualified }}',
    job_type        => 'PLSQL_BLOCK',
    job_action      => 'BEGIN CONEFI.PKG_JOB.P_RUN; END;',
    start_date      => TO_TIMESTAMP_TZ('2024-01-01 05:00:00 America/Sao_Paulo',
                                       'YYYY-MM-DD HH24:MI:SS TZR'),
    repeat_interval => 'FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0',
    enabled         => TRUE,
    comments        => 'conefi-dbtool');
END;
/
"""


def _job_project(tmp_path: Path) -> tuple[Project, Target]:
    from helpers import make_project

    return make_project(tmp_path, {
        "erp/conefi/table/Q.sql.j2":
            "{#\npurpose: A queue.\n#}\nCREATE TABLE {{ obj.qualified }} (X NUMBER);\n",
        "erp/conefi/job/J_DAILY.sql.j2": JOB_TEMPLATE,
    })


def test_schedule_with_a_catalog_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _job_project(tmp_path)
    snap = CatalogSnapshot(
        target="example", taken_at="2024-03-10T06:00:00-03:00",
        databases=(DatabaseCatalog(
            database="erp",
            jobs=(SchedulerJob(owner="CONEFI", name="J_DAILY", state="SCHEDULED",
                               last_start_date="2024-03-10T05:00:01 America/Sao_Paulo"),),
            job_runs=(JobRun("CONEFI", "J_DAILY", "2024-03-09T05:00:09", "FAILED", 6502),
                      JobRun("CONEFI", "J_DAILY", "2024-03-10T05:00:09", "SUCCEEDED")),
        ),),
    )
    snap_file = tmp_path / "snap.json"
    snap_file.write_text(snapshot_to_json(snap), encoding="utf-8")
    code, _, _ = run(["--config", str(tmp_path / "conefi.toml"), "docs", "-t", "example",
                      "--catalog", str(snap_file)], capsys)
    assert code == 0
    text = (tmp_path / "docs" / "integration.md").read_text(encoding="utf-8")
    schedule = text.split("## 6. Schedule", 1)[1].split("## 7.", 1)[0]
    assert (
        "| `CONEFI.J_DAILY` | Daily producer of INC, CAN, HST and PRV. | "
        "`BEGIN CONEFI.PKG_JOB.P_RUN; END;` | `FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0` | "
        "`America/Sao_Paulo` | TRUE | SCHEDULED | "
        "2024-03-11 05:00:00 America/Sao_Paulo (-03:00) (computed from snapshot time) | "
        "2024-03-10 05:00:01 America/Sao_Paulo (-03:00) (SUCCEEDED) | 0 |"
    ) in schedule
    assert "State from the catalog snapshot taken at `2024-03-10T06:00:00-03:00`." in schedule
    # Oracle's own NEXT_RUN_DATE wins over the computed one
    snap2 = CatalogSnapshot(target="example", taken_at="2024-03-10T06:00:00-03:00", databases=(
        DatabaseCatalog(database="erp", jobs=(SchedulerJob(
            owner="CONEFI", name="J_DAILY", enabled=False, state="DISABLED",
            next_run_date="2024-03-12T05:00:00 America/Sao_Paulo"),)),))
    from conefi_dbtool.config import load_project

    p = load_project(tmp_path / "conefi.toml")
    text2 = generate_docs(p, p.target("example"), catalog=snap2)
    assert "| DISABLED (disabled) | 2024-03-12 05:00:00 America/Sao_Paulo (-03:00) (catalog) |" in text2
    # a job missing from the database says so
    text3 = generate_docs(p, p.target("example"),
                          catalog=CatalogSnapshot(target="example", taken_at="2024-03-10T06:00:00Z"))
    assert "| absent from the catalog |" in text3


def test_without_catalog_the_page_says_how_to_get_next_run(tmp_path: Path) -> None:
    project, target = _job_project(tmp_path)
    text = generate_docs(project, target)
    schedule = text.split("## 6. Schedule", 1)[1].split("## 7.", 1)[0]
    assert "| Job | Purpose | Runs | Calendar | Time zone | Enabled |\n" in schedule
    assert "Next run: generate with `--catalog snap.json`" in schedule
    flow = mermaid_blocks(text)[0]
    assert "daily jobs 05:00 America/Sao_Paulo<br/>CONEFI.J_DAILY" in flow
    deps = mermaid_blocks(text)[1]
    assert "  n_erp_CONEFI_job_J_DAILY --> n_erp_CONEFI_table_Q\n" in deps
    for block in mermaid_blocks(text):
        assert validate_flowchart(block) == ()


def test_missing_sources_are_stated_not_hidden(tmp_path: Path) -> None:
    project, target = _job_project(tmp_path)
    text = generate_docs(project, target)
    gaps = text.split("## Not documented yet", 1)[1]
    assert "- grants: no grants manifest for database erp, profile least-privilege; " in gaps
    assert "No grants manifest is available for this profile" in text


def test_objects_show_the_release_that_froze_them(tmp_path: Path) -> None:
    from helpers import make_project

    from conefi_dbtool.migrations.autogen import write_revision

    project, target = make_project(tmp_path, {
        "erp/conefi/sequence/S_Q.sql.j2": "{#\npurpose: Ids.\n#}\nCREATE SEQUENCE {{ obj.qualified }};\n",
        "erp/conefi/table/Q.sql.j2":
            "{#\npurpose: A queue.\n#}\nCREATE TABLE {{ obj.qualified }} (X NUMBER);\n",
    })
    assert "revisions: no release is recorded yet" in generate_docs(project, target)
    written = write_revision(project, "first release", rev_id="0001_aaaaaa")
    assert written is not None
    text = generate_docs(project, target)
    assert "| 1 | sequence | `CONEFI.S_Q` | Ids. | `0001_aaaaaa` |" in text
    assert "| 2 | table | `CONEFI.Q` | A queue. | `0001_aaaaaa` |" in text
    assert "- revisions:" not in text
    (tmp_path / "templates/erp/conefi/table/Q.sql.j2").write_text(
        "{#\npurpose: A queue.\n#}\nCREATE TABLE {{ obj.qualified }} (X NUMBER, Y NUMBER);\n")
    text = generate_docs(project, target)
    assert "| 2 | table | `CONEFI.Q` | A queue. | `unreleased change (after 0001_aaaaaa)` |" in text
    assert "| 1 | sequence | `CONEFI.S_Q` | Ids. | `0001_aaaaaa` |" in text
    assert ("- revisions: 1 template/grants file(s) differ from release head 0001_aaaaaa: run "
            "`conefi-dbtool revision`") in text


def test_sgu_owned_trigger_shows_the_grant_our_template_renders(root: Path, tmp_path: Path) -> None:
    from conefi_dbtool.config import load_project

    text = (root / "conefi.toml").read_text(encoding="utf-8")
    for key in ("templates", "grants", "migrations"):
        text = text.replace(f'{key} = "{key}"', f'{key} = "{root / key}"', 1)
    text += '\n[targets.sguown]\n\n[targets.sguown.integration]\ntrigger_owner = "sgu"\n'
    (tmp_path / "conefi.toml").write_text(text, encoding="utf-8")
    project = load_project(tmp_path / "conefi.toml")
    page = generate_docs(project, project.target("sguown"))
    assert re.search(r"^\| object \(rendered\) \| `EXECUTE` to `SGU` \| `CONEFI\.[A-Z_]+` \|", page, re.M)
    flow = mermaid_blocks(page)[0]
    assert re.search(r'n_trigger\{\{"AFTER INSERT trigger<br/>SGU\.[A-Z_]+"\}\}', flow)
    assert "trigger owner `SGU`" in page
