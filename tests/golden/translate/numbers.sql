-- Division, remainders, rounding, GREATEST / LEAST, variance, booleans, casts.
-- from: postgres
-- to: mysql sqlite
SELECT 7 / 2, 7.0 / 2, 7 / 2.0, -7 / 2, 7 % 3;
SELECT a / b FROM nums;
SELECT a::numeric / b, CAST(a AS REAL) / b FROM nums;
SELECT (SELECT COUNT(*) FROM t) / 6, SUM(x) / COUNT(*) FROM t;
SELECT GREATEST(price, 50), LEAST(a, b, 10) FROM t;
SELECT VARIANCE(x), STDDEV(x), VAR_POP(x), STDDEV_SAMP(x) FROM t;
SELECT ROUND(x, 1), ROUND(x), TRUNC(x, 2), CEIL(x), POWER(2, 10), 2 ^ 3, LOG(100), LN(2) FROM t;
SELECT TRUE, FALSE, NOT TRUE, x IS TRUE, x IS NOT FALSE FROM t;
SELECT CAST(3.9 AS INTEGER), CAST('42' AS INT), CAST(x AS VARCHAR(10)), CAST(x AS NUMERIC(6, 2)), CAST(d AS DATE) FROM t;
SELECT BOOL_AND(a), BOOL_OR(b), COUNT(*) FILTER (WHERE c > 1), DIV(7, 2), MOD(7, 2) FROM t;
-- from: mysql
-- to: postgres sqlite
SELECT 1 / 4, 10 DIV 4, a DIV b, a MOD b, 5 / 2 * 2 FROM t;
SELECT GREATEST(a, b), LEAST(a, b, 1) FROM nums;
SELECT VARIANCE(x), STD(x), STDDEV_SAMP(x) FROM t;
SELECT CAST('42' AS SIGNED), CAST(3 AS UNSIGNED), CAST(x AS CHAR), CAST(x AS DECIMAL(10,1)), CONVERT('17', SIGNED) FROM t;
SELECT TRUNCATE(d, 1), LOG(10), POW(3, 3), 0x41 + 0, (a > 0) XOR (b > 0) FROM t;
SELECT SUM(is_active = TRUE), COUNT(DISTINCT a, b) FROM t WHERE flag = 1;
-- from: sqlite
-- to: postgres mysql
SELECT 9 / 2, 9 / 2.0, 7.5 % 2, CAST(x AS INTEGER), CAST(x AS REAL) FROM t;
SELECT max(a, b), min(a, b), total(x), group_concat(name, '; ') FROM t;
