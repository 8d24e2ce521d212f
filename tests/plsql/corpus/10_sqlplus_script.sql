REM Corpus 10: a SQL*Plus script.
REM Written from the SQL*Plus User's Guide and Reference: "Using Substitution Variables"
REM (&name, &&name, the period ending a variable name, DEFINE, UNDEFINE, SET DEFINE,
REM SET VERIFY), "Continuing a Long SQL*Plus Command on Additional Lines" (the hyphen),
REM SET SQLBLANKLINES, SET SERVEROUTPUT, WHENEVER SQLERROR, PROMPT, REMARK, COLUMN,
REM VARIABLE, EXECUTE, PRINT, the "/" and "." terminators; and the SQL Language Reference
REM for the statements run.
REM Self-contained: runs in an empty schema.

SET ECHO OFF
SET FEEDBACK ON
SET VERIFY OFF
SET DEFINE ON
SET SERVEROUTPUT ON SIZE UNLIMITED
SET LINESIZE 200 PAGESIZE 100
WHENEVER SQLERROR EXIT SQL.SQLCODE ROLLBACK

DEFINE c10_prefix = C10
DEFINE c10_rows = 3
DEFINE c10_greeting = 'hello world'

PROMPT Creating the &c10_prefix objects (&c10_rows rows each)

COLUMN cfg_key -
  FORMAT A30 -
  HEADING 'Key'
COLUMN cfg_value FORMAT A40 HEADING 'Value'

SET SQLBLANKLINES ON

CREATE TABLE &c10_prefix._config (
  cfg_key    VARCHAR2(30) PRIMARY KEY,

  cfg_value  VARCHAR2(200),

  updated_on DATE DEFAULT SYSDATE
);

CREATE TABLE c10_item (
  item_id    NUMBER PRIMARY KEY,
  label      VARCHAR2(60)
);

SET SQLBLANKLINES OFF

-- Statements continued with a hyphen on their first line, as sample-schema scripts do.
INSERT INTO c10_config (cfg_key, cfg_value) -
VALUES ('greeting', '&c10_greeting');
INSERT INTO c10_config (cfg_key, cfg_value) -
VALUES ('rows', '&c10_rows');
INSERT INTO c10_config (cfg_key, cfg_value) VALUES ('dash', 'a - b');
INSERT INTO c10_config (cfg_key, cfg_value) VALUES ('minus', TO_CHAR(10 - 3));

REMARK a PL/SQL block using substitution variables, ended by "/"
BEGIN
  FOR i IN 1 .. &c10_rows LOOP
    INSERT INTO c10_item (item_id, label) VALUES (i, '&c10_prefix item ' || i);
  END LOOP;
  DBMS_OUTPUT.PUT_LINE('&c10_greeting: ' || &c10_rows || ' items');
END;
/

DEFINE c10_owner_label = 'owned by the corpus'

CREATE OR REPLACE VIEW c10_item_v AS
SELECT i.item_id, i.label, '&&c10_owner_label' AS owner_label
FROM c10_item i;

CREATE OR REPLACE FUNCTION c10_config_value (p_key IN VARCHAR2) RETURN VARCHAR2 IS
  v_value c10_config.cfg_value%TYPE;
BEGIN
  SELECT cfg_value INTO v_value FROM c10_config WHERE cfg_key = p_key;
  RETURN v_value;
EXCEPTION
  WHEN NO_DATA_FOUND THEN
    RETURN '&&c10_owner_label';
END c10_config_value;
/

VARIABLE c10_count NUMBER
EXECUTE :c10_count := 0
EXEC DBMS_OUTPUT.PUT_LINE(c10_config_value('greeting'))
PRINT c10_count

SELECT cfg_key, cfg_value FROM c10_config ORDER BY cfg_key;

-- A block ended by "." then run by "/".
BEGIN
  UPDATE c10_config SET updated_on = SYSDATE WHERE cfg_key = 'rows';
END;
.
/

UNDEFINE c10_owner_label
SET DEFINE OFF
INSERT INTO c10_item (item_id, label) VALUES (100, 'Fish & Chips');
SET DEFINE ON
COMMIT;

PROMPT done
WHENEVER SQLERROR CONTINUE
