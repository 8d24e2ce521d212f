-- Corpus 05: packages.
-- Written from the syntax diagrams of the Oracle Database PL/SQL Language Reference:
--   CREATE PACKAGE Statement (package_item_list, invoker_rights_clause, ACCESSIBLE BY),
--   CREATE PACKAGE BODY Statement (initialize_section), "Record Variable Declaration",
--   "Collection Variable Declaration" (associative array, nested table, varray),
--   "%TYPE Attribute", "%ROWTYPE Attribute", "Explicit Cursor Declaration and Definition"
--   (parameters, RETURN rowtype), "Cursor Variable Declaration" (REF CURSOR, SYS_REFCURSOR),
--   "Constant Declaration", "Exception Declaration", "PRAGMA EXCEPTION_INIT",
--   "PRAGMA SERIALLY_REUSABLE", "Function Declaration and Definition" (PIPELINED,
--   DETERMINISTIC, RESULT_CACHE, parameter modes IN / OUT / IN OUT NOCOPY, DEFAULT),
--   overloading, "Cursor FOR LOOP Statement", "PIPE ROW Statement".
-- Self-contained: runs in an empty schema.

CREATE TABLE c05_account (
  account_id  NUMBER(10) PRIMARY KEY,
  owner_name  VARCHAR2(80) NOT NULL,
  balance     NUMBER(14,2) DEFAULT 0 NOT NULL,
  status      VARCHAR2(10) DEFAULT 'OPEN',
  opened_on   DATE DEFAULT SYSDATE
);

CREATE TABLE c05_movement (
  movement_id  NUMBER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id   NUMBER(10) REFERENCES c05_account (account_id),
  amount       NUMBER(14,2) NOT NULL,
  moved_at     TIMESTAMP DEFAULT SYSTIMESTAMP
);

INSERT INTO c05_account (account_id, owner_name, balance) VALUES (1, 'Ana', 100);
INSERT INTO c05_account (account_id, owner_name, balance) VALUES (2, 'Bruno', 250.75);
INSERT INTO c05_account (account_id, owner_name, balance, status) VALUES (3, 'Carla', 0, 'CLOSED');
COMMIT;

CREATE OR REPLACE TYPE c05_amount_row AS OBJECT (account_id NUMBER, amount NUMBER);
/

CREATE OR REPLACE TYPE c05_amount_tab AS TABLE OF c05_amount_row;
/

CREATE OR REPLACE PACKAGE c05_bank AUTHID DEFINER AS
  -- constants and variables
  c_version    CONSTANT VARCHAR2(10) := '1.0';
  c_max_amount CONSTANT NUMBER := 1e6;
  g_calls      PLS_INTEGER := 0;

  -- exceptions
  e_insufficient_funds EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_insufficient_funds, -20001);
  e_locked EXCEPTION;
  PRAGMA EXCEPTION_INIT(e_locked, -54);

  -- subtypes, records and collections
  SUBTYPE t_money IS NUMBER(14,2);
  SUBTYPE t_flag IS BOOLEAN NOT NULL;

  TYPE t_account_rec IS RECORD (
    account_id  c05_account.account_id%TYPE,
    owner_name  c05_account.owner_name%TYPE,
    balance     t_money := 0
  );
  TYPE t_account_tab IS TABLE OF t_account_rec INDEX BY PLS_INTEGER;
  TYPE t_name_map IS TABLE OF c05_account.owner_name%TYPE INDEX BY VARCHAR2(80);
  TYPE t_id_list IS TABLE OF NUMBER;
  TYPE t_top3 IS VARRAY(3) OF c05_account%ROWTYPE;
  TYPE t_account_cur IS REF CURSOR RETURN c05_account%ROWTYPE;

  -- a cursor declared in the spec, defined in the body
  CURSOR c_open_accounts (p_min_balance NUMBER DEFAULT 0) RETURN c05_account%ROWTYPE;

  FUNCTION balance_of (p_account_id IN c05_account.account_id%TYPE) RETURN t_money;
  FUNCTION balance_of (p_owner IN VARCHAR2) RETURN t_money;
  PROCEDURE deposit (p_account_id IN NUMBER, p_amount IN t_money);
  PROCEDURE withdraw (p_account_id IN NUMBER, p_amount IN t_money,
                      p_new_balance OUT NOCOPY t_money);
  PROCEDURE transfer (p_from IN NUMBER, p_to IN NUMBER, p_amount IN t_money DEFAULT 0);
  PROCEDURE snapshot (p_accounts IN OUT NOCOPY t_account_tab);
  FUNCTION open_accounts RETURN SYS_REFCURSOR;
  FUNCTION typed_accounts RETURN t_account_cur;
  FUNCTION movements (p_account_id IN NUMBER) RETURN c05_amount_tab PIPELINED;
  FUNCTION fee (p_amount IN NUMBER) RETURN NUMBER DETERMINISTIC;
  FUNCTION owner_count RETURN PLS_INTEGER RESULT_CACHE;
END c05_bank;
/

CREATE OR REPLACE PACKAGE BODY c05_bank AS

  g_names t_name_map;

  CURSOR c_open_accounts (p_min_balance NUMBER DEFAULT 0) RETURN c05_account%ROWTYPE IS
    SELECT * FROM c05_account WHERE status = 'OPEN' AND balance >= p_min_balance;

  -- a private helper, forward-declared and defined below
  PROCEDURE log_movement (p_account_id IN NUMBER, p_amount IN NUMBER);

  FUNCTION balance_of (p_account_id IN c05_account.account_id%TYPE) RETURN t_money IS
    v_balance t_money;
  BEGIN
    g_calls := g_calls + 1;
    SELECT a.balance INTO v_balance FROM c05_account a WHERE a.account_id = p_account_id;
    RETURN v_balance;
  EXCEPTION
    WHEN NO_DATA_FOUND THEN
      RETURN NULL;
  END balance_of;

  FUNCTION balance_of (p_owner IN VARCHAR2) RETURN t_money IS
    v_total t_money := 0;
  BEGIN
    FOR r IN (SELECT balance FROM c05_account WHERE owner_name = p_owner) LOOP
      v_total := v_total + r.balance;
    END LOOP;
    RETURN v_total;
  END balance_of;

  PROCEDURE deposit (p_account_id IN NUMBER, p_amount IN t_money) IS
  BEGIN
    IF p_amount IS NULL OR p_amount <= 0 THEN
      RAISE_APPLICATION_ERROR(-20002, 'deposit must be positive');
    ELSIF p_amount > c_max_amount THEN
      RAISE_APPLICATION_ERROR(-20003, 'deposit above ' || c_max_amount);
    END IF;
    UPDATE c05_account SET balance = balance + p_amount WHERE account_id = p_account_id;
    IF SQL%ROWCOUNT = 0 THEN
      RAISE NO_DATA_FOUND;
    END IF;
    log_movement(p_account_id, p_amount);
  END deposit;

  PROCEDURE withdraw (p_account_id IN NUMBER, p_amount IN t_money,
                      p_new_balance OUT NOCOPY t_money) IS
    v_row c05_account%ROWTYPE;
  BEGIN
    SELECT * INTO v_row FROM c05_account WHERE account_id = p_account_id FOR UPDATE NOWAIT;
    IF v_row.balance < p_amount THEN
      RAISE e_insufficient_funds;
    END IF;
    UPDATE c05_account SET balance = balance - p_amount
    WHERE account_id = p_account_id
    RETURNING balance INTO p_new_balance;
    log_movement(p_account_id, -p_amount);
  EXCEPTION
    WHEN e_locked THEN
      RAISE_APPLICATION_ERROR(-20004, 'account ' || p_account_id || ' is locked', TRUE);
  END withdraw;

  PROCEDURE transfer (p_from IN NUMBER, p_to IN NUMBER, p_amount IN t_money DEFAULT 0) IS
    v_left t_money;
  BEGIN
    SAVEPOINT before_transfer;
    withdraw(p_from, p_amount, v_left);
    deposit(p_account_id => p_to, p_amount => p_amount);
  EXCEPTION
    WHEN e_insufficient_funds THEN
      ROLLBACK TO SAVEPOINT before_transfer;
      RAISE;
    WHEN OTHERS THEN
      ROLLBACK TO before_transfer;
      RAISE;
  END transfer;

  PROCEDURE snapshot (p_accounts IN OUT NOCOPY t_account_tab) IS
    i PLS_INTEGER := 0;
  BEGIN
    p_accounts.DELETE;
    FOR acc IN c_open_accounts(p_min_balance => 0) LOOP
      i := i + 1;
      p_accounts(i).account_id := acc.account_id;
      p_accounts(i).owner_name := acc.owner_name;
      p_accounts(i).balance := acc.balance;
      g_names(acc.owner_name) := acc.owner_name;
    END LOOP;
  END snapshot;

  FUNCTION open_accounts RETURN SYS_REFCURSOR IS
    v_cur SYS_REFCURSOR;
  BEGIN
    OPEN v_cur FOR
      SELECT account_id, owner_name, balance FROM c05_account WHERE status = 'OPEN'
      ORDER BY account_id;
    RETURN v_cur;
  END open_accounts;

  FUNCTION typed_accounts RETURN t_account_cur IS
    v_cur t_account_cur;
  BEGIN
    OPEN v_cur FOR SELECT * FROM c05_account;
    RETURN v_cur;
  END typed_accounts;

  FUNCTION movements (p_account_id IN NUMBER) RETURN c05_amount_tab PIPELINED IS
  BEGIN
    FOR m IN (SELECT account_id, amount FROM c05_movement WHERE account_id = p_account_id
              ORDER BY moved_at) LOOP
      PIPE ROW (c05_amount_row(m.account_id, m.amount));
    END LOOP;
    RETURN;
  END movements;

  FUNCTION fee (p_amount IN NUMBER) RETURN NUMBER DETERMINISTIC IS
  BEGIN
    RETURN ROUND(p_amount * 0.01, 2);
  END fee;

  FUNCTION owner_count RETURN PLS_INTEGER RESULT_CACHE IS
    v_count PLS_INTEGER;
  BEGIN
    SELECT COUNT(DISTINCT owner_name) INTO v_count FROM c05_account;
    RETURN v_count;
  END owner_count;

  PROCEDURE log_movement (p_account_id IN NUMBER, p_amount IN NUMBER) IS
  BEGIN
    INSERT INTO c05_movement (account_id, amount) VALUES (p_account_id, p_amount);
  END log_movement;

BEGIN
  -- initialization section
  g_calls := 0;
  g_names('SYSTEM') := 'SYSTEM';
END c05_bank;
/

-- A package of constants only (no body) and a serially reusable one.
CREATE OR REPLACE PACKAGE c05_const IS
  c_yes CONSTANT CHAR(1) := 'Y';
  c_no  CONSTANT CHAR(1) := 'N';
  c_pi  CONSTANT BINARY_DOUBLE := 3.14159265358979d;
  c_eps CONSTANT BINARY_FLOAT := 0.001f;
  c_half CONSTANT NUMBER := .5;
END c05_const;
/

CREATE OR REPLACE PACKAGE c05_reusable IS
  PRAGMA SERIALLY_REUSABLE;
  g_buffer VARCHAR2(32767);
  PROCEDURE append_text (p_text IN VARCHAR2);
END c05_reusable;
/

CREATE OR REPLACE PACKAGE BODY c05_reusable IS
  PRAGMA SERIALLY_REUSABLE;
  PROCEDURE append_text (p_text IN VARCHAR2) IS
  BEGIN
    g_buffer := g_buffer || p_text;
  END append_text;
END c05_reusable;
/

-- A package only another unit may call, and that unit.
CREATE OR REPLACE PACKAGE c05_helper ACCESSIBLE BY (PACKAGE c05_client) IS
  FUNCTION twice (n IN NUMBER) RETURN NUMBER;
END c05_helper;
/

CREATE OR REPLACE PACKAGE BODY c05_helper IS
  FUNCTION twice (n IN NUMBER) RETURN NUMBER IS
  BEGIN
    RETURN n * 2;
  END twice;
END c05_helper;
/

CREATE OR REPLACE PACKAGE c05_client IS
  FUNCTION four RETURN NUMBER;
END c05_client;
/

CREATE OR REPLACE PACKAGE BODY c05_client IS
  FUNCTION four RETURN NUMBER IS
  BEGIN
    RETURN c05_helper.twice(2);
  END four;
END c05_client;
/

-- Using the package.
DECLARE
  v_accounts c05_bank.t_account_tab;
  v_balance  c05_bank.t_money;
  v_cur      SYS_REFCURSOR;
  v_id       c05_account.account_id%TYPE;
  v_owner    c05_account.owner_name%TYPE;
  v_amount   NUMBER;
  v_rec      c05_account%ROWTYPE;
  v_typed    c05_bank.t_account_cur;
BEGIN
  c05_bank.deposit(1, 50);
  c05_bank.withdraw(2, 10.75, v_balance);
  c05_bank.transfer(p_from => 1, p_to => 2, p_amount => 5);
  c05_bank.snapshot(v_accounts);
  DBMS_OUTPUT.PUT_LINE(v_accounts.COUNT || ' open accounts, balance ' || c05_bank.balance_of('Ana'));
  v_cur := c05_bank.open_accounts;
  LOOP
    FETCH v_cur INTO v_id, v_owner, v_amount;
    EXIT WHEN v_cur%NOTFOUND;
    DBMS_OUTPUT.PUT_LINE(v_id || ' ' || v_owner || ' ' || v_amount);
  END LOOP;
  CLOSE v_cur;
  v_typed := c05_bank.typed_accounts;
  FETCH v_typed INTO v_rec;
  CLOSE v_typed;
  FOR m IN (SELECT account_id, amount FROM TABLE(c05_bank.movements(1))) LOOP
    DBMS_OUTPUT.PUT_LINE(m.account_id || ': ' || m.amount);
  END LOOP;
  BEGIN
    c05_bank.withdraw(3, 1000, v_balance);
  EXCEPTION
    WHEN c05_bank.e_insufficient_funds THEN
      DBMS_OUTPUT.PUT_LINE('insufficient funds, as expected');
  END;
  DBMS_OUTPUT.PUT_LINE(c05_client.four || ' ' || c05_const.c_yes || ' ' || c05_bank.fee(100));
  c05_reusable.append_text('x');
  COMMIT;
END;
/
