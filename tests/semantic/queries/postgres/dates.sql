-- PostgreSQL source: dates, timestamps, intervals, EXTRACT and formatting.

-- name: extract_parts
SELECT id, EXTRACT(YEAR FROM hire_date) AS y, EXTRACT(MONTH FROM hire_date) AS m, EXTRACT(DAY FROM hire_date) AS d
FROM employees ORDER BY id;

-- name: extract_time_parts
SELECT id, EXTRACT(HOUR FROM entry_ts) AS h, EXTRACT(MINUTE FROM entry_ts) AS mi, EXTRACT(SECOND FROM entry_ts) AS s
FROM ledger ORDER BY id;

-- name: date_plus_integer
SELECT id, order_date + 30 AS due FROM orders ORDER BY id;

-- name: date_plus_interval
SELECT id, hire_date + INTERVAL '1 year' AS anniversary FROM employees WHERE id <= 5 ORDER BY id;

-- name: timestamp_minus_interval
SELECT id, entry_ts - INTERVAL '2 hours' AS earlier FROM ledger WHERE id <= 5 ORDER BY id;

-- name: date_difference_days
SELECT id, shipped_at::date - order_date AS days FROM orders WHERE shipped_at IS NOT NULL ORDER BY id;

-- name: date_trunc_month
SELECT DATE_TRUNC('month', order_date)::date AS month, COUNT(*) AS n FROM orders GROUP BY 1 ORDER BY 1;

-- name: to_char_formats
SELECT id, TO_CHAR(hire_date, 'YYYY-MM') AS ym, TO_CHAR(last_login, 'YYYY-MM-DD HH24:MI') AS lm
FROM employees ORDER BY id;

-- name: to_char_day_month_names
SELECT id, TO_CHAR(order_date, 'DD/MM/YYYY') AS d FROM orders WHERE id <= 6 ORDER BY id;

-- name: cast_string_to_date
SELECT CAST('2024-02-28' AS DATE) + 2 AS d, DATE '2023-12-31' + 1 AS n;

-- name: date_comparison_with_literal
SELECT id FROM orders WHERE order_date >= '2023-06-01' AND order_date < '2023-09-01' ORDER BY id;

-- name: current_date_is_recent
SELECT COUNT(*) AS n FROM employees WHERE hire_date < CURRENT_DATE AND CURRENT_TIMESTAMP > TIMESTAMP '2020-01-01 00:00:00';

-- name: day_of_week
SELECT id, EXTRACT(DOW FROM order_date) AS dow FROM orders ORDER BY id;

-- name: group_by_year_month
SELECT EXTRACT(YEAR FROM entry_ts) AS y, EXTRACT(MONTH FROM entry_ts) AS m, SUM(amount) AS total
FROM ledger GROUP BY 1, 2 ORDER BY 1, 2;

-- name: age_in_years_via_extract
SELECT id, EXTRACT(YEAR FROM DATE '2024-06-30') - EXTRACT(YEAR FROM hire_date) AS years FROM employees ORDER BY id;

-- name: make_date_leap
SELECT MAKE_DATE(2024, 2, 29) AS d, DATE '2024-02-29' + INTERVAL '1 year' AS next_year;

-- name: timestamp_to_date_cast
SELECT id, CAST(signup_ts AS DATE) AS d FROM customers ORDER BY id;
