-- MySQL/MariaDB source: string functions.

-- name: concat_with_null_is_null
SELECT id, CONCAT(first_name, ' ', nickname) AS s FROM employees ORDER BY id;

-- name: concat_ws_skips_null
SELECT id, CONCAT_WS(', ', last_name, first_name, nickname) AS s FROM employees ORDER BY id;

-- name: char_length_vs_length
SELECT id, CHAR_LENGTH(last_name) AS chars, LENGTH(last_name) AS bytes FROM employees ORDER BY id;

-- name: substring_index_free_forms
SELECT id, SUBSTRING(email, 1, 5) AS a, SUBSTR(email FROM 3) AS b, MID(sku, 5, 3) AS c FROM employees JOIN products USING (id) ORDER BY id;

-- name: locate_instr
SELECT id, LOCATE('@', email) AS l, INSTR(email, '.') AS i FROM employees ORDER BY id;

-- name: upper_lower_ucase
SELECT id, UPPER(sku) AS u, LCASE(category) AS l, UCASE(category) AS uc FROM products ORDER BY id;

-- name: trim_variants
SELECT TRIM('  a  ') AS t, LTRIM('  a') AS l, RTRIM('a  ') AS r, TRIM(BOTH 'x' FROM 'xxaxx') AS b, TRIM(TRAILING '.' FROM 'end..') AS tr;

-- name: replace_repeat_reverse
SELECT REPLACE('a-b-c', '-', '+') AS r, REPEAT('ab', 3) AS p, REVERSE('abc') AS v;

-- name: lpad_rpad
SELECT id, LPAD(id, 3, '0') AS l, RPAD(category, 12, '.') AS r FROM products WHERE category IS NOT NULL ORDER BY id;

-- name: left_right
SELECT id, LEFT(first_name, 2) AS l, RIGHT(last_name, 2) AS r FROM employees ORDER BY id;

-- name: like_case_insensitive_default
SELECT id, name FROM products WHERE name LIKE 'usb%' ORDER BY id;

-- name: like_escape_clause
SELECT id, name FROM products WHERE name LIKE '%10!-%' ESCAPE '!' ORDER BY id;

-- name: like_binary_case_sensitive
SELECT id, name FROM products WHERE name LIKE BINARY 'Usb%' ORDER BY id;

-- name: regexp_operator
SELECT id, sku FROM products WHERE sku REGEXP '00[1-3]$' ORDER BY id;

-- name: concat_numbers
SELECT id, CONCAT(sku, ':', stock) AS s FROM products ORDER BY id;

-- name: ifnull_string
SELECT id, IFNULL(nickname, '-') AS nick FROM employees ORDER BY id;

-- name: string_comparison_function_strcmp
SELECT STRCMP('a', 'b') AS lt, STRCMP('b', 'b') AS eq, STRCMP('c', 'b') AS gt;

-- name: space_and_char_functions
SELECT CONCAT('[', SPACE(3), ']') AS sp, ASCII('A') AS a, CHAR_LENGTH('héllo') AS n;
