-- MySQL/MariaDB source: DML on the scratch tables (ddl_accounts, ddl_stock, ddl_events).

-- name: insert_on_duplicate_key_update
-- check: SELECT sku, qty, price FROM ddl_stock ORDER BY sku
INSERT INTO ddl_stock (sku, qty, price) VALUES ('SKU-002', 3, 20.00), ('SKU-500', 9, 5.00)
ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty), price = VALUES(price);

-- name: insert_ignore_duplicates
-- check: SELECT id, owner, balance FROM ddl_accounts ORDER BY id
INSERT IGNORE INTO ddl_accounts (owner, balance) VALUES ('bob', 1.00), ('zed', 2.00);

-- name: replace_into
-- check: SELECT sku, qty, price, note FROM ddl_stock ORDER BY sku
REPLACE INTO ddl_stock (sku, qty, price, note) VALUES ('SKU-006', 1, 44.00, 'replaced');

-- name: multi_table_update
-- check: SELECT sku, qty, price FROM ddl_stock ORDER BY sku
UPDATE ddl_stock s JOIN products p ON p.sku = s.sku SET s.price = p.cost, s.qty = s.qty + p.stock
WHERE p.category IN ('kitchen', 'furniture');

-- name: multi_table_delete
-- check: SELECT sku FROM ddl_stock ORDER BY sku
DELETE s FROM ddl_stock s JOIN products p ON p.sku = s.sku WHERE p.price < 20;

-- name: update_order_by_limit_free
-- check: SELECT id, owner, is_frozen FROM ddl_accounts ORDER BY id
UPDATE ddl_accounts SET is_frozen = NOT is_frozen WHERE balance <= 0;

-- name: insert_select_with_expression
-- check: SELECT id, kind, amount, happened FROM ddl_events ORDER BY id
INSERT INTO ddl_events (kind, amount, happened)
SELECT CONCAT('sale-', id), price, added_on FROM products WHERE id IN (4, 5) ORDER BY id;

-- name: delete_with_in_subquery
-- check: SELECT id, owner FROM ddl_accounts ORDER BY id
DELETE FROM ddl_accounts WHERE owner IN (SELECT kind FROM ddl_events) OR balance < 0;

-- name: insert_returning_mariadb
-- check: SELECT id, owner, balance FROM ddl_accounts ORDER BY id
INSERT INTO ddl_accounts (owner, balance) VALUES ('gina', 12.34) RETURNING id, owner;
