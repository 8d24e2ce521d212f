-- Corpus 06: PL/SQL declarations and statements in standalone subprograms and blocks.
-- Written from the syntax diagrams of the Oracle Database PL/SQL Language Reference:
--   CREATE PROCEDURE Statement, CREATE FUNCTION Statement, "Block" (label, declare_section,
--   body, exception_handler), "FORALL Statement" (bounds_clause: INDICES OF, VALUES OF,
--   SAVE EXCEPTIONS), "SELECT INTO Statement" and "FETCH Statement" (BULK COLLECT, LIMIT),
--   "EXECUTE IMMEDIATE Statement" (INTO, BULK COLLECT INTO, USING IN/OUT, RETURNING INTO),
--   "OPEN FOR Statement", "Collection Methods" (DELETE, EXTEND, TRIM, EXISTS, FIRST, LAST,
--   NEXT, PRIOR, COUNT, LIMIT), "Basic LOOP", "WHILE LOOP", "FOR LOOP" (REVERSE),
--   "EXIT Statement", "CONTINUE Statement", "GOTO Statement", "NULL Statement",
--   "CASE Statement" (simple and searched), "Assignment Statement", "RAISE Statement",
--   "AUTONOMOUS_TRANSACTION Pragma", "INLINE Pragma", "UDF Pragma", "DEPRECATE Pragma",
--   nested subprograms (forward declarations), "Exception Handler" (OTHERS, SQLCODE,
--   SQLERRM, DBMS_UTILITY.FORMAT_ERROR_BACKTRACE).
-- Self-contained: runs in an empty schema.

CREATE TABLE c06_item (
  item_id   NUMBER PRIMARY KEY,
  label     VARCHAR2(40),
  price     NUMBER(10,2),
  touched   DATE
);

CREATE TABLE c06_log (
  logged_at  TIMESTAMP DEFAULT SYSTIMESTAMP,
  message    VARCHAR2(4000)
);

BEGIN
  FOR i IN 1 .. 20 LOOP
    INSERT INTO c06_item (item_id, label, price) VALUES (i, 'item ' || i, i * 1.5);
  END LOOP;
  COMMIT;
END;
/

-- An autonomous logger.
CREATE OR REPLACE PROCEDURE c06_log_message (p_message IN VARCHAR2) IS
  PRAGMA AUTONOMOUS_TRANSACTION;
BEGIN
  INSERT INTO c06_log (message) VALUES (SUBSTR(p_message, 1, 4000));
  COMMIT;
END c06_log_message;
/

-- Bulk binds: BULK COLLECT with LIMIT, FORALL with INDICES OF / VALUES OF / SAVE EXCEPTIONS.
CREATE OR REPLACE PROCEDURE c06_reprice (p_factor IN NUMBER DEFAULT 1.1) AUTHID CURRENT_USER IS
  TYPE t_ids IS TABLE OF c06_item.item_id%TYPE;
  TYPE t_prices IS TABLE OF c06_item.price%TYPE INDEX BY PLS_INTEGER;
  TYPE t_pointers IS TABLE OF PLS_INTEGER INDEX BY PLS_INTEGER;
  CURSOR c_items IS SELECT item_id, price FROM c06_item ORDER BY item_id;
  v_ids      t_ids;
  v_prices   t_prices;
  v_pick     t_pointers;
  e_bulk     EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_bulk, -24381);
BEGIN
  OPEN c_items;
  LOOP
    FETCH c_items BULK COLLECT INTO v_ids, v_prices LIMIT 7;
    EXIT WHEN v_ids.COUNT = 0;
    -- make the collection sparse, then bind only the elements that remain
    IF v_ids.COUNT > 2 THEN
      v_ids.DELETE(2);
    END IF;
    FORALL i IN INDICES OF v_ids
      UPDATE c06_item SET price = v_prices(i) * p_factor, touched = SYSDATE
      WHERE item_id = v_ids(i);
    v_pick.DELETE;
    v_pick(1) := v_ids.FIRST;
    v_pick(2) := v_ids.LAST;
    FORALL j IN VALUES OF v_pick
      UPDATE c06_item SET label = UPPER(label) WHERE item_id = v_ids(j);
    FORALL k IN INDICES OF v_ids BETWEEN v_ids.FIRST AND v_ids.LAST SAVE EXCEPTIONS
      UPDATE c06_item SET touched = touched WHERE item_id = v_ids(k);
  END LOOP;
  CLOSE c_items;
EXCEPTION
  WHEN e_bulk THEN
    FOR n IN 1 .. SQL%BULK_EXCEPTIONS.COUNT LOOP
      c06_log_message('error ' || SQL%BULK_EXCEPTIONS(n).ERROR_CODE || ' at '
                      || SQL%BULK_EXCEPTIONS(n).ERROR_INDEX);
    END LOOP;
    RAISE;
END c06_reprice;
/

-- Collection methods on all three kinds of collection, and tab.delete;
CREATE OR REPLACE FUNCTION c06_collections RETURN NUMBER IS
  TYPE t_nested IS TABLE OF VARCHAR2(10);
  TYPE t_varray IS VARRAY(5) OF NUMBER;
  TYPE t_assoc IS TABLE OF NUMBER INDEX BY VARCHAR2(10);
  TYPE t_flavor IS RECORD (flavor VARCHAR2(20), score PLS_INTEGER := 0);
  TYPE t_family IS TABLE OF t_flavor INDEX BY PLS_INTEGER;
  family  t_family;
  tab     t_nested := t_nested('a', 'b', 'c');
  arr     t_varray := t_varray();
  v_map   t_assoc;
  k       VARCHAR2(10);
  total   NUMBER := 0;
BEGIN
  tab.EXTEND;
  tab(tab.LAST) := 'd';
  tab.EXTEND(2, 1);
  tab.TRIM;
  tab.DELETE(1);
  IF tab.EXISTS(1) THEN
    total := -1;
  END IF;
  arr.EXTEND(3);
  arr(1) := 1; arr(2) := 2; arr(3) := 3;
  total := total + arr.COUNT + arr.LIMIT;
  v_map('one') := 1;
  v_map('two') := 2;
  k := v_map.FIRST;
  WHILE k IS NOT NULL LOOP
    total := total + v_map(k);
    k := v_map.NEXT(k);
  END LOOP;
  k := v_map.LAST;
  k := v_map.PRIOR(k);
  -- a field of a collection element, with and without a blank before the index
  family (1).flavor := 'mint';
  family(2).flavor := family (1).flavor;
  family(2).score := LENGTH(family(1).flavor);
  total := total + family (2).score;
  tab.delete;
  v_map.delete;
  arr.DELETE;
  RETURN total + tab.COUNT;
END c06_collections;
/

-- Dynamic SQL: EXECUTE IMMEDIATE in every form, OPEN FOR with a string, DBMS_SQL-free.
CREATE OR REPLACE FUNCTION c06_dynamic (p_table IN VARCHAR2, p_min IN NUMBER) RETURN NUMBER IS
  v_count   NUMBER;
  v_label   c06_item.label%TYPE;
  v_ids     DBMS_SQL.NUMBER_TABLE;
  v_cur     SYS_REFCURSOR;
  v_id      NUMBER;
  v_sql     VARCHAR2(200);
BEGIN
  EXECUTE IMMEDIATE 'SELECT COUNT(*) FROM ' || DBMS_ASSERT.SIMPLE_SQL_NAME(p_table)
    || ' WHERE item_id >= :m' INTO v_count USING p_min;
  EXECUTE IMMEDIATE 'SELECT item_id FROM c06_item WHERE price > :p'
    BULK COLLECT INTO v_ids USING IN p_min;
  EXECUTE IMMEDIATE 'UPDATE c06_item SET label = label WHERE item_id = :1 RETURNING label INTO :2'
    USING 1 RETURNING INTO v_label;
  EXECUTE IMMEDIATE q'[BEGIN :result := 'x' || :suffix; END;]' USING OUT v_label, IN 'y';
  EXECUTE IMMEDIATE 'CREATE GLOBAL TEMPORARY TABLE c06_tmp (n NUMBER) ON COMMIT DELETE ROWS';
  EXECUTE IMMEDIATE 'DROP TABLE c06_tmp';
  v_sql := 'SELECT item_id FROM c06_item WHERE item_id <= :lim ORDER BY item_id';
  OPEN v_cur FOR v_sql USING p_min;
  LOOP
    FETCH v_cur INTO v_id;
    EXIT WHEN v_cur%NOTFOUND;
    v_count := v_count + v_id;
  END LOOP;
  CLOSE v_cur;
  RETURN v_count + v_ids.COUNT;
END c06_dynamic;
/

-- Control flow: labels, nested loops, EXIT/CONTINUE with labels, GOTO, CASE, NULL.
CREATE OR REPLACE FUNCTION c06_control (p_n IN PLS_INTEGER) RETURN VARCHAR2 IS
  v_result  VARCHAR2(200);
  v_i       PLS_INTEGER := 0;
  v_done    BOOLEAN := FALSE;
BEGIN
  <<outer_loop>>
  FOR i IN 1 .. p_n LOOP
    <<inner_loop>>
    FOR j IN REVERSE 1 .. i LOOP
      CONTINUE outer_loop WHEN MOD(i, 2) = 0;
      EXIT inner_loop WHEN j < i - 1;
      v_result := v_result || i || j || ',';
    END LOOP inner_loop;
  END LOOP outer_loop;

  LOOP
    v_i := v_i + 1;
    IF v_i > 3 THEN
      EXIT;
    END IF;
  END LOOP;

  WHILE NOT v_done LOOP
    v_done := TRUE;
  END LOOP;

  CASE
    WHEN p_n < 0 THEN v_result := 'negative';
    WHEN p_n = 0 THEN GOTO the_end;
    ELSE NULL;
  END CASE;

  CASE MOD(p_n, 3)
    WHEN 0 THEN v_result := v_result || 'fizz';
    WHEN 1 THEN NULL;
    ELSE v_result := v_result || '-';
  END CASE;

  <<the_end>>
  RETURN NVL(v_result, 'empty');
END c06_control;
/

-- Nested subprograms with a forward declaration, pragmas INLINE and UDF.
CREATE OR REPLACE FUNCTION c06_nested (p_x IN NUMBER) RETURN NUMBER IS
  PRAGMA UDF;
  v_total NUMBER := 0;

  FUNCTION is_even (n IN NUMBER) RETURN BOOLEAN;  -- forward declaration

  FUNCTION is_odd (n IN NUMBER) RETURN BOOLEAN IS
  BEGIN
    IF n = 0 THEN
      RETURN FALSE;
    END IF;
    RETURN is_even(n - 1);
  END is_odd;

  FUNCTION is_even (n IN NUMBER) RETURN BOOLEAN IS
  BEGIN
    IF n = 0 THEN
      RETURN TRUE;
    END IF;
    RETURN is_odd(n - 1);
  END is_even;

  PROCEDURE add_to (n IN NUMBER) IS
  BEGIN
    v_total := v_total + n;
  END add_to;
BEGIN
  PRAGMA INLINE (add_to, 'YES');
  add_to(p_x);
  IF is_even(ABS(TRUNC(p_x))) THEN
    add_to(1);
  END IF;
  RETURN v_total;
END c06_nested;
/

-- Exception handling in depth.
CREATE OR REPLACE PROCEDURE c06_handlers (p_id IN NUMBER, p_out OUT VARCHAR2) IS
  e_custom EXCEPTION;
  v_label  c06_item.label%TYPE;
  v_row    c06_item%ROWTYPE;
BEGIN
  BEGIN
    SELECT label INTO v_label FROM c06_item WHERE item_id = p_id;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      v_label := '(none)';
    WHEN TOO_MANY_ROWS THEN
      v_label := '(many)';
  END;

  <<inner_block>>
  DECLARE
    v_zero NUMBER := 0;
  BEGIN
    v_row.price := 1 / v_zero;
  EXCEPTION
    WHEN ZERO_DIVIDE OR VALUE_ERROR THEN
      v_row.price := NULL;
  END inner_block;

  IF v_label = '(none)' THEN
    RAISE e_custom;
  END IF;
  p_out := v_label;
EXCEPTION
  WHEN e_custom THEN
    p_out := 'custom: ' || SQLERRM;
  WHEN DUP_VAL_ON_INDEX THEN
    p_out := 'duplicate';
  WHEN OTHERS THEN
    c06_log_message(SQLCODE || ' ' || SQLERRM || ' ' || DBMS_UTILITY.FORMAT_ERROR_BACKTRACE);
    RAISE;
END c06_handlers;
/

-- A deprecated procedure (DEPRECATE pragma) and an implicit cursor FOR loop in it.
CREATE OR REPLACE PROCEDURE c06_old_style IS
  PRAGMA DEPRECATE (c06_old_style, 'use c06_reprice');
  CURSOR c_cheap (p_limit NUMBER) IS
    SELECT item_id, label FROM c06_item WHERE price < p_limit;
  v_sum NUMBER := 0;
BEGIN
  FOR r IN (SELECT item_id, price FROM c06_item WHERE price IS NOT NULL) LOOP
    v_sum := v_sum + r.price;
  END LOOP;
  FOR r IN c_cheap(10) LOOP
    NULL;
  END LOOP;
EXCEPTION
  WHEN OTHERS THEN
    c06_log_message(SQLERRM);
    RAISE;
END c06_old_style;
/
