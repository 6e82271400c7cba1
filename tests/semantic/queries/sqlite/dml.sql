-- SQLite source: DML on the scratch tables (ddl_accounts, ddl_stock, ddl_events).

-- name: upsert_excluded_sqlite
-- check: SELECT sku, qty, price, note FROM ddl_stock ORDER BY sku
INSERT INTO ddl_stock (sku, qty, price) VALUES ('SKU-010', 5, 11.00), ('SKU-123', 2, 3.00)
ON CONFLICT (sku) DO UPDATE SET qty = qty + excluded.qty, note = 'merged';

-- name: upsert_do_nothing_sqlite
-- check: SELECT id, owner, balance FROM ddl_accounts ORDER BY id
INSERT INTO ddl_accounts (owner, balance) VALUES ('alice', 999.00) ON CONFLICT (owner) DO NOTHING;

-- name: insert_or_replace
-- check: SELECT sku, qty, price, note FROM ddl_stock ORDER BY sku
INSERT OR REPLACE INTO ddl_stock (sku, qty, price, note) VALUES ('SKU-001', 77, 9.50, 'replaced');

-- name: insert_or_ignore
-- check: SELECT sku, qty FROM ddl_stock ORDER BY sku
INSERT OR IGNORE INTO ddl_stock (sku, qty) VALUES ('SKU-002', 100), ('SKU-003', 3);

-- name: update_from_sqlite
-- check: SELECT sku, qty, price FROM ddl_stock ORDER BY sku
UPDATE ddl_stock SET price = products.price + 1 FROM products WHERE products.sku = ddl_stock.sku AND products.stock > 100;

-- name: delete_returning_sqlite
-- unordered
-- check: SELECT id, kind FROM ddl_events ORDER BY id
DELETE FROM ddl_events WHERE kind = 'deposit' RETURNING id, amount;

-- name: insert_returning_sqlite
-- check: SELECT id, kind, amount FROM ddl_events ORDER BY id
INSERT INTO ddl_events (kind, amount, happened) VALUES ('refund', 7.25, '2024-02-01') RETURNING id, kind, amount;

-- name: update_with_case
-- check: SELECT owner, balance, is_frozen FROM ddl_accounts ORDER BY id
UPDATE ddl_accounts SET balance = CASE WHEN balance < 0 THEN 0 ELSE balance * 2 END, is_frozen = balance < 0;

-- name: delete_with_subquery_sqlite
-- check: SELECT sku FROM ddl_stock ORDER BY sku
DELETE FROM ddl_stock WHERE sku IN (SELECT sku FROM products WHERE category = 'accessories');

-- name: insert_select_aggregate
-- check: SELECT id, kind, amount, happened FROM ddl_events ORDER BY id
INSERT INTO ddl_events (kind, amount, happened)
SELECT account, SUM(amount), MAX(date(entry_ts)) FROM ledger GROUP BY account ORDER BY account;
