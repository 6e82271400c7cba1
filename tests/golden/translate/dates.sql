-- Date arithmetic, intervals, EXTRACT, formatting and parsing between the three dialects.
-- from: postgres
-- to: mysql sqlite
SELECT order_date + 30, order_date - 7, shipped_at::date - order_date FROM orders;
SELECT hire_date + INTERVAL '1 year', entry_ts - INTERVAL '2 hours', d + INTERVAL '1 year 2 months' FROM t;
SELECT EXTRACT(YEAR FROM d), EXTRACT(DOW FROM d), EXTRACT(DOY FROM d), EXTRACT(SECOND FROM ts) FROM t;
SELECT TO_CHAR(d, 'YYYY-MM-DD HH24:MI:SS'), TO_CHAR(d, 'DD/MM/YYYY'), TO_CHAR(d, 'FMMonth YYYY') FROM t;
SELECT DATE_TRUNC('month', d), MAKE_DATE(2024, 2, 29), NOW(), CURRENT_DATE, CURRENT_TIMESTAMP FROM t;
SELECT DATE '2024-02-28' + 1, TIMESTAMP '2024-01-10 00:00:00';
-- from: mysql
-- to: postgres sqlite
SELECT DATE_ADD(order_date, INTERVAL 7 DAY), DATE_SUB(d, INTERVAL 1 MONTH), order_date + INTERVAL 1 YEAR FROM t;
SELECT DATEDIFF(a, b), TIMESTAMPDIFF(MONTH, a, b), TIMESTAMPDIFF(DAY, a, b) FROM t;
SELECT YEAR(d), MONTH(d), DAY(d), DAYOFWEEK(d), WEEKDAY(d), QUARTER(d), DAYOFYEAR(d), HOUR(t) FROM t;
SELECT DATE_FORMAT(d, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(d, '%d.%m.%Y'), DATE(ts), LAST_DAY(d) FROM t;
SELECT STR_TO_DATE('31/12/2023', '%d/%m/%Y'), CURDATE(), NOW();
-- from: sqlite
-- to: postgres mysql
SELECT strftime('%Y', d), strftime('%Y-%m', d), strftime('%w', d), strftime('%j', d) FROM t;
SELECT date(d, '+10 days'), date(d, '+1 month'), datetime(ts, '+90 minutes'), date(d, 'start of month', '+1 month', '-1 day') FROM t;
SELECT julianday(a) - julianday(b), date('now'), time(ts) FROM t;
