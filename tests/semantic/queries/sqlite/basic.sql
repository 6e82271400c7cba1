-- SQLite source: projections, WHERE, operators and predicates.

-- name: select_star_order
SELECT * FROM products ORDER BY id;

-- name: double_quoted_identifiers
SELECT "id", "name" FROM "departments" WHERE "budget" > 500000 ORDER BY "id";

-- name: bracket_identifiers
SELECT [id], [first_name] FROM [employees] WHERE [dept_id] = 3 ORDER BY [id];

-- name: backtick_identifiers
SELECT `id`, `status` FROM `orders` WHERE `discount` IS NOT NULL ORDER BY `id`;

-- name: double_equals_and_not_equal
SELECT id FROM employees WHERE dept_id == 4 AND id != 12 ORDER BY id;

-- name: is_as_null_safe_equal
SELECT id FROM employees WHERE nickname IS 'Ali' OR commission IS NULL AND dept_id IS 3 ORDER BY id;

-- name: is_not_null_safe
SELECT id FROM employees WHERE nickname IS NOT '' ORDER BY id;

-- name: between_text_dates
SELECT id, order_date FROM orders WHERE order_date BETWEEN '2023-01-01' AND '2023-03-31' ORDER BY id;

-- name: in_and_not_in
SELECT id FROM products WHERE category IN ('kitchen', 'furniture') AND id NOT IN (6, 7) ORDER BY id;

-- name: boolean_integer_filter
SELECT id, name FROM customers WHERE is_vip ORDER BY id;

-- name: boolean_true_false_keywords
SELECT id FROM products WHERE discontinued = FALSE AND stock > 100 OR discontinued = TRUE ORDER BY id;

-- name: arithmetic_mixed
SELECT id, a * b + a AS x, a - b * 2 AS y, (a + 0.5) * 2 AS z FROM nums ORDER BY id;

-- name: distinct_single
-- unordered
SELECT DISTINCT status FROM orders;

-- name: null_comparisons
SELECT id, credit_limit > 10000 AS big, credit_limit = 0 AS zero FROM customers ORDER BY id;

-- name: not_and_or_parentheses
SELECT id FROM employees WHERE NOT (dept_id = 1 OR dept_id = 2) AND is_active ORDER BY id;

-- name: negative_numbers
SELECT id, amount FROM ledger WHERE amount < -100 ORDER BY id;

-- name: expression_alias_reuse_order
SELECT id, price * stock AS inventory_value FROM products ORDER BY inventory_value DESC, id;

-- name: unicode_equality
SELECT id FROM employees WHERE first_name = 'Zoë' OR last_name = 'Pérez' ORDER BY id;

-- name: string_literal_with_quote
SELECT 'O''Brien' AS s, 'x' || 'y' AS t;

-- name: blob_literal_hex
SELECT hex(x'41424344') AS h, length(x'0102') AS n;
