-- Concatenation, CONCAT NULL semantics, LENGTH, SUBSTRING, POSITION, TRIM, LIKE case rules.
-- from: postgres
-- to: mysql sqlite
SELECT first_name || ' ' || last_name FROM employees;
SELECT CONCAT(first_name, ' (', nickname, ')') FROM employees;
SELECT LENGTH(name), CHAR_LENGTH(name), OCTET_LENGTH(name) FROM t;
SELECT SUBSTRING(sku FROM 5 FOR 3), SUBSTR(name, 2, 4) FROM products;
SELECT POSITION('@' IN email), STRPOS(email, 'Ex') FROM employees;
SELECT TRIM(BOTH '-' FROM s), TRIM(LEADING '0' FROM s), LTRIM(s) FROM t;
SELECT name FROM products WHERE name LIKE 'Usb%' AND sku LIKE 'SKU-01_' AND name ILIKE 'usb%';
SELECT 'it''s', E'tab\there', 'back\slash', $$dollar 'quoted'$$;
SELECT REPEAT('*', 3), LEFT(name, 3), RIGHT(name, 2), LPAD(code, 5, '0'), REVERSE(name) FROM t;
-- from: mysql
-- to: postgres sqlite
SELECT CONCAT(first_name, ' ', nickname), CONCAT_WS(', ', a, b) FROM employees;
SELECT LENGTH(last_name), CHAR_LENGTH(last_name) FROM employees;
SELECT a || b, a && b, !a FROM t;
SELECT name FROM products WHERE name LIKE 'usb%';
SELECT LOCATE('x', name), INSTR(name, '@'), SUBSTRING(name, -3), MID(name, 2, 3) FROM t;
SELECT 'it\'s', "double", 'back\\slash', UCASE(a), LCASE(b) FROM t;
SELECT IFNULL(a, 0), IF(a > 1, 'y', 'n'), STRCMP(a, b) FROM t;
-- from: sqlite
-- to: postgres mysql
SELECT 'x' || 1 || 'y', length(name), substr(sku, -3), instr(name, 'a') FROM t;
SELECT name FROM products WHERE name LIKE 'USB%' OR name GLOB 'Usb*';
SELECT printf('%05d', id), printf('%.2f', price), char(72, 105), unicode('A') FROM t;
SELECT trim(s, 'x'), iif(a, 1, 0), ifnull(a, b) FROM t;
