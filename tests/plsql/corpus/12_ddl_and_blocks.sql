-- Corpus 12: other DDL, privileges, editioning keywords and anonymous blocks.
-- Written from the syntax diagrams of the Oracle Database SQL Language Reference:
--   GRANT (object privileges, WITH GRANT OPTION), REVOKE, CREATE DATABASE LINK
--   (CONNECT TO ... IDENTIFIED BY ... USING), CREATE SYNONYM (for a remote object),
--   DROP DATABASE LINK, DROP SYNONYM, DROP PROCEDURE/FUNCTION/PACKAGE, ALTER PACKAGE
--   ... COMPILE [BODY], ALTER PROCEDURE ... COMPILE, COMMENT ON MATERIALIZED-free objects,
--   RENAME, TRUNCATE TABLE, LOCK TABLE, SAVEPOINT / ROLLBACK TO, SET TRANSACTION,
--   SELECT with a WITH FUNCTION clause (plsql_declarations); and the PL/SQL Language
--   Reference: CREATE [OR REPLACE] [EDITIONABLE | NONEDITIONABLE] for PROCEDURE,
--   FUNCTION, PACKAGE, "Block" (anonymous blocks, nested blocks), "%ROWTYPE Attribute"
--   with a cursor, "Record Variable Declaration" (nested records), "Cursor Variables"
--   (cursor expressions), "Implicit Cursor Attributes", "SQLCODE/SQLERRM".
-- Self-contained: runs in an empty schema.

CREATE TABLE c12_note (
  note_id   NUMBER PRIMARY KEY,
  body      VARCHAR2(400),
  author    VARCHAR2(60) DEFAULT USER
);

CREATE TABLE c12_tag (
  note_id   NUMBER REFERENCES c12_note (note_id) ON DELETE CASCADE,
  tag       VARCHAR2(30)
);

CREATE SEQUENCE c12_note_seq;

-- Editioning keywords on every kind of stored PL/SQL unit.
CREATE OR REPLACE EDITIONABLE PROCEDURE c12_add_note (p_body IN VARCHAR2, p_id OUT NUMBER) IS
BEGIN
  INSERT INTO c12_note (note_id, body) VALUES (c12_note_seq.NEXTVAL, p_body)
  RETURNING note_id INTO p_id;
END c12_add_note;
/

CREATE OR REPLACE NONEDITIONABLE FUNCTION c12_note_count RETURN NUMBER IS
  v_n NUMBER;
BEGIN
  SELECT COUNT(*) INTO v_n FROM c12_note;
  RETURN v_n;
END;
/

CREATE OR REPLACE EDITIONABLE PACKAGE c12_api AS
  TYPE t_note IS RECORD (id c12_note.note_id%TYPE, body c12_note.body%TYPE);
  TYPE t_note_with_tags IS RECORD (note t_note, tag_count PLS_INTEGER);
  FUNCTION fetch_note (p_id IN NUMBER) RETURN t_note_with_tags;
END c12_api;
/

CREATE OR REPLACE EDITIONABLE PACKAGE BODY c12_api AS
  FUNCTION fetch_note (p_id IN NUMBER) RETURN t_note_with_tags IS
    v_result t_note_with_tags;
  BEGIN
    SELECT n.note_id, n.body INTO v_result.note.id, v_result.note.body
    FROM c12_note n WHERE n.note_id = p_id;
    SELECT COUNT(*) INTO v_result.tag_count FROM c12_tag t WHERE t.note_id = p_id;
    RETURN v_result;
  END fetch_note;
END c12_api;
/

ALTER PACKAGE c12_api COMPILE;
ALTER PACKAGE c12_api COMPILE BODY;
ALTER PROCEDURE c12_add_note COMPILE;
ALTER FUNCTION c12_note_count COMPILE;

-- Object privileges (granted to PUBLIC, so the script needs no other user).
GRANT SELECT ON c12_note TO PUBLIC;
GRANT SELECT, INSERT, UPDATE ON c12_note TO PUBLIC;
GRANT INSERT (note_id, tag) ON c12_tag TO PUBLIC WITH GRANT OPTION;
GRANT EXECUTE ON c12_api TO PUBLIC;
REVOKE INSERT, UPDATE ON c12_note FROM PUBLIC;
REVOKE EXECUTE ON c12_api FROM PUBLIC;

-- A database link is created without connecting; synonyms may point through it.
CREATE DATABASE LINK c12_remote CONNECT TO corpus_user IDENTIFIED BY "Corpus#Pw1" USING 'localhost:1521/FREEPDB1';
CREATE SYNONYM c12_remote_note FOR c12_note@c12_remote;
DROP SYNONYM c12_remote_note;
DROP DATABASE LINK c12_remote;

-- Comments, rename, truncate.
COMMENT ON TABLE c12_note IS 'Notes';
COMMENT ON COLUMN c12_note.body IS '';
CREATE TABLE c12_old_name (id NUMBER);
RENAME c12_old_name TO c12_new_name;
TRUNCATE TABLE c12_new_name;
DROP TABLE c12_new_name;

-- Transaction control.
SET TRANSACTION NAME 'corpus';
LOCK TABLE c12_tag IN ROW EXCLUSIVE MODE NOWAIT;
SAVEPOINT c12_start;
INSERT INTO c12_note (note_id, body) VALUES (c12_note_seq.NEXTVAL, 'rolled back');
ROLLBACK TO SAVEPOINT c12_start;
COMMIT;

-- A query declaring its own function (WITH FUNCTION), run as a PL/SQL-terminated unit.
WITH
  FUNCTION c12_shout (p_text IN VARCHAR2) RETURN VARCHAR2 IS
  BEGIN
    RETURN UPPER(p_text) || '!';
  END;
SELECT c12_shout(body) AS loud FROM c12_note
/

-- Anonymous blocks: nested blocks, cursor %ROWTYPE, implicit cursor attributes, a cursor
-- expression and a labelled block.
DECLARE
  CURSOR c_notes IS SELECT note_id, body FROM c12_note ORDER BY note_id;
  CURSOR c_with_tags IS
    SELECT n.note_id,
           CURSOR (SELECT t.tag FROM c12_tag t WHERE t.note_id = n.note_id) AS tags
    FROM c12_note n;
  v_note_id c12_note.note_id%TYPE;
  r_note   c_notes%ROWTYPE;
  v_id     NUMBER;
  v_note   c12_api.t_note_with_tags;
  v_cur    SYS_REFCURSOR;
  v_tag    c12_tag.tag%TYPE;
  v_count  PLS_INTEGER := 0;
BEGIN
  c12_add_note('first note', v_id);
  INSERT INTO c12_tag (note_id, tag) VALUES (v_id, 'corpus');
  c12_add_note(q'[second note: it's here]', v_id);

  OPEN c_notes;
  LOOP
    FETCH c_notes INTO r_note;
    EXIT WHEN c_notes%NOTFOUND OR c_notes%ROWCOUNT > 10;
    v_count := v_count + 1;
  END LOOP;
  IF c_notes%ISOPEN THEN
    CLOSE c_notes;
  END IF;

  UPDATE c12_note SET body = body || '.' WHERE note_id <= v_id;
  IF SQL%FOUND THEN
    DBMS_OUTPUT.PUT_LINE(SQL%ROWCOUNT || ' notes updated');
  END IF;

  v_note := c12_api.fetch_note(v_id);
  DBMS_OUTPUT.PUT_LINE(v_note.note.body || ' has ' || v_note.tag_count || ' tags');

  -- a cursor expression (allowed in an explicit cursor, not in an implicit FOR query)
  OPEN c_with_tags;
  LOOP
    FETCH c_with_tags INTO v_note_id, v_cur;
    EXIT WHEN c_with_tags%NOTFOUND;
    LOOP
      FETCH v_cur INTO v_tag;
      EXIT WHEN v_cur%NOTFOUND;
      DBMS_OUTPUT.PUT_LINE(v_note_id || ': ' || v_tag);
    END LOOP;
    CLOSE v_cur;
  END LOOP;
  CLOSE c_with_tags;

  <<inner_scope>>
  DECLARE
    v_count PLS_INTEGER := -1;
  BEGIN
    inner_scope.v_count := c12_note_count;
    DBMS_OUTPUT.PUT_LINE('outer ' || v_count || ', inner ' || inner_scope.v_count);
  EXCEPTION
    WHEN OTHERS THEN
      DBMS_OUTPUT.PUT_LINE(SQLCODE || ': ' || SQLERRM);
      RAISE;
  END inner_scope;
  COMMIT;
END;
/

BEGIN
  NULL;
END;
/

DECLARE
  v_text VARCHAR2(100) := 'single line block';
BEGIN DBMS_OUTPUT.PUT_LINE(v_text); END;
/

-- Dropping subprograms.
CREATE OR REPLACE PROCEDURE c12_scratch IS BEGIN NULL; END;
/
DROP PROCEDURE c12_scratch;
CREATE OR REPLACE FUNCTION c12_scratch_f RETURN NUMBER IS BEGIN RETURN 1; END;
/
DROP FUNCTION c12_scratch_f;
CREATE OR REPLACE PACKAGE c12_scratch_p IS c_one CONSTANT NUMBER := 1; END;
/
DROP PACKAGE c12_scratch_p;
