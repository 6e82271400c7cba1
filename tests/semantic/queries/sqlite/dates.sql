-- SQLite source: date and time functions.

-- name: strftime_year_month
SELECT id, strftime('%Y', hire_date) AS y, strftime('%m', hire_date) AS m FROM employees ORDER BY id;

-- name: date_modifier_days
SELECT id, date(order_date, '+10 days') AS d FROM orders ORDER BY id;

-- name: date_modifier_months
SELECT id, date(hire_date, '+1 month') AS d FROM employees WHERE id IN (1, 2, 3) ORDER BY id;

-- name: datetime_modifier_hours
SELECT id, datetime(entry_ts, '+90 minutes') AS t FROM ledger ORDER BY id;

-- name: julianday_difference
SELECT id, CAST(julianday(shipped_at) - julianday(order_date) AS INTEGER) AS days FROM orders WHERE shipped_at IS NOT NULL ORDER BY id;

-- name: start_of_month
SELECT id, date(order_date, 'start of month') AS m FROM orders ORDER BY id;

-- name: strftime_full_format
SELECT id, strftime('%d/%m/%Y %H:%M', last_login) AS f FROM employees WHERE last_login IS NOT NULL ORDER BY id;

-- name: strftime_weekday
SELECT id, strftime('%w', order_date) AS dow FROM orders ORDER BY id;

-- name: date_of_timestamp
SELECT id, date(signup_ts) AS d, time(signup_ts) AS t FROM customers ORDER BY id;

-- name: group_by_month_text
SELECT strftime('%Y-%m', entry_ts) AS ym, SUM(amount) AS s FROM ledger GROUP BY ym ORDER BY ym;

-- name: date_compare_text
SELECT id FROM employees WHERE hire_date >= '2020-01-01' ORDER BY id;

-- name: current_date_sanity
SELECT COUNT(*) AS n FROM orders WHERE order_date < date('now') AND CURRENT_TIMESTAMP > '2000-01-01';

-- name: strftime_day_of_year
SELECT id, CAST(strftime('%j', order_date) AS INTEGER) AS doy FROM orders ORDER BY id;

-- name: date_literal_function
SELECT date('2024-02-28', '+1 day') AS leap, date('2023-02-28', '+1 day') AS normal;

-- name: days_between_literals
SELECT julianday('2024-03-01') - julianday('2024-02-01') AS days;

-- name: last_day_of_month_modifiers
SELECT id, date(order_date, 'start of month', '+1 month', '-1 day') AS eom FROM orders WHERE id <= 5 ORDER BY id;
