"""Throughput of `conefi_dbtool.splitter.split` against `sqlparse.split` on one big script.

Run as ``python benchmarks/bench_splitter.py [--mb 10] [--runs 3] [--sqlparse-runs 1]``.
Not a test: it prints MB/s for both and the ratio, so a regression is visible at a glance;
``split_script`` (the same split plus the SQL*Plus blank-line warnings) is timed too, and
``bench_lexer.py`` times the token-level lexer on the same script.
The script is deterministic (seeded) and mixes package specs and bodies, triggers,
anonymous blocks, DML/DDL with tricky literals, and SQL*Plus commands.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conefi_dbtool.splitter import split, split_script

try:
    import sqlparse
except ImportError:  # pragma: no cover - depends on the extra being installed
    sys.exit("bench_splitter: the baseline needs sqlparse: pip install -e '.[bench]'")

PACKAGE_SPEC = """\
CREATE OR REPLACE PACKAGE app.pkg_{n} AS
  -- constants and signatures; every ';' here is inside the unit
  c_name CONSTANT VARCHAR2(30) := 'PKG_{n}';
  c_sep  CONSTANT VARCHAR2(5)  := q'[;/]';
  PROCEDURE load(p_id IN NUMBER, p_mode IN VARCHAR2 DEFAULT 'FULL');
  FUNCTION ratio(a NUMBER, b NUMBER) RETURN NUMBER;
END pkg_{n};
/
"""

PACKAGE_BODY = """\
CREATE OR REPLACE PACKAGE BODY app.pkg_{n} AS
  /* body of pkg_{n}:
     the next line is a '/' inside a comment, not a terminator
/
  */
  PROCEDURE load(p_id IN NUMBER, p_mode IN VARCHAR2 DEFAULT 'FULL') IS
    v_sql VARCHAR2(4000);
    v_cnt NUMBER := 0;
  BEGIN
    v_sql := 'SELECT COUNT(*) FROM t_{n} WHERE id = :1 AND note <> ''x;y''';
    EXECUTE IMMEDIATE v_sql INTO v_cnt USING p_id;
    IF v_cnt / 2 > 10 THEN
      dbms_output.put_line(q'{{count; is "big"}}' || v_cnt);
    ELSE
      dbms_output.put_line(N'small: ' || TO_CHAR(v_cnt / 3, '990.00'));
    END IF;
    FOR r IN (SELECT a, b FROM t_{n} WHERE a / NULLIF(b, 0) > 1) LOOP
      UPDATE t_{n} SET c = r.a / r.b WHERE a = r.a; -- inner ';'
    END LOOP;
  EXCEPTION
    WHEN OTHERS THEN
      raise_application_error(-20001, 'load failed; id=' || p_id);
  END load;

  FUNCTION ratio(a NUMBER, b NUMBER) RETURN NUMBER IS
  BEGIN
    RETURN a
      / b;
  END ratio;
END pkg_{n};
/
"""

TRIGGER = """\
CREATE OR REPLACE TRIGGER app.trg_{n}
BEFORE INSERT OR UPDATE ON app.t_{n} FOR EACH ROW
BEGIN
  :new.updated_at := SYSDATE;
  :new.ratio := :new.a / NULLIF(:new.b, 0);
  :new.note := REPLACE(:old.note, ';', '/');
END;
/
"""

BLOCK = """\
DECLARE
  v NUMBER := {n};
BEGIN
  app.pkg_{n}.load(v);
  COMMIT;
END;
/
"""

STATEMENTS = """\
CREATE TABLE app.t_{n} (
  id NUMBER PRIMARY KEY,
  a NUMBER, b NUMBER, c NUMBER,
  note VARCHAR2(200) DEFAULT 'n/a; none'
);
COMMENT ON TABLE app.t_{n} IS q'<Table {n}; it's "quoted">';
INSERT INTO app.t_{n} (id, a, b, note) VALUES ({n}, 10, 2, 'a;b''c'); COMMIT;
CREATE OR REPLACE VIEW app.v_{n} AS
  SELECT id, a / b AS q, note FROM app.t_{n} -- comment ; here
  WHERE note NOT LIKE '%/%';
GRANT SELECT ON app.v_{n} TO reporting;
UPDATE app.t_{n} SET c = a/2
/
"""

SQLPLUS = """\
PROMPT Installing object {n} ...
SET DEFINE OFF
WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK
EXEC app.pkg_{n}.load( -
  p_id => {n});
SHOW ERRORS
@@grants/object_{n}.sql
"""

TEMPLATES = (PACKAGE_SPEC, PACKAGE_BODY, TRIGGER, BLOCK, STATEMENTS, SQLPLUS)


def build_script(target_bytes: int, seed: int = 20240601) -> str:
    """A deterministic script of at least ``target_bytes`` characters (all ASCII)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    n = 0
    while size < target_bytes:
        n += 1
        template = TEMPLATES[rng.randrange(len(TEMPLATES))]
        chunk = template.format(n=n) + "\n" * rng.randrange(1, 3)
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts)


def best_of(runs: int, function: Callable[[str], object], script: str) -> tuple[float, object]:
    """Best wall time over ``runs`` (the least disturbed run) and the last result."""
    best = float("inf")
    result: object = None
    for _ in range(runs):
        began = time.perf_counter()
        result = function(script)
        best = min(best, time.perf_counter() - began)
    return best, result


def main() -> None:
    """Build the script, time both splitters, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0, help="script size in MB (10^6 bytes)")
    parser.add_argument("--runs", type=int, default=3, help="runs of our split (best kept)")
    parser.add_argument("--sqlparse-runs", type=int, default=3, help="runs of sqlparse.split")
    args = parser.parse_args()

    script = build_script(int(args.mb * 1_000_000))
    megabytes = len(script.encode()) / 1_000_000
    print(f"script: {megabytes:.2f} MB, {script.count(chr(10)):,} lines")

    ours, units = best_of(args.runs, split, script)
    assert isinstance(units, tuple)
    ours_rate = megabytes / ours
    print(f"conefi split:   {ours:8.3f} s  {ours_rate:8.2f} MB/s  {len(units):,} units")
    checked, result = best_of(args.runs, split_script, script)
    warnings = getattr(result, "warnings", ())
    print(f"split_script:   {checked:8.3f} s  {megabytes / checked:8.2f} MB/s  {len(warnings):,} warnings")

    theirs, statements = best_of(args.sqlparse_runs, sqlparse.split, script)
    assert isinstance(statements, list)
    theirs_rate = megabytes / theirs
    print(f"sqlparse.split: {theirs:8.3f} s  {theirs_rate:8.2f} MB/s  {len(statements):,} statements")
    print(f"ratio: conefi split is {theirs / ours:.1f}x faster than sqlparse.split")


if __name__ == "__main__":
    main()
