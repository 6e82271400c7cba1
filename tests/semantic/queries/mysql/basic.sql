-- MySQL/MariaDB source: projections, WHERE, operators and predicates.

-- name: select_star_backticks
SELECT * FROM `departments` ORDER BY `id`;

-- name: where_precedence_and_or
SELECT id, last_name FROM employees WHERE dept_id = 2 AND salary > 55000 OR dept_id = 5 ORDER BY id;

-- name: between_and_not
SELECT id, price FROM products WHERE price NOT BETWEEN 10 AND 500 ORDER BY id;

-- name: in_list_strings
SELECT id, country FROM customers WHERE country IN ('DE', 'FR', 'JP') ORDER BY id;

-- name: null_safe_equal
SELECT id FROM employees WHERE commission <=> NULL ORDER BY id;

-- name: null_safe_equal_values
SELECT id, nickname <=> 'Ali' AS is_ali FROM employees WHERE id <= 5 ORDER BY id;

-- name: double_quoted_string_literal
SELECT id FROM departments WHERE name = "sales";

-- name: backslash_escape_in_string
SELECT 'it\'s' AS a, CONCAT('x', 'y\'z') AS b;

-- name: pipes_are_or
SELECT id FROM products WHERE stock = 0 || price > 1000 ORDER BY id;

-- name: and_or_symbols
SELECT id FROM products WHERE (stock > 100 && price < 20) OR id = 7 ORDER BY id;

-- name: not_operator_bang
SELECT id FROM employees WHERE !is_active ORDER BY id;

-- name: is_true_is_unknown
SELECT id, is_active IS TRUE AS t, (rating > 4) IS NOT TRUE AS nt FROM employees ORDER BY id;

-- name: boolean_compare_true
SELECT id, name FROM products WHERE discontinued = TRUE ORDER BY id;

-- name: distinct_multi_column
-- unordered
SELECT DISTINCT dept_id, is_active FROM employees;

-- name: arithmetic_unary
SELECT id, -a AS n, a * -1 AS m, +b AS p FROM nums ORDER BY id;

-- name: xor_operator
SELECT id, (a > 0) XOR (b > 0) AS x FROM nums WHERE a IS NOT NULL AND b IS NOT NULL ORDER BY id;

-- name: column_alias_without_as
SELECT id ident, salary monthly FROM employees WHERE id IN (1, 2, 3) ORDER BY ident;

-- name: where_on_datetime_string
SELECT id, last_login FROM employees WHERE last_login > '2024-01-12 00:00:00' ORDER BY id;

-- name: hex_and_bit_literals
SELECT 0x41 + 0 AS h, 10 & 6 AS band, 10 | 6 AS bor, 1 << 4 AS shl;

-- name: not_in_subselect_literal
SELECT id FROM products WHERE category NOT IN ('accessories', 'kitchen') ORDER BY id;

-- name: empty_string_not_null
SELECT id, nickname = '' AS e, nickname IS NULL AS n FROM employees ORDER BY id;

-- name: unicode_in_where
SELECT id, name FROM customers WHERE city IN ('München', 'Göteborg') ORDER BY id;
