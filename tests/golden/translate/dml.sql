-- INSERT / UPDATE / DELETE forms: upserts, INSERT OR / IGNORE / REPLACE, RETURNING, joins in
-- UPDATE and DELETE, assignment order, DEFAULT VALUES, transactions.
-- from: postgres
-- to: mysql sqlite
INSERT INTO stock (sku, qty) VALUES ('a', 1) ON CONFLICT (sku) DO UPDATE SET qty = stock.qty + EXCLUDED.qty;
INSERT INTO stock (sku, qty) VALUES ('a', 1) ON CONFLICT DO NOTHING;
INSERT INTO events (kind) VALUES ('x') RETURNING id, kind;
UPDATE stock s SET price = p.price * 2 FROM products p WHERE p.sku = s.sku;
DELETE FROM stock s USING products p WHERE p.sku = s.sku AND p.discontinued;
UPDATE accounts SET balance = balance * 2, frozen = balance < 0;
INSERT INTO counter DEFAULT VALUES;
BEGIN;
COMMIT;
-- from: mysql
-- to: postgres sqlite
INSERT INTO stock (sku, qty) VALUES ('a', 1) ON DUPLICATE KEY UPDATE qty = qty + VALUES(qty);
INSERT IGNORE INTO accounts (owner) VALUES ('bob');
REPLACE INTO stock (sku, qty) VALUES ('a', 1);
UPDATE stock s JOIN products p ON p.sku = s.sku SET s.price = p.cost WHERE p.category = 'x';
DELETE s FROM stock s JOIN products p ON p.sku = s.sku WHERE p.price < 20;
UPDATE t SET a = a + 1, b = a;
START TRANSACTION;
-- from: sqlite
-- to: postgres mysql
INSERT INTO stock (sku, qty) VALUES ('a', 1) ON CONFLICT (sku) DO UPDATE SET qty = qty + excluded.qty;
INSERT OR REPLACE INTO stock (sku, qty) VALUES ('a', 1);
INSERT OR IGNORE INTO stock (sku, qty) VALUES ('a', 1);
DELETE FROM events WHERE kind = 'x' RETURNING id;
BEGIN IMMEDIATE;
