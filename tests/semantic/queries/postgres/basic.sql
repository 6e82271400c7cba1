-- PostgreSQL source: projections, WHERE, operators and predicates.

-- name: select_star_order
SELECT * FROM departments ORDER BY id;

-- name: where_and_or_precedence
SELECT id, first_name FROM employees
WHERE dept_id = 1 OR dept_id = 2 AND salary > 60000
ORDER BY id;

-- name: between_numeric
SELECT id, name, price FROM products WHERE price BETWEEN 10 AND 100 ORDER BY id;

-- name: not_between_dates
SELECT id, hire_date FROM employees
WHERE hire_date NOT BETWEEN DATE '2015-01-01' AND DATE '2020-12-31'
ORDER BY id;

-- name: in_list
SELECT id, status FROM orders WHERE status IN ('pending', 'returned') ORDER BY id;

-- name: not_in_list_with_nulls
SELECT id FROM employees WHERE dept_id NOT IN (1, 2) ORDER BY id;

-- name: is_null_and_is_not_null
SELECT id, email IS NULL AS no_email, commission IS NOT NULL AS has_commission
FROM employees ORDER BY id;

-- name: is_distinct_from
SELECT id FROM employees WHERE nickname IS DISTINCT FROM 'Ali' ORDER BY id;

-- name: is_not_distinct_from_null
SELECT id FROM employees WHERE commission IS NOT DISTINCT FROM NULL ORDER BY id;

-- name: boolean_column_filter
SELECT id, name FROM products WHERE NOT discontinued AND stock > 0 ORDER BY id;

-- name: is_true_is_false
SELECT id, is_active IS TRUE AS a, is_active IS NOT TRUE AS b FROM employees ORDER BY id;

-- name: arithmetic_precedence
SELECT id, a + b * 2 AS x, (a + b) * 2 AS y, -a AS neg, a - -b AS z FROM nums ORDER BY id;

-- name: distinct_values
-- unordered
SELECT DISTINCT category FROM products;

-- name: distinct_on_first_hire_per_dept
SELECT DISTINCT ON (dept_id) dept_id, id, first_name, hire_date
FROM employees WHERE dept_id IS NOT NULL
ORDER BY dept_id, hire_date, id;

-- name: column_alias_quoted
SELECT id AS "Employee Id", salary * 12 AS "yearly" FROM employees WHERE id < 4 ORDER BY "Employee Id";

-- name: comparison_chain
SELECT id FROM products WHERE price > cost * 2 AND NOT (stock < 0) ORDER BY id;

-- name: in_list_numbers_expression
SELECT id, a FROM nums WHERE a IN (7, -7, 100 - 85) ORDER BY id;

-- name: where_on_timestamp
SELECT id, last_login FROM employees
WHERE last_login >= TIMESTAMP '2024-01-10 00:00:00' ORDER BY last_login, id;

-- name: null_arithmetic
SELECT id, salary + commission AS total, commission * 2 AS dbl FROM employees ORDER BY id;

-- name: empty_string_vs_null
SELECT id, nickname = '' AS is_empty, nickname IS NULL AS is_null FROM employees ORDER BY id;

-- name: unicode_literal_filter
SELECT id, first_name, last_name FROM employees WHERE last_name IN ('Dvořák', 'García', 'Zimmermann') ORDER BY id;

-- name: escaped_quote_literal
SELECT id FROM employees WHERE last_name = 'O''Brien';

-- name: e_string_escape
SELECT id, name FROM customers WHERE name = E'Acme Corp' OR name = E'Hoo\x6ci' ORDER BY id;

-- name: dollar_quoted_string
SELECT $$it's quoted$$ AS s, $tag$a$b$tag$ AS t;

-- name: cast_operator
SELECT id, price::integer AS p, '42'::int + 1 AS n, stock::text AS s FROM products WHERE id <= 5 ORDER BY id;

-- name: numeric_literal_forms
SELECT 1.5e2 AS a, .5 AS b, 10. AS c, 0.001 AS d;
