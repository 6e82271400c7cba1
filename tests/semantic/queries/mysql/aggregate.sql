-- MySQL/MariaDB source: aggregates, GROUP BY ... WITH ROLLUP, GROUP_CONCAT.

-- name: count_star_and_column
SELECT COUNT(*), COUNT(email), COUNT(DISTINCT manager_id) FROM employees;

-- name: group_by_having_alias
SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id HAVING n >= 3 ORDER BY customer_id;

-- name: with_rollup
-- unordered
SELECT dept_id, is_active, SUM(salary) AS total FROM employees WHERE dept_id IN (1, 2)
GROUP BY dept_id, is_active WITH ROLLUP;

-- name: group_concat_order_separator
SELECT dept_id, GROUP_CONCAT(first_name ORDER BY id SEPARATOR '|') AS names FROM employees
WHERE dept_id IS NOT NULL GROUP BY dept_id ORDER BY dept_id;

-- name: group_concat_distinct
SELECT GROUP_CONCAT(DISTINCT status ORDER BY status) AS statuses FROM orders;

-- name: avg_integer_column
SELECT product_id, AVG(quantity) AS avg_q FROM order_items GROUP BY product_id ORDER BY product_id;

-- name: sum_if
SELECT SUM(IF(is_vip, 1, 0)) AS vips, SUM(IF(credit_limit IS NULL, 1, 0)) AS no_limit FROM customers;

-- name: group_by_function
SELECT YEAR(hire_date) AS y, COUNT(*) AS n FROM employees GROUP BY YEAR(hire_date) ORDER BY y;

-- name: min_max_strings_dates
SELECT MIN(order_date) AS first_d, MAX(order_date) AS last_d, MIN(status) AS s FROM orders;

-- name: count_distinct_two
SELECT COUNT(DISTINCT customer_id, status) AS pairs FROM orders;

-- name: having_sum_decimal
SELECT order_id, SUM(quantity * unit_price) AS total FROM order_items GROUP BY order_id HAVING total > 500 ORDER BY order_id;

-- name: aggregate_over_empty
SELECT COUNT(*) AS n, SUM(price) AS s, AVG(price) AS a FROM products WHERE id > 1000;

-- name: std_and_variance
SELECT ROUND(STDDEV_POP(quantity), 4) AS sd, ROUND(VARIANCE(quantity), 4) AS v FROM order_items;

-- name: bit_and_or_aggregates
SELECT MAX(is_active) AS any_active, MIN(is_active) AS all_active FROM employees;
