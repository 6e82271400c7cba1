-- SQLite source: common table expressions.

-- name: cte_simple_sqlite
WITH totals AS (SELECT order_id, SUM(quantity * unit_price) AS t FROM order_items GROUP BY order_id)
SELECT order_id, t FROM totals WHERE t < 50 ORDER BY order_id;

-- name: recursive_fibonacci
WITH RECURSIVE fib (i, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT i + 1, b, a + b FROM fib WHERE i < 15)
SELECT i, a FROM fib ORDER BY i;

-- name: recursive_tree_descendants
WITH RECURSIVE d (id, name) AS (
  SELECT id, name FROM categories WHERE name = 'electronics'
  UNION
  SELECT c.id, c.name FROM categories c JOIN d ON c.parent_id = d.id
)
SELECT id, name FROM d ORDER BY id;

-- name: recursive_months
WITH RECURSIVE m (d) AS (SELECT '2024-01-01' UNION ALL SELECT date(d, '+1 month') FROM m WHERE d < '2024-06-01')
SELECT d FROM m ORDER BY d;

-- name: cte_multiple_refs
WITH s AS (SELECT account, SUM(amount) AS bal FROM ledger GROUP BY account)
SELECT a.account, a.bal, a.bal - (SELECT MIN(bal) FROM s) AS above_min FROM s a ORDER BY a.account;

-- name: cte_materialized_hint_free
WITH x AS (SELECT id, salary FROM employees WHERE dept_id = 5), y AS (SELECT MAX(salary) AS m FROM x)
SELECT x.id FROM x, y WHERE x.salary = y.m ORDER BY x.id;

-- name: recursive_path_string
WITH RECURSIVE p (id, path) AS (
  SELECT id, name FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, p.path || ' > ' || c.name FROM categories c JOIN p ON c.parent_id = p.id
)
SELECT id, path FROM p ORDER BY id;
