-- Query structure: NULL ordering, LIMIT forms, set operations, VALUES, CTEs, windows, joins,
-- DISTINCT ON, ROLLUP, ANY / ALL, identifiers.
-- from: postgres
-- to: mysql sqlite
SELECT id FROM t ORDER BY a, b DESC, c NULLS FIRST;
SELECT id FROM t ORDER BY id LIMIT 5 OFFSET 2;
SELECT id FROM t ORDER BY id OFFSET 12;
SELECT id FROM t ORDER BY id FETCH FIRST 3 ROWS ONLY;
SELECT * FROM (VALUES (1, 'one'), (2, 'two')) AS v (n, word);
(SELECT id FROM a ORDER BY id LIMIT 2) UNION ALL (SELECT id FROM b) ORDER BY 1;
SELECT x FROM a INTERSECT ALL SELECT x FROM b;
SELECT DISTINCT ON (dept) dept, id, name FROM emp ORDER BY dept, hired;
SELECT a, b, COUNT(*) FROM t GROUP BY ROLLUP (a, b) ORDER BY a, b;
SELECT id FROM t WHERE x > ANY (SELECT y FROM u) AND x <= ALL (SELECT y FROM u);
SELECT id, LAG(v, 1, 0) OVER (ORDER BY id), SUM(v) OVER w FROM t WINDOW w AS (PARTITION BY g ORDER BY id);
SELECT e.id, d.name FROM employees e FULL JOIN departments d ON d.id = e.dept_id;
SELECT "Mixed Case", "order", "select" FROM "My Table";
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT i FROM n;
-- from: mysql
-- to: postgres sqlite
SELECT id FROM t ORDER BY price, id LIMIT 2, 3;
SELECT `Order`, `key` FROM `Orders` WHERE id IN (SELECT id FROM u ORDER BY x LIMIT 3);
SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id HAVING n >= 3;
SELECT dept, SUM(salary) FROM emp GROUP BY dept WITH ROLLUP;
SELECT GROUP_CONCAT(DISTINCT status ORDER BY status SEPARATOR '|') FROM orders;
SELECT 42 FROM DUAL;
-- from: sqlite
-- to: postgres mysql
SELECT [id], `name`, "x" FROM [t] WHERE a == 1 AND b IS 'x' AND c IS NOT NULL;
SELECT id FROM t ORDER BY name COLLATE NOCASE, id LIMIT -1 OFFSET 2;
VALUES (1, 'a'), (2, 'b');
SELECT n FROM (SELECT COUNT(*) AS n FROM t);
