"""The docs' computed next run agrees with Oracle's own calendar evaluation.

`docs --catalog` computes a job's next run from the calendar and the snapshot time when
the snapshot lacks NEXT_RUN_DATE; DBMS_SCHEDULER.EVALUATE_CALENDAR_STRING is the
reference, evaluated in the same region time zone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conefi_dbtool.docs_gen.schedule import next_daily_run

pytestmark = pytest.mark.oracle

SP = "America/Sao_Paulo"

EVALUATE = """
DECLARE
  v_next TIMESTAMP WITH TIME ZONE;
BEGIN
  SYS.DBMS_SCHEDULER.EVALUATE_CALENDAR_STRING(
    calendar_string   => :calendar,
    start_date        => TO_TIMESTAMP_TZ(:start_date, 'YYYY-MM-DD HH24:MI:SS TZR'),
    return_date_after => TO_TIMESTAMP_TZ(:after, 'YYYY-MM-DD HH24:MI:SS TZR'),
    next_run_date     => v_next);
  :next_run := TO_CHAR(v_next, 'YYYY-MM-DD HH24:MI:SS TZR');
END;
"""


@pytest.mark.parametrize(
    ("calendar", "after"),
    [
        ("FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0", "2024-03-10 04:59:59"),
        ("FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0", "2024-03-10 05:00:00"),
        ("FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0", "2024-12-31 23:30:00"),
        ("FREQ=DAILY;BYHOUR=5;BYMINUTE=0;BYSECOND=0", "2018-11-03 06:00:00"),  # summer time
        ("FREQ=DAILY;BYHOUR=23;BYMINUTE=45;BYSECOND=0", "2024-02-29 23:46:00"),
    ],
)
def test_next_run_matches_evaluate_calendar_string(oracle_db: Any, calendar: str, after: str) -> None:
    conn = oracle_db.connect()
    try:
        cur = conn.cursor()
        out = cur.var(str)
        cur.execute(EVALUATE, calendar=calendar, start_date=f"2000-01-01 00:00:00 {SP}",
                    after=f"{after} {SP}", next_run=out)
        oracle = out.getvalue()
    finally:
        conn.close()
    ours = next_daily_run(calendar, SP, datetime.fromisoformat(after).replace(tzinfo=ZoneInfo(SP)))
    assert ours is not None
    # TZR may come back upper-cased, depending on the database's time-zone file
    assert f"{ours:%Y-%m-%d %H:%M:%S} {SP}".upper() == oracle.upper()
