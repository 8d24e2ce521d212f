"""The `seed` profile reproduces the seed wiki's scripts exactly, and is flagged.

The seed file is parsed here (not copied): every `create user` / `grant` line of both
databases must come out of the `seed` profile, as a set of normalised statements, and
nothing else may.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import make_project

from conefi_dbtool.config import Project
from conefi_dbtool.grants import review
from conefi_dbtool.grants.manifest import load_manifest
from conefi_dbtool.grants.render_sql import dba_steps_for, statements
from conefi_dbtool.script import format_step

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_cc9f2a934c133168.txt"
SECTIONS = {"erp": "BANCO DE DADOS - ERP", "sgu2": "BANCO DE DADOS - SGU 2.0"}


def seed_statements(database: str) -> list[str]:
    """The statements of the seed's code block that follows the database's heading."""
    text = SEED.read_text(encoding="utf-8")
    start = text.index(SECTIONS[database])
    block = re.search(r"```\n(.*?)```", text[start:], re.S)
    assert block is not None
    code = "\n".join(line for line in block.group(1).splitlines() if not line.strip().startswith("--"))
    return [s for s in (part.strip() for part in code.split(";")) if s]


def normalise(statement: str) -> set[str]:
    """Lower case, single spaces, no password clause, one privilege per grant."""
    s = " ".join(statement.split()).lower()
    s = re.sub(r' identified by "[^"]*"', "", s)
    m = re.fullmatch(r"grant (.+?) on (\S+) to (\S+)", s)
    if m:
        return {f"grant {p.strip()} on {m[2]} to {m[3]}" for p in m[1].split(",")}
    m = re.fullmatch(r"grant (.+?) to (\S+)", s)
    if m:
        return {f"grant {p.strip()} to {m[2]}" for p in m[1].split(",")}
    return {s}


def normalised(stmts: list[str]) -> set[str]:
    out: set[str] = set()
    for s in stmts:
        out |= normalise(s)
    return out


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed file not found: {SEED}")
@pytest.mark.parametrize("database", ["erp", "sgu2"])
def test_seed_profile_reproduces_every_seed_line_and_nothing_else(project: Project, database: str) -> None:
    seed = seed_statements(database)
    assert len(seed) == {"erp": 18, "sgu2": 12}[database]  # the parse itself is checked
    manifest = load_manifest(project, project.target("example"), database, "seed")
    ours = [st.text for st in statements(manifest)]
    assert normalised(ours) == normalised(seed)


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed file not found: {SEED}")
@pytest.mark.parametrize("database", ["erp", "sgu2"])
def test_every_seed_line_is_in_the_dba_section(project: Project, database: str) -> None:
    manifest = load_manifest(project, project.target("example"), database, "seed")
    script = "".join(format_step(s) for s in dba_steps_for(manifest))
    flat = " ".join(script.split()).lower()
    seed = seed_statements(database)
    assert seed
    for statement in seed:
        for norm in normalise(statement):
            if norm.startswith("create user"):
                # inside the ORA-01920 guard, with the password clause added
                head, _, tail = norm.partition(" default tablespace")
                assert head in flat and ("default tablespace" + tail) in flat
            else:
                m = re.fullmatch(r"grant (.+) on (\S+) to (\S+)", norm)
                if m:  # may be written together with other privileges on the same object
                    assert re.search(rf"grant [a-z, ]*\b{m[1]}\b[a-z, ]* on {re.escape(m[2])} "
                                     rf"to {m[3]};", flat), norm
                else:
                    assert f"{norm};" in flat, norm


def test_seed_names_are_parameterised_by_target(tmp_path: Path, root: Path) -> None:
    extra = ('[targets.example.erp]\ncompany = "01"\n'
             '[targets.example.erp.schemas]\nsiga = "SIGA_HML"\nsgu = "SGU_HML"\nconefi = "conefi_hml"\n'
             '[targets.example.erp.tablespaces]\ndefault = "TS_HML"\ntemporary = "TEMP2"\n')
    project, target = make_project(tmp_path, {}, extra)
    grants = tmp_path / "grants"
    for db in ("erp", "sgu2"):
        (grants / db).mkdir(parents=True)
        (grants / db / "seed.toml").write_text((root / "grants" / db / "seed.toml").read_text())
    texts = {st.text.replace("\n", " ") for st in statements(load_manifest(project, target, "erp", "seed"))}
    assert "GRANT SELECT, UPDATE ON SIGA_HML.SE1010 TO CONEFI_HML" in texts
    assert "GRANT EXECUTE ON SGU_HML.F_COD_FEDERACAO_UNI TO CONEFI_HML" in texts
    assert ('CREATE USER CONEFI_HML IDENTIFIED BY "&&conefi_erp_password"   DEFAULT TABLESPACE TS_HML'
            "   TEMPORARY TABLESPACE TEMP2   PROFILE DEFAULT") in texts


@pytest.mark.parametrize(("database", "expected"), [
    ("erp", {("dba-role", "DBA"), ("select-any-dictionary", "SELECT ANY DICTIONARY"),
             ("unlimited-tablespace", "UNLIMITED TABLESPACE")}),
    ("sgu2", {("any-privilege", "CREATE ANY PROCEDURE"), ("any-privilege", "CREATE ANY TRIGGER"),
              ("unlimited-tablespace", "UNLIMITED TABLESPACE")}),
])
def test_seed_profile_is_flagged(project: Project, database: str, expected: set[tuple[str, str]]) -> None:
    r = review(project, project.target("example"), database, "seed")
    found = {(f.code, f.subject) for f in r.findings}
    assert expected <= found
    assert not any(f.waived for f in r.findings)  # the seed profile carries no waivers
    assert {f.code for f in r.blocking} >= ({"dba-role", "select-any-dictionary"} if database == "erp"
                                            else {"any-privilege"})
