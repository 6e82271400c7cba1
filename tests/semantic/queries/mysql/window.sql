-- MySQL/MariaDB source: window functions.

-- name: row_number_global
SELECT id, ROW_NUMBER() OVER (ORDER BY hire_date, id) AS seniority FROM employees ORDER BY id;

-- name: rank_per_category
SELECT id, category, RANK() OVER (PARTITION BY category ORDER BY stock DESC) AS r FROM products ORDER BY id;

-- name: cumulative_sum_default_frame
SELECT id, amount, SUM(amount) OVER (ORDER BY id) AS running FROM ledger ORDER BY id;

-- name: running_sum_range_ties
SELECT id, entry_ts, SUM(amount) OVER (ORDER BY entry_ts) AS running FROM ledger ORDER BY id;

-- name: lag_with_default
SELECT id, order_date, LAG(order_date, 1) OVER (ORDER BY order_date, id) AS prev_date FROM orders ORDER BY id;

-- name: lead_partitioned
SELECT id, account, LEAD(amount) OVER (PARTITION BY account ORDER BY id) AS next_amount FROM ledger ORDER BY id;

-- name: avg_window_frame_following
SELECT id, amount, AVG(amount) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS smooth FROM ledger ORDER BY id;

-- name: min_max_partition
SELECT id, dept_id, salary - MIN(salary) OVER (PARTITION BY dept_id) AS above_min, MAX(salary) OVER (PARTITION BY dept_id) AS top
FROM employees WHERE dept_id IS NOT NULL ORDER BY id;

-- name: named_window_clause
SELECT order_id, line_no, SUM(quantity) OVER w AS s, COUNT(*) OVER w AS c FROM order_items
WINDOW w AS (PARTITION BY order_id ORDER BY line_no) ORDER BY order_id, line_no;

-- name: dense_rank_top3
SELECT * FROM (SELECT id, price, DENSE_RANK() OVER (ORDER BY price DESC) AS dr FROM products) x WHERE dr <= 3 ORDER BY id;

-- name: ntile_three
SELECT id, NTILE(3) OVER (ORDER BY salary, id) AS bucket FROM employees ORDER BY id;

-- name: first_value_partition
SELECT id, FIRST_VALUE(id) OVER (PARTITION BY customer_id ORDER BY order_date, id) AS first_order FROM orders ORDER BY id;
