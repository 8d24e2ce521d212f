from __future__ import annotations

from pathlib import Path

import pytest
from helpers import BASE

from conefi_dbtool.config import load_project
from conefi_dbtool.errors import ConfigError, UsageError


def write(tmp_path: Path, extra: str = "", base: str = BASE) -> Path:
    path = tmp_path / "conefi.toml"
    path.write_text(base + extra, encoding="utf-8")
    return path


def test_bundled_example_target_mirrors_the_seed(project) -> None:  # type: ignore[no-untyped-def]
    t = project.target("example")
    assert t.erp.protheus_table("SE1") == "SE1030"
    assert (t.erp.schemas.siga, t.erp.schemas.sgu, t.erp.schemas.conefi) == ("SIGA", "SGU", "CONEFI")
    assert (t.erp.tablespaces.default, t.erp.tablespaces.temporary) == ("TS_DATA", "TEMP")
    assert t.sgu2.tablespaces.default == "CONEFI_DATA"
    assert t.schedule.calendar == "FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0"
    assert t.schedule.timezone == "America/Sao_Paulo"


def test_defaults_apply_and_targets_override(tmp_path: Path) -> None:
    p = load_project(write(tmp_path, '[targets.prd]\n[targets.prd.erp]\ncompany = "01"\n'
                                     '[targets.prd.schedule]\nhour = 6\n'))
    assert p.target("example").erp.table_suffix == "030"
    assert p.target("prd").erp.protheus_table("SE1") == "SE1010"
    assert p.target("prd").schedule.calendar.startswith("FREQ=DAILY;BYHOUR=6;")
    assert p.target("prd").erp.connection.dsn_env == "E_DSN"


def test_identifiers_are_normalised_on_load(tmp_path: Path) -> None:
    p = load_project(write(tmp_path, '[targets.example.erp.schemas]\nconefi = "conefi_hml"\n'))
    assert p.target("example").erp.schemas.conefi == "CONEFI_HML"


@pytest.mark.parametrize(
    ("extra", "key", "message"),
    [
        ('[targets.example.erp.schemas]\nsiga = "SIGA; DROP USER X"\n',
         "targets.example.erp.schemas.siga", "invalid Oracle identifier"),
        ('[targets.example.erp.schemas]\nsiga = "' + "S" * 129 + '"\n',
         "targets.example.erp.schemas.siga", "longer than 128 bytes"),
        ('[targets.example.erp.schemas]\nsgu = "SGU\\nX"\n',
         "targets.example.erp.schemas.sgu", "line break"),
        ('[targets.example.erp.schemas]\nsgu = "SG\'U"\n',
         "targets.example.erp.schemas.sgu", "invalid Oracle identifier"),
        ('[targets.example.schedule]\ntimezone = "America/Nowhere"\n',
         "targets.example.schedule.timezone", "unknown time zone"),
        ('[targets.example.schedule]\ntimezone = "-03:00"\n',
         "targets.example.schedule.timezone", "fixed offset"),
        ('[targets.example.schedule]\nhour = "5"\n',
         "targets.example.schedule.hour", "expected an integer"),
        ('[targets.example.erp]\nbogus = 1\n', "targets.example.erp.bogus", "unknown key"),
        ('[targets.example.integration]\ntrigger_owner = "siga"\n',
         "targets.example.integration.trigger_owner", "must be one of"),
        ('scratch = "yes"\n', "targets.example.scratch", "true or false"),
    ],
)
def test_bad_values_name_file_line_key_and_target(
    tmp_path: Path, extra: str, key: str, message: str
) -> None:
    path = write(tmp_path, extra)
    with pytest.raises(ConfigError) as info:
        load_project(path)
    err = info.value
    assert err.key == key
    assert message in str(err)
    assert err.target == "example"
    assert err.line is not None
    assert str(path) in str(err)
    assert isinstance(err, UsageError)


def test_bad_default_is_reported_at_the_defaults_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_project(write(tmp_path, '[defaults.schedule]\ntimezone = "Mars/Base"\n'))
    assert info.value.key == "defaults.schedule.timezone"
    lines = (tmp_path / "conefi.toml").read_text().splitlines()
    assert info.value.line is not None
    assert "Mars/Base" in lines[info.value.line - 1]


def test_missing_required_key(tmp_path: Path) -> None:
    base = BASE.replace('temporary = "TEMP"\n', "", 1)
    with pytest.raises(ConfigError, match="required key is missing") as info:
        load_project(write(tmp_path, base=base))
    assert info.value.key == "defaults.erp.tablespaces.temporary"


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_project(write(tmp_path, "[targets.x\n"))
    with pytest.raises(UsageError, match="config file not found"):
        load_project(tmp_path / "nope.toml")


def test_unknown_target_lists_known_ones(tmp_path: Path) -> None:
    p = load_project(write(tmp_path))
    with pytest.raises(UsageError, match=r"unknown target 'prd' \(known: example\)"):
        p.target("prd")


def test_missing_environment_variable_at_connect_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    p = load_project(write(tmp_path))
    conn = p.target("example").erp.connection
    monkeypatch.setenv("E_DSN", "db:1521/x")
    monkeypatch.setenv("E_USER", "conefi")
    monkeypatch.setenv("E_PASSWORD", "s3cr3t-value")
    resolved = conn.resolve(target="example", key="erp", file="conefi.toml")
    assert resolved.dsn == "db:1521/x"
    assert "s3cr3t-value" not in repr(resolved)
    monkeypatch.delenv("E_PASSWORD")
    with pytest.raises(ConfigError, match="environment variable E_PASSWORD is not set") as info:
        conn.resolve(target="example", key="erp", file="conefi.toml")
    assert info.value.key == "erp.connection.password_env"


def test_custom_field_names_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid custom Protheus field"):
        load_project(write(tmp_path, '[targets.example.integration.custom_fields]\n'
                                     'sent_flag = "E1_XTOOLONGNAME"\n'))
