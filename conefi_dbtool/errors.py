"""Errors the CLI turns into one-line messages and exit codes.

Exit codes (documented in README): 0 ok, 1 failure found (findings, drift in some
commands, failed deploy), 2 usage or configuration error.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class ConefiError(Exception):
    """Base of every error that is reported as one line without a traceback."""

    exit_code = EXIT_FAILURE


class UsageError(ConefiError):
    """Bad invocation, configuration or input data: exit code 2."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """Invalid `conefi.toml`: names the file, the key (and line when known) and the target."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        key: str | None = None,
        line: int | None = None,
        target: str | None = None,
    ) -> None:
        self.file = file
        self.key = key
        self.line = line
        self.target = target
        self.detail = message
        where = file if line is None else f"{file}:{line}"
        parts = [where]
        if key:
            parts.append(key)
        text = ": ".join(parts) + f": {message}"
        if target:
            text += f" (target {target!r})"
        super().__init__(text)


class RenderError(UsageError):
    """A template could not be rendered; names the template file and line."""

    def __init__(self, message: str, *, template: str | None = None, line: int | None = None):
        self.template = template
        self.line = line
        self.detail = message
        where = ""
        if template:
            where = template if line is None else f"{template}:{line}"
            where += ": "
        super().__init__(where + message)
