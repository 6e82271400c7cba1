-- SQLite source: window functions.

-- name: row_number_by_customer
SELECT id, customer_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY order_date, id) AS nth FROM orders ORDER BY id;

-- name: rank_dense_rank_salary
SELECT id, RANK() OVER (ORDER BY salary) AS r, DENSE_RANK() OVER (ORDER BY salary) AS dr FROM employees ORDER BY id;

-- name: running_balance_per_account
SELECT id, account, SUM(amount) OVER (PARTITION BY account ORDER BY id) AS bal FROM ledger ORDER BY id;

-- name: groups_frame
SELECT id, SUM(amount) OVER (ORDER BY entry_ts GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s FROM ledger ORDER BY id;

-- name: rows_frame_exclude_none
SELECT id, COUNT(*) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) AS prev3 FROM ledger ORDER BY id;

-- name: lag_lead_defaults
SELECT id, LAG(amount, 1, 0) OVER (ORDER BY id) AS p, LEAD(amount, 1, 0) OVER (ORDER BY id) AS n FROM ledger ORDER BY id;

-- name: window_filter_clause
SELECT id, COUNT(*) FILTER (WHERE amount < 0) OVER (ORDER BY id) AS debits_so_far FROM ledger ORDER BY id;

-- name: percent_rank_sqlite
SELECT id, ROUND(PERCENT_RANK() OVER (ORDER BY price), 4) AS pr FROM products ORDER BY id;

-- name: last_value_default_frame
SELECT id, LAST_VALUE(salary) OVER (ORDER BY salary) AS lv FROM employees ORDER BY id;

-- name: named_window_sqlite
SELECT id, MIN(amount) OVER win AS lo, MAX(amount) OVER win AS hi FROM ledger WINDOW win AS (PARTITION BY account) ORDER BY id;

-- name: ntile_sqlite
SELECT id, NTILE(5) OVER (ORDER BY id) AS t FROM customers ORDER BY id;

-- name: window_over_aggregate
-- note: wrapped in a derived table because MariaDB 10.11 ignores a plain ORDER BY column here
SELECT dept_id, total, r FROM (
  SELECT dept_id, SUM(salary) AS total, RANK() OVER (ORDER BY SUM(salary) DESC) AS r FROM employees
  WHERE dept_id IS NOT NULL GROUP BY dept_id) t
ORDER BY dept_id;
