-- Corpus 02: views.
-- Written from the syntax diagrams of the Oracle Database SQL Language Reference:
--   CREATE VIEW (inline_constraint, subquery_restriction_clause: WITH READ ONLY,
--   WITH CHECK OPTION; FORCE; column aliases), SELECT (joins, subquery_factoring_clause,
--   group_by_clause, order_by_clause, row_limiting_clause), DROP VIEW, ALTER VIEW.
-- Self-contained: runs in an empty schema.

CREATE TABLE c02_dept (
  dept_id    NUMBER(4) CONSTRAINT c02_dept_pk PRIMARY KEY,
  dept_name  VARCHAR2(60) NOT NULL,
  parent_id  NUMBER(4) REFERENCES c02_dept (dept_id),
  location   VARCHAR2(60)
);

CREATE TABLE c02_emp (
  emp_id     NUMBER(6) CONSTRAINT c02_emp_pk PRIMARY KEY,
  emp_name   VARCHAR2(60) NOT NULL,
  dept_id    NUMBER(4) CONSTRAINT c02_emp_dept_fk REFERENCES c02_dept (dept_id),
  manager_id NUMBER(6),
  salary     NUMBER(10,2),
  hired_on   DATE DEFAULT SYSDATE,
  job        VARCHAR2(20)
);

INSERT INTO c02_dept (dept_id, dept_name, parent_id, location) VALUES (10, 'Head office', NULL, 'SP');
INSERT INTO c02_dept (dept_id, dept_name, parent_id, location) VALUES (20, 'Sales', 10, 'RJ');
INSERT INTO c02_dept (dept_id, dept_name, parent_id, location) VALUES (30, 'Finance', 10, 'SP');
INSERT INTO c02_emp (emp_id, emp_name, dept_id, manager_id, salary, job) VALUES (1, 'Ana', 10, NULL, 9000, 'CEO');
INSERT INTO c02_emp (emp_id, emp_name, dept_id, manager_id, salary, job) VALUES (2, 'Bruno', 20, 1, 5000, 'SALES');
INSERT INTO c02_emp (emp_id, emp_name, dept_id, manager_id, salary, job) VALUES (3, 'Carla', 20, 2, 4000, 'SALES');
INSERT INTO c02_emp (emp_id, emp_name, dept_id, manager_id, salary, job) VALUES (4, 'Davi', 30, 1, 6000, 'CLERK');
COMMIT;

-- A simple view with column aliases.
CREATE OR REPLACE VIEW c02_emp_v AS
SELECT e.emp_id, e.emp_name AS name, e.salary * 12 AS yearly_salary, e.dept_id
FROM c02_emp e;

-- A view with a column list and an ANSI join.
CREATE OR REPLACE VIEW c02_emp_dept_v (emp_id, emp_name, dept_name, location) AS
SELECT e.emp_id, e.emp_name, d.dept_name, d.location
FROM c02_emp e
JOIN c02_dept d ON d.dept_id = e.dept_id;

-- Outer joins, both ANSI and the (+) operator.
CREATE OR REPLACE VIEW c02_dept_headcount_v AS
SELECT d.dept_id, d.dept_name, COUNT(e.emp_id) AS headcount
FROM c02_dept d
LEFT OUTER JOIN c02_emp e ON e.dept_id = d.dept_id
GROUP BY d.dept_id, d.dept_name;

CREATE OR REPLACE VIEW c02_dept_salary_v AS
SELECT d.dept_id, d.dept_name, NVL(SUM(e.salary), 0) AS total_salary
FROM c02_dept d, c02_emp e
WHERE e.dept_id (+) = d.dept_id
GROUP BY d.dept_id, d.dept_name;

-- WITH CHECK OPTION and WITH READ ONLY.
CREATE OR REPLACE VIEW c02_sales_emp_v AS
SELECT emp_id, emp_name, dept_id, salary
FROM c02_emp
WHERE dept_id = 20
WITH CHECK OPTION CONSTRAINT c02_sales_emp_ck;

CREATE OR REPLACE VIEW c02_emp_ro_v AS
SELECT emp_id, emp_name FROM c02_emp
WITH READ ONLY;

-- A view over a WITH clause and an analytic function.
CREATE OR REPLACE VIEW c02_salary_rank_v AS
WITH ranked AS (
  SELECT e.emp_id, e.emp_name, e.dept_id, e.salary,
         RANK() OVER (PARTITION BY e.dept_id ORDER BY e.salary DESC) AS salary_rank
  FROM c02_emp e
)
SELECT r.emp_id, r.emp_name, r.dept_id, r.salary, r.salary_rank
FROM ranked r
WHERE r.salary_rank <= 3;

-- A hierarchical view.
CREATE OR REPLACE VIEW c02_org_chart_v AS
SELECT emp_id, emp_name, manager_id, LEVEL AS depth,
       SYS_CONNECT_BY_PATH(emp_name, '/') AS path,
       CONNECT_BY_ISLEAF AS is_leaf
FROM c02_emp
START WITH manager_id IS NULL
CONNECT BY PRIOR emp_id = manager_id;

-- A view over a view, with a scalar subquery and CASE.
CREATE OR REPLACE VIEW c02_emp_band_v AS
SELECT v.emp_id, v.name,
       CASE WHEN v.yearly_salary >= 100000 THEN 'HIGH'
            WHEN v.yearly_salary >= 50000 THEN 'MID'
            ELSE 'LOW' END AS band,
       (SELECT d.dept_name FROM c02_dept d WHERE d.dept_id = v.dept_id) AS dept_name
FROM c02_emp_v v;

-- Set operators and a row-limiting clause.
CREATE OR REPLACE VIEW c02_names_v AS
SELECT emp_name AS label, 'EMP' AS kind FROM c02_emp
UNION ALL
SELECT dept_name, 'DEPT' FROM c02_dept
MINUS
SELECT location, 'DEPT' FROM c02_dept;

CREATE OR REPLACE VIEW c02_top_paid_v AS
SELECT emp_id, emp_name, salary
FROM c02_emp
ORDER BY salary DESC
FETCH FIRST 2 ROWS ONLY;

-- A view created before its table exists (FORCE), then the table, then a recompile.
CREATE OR REPLACE FORCE VIEW c02_later_v AS
SELECT id, label FROM c02_later;

CREATE TABLE c02_later (id NUMBER, label VARCHAR2(20));
ALTER VIEW c02_later_v COMPILE;

-- An inline view and a join to it.
CREATE OR REPLACE VIEW c02_above_avg_v AS
SELECT e.emp_id, e.emp_name, e.salary, a.avg_salary
FROM c02_emp e
INNER JOIN (SELECT dept_id, AVG(salary) AS avg_salary
            FROM c02_emp
            GROUP BY dept_id) a
  ON a.dept_id = e.dept_id
WHERE e.salary > a.avg_salary;

-- DML through an updatable view.
UPDATE c02_sales_emp_v SET salary = salary * 1.1 WHERE emp_id = 3;
COMMIT;

CREATE OR REPLACE VIEW c02_scratch_v AS SELECT 1 AS one FROM dual;
DROP VIEW c02_scratch_v;
