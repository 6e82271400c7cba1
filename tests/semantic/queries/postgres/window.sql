-- PostgreSQL source: window functions, frames and named windows.

-- name: row_number_partition
SELECT id, dept_id, salary, ROW_NUMBER() OVER (PARTITION BY dept_id ORDER BY salary DESC, id) AS rn
FROM employees ORDER BY id;

-- name: rank_and_dense_rank_ties
SELECT id, salary, RANK() OVER (ORDER BY salary DESC) AS r, DENSE_RANK() OVER (ORDER BY salary DESC) AS dr
FROM employees ORDER BY id;

-- name: running_total_rows_frame
SELECT id, account, amount,
       SUM(amount) OVER (PARTITION BY account ORDER BY entry_ts, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS balance
FROM ledger ORDER BY id;

-- name: moving_avg_rows
SELECT id, amount, AVG(amount) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS mavg
FROM ledger ORDER BY id;

-- name: lag_lead
SELECT id, amount, LAG(amount) OVER (ORDER BY id) AS prev, LEAD(amount, 2, 0) OVER (ORDER BY id) AS next2
FROM ledger WHERE account = 'bank' ORDER BY id;

-- name: first_last_value
SELECT id, dept_id,
       FIRST_VALUE(first_name) OVER w AS first_hired,
       LAST_VALUE(first_name) OVER (PARTITION BY dept_id ORDER BY hire_date, id
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_hired
FROM employees WHERE dept_id IS NOT NULL
WINDOW w AS (PARTITION BY dept_id ORDER BY hire_date, id)
ORDER BY id;

-- name: ntile_quartiles
SELECT id, price, NTILE(4) OVER (ORDER BY price, id) AS quartile FROM products ORDER BY id;

-- name: percent_rank_cume_dist
SELECT id, PERCENT_RANK() OVER (ORDER BY a) AS pr, CUME_DIST() OVER (ORDER BY a) AS cd
FROM nums WHERE a IS NOT NULL ORDER BY id;

-- name: window_count_partition_no_order
SELECT id, status, COUNT(*) OVER (PARTITION BY status) AS same_status FROM orders ORDER BY id;

-- name: range_frame_numeric
SELECT id, a, SUM(a) OVER (ORDER BY a RANGE BETWEEN 3 PRECEDING AND 3 FOLLOWING) AS s
FROM nums WHERE a IS NOT NULL ORDER BY id;

-- name: window_in_subquery_filter
SELECT id, dept_id, salary FROM (
  SELECT id, dept_id, salary, DENSE_RANK() OVER (PARTITION BY dept_id ORDER BY salary DESC) AS r
  FROM employees WHERE dept_id IS NOT NULL) t
WHERE r = 1 ORDER BY id;

-- name: nth_value_frame
SELECT id, NTH_VALUE(amount, 2) OVER (PARTITION BY account ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS second_amount
FROM ledger ORDER BY id;

-- name: sum_over_whole_partition_percent
SELECT id, dept_id, ROUND(100.0 * salary / SUM(salary) OVER (PARTITION BY dept_id), 2) AS pct
FROM employees WHERE dept_id = 2 ORDER BY id;

-- name: filter_clause_aggregate
SELECT dept_id, COUNT(*) FILTER (WHERE is_active) AS active, COUNT(*) FILTER (WHERE NOT is_active) AS inactive
FROM employees GROUP BY dept_id ORDER BY dept_id NULLS FIRST;
