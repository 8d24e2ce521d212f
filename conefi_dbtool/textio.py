"""Reading the user's text files: strict for data the tool parses, tolerant for SQL scripts.

Config files, grants manifests and catalog snapshots are ours to define: they are UTF-8
(a UTF-8 byte order mark is accepted and dropped, as Windows editors add one). Anything
else — UTF-16, a NUL byte, an invalid UTF-8 sequence — is one line naming the file and
the byte offset, never a silently wrong value.

SQL scripts are the DBA's: they come from Windows editors as often as not, so a script
that is not UTF-8 is read as Windows-1252 (what those editors save) unless `--encoding`
says otherwise. UTF-16 is still refused: SQL*Plus cannot run it either.
"""

from __future__ import annotations

import codecs
import errno
import os
from pathlib import Path

from conefi_dbtool.errors import UsageError

SQL_FALLBACK_ENCODING = "cp1252"  # what Windows editors save "ANSI" scripts as

_UTF16_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
               (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def os_error_text(exc: OSError) -> str:
    """The reason of a failed open/read in words (a symlink loop is not a missing file)."""
    if exc.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return exc.strerror or str(exc)


def read_bytes(path: Path, what: str, *, missing: str | None = None, shown: str | None = None) -> bytes:
    """The bytes of `path`; any failure is one line naming it as `shown` (default: the path).

    `missing`: the hint after "<what> not found" when the file does not exist (e.g.
    " (use --config)"); None reports it like any other unreadable file.
    """
    name = shown or str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        if os.path.islink(path):
            raise UsageError(f"{name}: cannot read {what}: broken symlink (its target does not "
                             "exist)") from None
        if missing is None:
            raise UsageError(f"{name}: cannot read {what}: {os_error_text(exc)}") from None
        raise UsageError(f"{name}: {what} not found{missing}") from None
    except IsADirectoryError:
        raise UsageError(f"{name}: {what} is a directory, not a file") from None
    except OSError as exc:
        raise UsageError(f"{name}: cannot read {what}: {os_error_text(exc)}") from None


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte offset {offset} (line {line})"


def _refuse_wide(path: Path | str, what: str, data: bytes) -> None:
    """UTF-16/32 (with or without a byte order mark) is refused, naming where it shows."""
    for bom, name in _UTF16_BOMS:
        if data.startswith(bom):
            raise UsageError(f"{path}: {what} is {name} (byte order mark at byte offset 0): "
                             "save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UsageError(f"{path}: {what} has a NUL byte at {_position(data, nul)} (UTF-16 or "
                         "a binary file?): save it as UTF-8")


def decode_strict(data: bytes, path: Path | str, what: str, encoding: str = "utf-8") -> str:
    """`data` decoded as `encoding` (UTF-8 BOM dropped); an undecodable byte names its offset.

    `path` is only named in the message (bytes read elsewhere, e.g. from an archive).
    """
    _refuse_wide(path, what, data)
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[start:].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        label = "UTF-8" if codecs.lookup(encoding).name == "utf-8" else encoding
        raise UsageError(f"{path}: {what} is not valid {label}: byte 0x{data[offset]:02x} at "
                         f"{_position(data, offset)}: save it as UTF-8") from None


def read_text_strict(path: Path, what: str, *, missing: str | None = None,
                     shown: str | None = None) -> str:
    """A UTF-8 text file the tool parses (config, manifest, snapshot): exit 2 otherwise."""
    data = read_bytes(path, what, missing=missing, shown=shown)
    return decode_strict(data, shown or path, what)


def check_encoding(encoding: str) -> str:
    """`encoding` if Python knows it (the `--encoding` option), else a one-line usage error."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r} (e.g. utf-8, cp1252, latin-1)") from None
    return encoding


def read_sql_text(path: Path, encoding: str | None = None) -> str:
    """A SQL script's text, with CRLF as LF and a UTF-8 BOM dropped (line numbers unchanged).

    Without `encoding`: UTF-8, or Windows-1252 when the file is not valid UTF-8 (its few
    undefined bytes become U+FFFD). With `encoding`: exactly that, an invalid byte being
    an error. UTF-16 is refused either way.
    """
    data = read_bytes(path, "SQL file")
    if encoding is not None:
        text = decode_strict(data, path, "SQL file", check_encoding(encoding))
    else:
        _refuse_wide(path, "SQL file", data)
        body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            text = body.decode(SQL_FALLBACK_ENCODING, errors="replace")
    return text.replace("\r\n", "\n")
