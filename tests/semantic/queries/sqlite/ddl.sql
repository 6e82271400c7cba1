-- SQLite source: DDL; every object is named ddl_*.

-- name: create_table_autoincrement
-- check: INSERT INTO ddl_notes (body) VALUES ('first'), ('second')
-- check: SELECT id, body, pinned FROM ddl_notes ORDER BY id
-- check-error: INSERT INTO ddl_notes (body, pinned) VALUES (NULL, 0)
CREATE TABLE ddl_notes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    body TEXT NOT NULL,
    pinned BOOLEAN NOT NULL DEFAULT 0
);

-- name: create_table_check_unique
-- check: INSERT INTO ddl_rooms (code, seats) VALUES ('A1', 10), ('B2', 4)
-- check-error: INSERT INTO ddl_rooms (code, seats) VALUES ('A1', 3)
-- check-error: INSERT INTO ddl_rooms (code, seats) VALUES ('C3', 0)
-- check: SELECT code, seats FROM ddl_rooms ORDER BY code
CREATE TABLE ddl_rooms (
    code VARCHAR(10) NOT NULL,
    seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 100),
    UNIQUE (code)
);

-- name: create_table_composite_pk
-- check: INSERT INTO ddl_grid (x, y, v) VALUES (1, 1, 'a'), (1, 2, 'b')
-- check-error: INSERT INTO ddl_grid (x, y, v) VALUES (1, 2, 'c')
-- check: SELECT x, y, v FROM ddl_grid ORDER BY x, y
CREATE TABLE ddl_grid (x INTEGER NOT NULL, y INTEGER NOT NULL, v TEXT, PRIMARY KEY (x, y));

-- name: create_index_if_not_exists
-- check: SELECT owner FROM ddl_accounts WHERE balance > 50 ORDER BY owner
CREATE INDEX IF NOT EXISTS ddl_ix_owner_balance ON ddl_accounts (owner, balance);

-- name: create_view_sqlite
-- check: SELECT kind, total FROM ddl_v_totals ORDER BY kind
CREATE VIEW ddl_v_totals AS SELECT kind, SUM(amount) AS total FROM ddl_events GROUP BY kind;

-- name: alter_rename_column_and_table
-- check: SELECT sku, amount FROM ddl_stock2 ORDER BY sku
ALTER TABLE ddl_stock RENAME COLUMN qty TO amount;
ALTER TABLE ddl_stock RENAME TO ddl_stock2;

-- name: create_table_default_expressions
-- check: INSERT INTO ddl_flags (id) VALUES (1)
-- check: SELECT id, name, enabled, weight FROM ddl_flags ORDER BY id
CREATE TABLE ddl_flags (
    id INTEGER PRIMARY KEY,
    name TEXT DEFAULT 'unnamed',
    enabled BOOLEAN DEFAULT TRUE,
    weight REAL DEFAULT 1.5
);

-- name: drop_view_and_index
-- check: SELECT COUNT(*) FROM ddl_accounts
CREATE VIEW ddl_v_tmp AS SELECT 1 AS x;
DROP VIEW ddl_v_tmp;
DROP INDEX IF EXISTS ddl_no_index;
