-- SQLite source: string functions and concatenation.

-- name: concat_pipes_null_propagates
SELECT id, first_name || ' "' || nickname || '"' AS s FROM employees ORDER BY id;

-- name: concat_pipes_with_ifnull
SELECT id, first_name || ' ' || IFNULL(nickname, '?') AS s FROM employees ORDER BY id;

-- name: concat_number_text
SELECT id, 'SKU#' || id || '/' || stock AS s FROM products ORDER BY id;

-- name: length_text_unicode
SELECT id, name, length(name) AS n FROM customers ORDER BY id;

-- name: substr_forms_sqlite
SELECT id, substr(name, 1, 3) AS a, substr(name, 4) AS b, substr(sku, -3) AS c FROM products ORDER BY id;

-- name: instr_sqlite
SELECT id, instr(email, '@') AS at_pos FROM employees ORDER BY id;

-- name: upper_lower_sqlite
SELECT id, upper(category) AS u, lower(sku) AS l FROM products ORDER BY id;

-- name: trim_with_chars
SELECT trim('xxhixx', 'x') AS t, ltrim('  pad') AS l, rtrim('0.500', '0') AS r;

-- name: replace_sqlite
SELECT id, replace(email, '@example.com', '') AS local_part FROM employees ORDER BY id;

-- name: like_is_case_insensitive_ascii
SELECT id, name FROM products WHERE name LIKE 'USB%' ORDER BY id;

-- name: glob_case_sensitive
SELECT id, name FROM products WHERE name GLOB 'Usb*' ORDER BY id;

-- name: like_escape_sqlite
SELECT id, sku FROM products WHERE sku LIKE 'SKU\_00%' ESCAPE '\' ORDER BY id;

-- name: printf_format
SELECT id, printf('%05d', id) AS padded, printf('%.2f', price) AS p FROM products ORDER BY id;

-- name: char_and_unicode
SELECT char(72, 105) AS s, unicode('A') AS u;

-- name: coalesce_text_chain
SELECT id, coalesce(nickname, email, 'n/a') AS contact FROM employees ORDER BY id;

-- name: like_with_percent_inside
SELECT id, name FROM products WHERE name LIKE '%o%e%' ORDER BY id;

-- name: string_comparison_operators
SELECT id, status FROM orders WHERE status > 'pending' ORDER BY id;
