-- SQLite source: CASE, IIF, IFNULL, CAST, division, math.

-- name: iif_function
SELECT id, iif(stock > 0, 'in stock', 'out') AS s FROM products ORDER BY id;

-- name: ifnull_sqlite
SELECT id, ifnull(commission, 0) AS c FROM employees ORDER BY id;

-- name: nullif_sqlite
SELECT id, nullif(stock, 0) AS s FROM products ORDER BY id;

-- name: case_searched_sqlite
SELECT id, CASE WHEN amount > 0 THEN 'credit' WHEN amount < 0 THEN 'debit' ELSE 'zero' END AS k FROM ledger ORDER BY id;

-- name: integer_division_sqlite
SELECT id, a / b AS q, a % b AS r FROM nums WHERE a IS NOT NULL AND b IS NOT NULL ORDER BY id;

-- name: real_division_sqlite
SELECT id, CAST(a AS REAL) / b AS q FROM nums WHERE a IS NOT NULL AND b IS NOT NULL ORDER BY id;

-- name: division_literals_sqlite
SELECT 9 / 2 AS i, 9 / 2.0 AS r, 9.0 / 4 AS s, -9 / 2 AS n;

-- name: cast_text_integer_real
SELECT CAST('42' AS INTEGER) AS i, CAST('2.5' AS REAL) AS r, CAST(17 AS TEXT) AS t;

-- name: cast_real_to_integer_truncates
SELECT id, CAST(x AS INTEGER) AS xi FROM nums WHERE x IS NOT NULL ORDER BY id;

-- name: round_sqlite
SELECT id, round(d, 1) AS r1, round(d) AS r0 FROM nums WHERE d IS NOT NULL ORDER BY id;

-- name: abs_and_sign
SELECT id, abs(a) AS aa, sign(a) AS sa FROM nums ORDER BY id;

-- name: math_functions
SELECT sqrt(81) AS s, pow(2, 8) AS p, floor(-2.5) AS f, ceil(2.1) AS c;

-- name: boolean_expressions_as_values
SELECT id, stock > 10 AS plenty, discontinued AND stock = 0 AS gone FROM products ORDER BY id;

-- name: case_simple_sqlite
SELECT id, CASE account WHEN 'cash' THEN 1 WHEN 'bank' THEN 2 ELSE 3 END AS code FROM ledger ORDER BY id;

-- name: coalesce_numeric_mixed
SELECT id, coalesce(x, d, a, 0) AS v FROM nums ORDER BY id;

-- name: modulo_negative
SELECT -7 % 3 AS a, 7 % -3 AS b, 7.5 % 2 AS c;

-- name: between_with_expressions
SELECT id FROM products WHERE price - cost BETWEEN 5 AND 50 ORDER BY id;

-- name: case_null_when
SELECT id, CASE WHEN commission IS NULL THEN 'none' ELSE 'some' END AS c FROM employees ORDER BY id;
