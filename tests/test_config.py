from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
from helpers import BASE

from conefi_dbtool.config import RANGE, Connection, Range, Target, load_project
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
    assert info.value.key == "defaults.erp.connection.password_env"


def test_missing_environment_variable_names_where_the_file_sets_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, '[targets.dev.erp.connection]\npassword_env = "DEV_PASSWORD"\n')
    p = load_project(path)
    for var in ("E_DSN", "E_USER", "E_PASSWORD", "DEV_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    lines = path.read_text(encoding="utf-8").splitlines()
    with pytest.raises(ConfigError) as info:
        p.target("example").erp.connection.resolve(target="example", key="erp", file=str(path))
    assert info.value.key == "defaults.erp.connection.dsn_env"
    assert info.value.line is not None and "E_DSN" in lines[info.value.line - 1]
    assert f"{path}:{info.value.line}: defaults.erp.connection.dsn_env:" in str(info.value)
    monkeypatch.setenv("E_DSN", "db:1521/x")
    monkeypatch.setenv("E_USER", "conefi")
    with pytest.raises(ConfigError) as info:
        p.target("dev").erp.connection.resolve(target="dev", key="erp", file=str(path))
    assert info.value.key == "targets.dev.erp.connection.password_env"
    assert info.value.line is not None and "DEV_PASSWORD" in lines[info.value.line - 1]
    monkeypatch.setenv("DEV_PASSWORD", "x")
    assert p.target("dev").erp.connection.resolve(target="dev", key="erp", file=str(path)).password == "x"


def test_a_connection_built_in_code_falls_back_to_the_callers_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_DSN_VAR", raising=False)
    conn = Connection("NO_SUCH_DSN_VAR", "U", "P")
    with pytest.raises(ConfigError) as info:
        conn.resolve(target="t", key="sgu2", file="c.toml")
    assert info.value.key == "sgu2.connection.dsn_env"
    assert info.value.line is None


@pytest.mark.parametrize(
    ("extra", "key", "bounds"),
    [
        ("[targets.example.schedule]\nhour = 24\n", "targets.example.schedule.hour", "0..23"),
        ("[targets.example.schedule]\nhour = -1\n", "targets.example.schedule.hour", "0..23"),
        ("[targets.example.schedule]\nminute = 60\n", "targets.example.schedule.minute", "0..59"),
        ("[targets.example.schedule]\nminute = -1\n", "targets.example.schedule.minute", "0..59"),
        ("[targets.example.sgu2]\npull_interval_minutes = 0\n",
         "targets.example.sgu2.pull_interval_minutes", "1..999"),
        ("[targets.example.sgu2]\npull_interval_minutes = 1000\n",
         "targets.example.sgu2.pull_interval_minutes", "1..999"),
        ("[targets.example.integration]\nhistory_months = 0\n",
         "targets.example.integration.history_months", "1..120"),
        ("[targets.example.integration]\nhistory_months = 121\n",
         "targets.example.integration.history_months", "1..120"),
    ],
)
def test_numbers_out_of_range_name_file_line_key_and_range(
    tmp_path: Path, extra: str, key: str, bounds: str
) -> None:
    path = write(tmp_path, extra)
    with pytest.raises(ConfigError) as info:
        load_project(path)
    err = info.value
    assert err.key == key
    assert err.target == "example"
    assert err.line is not None
    assert key.rsplit(".", 1)[1] in path.read_text(encoding="utf-8").splitlines()[err.line - 1]
    assert str(err).startswith(f"{path}:{err.line}: {key}: ")
    assert f"out of range (must be {bounds})" in str(err)


def test_range_bounds_are_accepted(tmp_path: Path) -> None:
    p = load_project(write(tmp_path, "[targets.low.schedule]\nhour = 0\nminute = 0\n"
                                     "[targets.low.sgu2]\npull_interval_minutes = 1\n"
                                     "[targets.low.integration]\nhistory_months = 1\n"
                                     "[targets.high.schedule]\nhour = 23\nminute = 59\n"
                                     "[targets.high.sgu2]\npull_interval_minutes = 999\n"
                                     "[targets.high.integration]\nhistory_months = 120\n"))
    low, high = p.target("low"), p.target("high")
    assert (low.schedule.hour, low.schedule.minute, low.sgu2.pull_interval_minutes,
            low.integration.history_months) == (0, 0, 1, 1)
    assert (high.schedule.hour, high.schedule.minute, high.sgu2.pull_interval_minutes,
            high.integration.history_months) == (23, 59, 999, 120)


def test_an_out_of_range_default_is_reported_at_the_defaults_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[defaults.schedule]\nhour = 25\n")
    with pytest.raises(ConfigError, match=r"out of range \(must be 0\.\.23\)") as info:
        load_project(path)
    assert info.value.key == "defaults.schedule.hour"
    assert info.value.line is not None
    assert "hour = 25" in path.read_text(encoding="utf-8").splitlines()[info.value.line - 1]


def _int_fields(cls: type, prefix: str = "") -> list[tuple[str, dataclasses.Field[object]]]:
    hints = typing.get_type_hints(cls)
    found: list[tuple[str, dataclasses.Field[object]]] = []
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            found += _int_fields(tp, f"{prefix}{f.name}.")
        elif tp is int:
            found.append((prefix + f.name, f))
    return found


def test_every_numeric_setting_declares_its_range() -> None:
    fields = dict(_int_fields(Target))
    assert {"schedule.hour", "schedule.minute", "sgu2.pull_interval_minutes",
            "integration.history_months"} <= set(fields)
    assert [name for name, f in fields.items() if not isinstance(f.metadata.get(RANGE), Range)] == []


@pytest.mark.parametrize("company", ["3", "ABC", "t1", "0 ", "3-", ""])
def test_company_must_be_two_protheus_characters(tmp_path: Path, company: str) -> None:
    path = write(tmp_path, f'[targets.example.erp]\ncompany = "{company}"\n')
    with pytest.raises(ConfigError, match="invalid Protheus company") as info:
        load_project(path)
    assert info.value.key == "targets.example.erp.company"
    assert info.value.line is not None


@pytest.mark.parametrize(("company", "table"), [("03", "SE1030"), ("T1", "SE1T10"), ("99", "SE1990")])
def test_company_as_protheus_writes_it(tmp_path: Path, company: str, table: str) -> None:
    p = load_project(write(tmp_path, f'[targets.example.erp]\ncompany = "{company}"\n'))
    assert p.target("example").erp.protheus_table("se1") == table


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("targets = 3\n", "targets", "expected a table of [targets.NAME] tables, got int"),
        ("[targets]\n", "targets", "at least one [targets.NAME] table is required"),
        ("", "targets", "at least one [targets.NAME] table is required"),
        ("[targets]\nexample = 1\n", "targets.example", "expected a table"),
        ('[targets.example]\nname = "x"\n', "targets.example.name", "the target name is the table name"),
        ('[defaults]\nname = "x"\n[targets.example]\n', "defaults.name", "its table name"),
        ('[targets."1st"]\n', "targets.1st", "target names are letters"),
        ("[defaults]\n[targets.example]\n[other]\n", "other", "unknown key"),
    ],
)
def test_targets_table_shape(tmp_path: Path, text: str, key: str, message: str) -> None:
    path = write(tmp_path, base=text + BASE.replace("[targets.example]\n", ""))
    with pytest.raises(ConfigError) as info:
        load_project(path)
    assert info.value.key == key
    assert message in str(info.value)


def test_defaults_must_be_a_table(tmp_path: Path) -> None:
    path = tmp_path / "conefi.toml"
    path.write_text('defaults = "x"\n[targets.example]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="defaults: expected a table"):
        load_project(path)


def test_without_config_option_the_current_directory_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match=r"conefi\.toml: config file not found \(use --config\)"):
        load_project(None)
    write(tmp_path)
    assert sorted(load_project(None).targets) == ["example"]
    assert sorted(load_project().targets) == ["example"]


def test_without_config_option_a_removed_current_directory_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    with pytest.raises(UsageError, match="cannot find the config file: current directory"):
        load_project(None)


def test_custom_field_names_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid custom Protheus field"):
        load_project(write(tmp_path, '[targets.example.integration.custom_fields]\n'
                                     'sent_flag = "E1_XTOOLONGNAME"\n'))


def test_range_bounds_and_wording() -> None:
    assert str(Range(0, 23)) == "0..23" and str(Range(1)) == ">= 1"
    assert 0 in Range(0, 23) and 23 in Range(0, 23)
    assert -1 not in Range(0, 23) and 24 not in Range(0, 23)
    assert 10**9 in Range(1) and 0 not in Range(1)
    assert "5" not in Range(0, 23)


def test_quota_uses_the_manifests_size_syntax(tmp_path: Path) -> None:
    path = write(tmp_path, '[targets.example.erp.tablespaces]\nquota = "lots"\n')
    with pytest.raises(ConfigError) as info:
        load_project(path)
    assert info.value.key == "targets.example.erp.tablespaces.quota"
    assert info.value.line is not None
    assert "invalid quota size 'lots': use e.g. 500M, 2G, 1048576 or UNLIMITED" in str(info.value)
    p = load_project(write(tmp_path, '[targets.big.erp.tablespaces]\nquota = "2G"\n'
                                     '[targets.all.sgu2.tablespaces]\nquota = "unlimited"\n'))
    assert p.target("big").erp.tablespaces.quota == "2G"
    assert p.target("all").sgu2.tablespaces.quota == "unlimited"
    assert p.target("example").erp.tablespaces.quota == "100M"


def test_a_bad_project_setting_names_the_project_key(tmp_path: Path) -> None:
    cfg = tmp_path / "conefi.toml"
    cfg.write_text('[project]\ntemplates = 3\n' + BASE)
    with pytest.raises(ConfigError) as info:
        load_project(cfg)
    assert f"{cfg}:2: project.templates: expected a string" in str(info.value)


def test_an_unknown_database_is_named_with_the_known_ones(tmp_path: Path) -> None:
    cfg = tmp_path / "conefi.toml"
    cfg.write_text(BASE)
    target = load_project(cfg).target("example")
    with pytest.raises(UsageError, match=r"^unknown database 'nope' \(expected 'erp' or 'sgu2'\)$"):
        target.database("nope")
