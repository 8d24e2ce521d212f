"""`conefi-dbtool decode` and the batch decoder behind it (`layouts.codec.decode_lines`)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from conefi_dbtool.cli import main
from conefi_dbtool.layouts.checks import bundled_dictionary, field_sizes
from conefi_dbtool.layouts.codec import (
    DecodedLine,
    decode_lines,
    decode_record,
    encode_record,
    example_record,
    example_values,
)
from conefi_dbtool.layouts.data import ACTIONS
from conefi_dbtool.layouts.wire import DecodeError

PRV = example_record("PRV", 1)  # a row still pending in layout 1: decoded by its field count
SIZES = field_sizes(bundled_dictionary())


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
            stdin: bytes = b"") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exc:
        main(args)
    out = capsys.readouterr()
    return int(exc.value.code or 0), out.out, out.err


def errors(lines: list[DecodedLine]) -> list[tuple[int, str | None]]:
    return [(line.number, line.error) for line in lines if line.record is None]


# --------------------------------------------------------------------------- library


def test_a_bad_line_is_reported_with_its_number_and_the_batch_goes_on() -> None:
    data = [f"{PRV}\n".encode(), b"ZZZ;1\n", b"\n", f"{PRV}\r\n".encode(), b"PRV;01\n"]
    lines = list(decode_lines(data))
    assert [line.number for line in lines] == [1, 2, 4, 5], "blank line 3 skipped"
    assert [line.record.action for line in lines if line.record] == ["PRV", "PRV"]
    assert [n for n, _ in errors(lines)] == [2, 5]
    assert "unknown action 'ZZZ'" in (errors(lines)[0][1] or "")


def test_windows_1252_and_latin_1_payloads_decode_with_their_encoding() -> None:
    record = encode_record("PGO", {**example_values("PGO"), "motivo_baixa": "FÉT"})
    raw = record.encode("cp1252")
    for encoding in ("cp1252", "latin-1"):
        (line,) = decode_lines([raw], encoding=encoding)
        assert line.record is not None and line.record.as_dict()["motivo_baixa"] == "FÉT"


def test_invalid_bytes_are_an_error_naming_the_byte_never_a_replacement() -> None:
    raw = f"{PRV[:6]}\xc9{PRV[7:]}".encode("cp1252")  # 0xC9 at byte 7 is not UTF-8
    (line,) = decode_lines([raw])
    assert line.record is None
    assert line.error == "byte 7 (0xc9) is not valid utf-8"
    (undefined,) = decode_lines([PRV.encode()[:6] + b"\x81" + PRV.encode()[7:]], encoding="cp1252")
    assert undefined.error == "byte 7 (0x81) is not valid cp1252"


def test_a_utf8_byte_order_mark_before_the_first_line_is_ignored() -> None:
    (line,) = decode_lines([b"\xef\xbb\xbf" + PRV.encode()])
    assert line.record is not None and line.record.action == "PRV"


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(DecodeError, match="unsupported encoding 'utf-16'"):
        list(decode_lines([b""], encoding="utf-16"))


@pytest.mark.parametrize("action", ACTIONS)
def test_every_example_fits_its_field_sizes(action: str) -> None:
    assert decode_record(example_record(action), SIZES).action == action


@pytest.mark.parametrize(("change", "message"), [
    ({"filial": "0101"}, "PRV field 1 (filial): 4 characters, the field holds 2"),
    ({"dias_atraso": 1234567}, "PRV field 9 (dias_atraso): 7 digits, the field holds 6"),
    ({"saldo": "123456789012345.00"}, "PRV field 8 (saldo): 17 digits, the field holds 16"),
])
def test_field_longer_than_its_layout_is_an_error(change: dict[str, object], message: str) -> None:
    assert SIZES[1]["PRV"]["filial"] == 2 and SIZES[1]["PRV"]["saldo"] == 16
    record = encode_record("PRV", {**example_values("PRV", 1), **change}, 1)  # type: ignore[dict-item]
    decode_record(record)  # without sizes the codec itself accepts it
    with pytest.raises(DecodeError, match=re.escape(message)):
        decode_record(record, SIZES)


def test_more_decimals_than_the_layout_is_an_error() -> None:
    record = PRV.replace(";1400.00;", ";1400.001;")
    with pytest.raises(DecodeError, match=re.escape("PRV field 8 (saldo): 3 decimals, the field has 2")):
        decode_record(record, SIZES)


def test_a_field_at_its_exact_size_is_accepted() -> None:
    record = encode_record("PRV", {**example_values("PRV", 1), "filial": "01", "dias_atraso": 999999}, 1)
    assert decode_record(record, SIZES).as_dict()["dias_atraso"] == 999999


# --------------------------------------------------------------------------- command


def test_decode_command_prints_named_fields(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run_cli(["decode", PRV], capsys, monkeypatch)
    assert code == 0
    assert re.search(r"^acao\s+PRV$", out, re.M)
    assert re.search(r"^venc_real\s+2024-04-05$", out, re.M)
    assert re.search(r"^saldo\s+1400.00$", out, re.M)


def test_decode_command_json(capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    record = encode_record("PGO", {**example_values("PGO"), "motivo_baixa": "N;R"})
    code, out, _ = run_cli(["decode", "--format", "json", record], capsys, monkeypatch)
    assert code == 0
    data = json.loads(out)
    assert data["acao"] == "PGO" and data["motivo_baixa"] == "N;R"
    assert data["valor_pago"] == "506.00" and data["recno_se5"] == 998877
    assert data["data_pagamento"] == "2024-03-10"


def test_stdin_batch_reports_each_bad_line_and_exits_1(capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = f"{PRV}\nZZZ;1\n{PRV}\nPRV;01\n".encode()
    code, out, err = run_cli(["decode", "--format", "json"], capsys, monkeypatch, stdin)
    assert code == 1
    assert [json.loads(line)["acao"] for line in out.splitlines()] == ["PRV", "PRV"]
    assert err.splitlines() == [
        "conefi-dbtool: error: <stdin>:2: unknown action 'ZZZ' (known: " + ", ".join(ACTIONS) + ")",
        "conefi-dbtool: error: <stdin>:4: PRV record has 1 field(s) after the action, the layout "
        "has another count (version 1: 9, version 2: 12)",
        "conefi-dbtool: error: 2 of 4 record(s) could not be decoded",
    ]


def test_text_records_are_separated_by_one_blank_line(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run_cli(["decode", PRV, PRV], capsys, monkeypatch)
    assert code == 0
    first, second = out.split("\n\n")
    assert first + "\n" == second and first.startswith("acao") and "\n\n\n" not in out


def test_input_file_with_latin1_payload(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    record = encode_record("PGO", {**example_values("PGO"), "motivo_baixa": "FÉT"})
    path = tmp_path / "pending.txt"
    path.write_bytes(record.encode("latin-1") + b"\n")
    code, out, err = run_cli(["decode", "--input", str(path), "--encoding", "latin-1"],
                             capsys, monkeypatch)
    assert (code, err) == (0, "")
    assert re.search(r"^motivo_baixa\s+FÉT$", out, re.M)
    code, out, err = run_cli(["decode", "--input", str(path)], capsys, monkeypatch)
    assert code == 1 and "\ufffd" not in out + err
    assert f"conefi-dbtool: error: {path}:1: byte " in err and "is not valid utf-8" in err


def test_argument_with_a_bad_record_names_its_position(capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = run_cli(["decode", PRV, "PRV;01"], capsys, monkeypatch)
    assert code == 1
    assert out.startswith("acao")
    assert err.splitlines()[0].startswith("conefi-dbtool: error: argument 2: PRV record has 1")


@pytest.mark.parametrize("stdin", [b"", b"\n\r\n\n"])
def test_empty_input_prints_nothing_and_exits_0(stdin: bytes, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli(["decode"], capsys, monkeypatch, stdin) == (0, "", "")
    assert run_cli(["decode", "-"], capsys, monkeypatch, stdin) == (0, "", "")


def test_records_and_input_together_or_a_missing_file_are_usage_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run_cli(["decode", "--input", str(tmp_path / "x"), PRV], capsys, monkeypatch)
    assert code == 2 and err.count("\n") == 1 and "not both" in err
    code, _, err = run_cli(["decode", "--input", str(tmp_path / "missing.txt")], capsys, monkeypatch)
    assert code == 2 and err.count("\n") == 1 and "missing.txt: cannot read" in err


def test_only_the_line_ending_is_taken_off_trailing_blanks_are_data() -> None:
    """CRLF from a Windows export is the line ending; a blank before it belongs to the record."""
    (clean,) = decode_lines([PRV.encode() + b"\r\n"])
    assert clean.error is None
    (padded,) = decode_lines([PRV.encode() + b" \r\n"])
    assert padded.error == "PRV field 9 (dias_atraso): '1 ' is not an integer"
