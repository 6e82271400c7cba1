-- MySQL/MariaDB source: date functions.

-- name: year_month_day_functions
SELECT id, YEAR(order_date) AS y, MONTH(order_date) AS m, DAY(order_date) AS d FROM orders ORDER BY id;

-- name: date_add_interval_day
SELECT id, DATE_ADD(order_date, INTERVAL 7 DAY) AS week_later FROM orders ORDER BY id;

-- name: date_sub_interval_month
SELECT id, DATE_SUB(hire_date, INTERVAL 1 MONTH) AS prev FROM employees WHERE id IN (4, 6, 13) ORDER BY id;

-- name: interval_plus_operator
SELECT id, order_date + INTERVAL 1 YEAR AS next_year FROM orders WHERE id <= 4 ORDER BY id;

-- name: datediff_days
SELECT id, DATEDIFF(shipped_at, order_date) AS days FROM orders WHERE shipped_at IS NOT NULL ORDER BY id;

-- name: timestampdiff_units
SELECT id, TIMESTAMPDIFF(MONTH, hire_date, '2024-01-01') AS months, TIMESTAMPDIFF(YEAR, hire_date, '2024-01-01') AS years FROM employees ORDER BY id;

-- name: date_format_common
SELECT id, DATE_FORMAT(last_login, '%Y-%m-%d %H:%i:%s') AS a, DATE_FORMAT(hire_date, '%d.%m.%Y') AS b FROM employees ORDER BY id;

-- name: date_format_year_month
SELECT DATE_FORMAT(order_date, '%Y-%m') AS ym, COUNT(*) AS n FROM orders GROUP BY ym ORDER BY ym;

-- name: extract_from_datetime
SELECT id, EXTRACT(HOUR FROM entry_ts) AS h, EXTRACT(YEAR FROM entry_ts) AS y FROM ledger ORDER BY id;

-- name: dayofweek_mysql
SELECT id, DAYOFWEEK(order_date) AS dow, WEEKDAY(order_date) AS wd FROM orders ORDER BY id;

-- name: date_function_truncates
SELECT id, DATE(shipped_at) AS shipped_day FROM orders WHERE shipped_at IS NOT NULL ORDER BY id;

-- name: last_day_of_month
SELECT id, LAST_DAY(order_date) AS eom FROM orders WHERE id <= 5 ORDER BY id;

-- name: str_to_date_parse
SELECT STR_TO_DATE('31/12/2023', '%d/%m/%Y') AS d;

-- name: curdate_now_sanity
SELECT COUNT(*) AS n FROM orders WHERE order_date <= CURDATE() AND shipped_at IS NULL AND NOW() > '2000-01-01';

-- name: time_part_hour_minute
SELECT id, HOUR(last_login) AS h, MINUTE(last_login) AS m FROM employees WHERE last_login IS NOT NULL ORDER BY id;

-- name: dayofyear_and_quarter
SELECT id, DAYOFYEAR(order_date) AS doy, QUARTER(order_date) AS q FROM orders ORDER BY id;
