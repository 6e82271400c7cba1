-- PostgreSQL source: set operations, LIMIT forms, VALUES lists, ORDER BY NULLS.

-- name: union_distinct
SELECT city FROM departments WHERE city IS NOT NULL
UNION SELECT city FROM customers WHERE country = 'DE'
ORDER BY 1;

-- name: union_all_count
SELECT COUNT(*) FROM (SELECT dept_id FROM employees UNION ALL SELECT id FROM departments) t;

-- name: intersect_ids
SELECT customer_id FROM orders WHERE status = 'shipped'
INTERSECT SELECT customer_id FROM orders WHERE status = 'pending'
ORDER BY customer_id;

-- name: except_ids
SELECT id FROM customers EXCEPT SELECT customer_id FROM orders ORDER BY id;

-- name: union_with_order_and_limit
(SELECT id, 'p' AS kind FROM products WHERE price > 500)
UNION ALL
(SELECT id, 'e' FROM employees WHERE salary > 130000)
ORDER BY kind, id LIMIT 3;

-- name: limit_offset
SELECT id FROM products ORDER BY price DESC, id LIMIT 4 OFFSET 2;

-- name: offset_only
SELECT id FROM products ORDER BY id OFFSET 12;

-- name: fetch_first
SELECT id, name FROM products ORDER BY stock DESC, id FETCH FIRST 3 ROWS ONLY;

-- name: offset_fetch_next
SELECT id FROM employees ORDER BY id OFFSET 5 ROWS FETCH NEXT 2 ROWS ONLY;

-- name: limit_all
SELECT id FROM departments ORDER BY id LIMIT ALL;

-- name: values_list
SELECT * FROM (VALUES (1, 'one'), (2, 'two'), (3, NULL)) AS v (n, word) ORDER BY n;

-- name: order_by_nulls_last_desc
SELECT id, commission FROM employees ORDER BY commission DESC NULLS LAST, id;

-- name: order_by_nulls_default_asc
SELECT id, rating FROM employees ORDER BY rating, id;

-- name: order_by_nulls_first
SELECT id, city FROM customers ORDER BY city IS NULL DESC, id;

-- name: order_by_expression_desc
SELECT id, price - cost AS margin FROM products ORDER BY price - cost DESC, id LIMIT 5;

-- name: union_mixed_literals
SELECT 1 AS n, 'a' AS s UNION ALL SELECT 2, 'b' UNION ALL SELECT 3, NULL ORDER BY n;

-- name: intersect_all
SELECT status FROM orders WHERE customer_id = 4 INTERSECT ALL SELECT status FROM orders WHERE customer_id = 10 ORDER BY status;

-- name: except_all
SELECT status FROM orders EXCEPT ALL SELECT status FROM orders WHERE id > 3 ORDER BY status;
