-- Corpus 04: data manipulation.
-- Written from the syntax diagrams of the Oracle Database SQL Language Reference:
--   INSERT (single_table_insert, multi_table_insert: ALL / FIRST with conditional
--   insert clauses, values_clause, subquery, returning_clause, error_logging_clause),
--   UPDATE (update_set_clause with a column list from a subquery), DELETE, MERGE
--   (merge_update_clause with DELETE WHERE, merge_insert_clause), and the PL/SQL
--   Language Reference "RETURNING INTO Clause".
-- Self-contained: runs in an empty schema.

CREATE TABLE c04_source (
  id      NUMBER PRIMARY KEY,
  kind    VARCHAR2(10),
  amount  NUMBER(12,2),
  note    VARCHAR2(100)
);

CREATE TABLE c04_small (id NUMBER, amount NUMBER(12,2));
CREATE TABLE c04_large (id NUMBER, amount NUMBER(12,2), note VARCHAR2(100));
CREATE TABLE c04_audit (id NUMBER, action VARCHAR2(10), at_time TIMESTAMP DEFAULT SYSTIMESTAMP);

CREATE TABLE c04_target (
  id       NUMBER PRIMARY KEY,
  amount   NUMBER(12,2),
  note     VARCHAR2(100),
  changed  DATE
);

CREATE SEQUENCE c04_id_seq START WITH 1000;

INSERT INTO c04_source (id, kind, amount, note) VALUES (1, 'A', 10, 'first');
INSERT INTO c04_source (id, kind, amount, note) VALUES (2, 'B', 2000, 'second');
INSERT INTO c04_source (id, kind, amount, note) VALUES (3, 'A', 300, NULL);
INSERT INTO c04_source VALUES (4, 'C', 45.5, q'[fourth's note]');
INSERT INTO c04_source (id, kind, amount) SELECT 5, 'B', 99 FROM dual;

-- Unconditional multi-table insert.
INSERT ALL
  INTO c04_small (id, amount) VALUES (id, amount)
  INTO c04_audit (id, action) VALUES (id, 'COPY')
SELECT id, amount FROM c04_source WHERE kind = 'A';

-- Conditional multi-table insert (ALL and FIRST).
INSERT ALL
  WHEN amount < 100 THEN
    INTO c04_small (id, amount) VALUES (id, amount)
  WHEN amount >= 100 THEN
    INTO c04_large (id, amount, note) VALUES (id, amount, note)
  ELSE
    INTO c04_audit (id, action) VALUES (id, 'SKIP')
SELECT id, amount, note FROM c04_source;

INSERT FIRST
  WHEN kind = 'A' THEN
    INTO c04_audit (id, action) VALUES (id, 'KIND_A')
  WHEN amount > 1000 THEN
    INTO c04_audit (id, action) VALUES (id, 'BIG')
  ELSE
    INTO c04_audit (id, action) VALUES (id, 'OTHER')
SELECT id, kind, amount FROM c04_source;

-- Insert from a query with a sequence.
INSERT INTO c04_target (id, amount, note, changed)
SELECT c04_id_seq.NEXTVAL, amount, note, SYSDATE FROM c04_source WHERE kind = 'B';

INSERT INTO c04_target (id, amount, note, changed)
SELECT id, amount, note, SYSDATE FROM c04_source WHERE id IN (1, 2);

-- Updates: simple, with a subquery, with a column list from a subquery, correlated.
UPDATE c04_target SET amount = amount * 1.05, changed = SYSDATE WHERE id = 1;

UPDATE c04_target t
SET t.note = (SELECT s.note FROM c04_source s WHERE s.id = t.id)
WHERE EXISTS (SELECT 1 FROM c04_source s WHERE s.id = t.id);

UPDATE c04_target t
SET (t.amount, t.note) = (SELECT s.amount, s.note FROM c04_source s WHERE s.id = t.id)
WHERE t.id = 2;

UPDATE (SELECT t.amount AS target_amount, s.amount AS source_amount
        FROM c04_target t JOIN c04_source s ON s.id = t.id)
SET target_amount = source_amount;

-- Deletes.
DELETE FROM c04_audit WHERE action = 'SKIP';
DELETE c04_small s WHERE s.amount < 0;
DELETE FROM c04_large l WHERE NOT EXISTS (SELECT 1 FROM c04_source s WHERE s.id = l.id);

-- MERGE with both branches and a DELETE WHERE.
MERGE INTO c04_target t
USING (SELECT id, amount, note FROM c04_source) s
ON (t.id = s.id)
WHEN MATCHED THEN
  UPDATE SET t.amount = s.amount, t.note = s.note, t.changed = SYSDATE
  WHERE t.amount <> s.amount OR t.note IS NULL
  DELETE WHERE t.amount > 5000
WHEN NOT MATCHED THEN
  INSERT (t.id, t.amount, t.note, t.changed)
  VALUES (s.id, s.amount, s.note, SYSDATE)
  WHERE s.amount IS NOT NULL;

-- MERGE with only the insert branch, from a table.
MERGE INTO c04_small d
USING c04_source s
ON (d.id = s.id)
WHEN NOT MATCHED THEN INSERT (id, amount) VALUES (s.id, s.amount);

-- RETURNING INTO in PL/SQL: single row, BULK COLLECT, aggregate.
DECLARE
  v_id      c04_target.id%TYPE;
  v_amount  c04_target.amount%TYPE;
  TYPE t_ids IS TABLE OF c04_target.id%TYPE;
  v_ids     t_ids;
  v_rowid   ROWID;
BEGIN
  INSERT INTO c04_target (id, amount, note, changed)
  VALUES (c04_id_seq.NEXTVAL, 42, 'returning', SYSDATE)
  RETURNING id, amount, rowid INTO v_id, v_amount, v_rowid;

  UPDATE c04_target SET amount = amount + 1 WHERE rowid = v_rowid
  RETURNING amount INTO v_amount;

  UPDATE c04_target SET changed = SYSDATE WHERE amount > 0
  RETURNING id BULK COLLECT INTO v_ids;

  DELETE FROM c04_target WHERE id = v_id
  RETURN amount INTO v_amount;

  DBMS_OUTPUT.PUT_LINE(v_ids.COUNT || ' rows, last amount ' || v_amount);
END;
/

-- DML error logging.
BEGIN
  DBMS_ERRLOG.CREATE_ERROR_LOG(dml_table_name => 'C04_TARGET', err_log_table_name => 'C04_TARGET_ERR');
END;
/

INSERT INTO c04_target (id, amount, note, changed)
SELECT id, amount, note, SYSDATE FROM c04_source
LOG ERRORS INTO c04_target_err ('corpus') REJECT LIMIT UNLIMITED;

-- Inserting a record and updating a row from a record.
DECLARE
  r c04_target%ROWTYPE;
BEGIN
  r.id := c04_id_seq.NEXTVAL;
  r.amount := 1d;
  r.note := 'record';
  r.changed := SYSDATE;
  INSERT INTO c04_target VALUES r;
  r.amount := .5;
  UPDATE c04_target SET ROW = r WHERE id = r.id;
END;
/

COMMIT;
