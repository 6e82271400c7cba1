-- MySQL/MariaDB source: common table expressions.

-- name: cte_basic
WITH active AS (SELECT id, dept_id FROM employees WHERE is_active = 1)
SELECT dept_id, COUNT(*) AS n FROM active GROUP BY dept_id ORDER BY dept_id;

-- name: cte_join_two
WITH o AS (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id),
     c AS (SELECT id, name FROM customers WHERE is_vip)
SELECT c.id, c.name, o.n FROM c JOIN o ON o.customer_id = c.id ORDER BY c.id;

-- name: recursive_sequence
WITH RECURSIVE seq (n) AS (SELECT 1 UNION ALL SELECT n + 2 FROM seq WHERE n < 15)
SELECT n FROM seq ORDER BY n;

-- name: recursive_subordinates
WITH RECURSIVE sub AS (
  SELECT id, first_name, 0 AS depth FROM employees WHERE id = 5
  UNION ALL
  SELECT e.id, e.first_name, s.depth + 1 FROM employees e JOIN sub s ON e.manager_id = s.id
)
SELECT id, first_name, depth FROM sub ORDER BY depth, id;

-- name: recursive_category_depth
WITH RECURSIVE t AS (
  SELECT id, parent_id, 1 AS lvl FROM categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.parent_id, t.lvl + 1 FROM categories c JOIN t ON c.parent_id = t.id
)
SELECT lvl, COUNT(*) AS n FROM t GROUP BY lvl ORDER BY lvl;

-- name: recursive_date_series
WITH RECURSIVE d AS (
  SELECT CAST('2024-01-28' AS DATE) AS day
  UNION ALL
  SELECT DATE_ADD(day, INTERVAL 1 DAY) FROM d WHERE day < '2024-02-02'
)
SELECT day FROM d ORDER BY day;

-- name: cte_with_window
WITH ranked AS (SELECT id, category, price, ROW_NUMBER() OVER (PARTITION BY category ORDER BY price DESC, id) AS rn FROM products WHERE category IS NOT NULL)
SELECT category, id, price FROM ranked WHERE rn <= 2 ORDER BY category, rn;
