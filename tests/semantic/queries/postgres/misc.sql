-- PostgreSQL source: CASE, CAST, NULL functions, division, booleans, math.

-- name: case_searched
SELECT id, CASE WHEN salary >= 100000 THEN 'high' WHEN salary >= 60000 THEN 'mid' ELSE 'low' END AS band
FROM employees ORDER BY id;

-- name: case_simple_no_else
SELECT id, CASE status WHEN 'shipped' THEN 1 WHEN 'returned' THEN -1 END AS s FROM orders ORDER BY id;

-- name: coalesce_nullif
SELECT id, COALESCE(commission, 0) AS c, NULLIF(stock, 0) AS s FROM employees e JOIN products p USING (id) ORDER BY id;

-- name: integer_division
SELECT id, a / b AS q, a % b AS r FROM nums WHERE b IS NOT NULL AND a IS NOT NULL ORDER BY id;

-- name: exact_division
SELECT id, a::numeric / b AS q FROM nums WHERE b IS NOT NULL AND a IS NOT NULL ORDER BY id;

-- name: division_mixed_decimal
SELECT 7 / 2 AS i, 7.0 / 2 AS e, 7 / 2.0 AS f, -7 / 2 AS n;

-- name: mod_function_negative
SELECT MOD(-7, 3) AS a, MOD(7, -3) AS b, -7 % 3 AS c;

-- name: abs_sign_round
SELECT id, ABS(x) AS ax, SIGN(d) AS sd, ROUND(d, 1) AS rd, ROUND(d) AS r0 FROM nums ORDER BY id;

-- name: ceil_floor
SELECT id, CEIL(x) AS c, FLOOR(x) AS f, CEILING(d) AS cd FROM nums ORDER BY id;

-- name: power_sqrt
SELECT POWER(2, 10) AS p, SQRT(16) AS s, 2 ^ 3 AS caret;

-- name: greatest_least
SELECT id, GREATEST(price, 50) AS g, LEAST(stock, 10) AS l FROM products ORDER BY id;

-- name: boolean_literals_and_ops
SELECT TRUE AS t, FALSE AS f, NOT TRUE AS nt, TRUE AND NULL AS tn, FALSE OR NULL AS fn;

-- name: boolean_expression_select
SELECT id, price > 100 AS expensive, discontinued OR stock <= 0 AS unavailable FROM products ORDER BY id;

-- name: cast_to_varchar_and_numeric
SELECT CAST(42 AS VARCHAR(10)) AS s, CAST('12.5' AS NUMERIC(6,2)) AS n, CAST(3.9 AS INTEGER) AS i;

-- name: cast_boolean_to_int
SELECT id, CAST(is_active AS INTEGER) AS a FROM employees ORDER BY id;

-- name: case_in_order_by
SELECT id, status FROM orders ORDER BY CASE status WHEN 'pending' THEN 0 WHEN 'shipped' THEN 1 ELSE 2 END, id;

-- name: case_with_aggregate
SELECT dept_id, CASE WHEN COUNT(*) > 3 THEN 'big' ELSE 'small' END AS size FROM employees
WHERE dept_id IS NOT NULL GROUP BY dept_id ORDER BY dept_id;

-- name: nullif_division_guard
SELECT id, a / NULLIF(a, 0) AS one FROM nums WHERE a IS NOT NULL ORDER BY id;

-- name: float_arithmetic
SELECT id, x * 2 AS dbl, x + 0.5 AS plus FROM nums WHERE x IS NOT NULL ORDER BY id;

-- name: decimal_arithmetic
SELECT id, price * 3 AS p3, price - cost AS margin, price * 1.19 AS gross FROM products ORDER BY id;

-- name: in_boolean_context_count
SELECT COUNT(*) FILTER (WHERE rating > 4) AS top, COUNT(*) FILTER (WHERE rating < 0) AS negative FROM employees;
