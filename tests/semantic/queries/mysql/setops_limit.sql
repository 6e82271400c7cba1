-- MySQL/MariaDB source: set operations and LIMIT forms.

-- name: limit_comma_form
SELECT id FROM products ORDER BY price, id LIMIT 2, 3;

-- name: limit_offset_form
SELECT id FROM employees ORDER BY salary DESC, id LIMIT 3 OFFSET 1;

-- name: limit_only
SELECT id, name FROM customers ORDER BY signup_ts DESC, id LIMIT 4;

-- name: union_dedup
SELECT country FROM customers WHERE is_vip UNION SELECT country FROM customers WHERE credit_limit > 10000 ORDER BY country;

-- name: union_all_with_order
SELECT id, 'dept' AS src FROM departments UNION ALL SELECT id, 'cat' FROM categories WHERE id < 4 ORDER BY src, id;

-- name: intersect_mariadb
SELECT product_id FROM order_items WHERE quantity >= 5 INTERSECT SELECT id FROM products WHERE price < 50 ORDER BY product_id;

-- name: except_mariadb
SELECT id FROM products EXCEPT SELECT product_id FROM order_items ORDER BY id;

-- name: union_parenthesised_limits
(SELECT id FROM products ORDER BY price DESC LIMIT 2) UNION ALL (SELECT id FROM products ORDER BY price LIMIT 2) ORDER BY id;

-- name: order_by_nulls_mysql_default
SELECT id, credit_limit FROM customers ORDER BY credit_limit, id;

-- name: order_by_desc_nulls
SELECT id, shipped_at FROM orders ORDER BY shipped_at DESC, id;

-- name: order_by_is_null_trick
SELECT id, commission FROM employees ORDER BY commission IS NULL, commission, id;

-- name: limit_in_subquery_derived
SELECT AVG(price) AS avg_top FROM (SELECT price FROM products ORDER BY price DESC LIMIT 3) t;

-- name: order_by_alias_and_position
SELECT id, salary * 2 AS s2 FROM employees ORDER BY s2 DESC, 1 LIMIT 5;

-- name: select_without_from
SELECT 1 + 1 AS two, 'x' AS s, NULL AS n;

-- name: select_from_dual
SELECT 42 AS answer FROM DUAL;
