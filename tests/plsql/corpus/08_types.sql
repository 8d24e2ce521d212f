-- Corpus 08: object types, type bodies and collection types.
-- Written from the syntax diagrams of the Oracle Database PL/SQL Language Reference:
--   CREATE TYPE Statement (object_type_def: OID 'object_identifier', AS OBJECT,
--   UNDER supertype, NOT FINAL, NOT INSTANTIABLE, element_spec: MEMBER / STATIC /
--   CONSTRUCTOR FUNCTION ... RETURN SELF AS RESULT, MAP / ORDER member functions,
--   pragma-free restrict_references; varray_type_def; nested_table_type_def),
--   CREATE TYPE BODY Statement, ALTER TYPE (ADD ATTRIBUTE ... CASCADE), DROP TYPE, and the
--   SQL Language Reference CREATE TABLE (object tables, NESTED TABLE ... STORE AS),
--   "Type Constructor Expressions", TREAT, IS OF, TABLE collection expressions.
-- Self-contained: runs in an empty schema.

-- An object type with a fixed object identifier (OID), as export/import scripts write it.
CREATE OR REPLACE TYPE c08_point OID '1F2E3D4C5B6A79881F2E3D4C5B6A7988' AS OBJECT (
  x NUMBER,
  y NUMBER,
  MEMBER FUNCTION distance_to (p_other IN c08_point) RETURN NUMBER,
  MAP MEMBER FUNCTION magnitude RETURN NUMBER
);
/

CREATE OR REPLACE TYPE BODY c08_point AS
  MEMBER FUNCTION distance_to (p_other IN c08_point) RETURN NUMBER IS
  BEGIN
    RETURN SQRT(POWER(x - p_other.x, 2) + POWER(y - p_other.y, 2));
  END distance_to;

  MAP MEMBER FUNCTION magnitude RETURN NUMBER IS
  BEGIN
    RETURN SQRT(x * x + y * y);
  END magnitude;
END;
/

-- An abstract type: NOT INSTANTIABLE, NOT FINAL, with a NOT INSTANTIABLE method.
CREATE OR REPLACE TYPE c08_abstract AS OBJECT (
  id NUMBER,
  NOT INSTANTIABLE MEMBER FUNCTION weight RETURN NUMBER
) NOT INSTANTIABLE NOT FINAL;
/

CREATE OR REPLACE TYPE c08_box UNDER c08_abstract (
  kilos NUMBER,
  OVERRIDING MEMBER FUNCTION weight RETURN NUMBER
);
/

CREATE OR REPLACE TYPE BODY c08_box AS
  OVERRIDING MEMBER FUNCTION weight RETURN NUMBER IS
  BEGIN
    RETURN kilos;
  END weight;
END;
/

-- A supertype that is NOT FINAL, with member and static methods.
CREATE OR REPLACE TYPE c08_shape AS OBJECT (
  name    VARCHAR2(30),
  origin  c08_point,
  MEMBER FUNCTION area RETURN NUMBER,
  MEMBER FUNCTION describe RETURN VARCHAR2,
  STATIC FUNCTION unit_name RETURN VARCHAR2
) NOT FINAL;
/

CREATE OR REPLACE TYPE BODY c08_shape AS
  MEMBER FUNCTION area RETURN NUMBER IS
  BEGIN
    RETURN 0;
  END area;

  MEMBER FUNCTION describe RETURN VARCHAR2 IS
  BEGIN
    RETURN name || ' of area ' || TO_CHAR(SELF.area()) || ' ' || c08_shape.unit_name;
  END describe;

  STATIC FUNCTION unit_name RETURN VARCHAR2 IS
  BEGIN
    RETURN 'cm2';
  END unit_name;
END;
/

CREATE OR REPLACE TYPE c08_circle UNDER c08_shape (
  radius NUMBER,
  CONSTRUCTOR FUNCTION c08_circle (p_radius IN NUMBER) RETURN SELF AS RESULT,
  OVERRIDING MEMBER FUNCTION area RETURN NUMBER
);
/

CREATE OR REPLACE TYPE BODY c08_circle AS
  CONSTRUCTOR FUNCTION c08_circle (p_radius IN NUMBER) RETURN SELF AS RESULT IS
  BEGIN
    SELF.name := 'circle';
    SELF.origin := c08_point(0, 0);
    SELF.radius := p_radius;
    RETURN;
  END;

  OVERRIDING MEMBER FUNCTION area RETURN NUMBER IS
  BEGIN
    RETURN 3.14159d * radius * radius;
  END area;
END;
/

CREATE OR REPLACE TYPE c08_square UNDER c08_shape (
  side NUMBER,
  OVERRIDING MEMBER FUNCTION area RETURN NUMBER
) FINAL;
/

CREATE OR REPLACE TYPE BODY c08_square AS
  OVERRIDING MEMBER FUNCTION area RETURN NUMBER IS
  BEGIN
    RETURN side * side;
  END area;
END;
/

-- A type with an ORDER method.
CREATE OR REPLACE TYPE c08_version AS OBJECT (
  major NUMBER(3),
  minor NUMBER(3),
  ORDER MEMBER FUNCTION compare (p_other IN c08_version) RETURN INTEGER
);
/

CREATE OR REPLACE TYPE BODY c08_version AS
  ORDER MEMBER FUNCTION compare (p_other IN c08_version) RETURN INTEGER IS
  BEGIN
    IF major <> p_other.major THEN
      RETURN SIGN(major - p_other.major);
    END IF;
    RETURN SIGN(minor - p_other.minor);
  END compare;
END;
/

-- Collection types: varray and nested table, of scalars and of objects.
CREATE OR REPLACE TYPE c08_tag_list AS VARRAY(10) OF VARCHAR2(30);
/

CREATE OR REPLACE TYPE c08_point_tab AS TABLE OF c08_point;
/

CREATE OR REPLACE TYPE c08_number_tab IS TABLE OF NUMBER;
/

-- Forward-declared (incomplete) type completed afterwards, with a REF attribute.
CREATE OR REPLACE TYPE c08_node;
/

CREATE OR REPLACE TYPE c08_node AS OBJECT (
  label   VARCHAR2(30),
  parent  REF c08_node
);
/

-- Tables using the types: object table, nested table storage, varray column.
CREATE TABLE c08_shape_tab OF c08_shape;

CREATE TABLE c08_drawing (
  drawing_id  NUMBER PRIMARY KEY,
  title       VARCHAR2(60),
  tags        c08_tag_list,
  points      c08_point_tab,
  version_info c08_version
)
NESTED TABLE points STORE AS c08_drawing_points;

INSERT INTO c08_shape_tab VALUES (c08_circle(2));
INSERT INTO c08_shape_tab VALUES (c08_square('square', c08_point(1, 1), 3));
INSERT INTO c08_drawing (drawing_id, title, tags, points, version_info)
VALUES (1, 'first', c08_tag_list('draft', 'a4'),
        c08_point_tab(c08_point(0, 0), c08_point(3, 4)), c08_version(1, 2));
COMMIT;

-- Queries over objects and collections.
SELECT s.name, s.area() AS area, s.describe() AS text FROM c08_shape_tab s;
SELECT VALUE(s).name FROM c08_shape_tab s WHERE VALUE(s) IS OF (c08_circle);
SELECT TREAT(VALUE(s) AS c08_circle).radius FROM c08_shape_tab s;
SELECT d.title, p.x, p.y FROM c08_drawing d, TABLE(d.points) p;
SELECT d.title, t.COLUMN_VALUE AS tag FROM c08_drawing d, TABLE(d.tags) t;
SELECT d.version_info.major FROM c08_drawing d;

-- Evolving a type.
ALTER TYPE c08_version ADD ATTRIBUTE (patch NUMBER(3)) CASCADE;

-- PL/SQL over the types.
DECLARE
  v_shape   c08_shape;
  v_points  c08_point_tab := c08_point_tab();
  v_total   NUMBER := 0;
  v_nums    c08_number_tab;
BEGIN
  v_shape := c08_circle(1);
  DBMS_OUTPUT.PUT_LINE(v_shape.describe);
  v_points.EXTEND(2);
  v_points(1) := c08_point(1, 2);
  v_points(2) := NEW c08_point(2, 3);
  FOR i IN 1 .. v_points.COUNT LOOP
    v_total := v_total + v_points(i).magnitude();
  END LOOP;
  SELECT COLUMN_VALUE BULK COLLECT INTO v_nums FROM TABLE(c08_number_tab(3, 1, 2)) ORDER BY 1;
  v_nums := v_nums MULTISET UNION DISTINCT c08_number_tab(4);
  IF 4 MEMBER OF v_nums AND v_nums IS NOT EMPTY THEN
    DBMS_OUTPUT.PUT_LINE(v_total || ' ' || v_nums.COUNT);
  END IF;
END;
/

CREATE OR REPLACE TYPE c08_scratch AS OBJECT (n NUMBER);
/
DROP TYPE c08_scratch FORCE;
