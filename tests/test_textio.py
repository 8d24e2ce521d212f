"""Text files: strict UTF-8 for config/manifests/snapshots, tolerant SQL scripts, one-line errors."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from helpers import BASE, make_project

from conefi_dbtool.catalog.snapshot import load_snapshot
from conefi_dbtool.cli import main
from conefi_dbtool.errors import UsageError
from conefi_dbtool.grants.manifest import load_manifest
from conefi_dbtool.textio import read_sql_text, read_text_strict

CONFIG = '[project]\nmigrations = "migrations"\n' + BASE


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 1), out, err


def put(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- strict reader


def test_strict_reader_drops_a_utf8_bom_silently(tmp_path: Path) -> None:
    path = put(tmp_path, "a.toml", codecs.BOM_UTF8 + "x = 'é'\n".encode())
    assert read_text_strict(path, "config file") == "x = 'é'\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("x = 1\n".encode("utf-16"), "is UTF-16 (byte order mark at byte offset 0): save it as UTF-8"),
        (codecs.BOM_UTF16_BE + "x = 1\n".encode("utf-16-be"), "is UTF-16 (byte order mark"),
        ("x = 1\n".encode("utf-32"), "is UTF-32 (byte order mark"),
        ("x = 1\n".encode("utf-16-le"), "has a NUL byte at byte offset 1 (line 1)"),
        (b"a = 1\nb = '\xe9'\n", "is not valid UTF-8: byte 0xe9 at byte offset 11 (line 2)"),
        (codecs.BOM_UTF8 + b"a\xff", "is not valid UTF-8: byte 0xff at byte offset 4 (line 1)"),
        (b"ok\nok\n\xc3(", "byte 0xc3 at byte offset 6 (line 3)"),
    ],
)
def test_strict_reader_names_file_and_byte_offset(tmp_path: Path, data: bytes, message: str) -> None:
    path = put(tmp_path, "c.toml", data)
    with pytest.raises(UsageError) as info:
        read_text_strict(path, "config file")
    assert str(info.value).startswith(f"{path}: config file ")
    assert message in str(info.value)


def test_strict_reader_names_the_file_as_shown(tmp_path: Path) -> None:
    path = put(tmp_path, "m.toml", b"\xff")
    with pytest.raises(UsageError, match=r"^grants/erp/m\.toml: grants manifest is not valid UTF-8"):
        read_text_strict(path, "grants manifest", shown="grants/erp/m.toml")


def test_unreadable_files_are_one_line(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"none\.toml: config file not found \(use --config\)$"):
        read_text_strict(tmp_path / "none.toml", "config file", missing=" (use --config)")
    with pytest.raises(UsageError, match=r"none\.json: cannot read catalog snapshot: no such file"):
        read_text_strict(tmp_path / "none.json", "catalog snapshot")
    with pytest.raises(UsageError, match=r"is a directory, not a file"):
        read_text_strict(tmp_path, "config file")
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    with pytest.raises(UsageError, match=r"loop\.toml: cannot read config file: symlink loop"):
        read_text_strict(loop, "config file", missing=" (use --config)")
    dangling = tmp_path / "dangling.toml"
    dangling.symlink_to(tmp_path / "gone.toml")
    with pytest.raises(UsageError, match=r"dangling\.toml: cannot read config file: broken symlink"):
        read_text_strict(dangling, "config file", missing=" (use --config)")


# --------------------------------------------------------------------------- SQL scripts


def test_sql_text_drops_bom_and_crlf(tmp_path: Path) -> None:
    path = put(tmp_path, "a.sql", codecs.BOM_UTF8 + "SELECT 'ç'\r\nFROM dual;\r\n".encode())
    assert read_sql_text(path) == "SELECT 'ç'\nFROM dual;\n"


def test_sql_text_falls_back_to_windows_1252(tmp_path: Path) -> None:
    path = put(tmp_path, "a.sql", "-- José “quoted” €\nSELECT 1 FROM dual;\n".encode("cp1252"))
    assert read_sql_text(path) == "-- José “quoted” €\nSELECT 1 FROM dual;\n"
    bom_then_ansi = put(tmp_path, "b.sql", codecs.BOM_UTF8 + "-- é\n".encode("cp1252"))
    assert read_sql_text(bom_then_ansi) == "-- é\n"


def test_sql_text_encoding_option_is_exact(tmp_path: Path) -> None:
    path = put(tmp_path, "a.sql", "-- Ação\n".encode("latin-1"))
    assert read_sql_text(path, "latin-1") == "-- Ação\n"
    with pytest.raises(UsageError, match=r"a\.sql: SQL file is not valid UTF-8: byte 0xe7 at byte "
                                         r"offset 4 \(line 1\)"):
        read_sql_text(path, "utf-8")
    with pytest.raises(UsageError, match="not valid ascii: byte 0xe7"):
        read_sql_text(path, "ascii")
    with pytest.raises(UsageError, match="unknown encoding 'klingon'"):
        read_sql_text(path, "klingon")


def test_sql_text_refuses_utf16(tmp_path: Path) -> None:
    path = put(tmp_path, "a.sql", "SELECT 1 FROM dual;\n".encode("utf-16"))
    with pytest.raises(UsageError, match=r"a\.sql: SQL file is UTF-16"):
        read_sql_text(path)


def test_sql_text_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"nope\.sql: cannot read SQL file: no such file or directory"):
        read_sql_text(tmp_path / "nope.sql")


# --------------------------------------------------------------------------- through the CLI


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (CONFIG.encode("utf-16"), "config file is UTF-16 (byte order mark at byte offset 0)"),
        (CONFIG.encode("utf-16-le"), "config file has a NUL byte at byte offset 1 (line 1)"),
        (CONFIG.encode() + b"# caf\xe9\n", "config file is not valid UTF-8: byte 0xe9 at byte offset"),
    ],
)
def test_cli_config_not_utf8_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, message: str
) -> None:
    config = put(tmp_path, "conefi.toml", data)
    code, _, err = run(["--config", str(config), "history"], capsys)
    assert code == 2
    assert err == f"conefi-dbtool: error: {config}: {message}" + err.split(message, 1)[1]
    assert err.count("\n") == 1
    assert "internal error" not in err and "Traceback" not in err


def test_cli_config_with_utf8_bom_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = put(tmp_path, "conefi.toml", codecs.BOM_UTF8 + CONFIG.encode())
    code, _, err = run(["--config", str(config), "history"], capsys)
    assert (code, err) == (0, "")


def test_cli_config_symlink_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "conefi.toml"
    loop.symlink_to(loop)
    code, _, err = run(["--config", str(loop), "history"], capsys)
    assert code == 2 and "symlink loop" in err and "not found" not in err


def test_grants_manifest_not_utf8_names_it(tmp_path: Path) -> None:
    project, target = make_project(tmp_path, {})
    manifest = tmp_path / "grants" / "erp" / "seed.toml"
    manifest.parent.mkdir(parents=True)
    manifest.write_bytes('[user]\nname = "{conefi}"\n'.encode("utf-16"))
    with pytest.raises(UsageError, match=r"^grants/erp/seed\.toml: grants manifest is UTF-16"):
        load_manifest(project, target, "erp", "seed")
    manifest.write_bytes(b'[user]\nname = "\xc0"\n')
    with pytest.raises(UsageError, match=r"^grants/erp/seed\.toml: grants manifest is not valid UTF-8: "
                                         r"byte 0xc0 at byte offset 15 \(line 2\)"):
        load_manifest(project, target, "erp", "seed")


def test_catalog_snapshot_not_utf8_names_it(tmp_path: Path) -> None:
    snap = put(tmp_path, "snap.json", b'{"databases": [\xff]}')
    with pytest.raises(UsageError, match=r"snap\.json: catalog snapshot is not valid UTF-8: byte 0xff"):
        load_snapshot(snap)


def test_split_encoding_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = put(tmp_path, "a.sql", "PROMPT Ação\nSELECT 1 FROM dual;\n".encode("latin-1"))
    code, out, _ = run(["split", str(script), "--encoding", "latin-1"], capsys)
    assert code == 0 and "PROMPT AÇÃO" in out
    code, out, _ = run(["split", str(script)], capsys)  # cp1252 fallback reads it the same
    assert code == 0 and "PROMPT AÇÃO" in out
    code, _, err = run(["split", str(script), "--encoding", "utf-8"], capsys)
    assert code == 2 and "a.sql: SQL file is not valid UTF-8: byte 0xe7 at byte offset 8 (line 1)" in err
    code, _, err = run(["split", str(script), "--encoding", "nope"], capsys)
    assert code == 2 and "unknown encoding 'nope'" in err


def test_lint_encoding_option_and_symlink_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    script = put(tmp_path, "a.sql", "SELECT 'Ação' FROM dual;\n".encode("latin-1"))
    code, _, err = run(["lint", "--no-cache", str(script), "--encoding", "utf-8"], capsys)
    assert code == 2 and "a.sql: SQL file is not valid UTF-8: byte 0xe7" in err
    code, _, err = run(["lint", "--no-cache", str(script), "--encoding", "latin-1"], capsys)
    assert code == 0, err
    loop = tmp_path / "loop.sql"
    loop.symlink_to(loop)
    code, _, err = run(["lint", "--no-cache", str(loop)], capsys)
    assert code == 2 and "loop.sql: cannot read SQL file: symlink loop" in err
