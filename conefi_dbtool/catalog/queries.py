"""The dictionary queries of a catalog read, each a named resource.

Every round trip the reader makes is one `DictionaryQuery` here: its name is the
``/* conefi-dbtool:<name> */`` tag a DBA finds in V$SQL (and the offline tests answer
by), its text a `str.format` template the reader fills with the view prefix (``dba`` or
``all``), bind lists and scope predicates. `PER_DATABASE` is the fixed sequence a read
runs, whatever the database holds, so `QUERY_COUNT` is derived from it, never kept by
hand. Values are always bound; only view prefixes, bind names and our own constants are
formatted into the text.
"""

# ruff: noqa: E501 -- the SQL texts keep the line breaks a DBA reads in V$SQL

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

JOB_RUN_HOURS = 24  # failed runs younger than this are read
JOB_RUN_LIMIT = 200
TIMESTAMP_FORMAT = "'YYYY-MM-DD\"T\"HH24:MI:SS TZR'"


@dataclass(frozen=True)
class DictionaryQuery:
    """One named round trip: a query (``kind`` rows) or a PL/SQL block with one OUT bind."""

    name: str
    text: str
    variants: Mapping[str, str] = field(default_factory=dict)  # other texts, by variant name
    kind: str = "rows"  # "rows" | "block"

    def sql(self, variant: str = "", **fields: object) -> str:
        """The statement text (without the tag) for `variant` ("" = the main text)."""
        return self._template(variant).format(ts=TIMESTAMP_FORMAT, limit=JOB_RUN_LIMIT, **fields)

    def fields(self, variant: str = "") -> frozenset[str]:
        """The placeholders of `variant`'s text (so only the binds it uses are created)."""
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self._template(variant)) if name)

    def _template(self, variant: str) -> str:
        return self.variants[variant] if variant else self.text


PROBE = DictionaryQuery("probe", """SELECT
  (SELECT COUNT(*) FROM session_privs WHERE privilege = 'SELECT ANY DICTIONARY')
  + (SELECT COUNT(*) FROM session_roles WHERE role IN ('DBA', 'SELECT_CATALOG_ROLE')),
  USER
FROM dual""")

OBJECTS = DictionaryQuery("objects", """SELECT o.owner, o.object_name, o.object_type, o.status
  FROM {v}_objects o
 WHERE {where}
   AND o.object_type IN {types}""")

SOURCE = DictionaryQuery("source", """SELECT s.owner, s.name, s.type, s.line, s.text
  FROM {v}_source s
 WHERE {where}
   AND s.type IN {types}
 ORDER BY s.owner, s.type, s.name, s.line""")

VIEWS = DictionaryQuery("views", """SELECT w.owner, w.view_name, w.text
  FROM {v}_views w
 WHERE {where}""")

TRIGGERS = DictionaryQuery("triggers", """SELECT t.owner,
       t.trigger_name, t.table_owner, t.table_name, t.triggering_event, t.trigger_type, t.when_clause,
       t.status
  FROM {v}_triggers t
 WHERE {where}""")

COLUMNS = DictionaryQuery("columns", """SELECT c.owner, c.table_name, c.column_name, c.data_type, c.data_length,
       c.char_length, c.char_used, c.data_precision, c.data_scale, c.nullable, c.data_default,
       c.identity_column
  FROM {v}_tab_columns c
  JOIN {v}_tables t ON t.owner = c.owner AND t.table_name = c.table_name
 WHERE c.owner IN {owners}
   AND t.dropped = 'NO'
 ORDER BY c.owner, c.table_name, c.column_id""")

INDEXES = DictionaryQuery("indexes", """SELECT i.owner, i.index_name, i.table_owner, i.table_name, i.uniqueness,
       i.generated, ic.column_name, ic.descend, e.column_expression
  FROM {v}_indexes i
  JOIN {v}_ind_columns ic ON ic.index_owner = i.owner AND ic.index_name = i.index_name
  LEFT JOIN {v}_ind_expressions e ON e.index_owner = ic.index_owner AND e.index_name = ic.index_name
       AND e.column_position = ic.column_position
 WHERE i.table_owner IN {owners}
   AND i.index_type NOT IN ('LOB', 'IOT - TOP')
   AND NOT EXISTS (SELECT 1 FROM {v}_constraints k
                    WHERE k.owner = i.table_owner AND k.table_name = i.table_name
                      AND k.index_name = i.index_name AND k.constraint_type IN ('P', 'U'))
 ORDER BY i.owner, i.index_name, ic.column_position""")

CONSTRAINTS = DictionaryQuery("constraints", """SELECT k.owner, k.table_name, k.constraint_name, k.constraint_type,
       k.search_condition, k.generated, r.owner, r.table_name, cc.column_name
  FROM {v}_constraints k
  LEFT JOIN {v}_constraints r ON r.owner = k.r_owner AND r.constraint_name = k.r_constraint_name
  LEFT JOIN {v}_cons_columns cc ON cc.owner = k.owner AND cc.constraint_name = k.constraint_name
       AND cc.table_name = k.table_name
 WHERE k.owner IN {owners}
   AND k.constraint_type IN ('P', 'U', 'R', 'C')
 ORDER BY k.owner, k.table_name, k.constraint_name, cc.position""")

SEQUENCES = DictionaryQuery("sequences", """SELECT sequence_owner, sequence_name,
       increment_by, cache_size, cycle_flag
  FROM {v}_sequences
 WHERE sequence_owner IN {owners}""")

SYNONYMS = DictionaryQuery("synonyms", """SELECT owner, synonym_name,
       table_owner, table_name, db_link
  FROM {v}_synonyms
 WHERE owner IN {owners}""")

DB_LINKS = DictionaryQuery("db_links", """SELECT owner, db_link, username, host
  FROM {v}_db_links
 WHERE owner IN {owners}""")

JOBS = DictionaryQuery("jobs", """SELECT owner, job_name, job_type, job_action, repeat_interval,
       TO_CHAR(start_date, {ts}), enabled, state, failure_count,
       TO_CHAR(last_start_date, {ts}), TO_CHAR(next_run_date, {ts}), comments
  FROM {v}_scheduler_jobs
 WHERE owner IN {owners}""")

JOB_RUNS = DictionaryQuery("job_runs", """SELECT owner, job_name,
       TO_CHAR(log_date, {ts}), status, error#, additional_info
  FROM {v}_scheduler_job_run_details
 WHERE owner IN {owners}
   AND log_date > SYSTIMESTAMP - NUMTODSINTERVAL(:hours, 'HOUR')
   AND status <> 'SUCCEEDED'
 ORDER BY log_date DESC
 FETCH FIRST {limit} ROWS ONLY""")

# The privilege queries have a DBA text (every user named) and a text for a session that
# only sees its own (variant "own": USER_* views).
USERS = DictionaryQuery("users", """SELECT username, default_tablespace, temporary_tablespace, profile, account_status
  FROM dba_users WHERE username IN {users}""", {"own": """SELECT username, default_tablespace, \
temporary_tablespace, NULL, account_status
  FROM user_users"""})

QUOTAS = DictionaryQuery("quotas", """SELECT username, tablespace_name, max_bytes FROM dba_ts_quotas
 WHERE username IN {users} AND dropped = 'NO'""",
                         {"own": "SELECT USER, tablespace_name, max_bytes FROM user_ts_quotas WHERE dropped = 'NO'"})

OBJECT_PRIVILEGES = DictionaryQuery("object_privileges", """SELECT grantee, owner, table_name, privilege, grantable \
FROM dba_tab_privs
 WHERE grantee IN {users} OR owner IN {owners}""", {"own": """SELECT grantee, table_schema, table_name, privilege, \
grantable FROM all_tab_privs
 WHERE grantee IN {users} OR table_schema IN {owners}"""})

SYSTEM_PRIVILEGES = DictionaryQuery("system_privileges", """SELECT grantee, privilege, admin_option FROM dba_sys_privs
 WHERE grantee IN {users}""", {"own": "SELECT username, privilege, admin_option FROM user_sys_privs"})

ROLE_GRANTS = DictionaryQuery("role_grants", """SELECT grantee, granted_role, admin_option FROM dba_role_privs
 WHERE grantee IN {users}""", {"own": "SELECT username, granted_role, admin_option FROM user_role_privs"})

# Variant "none": no version table in scope; the block still runs, so the count is constant.
REVISION = DictionaryQuery("revision", """DECLARE
  v_rev VARCHAR2(4000);
  e_no_table EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_no_table, -942);
BEGIN
  EXECUTE IMMEDIATE 'SELECT MAX(version_num) FROM '
    || SYS.DBMS_ASSERT.QUALIFIED_SQL_NAME(:tab) || ' WHERE database_name = :db'
    INTO v_rev USING :db;
  :rev := v_rev;
EXCEPTION
  WHEN e_no_table THEN
    :rev := NULL;
END;""", {"none": "BEGIN :rev := NULL; END;"}, kind="block")

# `status` only: the queue backlog. Variant "none": no queue table in the model.
QUEUE = DictionaryQuery("queue", """DECLARE
  v_n VARCHAR2(4000);
  e_no_table EXCEPTION;
  e_no_column EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_no_table, -942);
  PRAGMA EXCEPTION_INIT(e_no_column, -904);
BEGIN
  EXECUTE IMMEDIATE {statement} INTO v_n;
  :n := v_n;
EXCEPTION
  WHEN e_no_table OR e_no_column THEN
    :n := NULL;
END;""", {"none": "BEGIN :n := NULL; END;"}, kind="block")

# -- facts `preflight` checks (catalog/preflight.py). A view the deploy user may not read
# (V$ views need a direct grant) is read inside a block: '?' says "not readable", never a pass.

# The declarations of a block that reads views the user may not be able to read: ORA-00942
# (no such view, for this user) and ORA-01031 (no privilege), and `fact`, one value read by
# dynamic SQL, '?' when unreadable. Shared by these queries and the preflight script.
UNREADABLE_VIEW_ERRORS = """  e_no_view EXCEPTION;
  e_no_priv EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_no_view, -942);
  PRAGMA EXCEPTION_INIT(e_no_priv, -1031);
"""
FACT_FUNCTION = """  FUNCTION fact(p_sql VARCHAR2) RETURN VARCHAR2 IS
    r VARCHAR2(4000);
  BEGIN
    EXECUTE IMMEDIATE p_sql INTO r;
    RETURN NVL(r, '?');
  EXCEPTION
    WHEN e_no_view OR e_no_priv THEN
      RETURN '?';
  END;
"""

ENVIRONMENT = DictionaryQuery("environment", "DECLARE\n" + UNREADABLE_VIEW_ERRORS + FACT_FUNCTION + """BEGIN
  :env := fact('SELECT MAX(version) FROM product_component_version WHERE product LIKE ''Oracle%'' ')
    || ';' || fact('SELECT MAX(version) FROM v$timezone_file')
    || ';' || fact('SELECT MAX(value) FROM v$parameter WHERE name = ''job_queue_processes'' ');
END;""", kind="block")

TABLESPACES = DictionaryQuery("tablespaces", """SELECT tablespace_name, status, contents FROM dba_tablespaces""",
                              {"own": "SELECT tablespace_name, status, contents FROM user_tablespaces"})

SESSION_PRIVILEGES = DictionaryQuery("session_privileges", """SELECT 'SYSTEM', privilege FROM session_privs
UNION ALL SELECT 'ROLE', role FROM session_roles
UNION ALL SELECT 'OBJECT', table_schema || '.' || table_name || ':' || privilege FROM all_tab_privs
 WHERE grantee = USER OR grantee = 'PUBLIC' OR grantee IN (SELECT role FROM session_roles)""")

# Tables outside the managed schemas the code reads (Protheus tables, the SGU event table).
REFERENCED_COLUMNS = DictionaryQuery("referenced_columns", """SELECT c.owner, c.table_name, c.column_name,
       c.data_type, c.data_length, c.char_length, c.char_used, c.data_precision, c.data_scale, c.nullable
  FROM {v}_tab_columns c
 WHERE (c.owner, c.table_name) IN {tables}
 ORDER BY c.owner, c.table_name, c.column_id""")

REFERENCED_INDEXES = DictionaryQuery("referenced_indexes", """SELECT ic.table_owner, ic.table_name, ic.index_name,
       ic.column_name
  FROM {v}_ind_columns ic
 WHERE (ic.table_owner, ic.table_name) IN {tables}
 ORDER BY ic.table_owner, ic.table_name, ic.index_name, ic.column_position""")

# Sessions other than ours executing a unit a release replaces (#16 item 3): V$ACCESS and
# V$SESSION need direct grants; '?' when they are not readable, '-' when nobody is.
BUSY_SESSIONS = DictionaryQuery("busy_sessions", "DECLARE\n" + UNREADABLE_VIEW_ERRORS + """  v VARCHAR2(4000);
BEGIN
  EXECUTE IMMEDIATE 'SELECT SUBSTR(LISTAGG(s.sid || '','' || s.username || '','' || a.owner || ''.'' || a.object, '';'')
      WITHIN GROUP (ORDER BY s.sid), 1, 4000)
    FROM v$access a JOIN v$session s ON s.sid = a.sid
   WHERE INSTR('','' || :units || '','', '','' || a.owner || ''.'' || a.object || '','') > 0
     AND s.sid <> SYS_CONTEXT(''USERENV'', ''SID'')' INTO v USING :units;
  :busy := NVL(v, '-');
EXCEPTION
  WHEN e_no_view OR e_no_priv THEN
    :busy := '?';
END;""", kind="block")

# What `read_database` runs, in order, whatever the database holds.
PER_DATABASE: tuple[DictionaryQuery, ...] = (
    PROBE, OBJECTS, SOURCE, VIEWS, TRIGGERS, COLUMNS, INDEXES, CONSTRAINTS, SEQUENCES, SYNONYMS,
    DB_LINKS, JOBS, JOB_RUNS, USERS, QUOTAS, OBJECT_PRIVILEGES, SYSTEM_PRIVILEGES, ROLE_GRANTS, REVISION,
    ENVIRONMENT, TABLESPACES, SESSION_PRIVILEGES, REFERENCED_COLUMNS, REFERENCED_INDEXES, BUSY_SESSIONS,
)
WITH_QUEUE: tuple[DictionaryQuery, ...] = (*PER_DATABASE, QUEUE)
QUERY_COUNT = len(PER_DATABASE)
QUERY_COUNT_WITH_QUEUE = len(WITH_QUEUE)
