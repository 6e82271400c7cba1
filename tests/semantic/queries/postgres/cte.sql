-- PostgreSQL source: common table expressions, recursive ones included.

-- name: cte_simple
WITH rich AS (SELECT id, first_name FROM employees WHERE salary >= 100000)
SELECT * FROM rich ORDER BY id;

-- name: cte_two_chained
WITH per_order AS (
  SELECT order_id, SUM(quantity * unit_price) AS total FROM order_items GROUP BY order_id
), big AS (SELECT order_id FROM per_order WHERE total > 1000)
SELECT o.id, o.status FROM orders o JOIN big ON big.order_id = o.id ORDER BY o.id;

-- name: cte_column_list
WITH t (k, v) AS (SELECT id, name FROM departments WHERE budget IS NOT NULL)
SELECT k, v FROM t ORDER BY k;

-- name: recursive_counter
WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
SELECT i, i * i AS sq FROM n ORDER BY i;

-- name: recursive_category_paths
WITH RECURSIVE tree AS (
  SELECT id, name, 0 AS depth, CAST(name AS VARCHAR(200)) AS path FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.name, t.depth + 1, CAST(t.path || '/' || c.name AS VARCHAR(200))
  FROM categories c JOIN tree t ON c.parent_id = t.id
)
SELECT id, depth, path FROM tree ORDER BY id;

-- name: recursive_management_chain
WITH RECURSIVE chain AS (
  SELECT id, manager_id, 1 AS lvl FROM employees WHERE id = 16
  UNION ALL
  SELECT e.id, e.manager_id, c.lvl + 1 FROM employees e JOIN chain c ON e.id = c.manager_id
)
SELECT id, lvl FROM chain ORDER BY lvl;

-- name: recursive_dates
WITH RECURSIVE days AS (
  SELECT DATE '2024-02-26' AS d
  UNION ALL
  SELECT d + 1 FROM days WHERE d < DATE '2024-03-02'
)
SELECT d FROM days ORDER BY d;

-- name: cte_used_twice
WITH s AS (SELECT dept_id, SUM(salary) AS total FROM employees WHERE dept_id IS NOT NULL GROUP BY dept_id)
SELECT a.dept_id, a.total FROM s a WHERE a.total = (SELECT MAX(total) FROM s);
