-- Corpus 09: conditional compilation.
-- Written from the Oracle Database PL/SQL Language Reference, "Conditional Compilation"
-- (selection directives $IF / $ELSIF / $ELSE / $END, error directive $ERROR ... $END,
-- inquiry directives $$PLSQL_UNIT, $$PLSQL_LINE, $$PLSQL_UNIT_TYPE, $$PLSQL_UNIT_OWNER,
-- user-defined inquiry directives set by PLSQL_CCFLAGS, static boolean expressions and
-- static constants from a package, DBMS_DB_VERSION), ALTER SESSION SET PLSQL_CCFLAGS,
-- ALTER PROCEDURE ... COMPILE PLSQL_CCFLAGS ... REUSE SETTINGS, and
-- DBMS_PREPROCESSOR.PRINT_POST_PROCESSED_SOURCE.
-- Self-contained: runs in an empty schema.

ALTER SESSION SET PLSQL_CCFLAGS = 'c09_debug:TRUE, c09_level:2';

CREATE TABLE c09_trace (
  unit_name  VARCHAR2(128),
  line_no    NUMBER,
  message    VARCHAR2(400)
);

-- A package of static constants that selection directives can test.
CREATE OR REPLACE PACKAGE c09_switches IS
  c_trace   CONSTANT BOOLEAN := TRUE;
  c_level   CONSTANT PLS_INTEGER := 3;
END c09_switches;
/

CREATE OR REPLACE PROCEDURE c09_trace_line (p_unit IN VARCHAR2, p_line IN NUMBER, p_text IN VARCHAR2) IS
BEGIN
  INSERT INTO c09_trace (unit_name, line_no, message) VALUES (p_unit, p_line, p_text);
END c09_trace_line;
/

CREATE OR REPLACE PACKAGE c09_portable IS
  -- a declaration that depends on the database release
  $IF DBMS_DB_VERSION.VER_LE_10_2 $THEN
    SUBTYPE t_real IS NUMBER;
  $ELSE
    SUBTYPE t_real IS BINARY_DOUBLE;
  $END

  FUNCTION circle_area (p_radius IN t_real) RETURN t_real;
  PROCEDURE work (p_items IN PLS_INTEGER);
END c09_portable;
/

CREATE OR REPLACE PACKAGE BODY c09_portable IS

  FUNCTION circle_area (p_radius IN t_real) RETURN t_real IS
  BEGIN
    $IF $$c09_debug $THEN
      c09_trace_line($$PLSQL_UNIT, $$PLSQL_LINE, 'radius ' || p_radius);
    $END
    RETURN 3.141592653589793d * p_radius * p_radius;
  END circle_area;

  PROCEDURE work (p_items IN PLS_INTEGER) IS
    v_done PLS_INTEGER := 0;
  BEGIN
    FOR i IN 1 .. p_items LOOP
      v_done := v_done + 1;
      $IF c09_switches.c_trace AND c09_switches.c_level > 2 $THEN
        c09_trace_line($$PLSQL_UNIT || '.WORK', $$PLSQL_LINE, 'item ' || i);
      $ELSIF $$c09_level >= 2 $THEN
        NULL;
      $ELSE
        $ERROR 'c09_portable needs a trace level of at least 2 in ' || $$PLSQL_UNIT $END
      $END
    END LOOP;
    $IF DBMS_DB_VERSION.VERSION >= 12 $THEN
      DBMS_OUTPUT.PUT_LINE($$PLSQL_UNIT_TYPE || ' ' || $$PLSQL_UNIT_OWNER || ' did ' || v_done);
    $END
  END work;

END c09_portable;
/

-- A standalone function whose whole body is chosen at compile time.
CREATE OR REPLACE FUNCTION c09_mode RETURN VARCHAR2 IS
BEGIN
  $IF $$c09_debug $THEN
    RETURN 'debug (' || $$PLSQL_UNIT || ' line ' || $$PLSQL_LINE || ')';
  $ELSE
    RETURN 'production';
  $END
END c09_mode;
/

-- An undefined inquiry directive is NULL, so this compiles the $ELSE branch.
CREATE OR REPLACE PROCEDURE c09_undefined_flag IS
BEGIN
  $IF $$c09_not_defined IS NULL $THEN
    DBMS_OUTPUT.PUT_LINE('flag not set');
  $ELSE
    DBMS_OUTPUT.PUT_LINE('flag set');
  $END
END c09_undefined_flag;
/

-- Recompile one unit with other flags, keeping its other settings.
ALTER FUNCTION c09_mode COMPILE PLSQL_CCFLAGS = 'c09_debug:FALSE' REUSE SETTINGS;

BEGIN
  c09_portable.work(2);
  DBMS_OUTPUT.PUT_LINE(c09_mode || ' ' || c09_portable.circle_area(1));
  DBMS_PREPROCESSOR.PRINT_POST_PROCESSED_SOURCE('FUNCTION', USER, 'C09_MODE');
  COMMIT;
END;
/

