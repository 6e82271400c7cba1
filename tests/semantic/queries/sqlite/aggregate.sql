-- SQLite source: aggregates and GROUP BY.

-- name: count_sum_total
SELECT COUNT(*) AS n, SUM(discount) AS s, TOTAL(discount) AS t FROM orders;

-- name: avg_min_max_sqlite
SELECT category, COUNT(*) AS n, MIN(price) AS lo, MAX(price) AS hi, AVG(stock) AS av FROM products GROUP BY category ORDER BY category;

-- name: group_concat_length_invariant
SELECT customer_id, COUNT(*) AS n, LENGTH(group_concat(status)) AS len FROM orders GROUP BY customer_id ORDER BY customer_id;

-- name: group_concat_single_element
SELECT id, group_concat(name, '; ') AS names FROM departments GROUP BY id ORDER BY id;

-- name: having_count
SELECT employee_id, COUNT(*) AS n FROM orders WHERE employee_id IS NOT NULL GROUP BY employee_id HAVING COUNT(*) > 2 ORDER BY employee_id;

-- name: group_by_strftime
SELECT strftime('%Y', order_date) AS y, COUNT(*) AS n, SUM(discount IS NULL) AS no_discount FROM orders GROUP BY y ORDER BY y;

-- name: aggregate_filter_sqlite
SELECT COUNT(*) FILTER (WHERE is_vip) AS vip, COUNT(*) FILTER (WHERE NOT is_vip) AS regular FROM customers;

-- name: avg_integer_sqlite
SELECT AVG(a) AS av, SUM(a) AS s, AVG(b) AS bv FROM nums;

-- name: count_distinct_sqlite
SELECT COUNT(DISTINCT category) AS cats, COUNT(category) AS rows_with_cat FROM products;

-- name: group_by_having_expression
SELECT dept_id, MAX(salary) - MIN(salary) AS spread FROM employees GROUP BY dept_id HAVING COUNT(*) > 1 ORDER BY dept_id;

-- name: sum_of_products
SELECT SUM(quantity * unit_price) AS revenue, SUM(quantity) AS units FROM order_items;

-- name: group_by_case_bucket
SELECT CASE WHEN price < 20 THEN 'cheap' WHEN price < 200 THEN 'mid' ELSE 'premium' END AS bucket, COUNT(*) AS n
FROM products GROUP BY bucket ORDER BY bucket;

-- name: min_max_scalar_multi_arg
SELECT id, max(a, b) AS hi, min(a, b) AS lo FROM nums WHERE a IS NOT NULL AND b IS NOT NULL ORDER BY id;
