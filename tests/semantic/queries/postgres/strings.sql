-- PostgreSQL source: string functions, concatenation, LIKE.

-- name: concat_operator_with_null
SELECT id, first_name || ' ' || last_name AS full_name, nickname || '!' AS nick FROM employees ORDER BY id;

-- name: concat_function_skips_null
SELECT id, CONCAT(first_name, ' (', nickname, ')') AS label FROM employees ORDER BY id;

-- name: concat_ws
SELECT id, CONCAT_WS('-', sku, category, name) AS s FROM products ORDER BY id;

-- name: upper_lower_ascii
SELECT id, UPPER(name) AS u, LOWER('MiXeD Case') AS l FROM departments ORDER BY id;

-- name: length_unicode
SELECT id, last_name, LENGTH(last_name) AS n, CHAR_LENGTH(first_name) AS m FROM employees ORDER BY id;

-- name: substring_forms
SELECT id, SUBSTRING(sku FROM 5 FOR 3) AS a, SUBSTR(name, 2, 4) AS b, SUBSTRING(name, 3) AS c FROM products ORDER BY id;

-- name: position_and_strpos
SELECT id, POSITION('@' IN email) AS at_pos, STRPOS(email, 'example') AS ex FROM employees ORDER BY id;

-- name: trim_forms
SELECT TRIM('  x  ') AS a, LTRIM('  x') AS b, RTRIM('x  ') AS c, TRIM(BOTH '-' FROM '--x--') AS d, TRIM(LEADING '0' FROM '007') AS e;

-- name: replace_and_repeat
SELECT id, REPLACE(sku, 'SKU-', 'P') AS code, REPEAT('*', stock % 5) AS stars FROM products WHERE stock >= 0 ORDER BY id;

-- name: left_right_lpad
SELECT id, LEFT(name, 3) AS l, RIGHT(sku, 3) AS r, LPAD(CAST(id AS TEXT), 4, '0') AS padded FROM products ORDER BY id;

-- name: like_case_sensitive
SELECT id, name FROM products WHERE name LIKE 'Usb%' ORDER BY id;

-- name: ilike_case_insensitive
SELECT id, name FROM products WHERE name ILIKE 'usb%' ORDER BY id;

-- name: like_underscore_and_escape
SELECT id, sku FROM products WHERE sku LIKE 'SKU-01_' ORDER BY id;

-- name: not_like
SELECT id FROM employees WHERE email NOT LIKE '%e%' ORDER BY id;

-- name: regex_match
SELECT id, sku FROM products WHERE name ~ '^[A-Z][a-z]+ [A-Z]' ORDER BY id;

-- name: string_compare_and_coalesce
SELECT id, COALESCE(nickname, first_name) AS called FROM employees ORDER BY id;

-- name: reverse_and_initcap_ascii
SELECT id, REVERSE(sku) AS r FROM products WHERE id <= 3 ORDER BY id;
