-- SQLite source: set operations, LIMIT, VALUES and NULL ordering.

-- name: limit_offset_sqlite
SELECT id FROM orders ORDER BY order_date DESC, id LIMIT 5 OFFSET 3;

-- name: limit_comma_sqlite
SELECT id FROM orders ORDER BY id LIMIT 20, 3;

-- name: limit_expression
SELECT id FROM products ORDER BY id LIMIT 2 + 1;

-- name: union_sqlite
SELECT name FROM departments WHERE id < 3 UNION SELECT name FROM categories WHERE id > 8 ORDER BY name;

-- name: union_all_sqlite
SELECT 'c' AS t, COUNT(*) FROM customers UNION ALL SELECT 'o', COUNT(*) FROM orders ORDER BY t;

-- name: intersect_sqlite
SELECT dept_id FROM employees WHERE salary > 90000 INTERSECT SELECT id FROM departments WHERE city = 'Berlin' ORDER BY 1;

-- name: except_sqlite
SELECT id FROM categories EXCEPT SELECT parent_id FROM categories ORDER BY id;

-- name: values_standalone
-- unordered
VALUES (1, 'a'), (2, 'b'), (3, 'c');

-- name: values_in_cte
WITH v (k, label) AS (VALUES (3, 'three'), (1, 'one'), (2, 'two')) SELECT k, label FROM v ORDER BY k;

-- name: nulls_first_explicit
SELECT id, rating FROM employees ORDER BY rating DESC NULLS FIRST, id;

-- name: nulls_last_explicit
SELECT id, last_login FROM employees ORDER BY last_login NULLS LAST, id;

-- name: default_null_order_asc
SELECT id, discount FROM orders ORDER BY discount, id;

-- name: compound_with_limit
SELECT id FROM products WHERE stock < 5 UNION SELECT id FROM products WHERE price > 1000 ORDER BY id DESC LIMIT 3;

-- name: order_by_collate_nocase
SELECT id, name FROM products WHERE id IN (1, 2, 3) ORDER BY name COLLATE NOCASE, id;
