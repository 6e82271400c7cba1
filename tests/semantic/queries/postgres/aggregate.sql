-- PostgreSQL source: aggregates, GROUP BY, HAVING, ROLLUP, string aggregation.

-- name: count_forms
SELECT COUNT(*) AS all_rows, COUNT(commission) AS with_commission, COUNT(DISTINCT dept_id) AS depts
FROM employees;

-- name: sum_avg_min_max
SELECT SUM(price) AS s, MIN(price) AS lo, MAX(price) AS hi, ROUND(AVG(price), 2) AS av FROM products;

-- name: group_by_having
SELECT dept_id, COUNT(*) AS n, SUM(salary) AS total FROM employees
WHERE dept_id IS NOT NULL GROUP BY dept_id HAVING SUM(salary) > 200000 ORDER BY dept_id;

-- name: group_by_expression
SELECT EXTRACT(YEAR FROM order_date) AS yr, COUNT(*) AS n FROM orders GROUP BY EXTRACT(YEAR FROM order_date) ORDER BY yr;

-- name: group_by_ordinal
SELECT status, COUNT(*) FROM orders GROUP BY 1 ORDER BY 1;

-- name: rollup_two_levels
SELECT category, discontinued, COUNT(*) AS n FROM products
WHERE category IS NOT NULL
GROUP BY ROLLUP (category, discontinued)
ORDER BY category NULLS LAST, discontinued NULLS LAST;

-- name: string_agg_ordered
SELECT dept_id, STRING_AGG(first_name, ', ' ORDER BY id) AS names FROM employees
WHERE dept_id IS NOT NULL GROUP BY dept_id ORDER BY dept_id;

-- name: avg_of_integers
SELECT AVG(quantity) AS avg_q, SUM(quantity) AS sum_q FROM order_items;

-- name: aggregate_empty_input
SELECT COUNT(*) AS n, SUM(amount) AS s, MAX(amount) AS m FROM ledger WHERE account = 'none';

-- name: having_without_group_by_rows
SELECT COUNT(*) AS n FROM products HAVING COUNT(*) > 5;

-- name: bool_and_or
SELECT dept_id, BOOL_AND(is_active) AS all_active, BOOL_OR(commission IS NOT NULL) AS any_comm
FROM employees WHERE dept_id IS NOT NULL GROUP BY dept_id ORDER BY dept_id;

-- name: count_distinct_expression
SELECT COUNT(DISTINCT customer_id) AS customers, COUNT(DISTINCT employee_id) AS staff FROM orders;

-- name: sum_case_pivot
SELECT customer_id,
       SUM(CASE WHEN status = 'shipped' THEN 1 ELSE 0 END) AS shipped,
       SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending
FROM orders GROUP BY customer_id ORDER BY customer_id;

-- name: group_by_two_columns_having_avg
SELECT country, is_vip, COUNT(*) AS n FROM customers GROUP BY country, is_vip
HAVING COUNT(*) >= 1 ORDER BY country, is_vip;

-- name: stddev_variance
SELECT ROUND(STDDEV_SAMP(price), 4) AS sd, ROUND(VAR_POP(stock), 4) AS vp FROM products;
