-- Corpus 07: triggers.
-- Written from the syntax diagrams of the Oracle Database PL/SQL Language Reference:
--   CREATE TRIGGER Statement (simple_dml_trigger: BEFORE / AFTER, dml_event_clause with
--   UPDATE OF columns, referencing_clause, FOR EACH ROW, WHEN condition,
--   trigger_ordering_clause FOLLOWS / PRECEDES, ENABLE / DISABLE; instead_of_dml_trigger;
--   compound_dml_trigger with its timing-point sections; system_trigger on SCHEMA),
--   "Conditional Predicates for Detecting Triggering DML Statement" (INSERTING,
--   UPDATING ('column'), DELETING), "Correlation Names and Pseudorecords" (:NEW, :OLD),
--   ALTER TRIGGER (ENABLE, DISABLE, COMPILE), DROP TRIGGER.
-- Self-contained: runs in an empty schema.

CREATE TABLE c07_invoice (
  invoice_id   NUMBER PRIMARY KEY,
  customer     VARCHAR2(60) NOT NULL,
  amount       NUMBER(12,2) NOT NULL,
  status       VARCHAR2(10) DEFAULT 'NEW',
  created_by   VARCHAR2(128),
  created_at   DATE,
  updated_at   DATE,
  version_no   NUMBER DEFAULT 0
);

CREATE TABLE c07_invoice_hist (
  invoice_id   NUMBER,
  action       VARCHAR2(10),
  old_amount   NUMBER(12,2),
  new_amount   NUMBER(12,2),
  changed_at   TIMESTAMP DEFAULT SYSTIMESTAMP
);

CREATE TABLE c07_customer_total (
  customer     VARCHAR2(60) PRIMARY KEY,
  total        NUMBER(14,2)
);

CREATE TABLE c07_ddl_log (
  event_name   VARCHAR2(30),
  object_name  VARCHAR2(128),
  object_type  VARCHAR2(30),
  logged_at    DATE DEFAULT SYSDATE
);

CREATE SEQUENCE c07_invoice_seq;

-- Row-level BEFORE INSERT trigger filling the key and audit columns.
CREATE OR REPLACE TRIGGER c07_invoice_bi
BEFORE INSERT ON c07_invoice
FOR EACH ROW
BEGIN
  IF :NEW.invoice_id IS NULL THEN
    :NEW.invoice_id := c07_invoice_seq.NEXTVAL;
  END IF;
  :NEW.created_by := SYS_CONTEXT('USERENV', 'SESSION_USER');
  :NEW.created_at := SYSDATE;
END;
/

-- Row-level trigger with a REFERENCING clause, UPDATE OF columns and a WHEN condition.
CREATE OR REPLACE TRIGGER c07_invoice_bu
BEFORE UPDATE OF amount, status ON c07_invoice
REFERENCING OLD AS prev NEW AS curr
FOR EACH ROW
WHEN (curr.amount <> prev.amount OR curr.status <> prev.status)
BEGIN
  :curr.updated_at := SYSDATE;
  :curr.version_no := :prev.version_no + 1;
END c07_invoice_bu;
/

-- A second trigger on the same timing point, ordered after the first (FOLLOWS).
CREATE OR REPLACE TRIGGER c07_invoice_bu_check
BEFORE UPDATE OF amount ON c07_invoice
FOR EACH ROW
FOLLOWS c07_invoice_bu
WHEN (new.amount < 0)
BEGIN
  RAISE_APPLICATION_ERROR(-20010, 'negative amount for invoice ' || :OLD.invoice_id);
END;
/

-- AFTER row trigger for several events with conditional predicates.
CREATE OR REPLACE TRIGGER c07_invoice_aiud
AFTER INSERT OR UPDATE OR DELETE ON c07_invoice
FOR EACH ROW
DECLARE
  v_action c07_invoice_hist.action%TYPE;
BEGIN
  CASE
    WHEN INSERTING THEN v_action := 'INSERT';
    WHEN UPDATING ('AMOUNT') THEN v_action := 'AMOUNT';
    WHEN UPDATING THEN v_action := 'UPDATE';
    WHEN DELETING THEN v_action := 'DELETE';
  END CASE;
  INSERT INTO c07_invoice_hist (invoice_id, action, old_amount, new_amount)
  VALUES (NVL(:NEW.invoice_id, :OLD.invoice_id), v_action, :OLD.amount, :NEW.amount);
END;
/

-- Statement-level trigger.
CREATE OR REPLACE TRIGGER c07_invoice_as
AFTER INSERT OR UPDATE OR DELETE ON c07_invoice
BEGIN
  MERGE INTO c07_customer_total t
  USING (SELECT customer, SUM(amount) AS total FROM c07_invoice GROUP BY customer) s
  ON (t.customer = s.customer)
  WHEN MATCHED THEN UPDATE SET t.total = s.total
  WHEN NOT MATCHED THEN INSERT (customer, total) VALUES (s.customer, s.total);
END;
/

-- A trigger created disabled, then enabled.
CREATE OR REPLACE TRIGGER c07_invoice_bd
BEFORE DELETE ON c07_invoice
FOR EACH ROW
DISABLE
WHEN (old.status = 'PAID')
BEGIN
  RAISE_APPLICATION_ERROR(-20011, 'a paid invoice cannot be deleted');
END;
/

ALTER TRIGGER c07_invoice_bd ENABLE;
ALTER TRIGGER c07_invoice_bd DISABLE;
ALTER TRIGGER c07_invoice_bd COMPILE;

-- A compound trigger: bulk-collects changes per row, writes them once per statement.
CREATE OR REPLACE TRIGGER c07_invoice_compound
FOR UPDATE OF amount ON c07_invoice
COMPOUND TRIGGER
  TYPE t_changes IS TABLE OF c07_invoice_hist%ROWTYPE INDEX BY PLS_INTEGER;
  g_changes t_changes;
  g_threshold CONSTANT PLS_INTEGER := 100;
  n PLS_INTEGER;

  PROCEDURE flush IS
  BEGIN
    FORALL i IN INDICES OF g_changes
      INSERT INTO c07_invoice_hist VALUES g_changes(i);
    g_changes.DELETE;
  END flush;

  BEFORE STATEMENT IS
  BEGIN
    g_changes.DELETE;
  END BEFORE STATEMENT;

  BEFORE EACH ROW IS
  BEGIN
    NULL;
  END BEFORE EACH ROW;

  AFTER EACH ROW IS
  BEGIN
    n := g_changes.COUNT + 1;
    g_changes(n).invoice_id := :NEW.invoice_id;
    g_changes(n).action := 'COMPOUND';
    g_changes(n).old_amount := :OLD.amount;
    g_changes(n).new_amount := :NEW.amount;
    g_changes(n).changed_at := SYSTIMESTAMP;
    IF g_changes.COUNT >= g_threshold THEN
      flush;
    END IF;
  END AFTER EACH ROW;

  AFTER STATEMENT IS
  BEGIN
    flush;
  END AFTER STATEMENT;
END c07_invoice_compound;
/

-- A view with an INSTEAD OF trigger.
CREATE OR REPLACE VIEW c07_open_invoice_v AS
SELECT i.invoice_id, i.customer, i.amount, t.total AS customer_total
FROM c07_invoice i
JOIN c07_customer_total t ON t.customer = i.customer
WHERE i.status = 'NEW';

CREATE OR REPLACE TRIGGER c07_open_invoice_io
INSTEAD OF INSERT OR UPDATE OR DELETE ON c07_open_invoice_v
FOR EACH ROW
BEGIN
  IF INSERTING THEN
    INSERT INTO c07_invoice (invoice_id, customer, amount)
    VALUES (:NEW.invoice_id, :NEW.customer, :NEW.amount);
  ELSIF UPDATING THEN
    UPDATE c07_invoice SET amount = :NEW.amount WHERE invoice_id = :OLD.invoice_id;
  ELSE
    DELETE FROM c07_invoice WHERE invoice_id = :OLD.invoice_id;
  END IF;
END;
/

-- A schema-level DDL trigger using event attribute functions.
CREATE OR REPLACE TRIGGER c07_ddl_audit
AFTER CREATE OR ALTER OR DROP ON SCHEMA
BEGIN
  IF ora_dict_obj_name <> 'C07_DDL_LOG' THEN
    INSERT INTO c07_ddl_log (event_name, object_name, object_type)
    VALUES (ora_sysevent, ora_dict_obj_name, ora_dict_obj_type);
  END IF;
END;
/

-- A trigger whose body is a CALL to a procedure.
CREATE OR REPLACE PROCEDURE c07_touch (p_id IN NUMBER) IS
BEGIN
  NULL;
END;
/

CREATE OR REPLACE TRIGGER c07_invoice_call
AFTER INSERT ON c07_invoice
FOR EACH ROW
CALL c07_touch(:NEW.invoice_id)
/

-- Exercise the triggers.
INSERT INTO c07_invoice (customer, amount) VALUES ('ACME', 100);
INSERT INTO c07_invoice (customer, amount) VALUES ('ACME', 50.5);
INSERT INTO c07_invoice (invoice_id, customer, amount) VALUES (1000, 'Globex', 10);
UPDATE c07_invoice SET amount = amount + 1 WHERE customer = 'ACME';
UPDATE c07_open_invoice_v SET amount = 11 WHERE invoice_id = 1000;
DELETE FROM c07_invoice WHERE invoice_id = 1000;
COMMIT;

DROP TRIGGER c07_ddl_audit;
