-- PostgreSQL source: DML on the scratch tables (ddl_accounts, ddl_stock, ddl_events), which the
-- runner recreates before every test; each -- check: runs verbatim on every engine afterwards.

-- name: insert_multi_row_returning
-- check: SELECT id, kind, amount, happened FROM ddl_events ORDER BY id
INSERT INTO ddl_events (kind, amount, happened) VALUES
('fee', -5.00, '2024-01-10'), ('bonus', 15.50, DATE '2024-01-11')
RETURNING id, kind;

-- name: insert_select
-- check: SELECT sku, qty, price, note FROM ddl_stock ORDER BY sku
INSERT INTO ddl_stock (sku, qty, price)
SELECT sku, stock, price FROM products WHERE category = 'furniture' AND sku <> 'SKU-006';

-- name: upsert_do_update_excluded
-- check: SELECT sku, qty, price FROM ddl_stock ORDER BY sku
INSERT INTO ddl_stock (sku, qty, price) VALUES ('SKU-001', 5, 8.99), ('SKU-900', 1, 1.00)
ON CONFLICT (sku) DO UPDATE SET qty = ddl_stock.qty + EXCLUDED.qty, price = EXCLUDED.price;

-- name: upsert_do_nothing
-- check: SELECT sku, qty, price, note FROM ddl_stock ORDER BY sku
INSERT INTO ddl_stock (sku, qty, price, note) VALUES ('SKU-002', 99, 1.00, 'dup'), ('SKU-777', 7, 7.00, 'new')
ON CONFLICT DO NOTHING;

-- name: update_from_join
-- check: SELECT sku, qty, price FROM ddl_stock ORDER BY sku
UPDATE ddl_stock s SET price = p.price * 2, qty = s.qty + 1
FROM products p WHERE p.sku = s.sku AND p.category = 'accessories';

-- name: update_returning
-- unordered
-- check: SELECT id, owner, balance FROM ddl_accounts ORDER BY id
UPDATE ddl_accounts SET balance = balance + 10 WHERE NOT is_frozen RETURNING owner, balance;

-- name: delete_using_join
-- check: SELECT sku, qty FROM ddl_stock ORDER BY sku
DELETE FROM ddl_stock s USING products p
WHERE p.sku = s.sku AND p.discontinued = FALSE AND s.qty < 10;

-- name: delete_returning
-- unordered
-- check: SELECT id, kind FROM ddl_events ORDER BY id
DELETE FROM ddl_events WHERE amount < 0 RETURNING kind, amount;

-- name: transaction_rollback
-- check: SELECT COUNT(*) FROM ddl_accounts
BEGIN;
DELETE FROM ddl_accounts;
ROLLBACK;

-- name: transaction_commit
-- check: SELECT owner, balance FROM ddl_accounts ORDER BY id
START TRANSACTION;
UPDATE ddl_accounts SET balance = balance - 50 WHERE owner = 'bob';
UPDATE ddl_accounts SET balance = balance + 50 WHERE owner = 'carol';
COMMIT;

-- name: update_with_scalar_subquery
-- check: SELECT owner, balance FROM ddl_accounts ORDER BY id
UPDATE ddl_accounts SET balance = (SELECT SUM(amount) FROM ddl_events WHERE kind = 'deposit')
WHERE owner = 'alice';

-- name: insert_defaults_autoincrement
-- check: INSERT INTO ddl_accounts (owner) VALUES ('frank')
-- check: SELECT id, owner, balance, is_frozen, opened_on FROM ddl_accounts ORDER BY id
-- check-error: INSERT INTO ddl_accounts (owner) VALUES ('alice')
INSERT INTO ddl_accounts (owner, opened_on) VALUES ('erin', DATE '2024-03-01' - 365);
