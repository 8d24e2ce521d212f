-- Corpus 03: queries.
-- Written from the syntax diagrams of the Oracle Database SQL Language Reference:
--   SELECT (subquery_factoring_clause, join_clause: inner_cross_join_clause,
--   outer_join_clause, the (+) outer join operator, hierarchical_query_clause,
--   pivot_clause, unpivot_clause, group_by_clause with ROLLUP/CUBE/GROUPING SETS,
--   model-free analytic functions ("Analytic Functions", windowing_clause),
--   row_limiting_clause, for_update_clause), "Pseudocolumns" (ROWID, ROWNUM, LEVEL,
--   ORA_ROWSCN, CONNECT_BY_ISLEAF, CONNECT_BY_ISCYCLE), "Literals" (text literals with
--   the q alternative quoting mechanism, numeric literals 1d 0.95f .3, DATE, TIMESTAMP,
--   INTERVAL), CASE expressions, scalar subqueries, EXISTS, IN, LISTAGG.
-- Self-contained: runs in an empty schema.

CREATE TABLE c03_product (
  product_id  NUMBER PRIMARY KEY,
  name        VARCHAR2(60) NOT NULL,
  category    VARCHAR2(20),
  list_price  NUMBER(10,2)
);

CREATE TABLE c03_sale (
  sale_id     NUMBER PRIMARY KEY,
  product_id  NUMBER REFERENCES c03_product (product_id),
  sold_on     DATE,
  quarter     VARCHAR2(2),
  qty         NUMBER,
  amount      NUMBER(12,2)
);

CREATE TABLE c03_node (
  node_id    NUMBER PRIMARY KEY,
  parent_id  NUMBER,
  label      VARCHAR2(40)
);

INSERT INTO c03_product (product_id, name, category, list_price) VALUES (1, 'Pen', 'OFFICE', 2.5);
INSERT INTO c03_product (product_id, name, category, list_price) VALUES (2, 'Desk', 'FURNITURE', 300);
INSERT INTO c03_product (product_id, name, category, list_price) VALUES (3, 'Lamp', 'FURNITURE', 45);
INSERT INTO c03_sale (sale_id, product_id, sold_on, quarter, qty, amount) VALUES (1, 1, DATE '2024-01-10', 'Q1', 10, 25);
INSERT INTO c03_sale (sale_id, product_id, sold_on, quarter, qty, amount) VALUES (2, 2, DATE '2024-04-11', 'Q2', 1, 300);
INSERT INTO c03_sale (sale_id, product_id, sold_on, quarter, qty, amount) VALUES (3, 3, DATE '2024-07-12', 'Q3', 2, 90);
INSERT INTO c03_sale (sale_id, product_id, sold_on, quarter, qty, amount) VALUES (4, 1, DATE '2024-10-13', 'Q4', 5, 12.5);
INSERT INTO c03_node (node_id, parent_id, label) VALUES (1, NULL, 'root');
INSERT INTO c03_node (node_id, parent_id, label) VALUES (2, 1, 'left');
INSERT INTO c03_node (node_id, parent_id, label) VALUES (3, 1, 'right');
INSERT INTO c03_node (node_id, parent_id, label) VALUES (4, 3, 'leaf');
COMMIT;

-- Pseudocolumns.
SELECT rowid, ROWNUM, ORA_ROWSCN, name FROM c03_product WHERE ROWNUM <= 2;

SELECT p.rowid AS row_address, p.product_id FROM c03_product p WHERE p.product_id = 1;

SELECT ROWIDTOCHAR(rowid) FROM c03_sale WHERE rowid IN (SELECT MIN(rowid) FROM c03_sale GROUP BY product_id);

-- Literals.
SELECT 1d AS a_double, 0.95f AS a_float, .3 AS a_fraction, 1.5e3 AS sci, -7 AS negative,
       q'[It's a quote]' AS q1, q'{braces}' AS q2, q'<angle>' AS q3, q'!bang!' AS q4,
       Q'(parens)' AS q5, N'national' AS nchar_text, 'it''s doubled' AS doubled,
       DATE '2024-12-31' AS d, TIMESTAMP '2024-12-31 23:59:59.5' AS ts,
       INTERVAL '3' DAY AS i_day, INTERVAL '1-6' YEAR TO MONTH AS i_ym
FROM dual;

-- ANSI joins.
SELECT p.name, s.qty, s.amount
FROM c03_product p
INNER JOIN c03_sale s ON s.product_id = p.product_id
WHERE s.amount > 10;

SELECT p.name, s.sale_id
FROM c03_product p
LEFT JOIN c03_sale s USING (product_id)
ORDER BY p.name;

SELECT p.name, s.sale_id
FROM c03_sale s
RIGHT OUTER JOIN c03_product p ON p.product_id = s.product_id;

SELECT a.name AS first_product, b.name AS second_product
FROM c03_product a
CROSS JOIN c03_product b
WHERE a.product_id < b.product_id;

SELECT n1.label, n2.label AS parent_label
FROM c03_node n1
FULL OUTER JOIN c03_node n2 ON n2.node_id = n1.parent_id;

SELECT name, sale_id FROM c03_product NATURAL JOIN c03_sale;

-- The Oracle outer join operator.
SELECT p.name, s.qty
FROM c03_product p, c03_sale s
WHERE s.product_id (+) = p.product_id
  AND s.qty (+) > 1;

-- Subquery factoring, recursive WITH.
WITH totals AS (
  SELECT product_id, SUM(amount) AS total
  FROM c03_sale
  GROUP BY product_id
), best AS (
  SELECT MAX(total) AS top_total FROM totals
)
SELECT p.name, t.total
FROM totals t
JOIN c03_product p ON p.product_id = t.product_id
CROSS JOIN best b
WHERE t.total = b.top_total;

WITH tree (node_id, label, depth) AS (
  SELECT node_id, label, 1 FROM c03_node WHERE parent_id IS NULL
  UNION ALL
  SELECT n.node_id, n.label, t.depth + 1
  FROM c03_node n
  JOIN tree t ON n.parent_id = t.node_id
)
SEARCH DEPTH FIRST BY label SET order_seq
SELECT node_id, label, depth FROM tree ORDER BY order_seq;

-- Hierarchical queries.
SELECT LEVEL, LPAD(' ', 2 * (LEVEL - 1)) || label AS indented,
       CONNECT_BY_ISLEAF AS leaf, CONNECT_BY_ROOT label AS root_label,
       SYS_CONNECT_BY_PATH(label, '>') AS path
FROM c03_node
START WITH parent_id IS NULL
CONNECT BY PRIOR node_id = parent_id
ORDER SIBLINGS BY label;

SELECT node_id, CONNECT_BY_ISCYCLE AS cycle
FROM c03_node
START WITH node_id = 1
CONNECT BY NOCYCLE PRIOR node_id = parent_id;

SELECT LEVEL AS n FROM dual CONNECT BY LEVEL <= 5;

-- Analytic functions.
SELECT sale_id, product_id, amount,
       SUM(amount) OVER (PARTITION BY product_id ORDER BY sold_on
                         ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
       AVG(amount) OVER (ORDER BY sold_on RANGE BETWEEN INTERVAL '100' DAY PRECEDING AND CURRENT ROW) AS moving,
       ROW_NUMBER() OVER (ORDER BY amount DESC) AS rn,
       DENSE_RANK() OVER (PARTITION BY product_id ORDER BY amount) AS dr,
       LAG(amount, 1, 0) OVER (ORDER BY sold_on) AS prev_amount,
       LEAD(amount) OVER (ORDER BY sold_on) AS next_amount,
       FIRST_VALUE(amount) OVER (PARTITION BY product_id ORDER BY sold_on) AS first_amount,
       NTILE(2) OVER (ORDER BY amount) AS half,
       RATIO_TO_REPORT(amount) OVER () AS share
FROM c03_sale;

SELECT product_id,
       LISTAGG(quarter, ',') WITHIN GROUP (ORDER BY quarter) AS quarters,
       MAX(amount) KEEP (DENSE_RANK LAST ORDER BY sold_on) AS last_amount
FROM c03_sale
GROUP BY product_id;

-- Grouping extensions.
SELECT p.category, s.quarter, SUM(s.amount) AS total, GROUPING(p.category) AS g_cat
FROM c03_sale s
JOIN c03_product p ON p.product_id = s.product_id
GROUP BY ROLLUP (p.category, s.quarter);

SELECT p.category, s.quarter, SUM(s.qty)
FROM c03_sale s, c03_product p
WHERE p.product_id = s.product_id
GROUP BY CUBE (p.category, s.quarter)
HAVING SUM(s.qty) > 0;

SELECT p.category, s.quarter, COUNT(*)
FROM c03_sale s, c03_product p
WHERE p.product_id = s.product_id
GROUP BY GROUPING SETS ((p.category), (s.quarter), ());

-- PIVOT and UNPIVOT.
SELECT *
FROM (SELECT product_id, quarter, amount FROM c03_sale)
PIVOT (SUM(amount) AS amt FOR quarter IN ('Q1' AS q1, 'Q2' AS q2, 'Q3' AS q3, 'Q4' AS q4));

SELECT product_id, metric, val
FROM (SELECT product_id, qty, amount FROM c03_sale)
UNPIVOT INCLUDE NULLS (val FOR metric IN (qty AS 'QTY', amount AS 'AMOUNT'));

-- Subqueries: IN, EXISTS, ANY/ALL, scalar, correlated.
SELECT p.name
FROM c03_product p
WHERE EXISTS (SELECT 1 FROM c03_sale s WHERE s.product_id = p.product_id)
  AND p.product_id IN (SELECT product_id FROM c03_sale WHERE qty > 1)
  AND p.list_price > ALL (SELECT 1 FROM dual)
  AND p.list_price >= ANY (2.5, 45, 300);

SELECT p.name,
       (SELECT COUNT(*) FROM c03_sale s WHERE s.product_id = p.product_id) AS sales,
       CASE p.category WHEN 'OFFICE' THEN 'O' WHEN 'FURNITURE' THEN 'F' ELSE '?' END AS cat,
       DECODE(p.category, 'OFFICE', 1, 2) AS decoded,
       NVL2(p.list_price, 'priced', 'free') AS priced,
       COALESCE(p.category, 'NONE') AS category
FROM c03_product p
WHERE p.name NOT LIKE 'X%' ESCAPE '\'
  AND p.list_price BETWEEN 1 AND 1000
  AND p.category IS NOT NULL;

-- Row limiting.
SELECT name, list_price FROM c03_product ORDER BY list_price DESC OFFSET 1 ROWS FETCH NEXT 1 ROWS ONLY;
SELECT name FROM c03_product ORDER BY name FETCH FIRST 50 PERCENT ROWS WITH TIES;

-- Set operators.
SELECT product_id FROM c03_product
INTERSECT
SELECT product_id FROM c03_sale
UNION
SELECT node_id FROM c03_node;

-- Flashback-free table functions and collections in SQL.
SELECT COLUMN_VALUE AS word FROM TABLE(sys.odcivarchar2list('a', 'b', 'c'));

-- FOR UPDATE.
SELECT product_id, list_price FROM c03_product WHERE product_id = 1 FOR UPDATE;
SELECT s.sale_id FROM c03_sale s, c03_product p
WHERE p.product_id = s.product_id
FOR UPDATE OF s.amount NOWAIT;
SELECT sale_id FROM c03_sale FOR UPDATE WAIT 5;
SELECT sale_id FROM c03_sale FOR UPDATE SKIP LOCKED;
ROLLBACK;

-- Hints and comments inside statements.
SELECT /*+ FULL(p) */ p.name -- the name
FROM c03_product p /* all products */;
