-- MySQL/MariaDB source: IF, IFNULL, CASE, CAST, division, math.

-- name: if_function
SELECT id, IF(salary > 90000, 'senior', 'junior') AS grade FROM employees ORDER BY id;

-- name: if_with_null_condition
SELECT id, IF(commission > 10, 'yes', 'no') AS big_commission FROM employees ORDER BY id;

-- name: ifnull_numeric
SELECT id, salary + IFNULL(commission, 0) * 100 AS total FROM employees ORDER BY id;

-- name: nullif_and_coalesce
SELECT id, NULLIF(nickname, '') AS n, COALESCE(email, nickname, 'none') AS c FROM employees ORDER BY id;

-- name: decimal_division
SELECT id, a / b AS q FROM nums WHERE b IS NOT NULL AND a IS NOT NULL ORDER BY id;

-- name: div_operator
SELECT id, a DIV b AS q, a MOD b AS m, a % b AS p FROM nums WHERE b IS NOT NULL AND a IS NOT NULL ORDER BY id;

-- name: division_literal
SELECT 1 / 4 AS q, 10 DIV 4 AS i, 5 / 2 * 2 AS r;

-- name: cast_signed_unsigned
SELECT CAST('42' AS SIGNED) AS s, CAST(3 AS UNSIGNED) + 1 AS u, CAST(-2.7 AS SIGNED) AS neg;

-- name: cast_char_decimal
SELECT id, CAST(price AS CHAR) AS pc, CAST(weight_kg AS DECIMAL(10,1)) AS w FROM products ORDER BY id;

-- name: convert_function
SELECT CONVERT('17', SIGNED) AS i, CONVERT(12.345, DECIMAL(5,2)) AS d;

-- name: case_simple_mysql
SELECT id, CASE dept_id WHEN 1 THEN 'eng' WHEN 2 THEN 'sales' ELSE 'other' END AS d FROM employees ORDER BY id;

-- name: round_truncate
SELECT id, ROUND(d, 2) AS r, TRUNCATE(d, 1) AS t FROM nums WHERE d IS NOT NULL ORDER BY id;

-- name: pow_sqrt_mod
SELECT POW(3, 3) AS p, SQRT(2) AS s, MOD(17, 5) AS m, PI() AS pi;

-- name: greatest_least_with_null
SELECT id, GREATEST(a, b) AS g, LEAST(a, b) AS l FROM nums ORDER BY id;

-- name: boolean_true_false_sum
SELECT SUM(is_active = TRUE) AS active, SUM(is_active = FALSE) AS inactive FROM employees;

-- name: floor_ceil_abs
SELECT id, FLOOR(x) AS f, CEIL(x) AS c, ABS(a) AS aa FROM nums ORDER BY id;

-- name: nested_if_ifnull
SELECT id, IF(IFNULL(rating, 0) >= 4, 'top', IF(rating IS NULL, 'unrated', 'ok')) AS r FROM employees ORDER BY id;

-- name: sign_and_exp_ln
SELECT SIGN(-3) AS s, ROUND(EXP(1), 6) AS e, ROUND(LN(10), 6) AS l, ROUND(LOG10(1000), 6) AS lg;
