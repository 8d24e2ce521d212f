"""Scheduler facts for the docs: what a rendered job says, and when it runs next.

A job's calendar and time zone are read from its rendered text (what will be deployed),
falling back to the target's `[schedule]`; the next run comes from a catalog snapshot
(Oracle's NEXT_RUN_DATE) or, when the snapshot lacks it, is computed from the calendar
and the snapshot's own time, so the page never depends on the clock of the machine
that generated it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_ARG = r"{name}\s*=>\s*'((?:[^']|'')*)'"
_REGION = re.compile(r"\b([A-Z][A-Za-z_]+(?:/[A-Za-z_+\-0-9]+)+)\b")
_DAILY = re.compile(
    r"FREQ=DAILY;\s*BYHOUR=(\d{1,2});\s*BYMINUTE=(\d{1,2})(?:;\s*BYSECOND=(\d{1,2}))?;?",
    re.I,
)


@dataclass(frozen=True)
class JobText:
    """The arguments of DBMS_SCHEDULER.CREATE_JOB found in a rendered job."""

    job_action: str = ""
    repeat_interval: str = ""
    timezone: str = ""
    enabled: str = ""
    comments: str = ""


def _string_arg(text: str, name: str) -> str:
    m = re.search(_ARG.format(name=name), text, re.I)
    return m.group(1).replace("''", "'") if m else ""


def parse_job_text(text: str) -> JobText:
    """Best-effort read of the named CREATE_JOB arguments (the generated form is regular).

    A job created disabled and then passed to DBMS_SCHEDULER.ENABLE counts as enabled.
    """
    code = re.sub(r"--[^\n]*", "", text)
    enabled = re.search(r"\benabled\s*=>\s*(TRUE|FALSE)\b", code, re.I)
    enabled_later = re.search(r"\bDBMS_SCHEDULER\s*\.\s*ENABLE\s*\(", code, re.I)
    start = re.search(r"\bstart_date\s*=>\s*([^\n]*)", text, re.I)
    tz = ""
    if start:
        region = _REGION.search(start.group(1))
        tz = region.group(1) if region else ""
    return JobText(
        job_action=_string_arg(text, "job_action"),
        repeat_interval=_string_arg(text, "repeat_interval"),
        timezone=tz,
        enabled="TRUE" if enabled_later else (enabled.group(1).upper() if enabled else ""),
        comments=_string_arg(text, "comments"),
    )


def parse_timestamp(value: str) -> datetime | None:
    """ISO 8601 with an optional trailing IANA region (the snapshot's spelling)."""
    value = value.strip()
    if not value:
        return None
    parts = value.split()
    try:
        moment = datetime.fromisoformat(parts[0])
    except ValueError:
        return None
    if len(parts) > 1 and moment.tzinfo is None:
        try:
            moment = moment.replace(tzinfo=ZoneInfo(parts[1]))
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return moment


def next_daily_run(calendar: str, timezone: str, after: datetime) -> datetime | None:
    """First run strictly after `after` of a FREQ=DAILY;BYHOUR;BYMINUTE calendar.

    Only the daily form the templates generate is understood; anything else returns
    None (the page then says to ask Oracle: DBMS_SCHEDULER.EVALUATE_CALENDAR_STRING).
    """
    m = _DAILY.fullmatch(calendar.strip())
    if not m or after.tzinfo is None:
        return None
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    local = after.astimezone(zone)
    day = local.date()
    for offset in range(3):
        d = day + timedelta(days=offset)
        candidate = datetime(d.year, d.month, d.day, hour, minute, second, tzinfo=zone)
        if candidate > local:
            return candidate
    return None  # pragma: no cover - three days always hold a later run


def format_moment(moment: datetime, timezone: str) -> str:
    """`2026-01-02 05:00:00 America/Sao_Paulo (-03:00)`: wall time, region and offset."""
    local = moment.astimezone(ZoneInfo(timezone))
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} {timezone} ({offset[:3]}:{offset[3:]})"
