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

from conefi_dbtool.catalog.ddl import DdlError, parse_job

_DAILY = re.compile(
    r"FREQ=DAILY;\s*BYHOUR=(\d{1,2});\s*BYMINUTE=(\d{1,2})(?:;\s*BYSECOND=(\d{1,2}))?;?",
    re.I,
)


@dataclass(frozen=True)
class JobText:
    """What the docs show of the DBMS_SCHEDULER.CREATE_JOB call of a rendered job."""

    job_action: str = ""
    repeat_interval: str = ""
    timezone: str = ""  # an IANA region; "" when the start date names none
    enabled: str = ""  # TRUE / FALSE; "" when the text creates no job
    comments: str = ""


def job_text(text: str, owner: str, name: str) -> JobText:
    """The job `OWNER.NAME` a rendered job creates, read by the expected catalog's parser
    (`catalog.ddl.parse_job`), so the docs and drift never read a job differently.

    A job created disabled and then passed to DBMS_SCHEDULER.ENABLE counts as enabled; a
    text with no CREATE_JOB call gives an empty `JobText` (the docs fall back to the
    target's schedule). A fixed-offset start zone is no region: the docs need a region.
    """
    try:
        job = parse_job(text, owner, name)
    except DdlError:
        return JobText()
    return JobText(
        job_action=job.job_action,
        repeat_interval=job.repeat_interval,
        timezone="" if job.start_date[:1] in ("+", "-") else job.start_date,
        enabled="TRUE" if job.enabled else "FALSE",
        comments=job.comments,
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
