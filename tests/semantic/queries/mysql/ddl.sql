-- MySQL/MariaDB source: DDL; every object is named ddl_*.

-- name: create_table_auto_increment_enum
-- check: INSERT INTO ddl_tickets (title, priority) VALUES ('a', 'high'), ('b', 'low')
-- check: INSERT INTO ddl_tickets (title) VALUES ('c')
-- check: SELECT id, title, priority, is_open FROM ddl_tickets ORDER BY id
-- check-error: INSERT INTO ddl_tickets (title, priority) VALUES ('d', 'urgent')
CREATE TABLE ddl_tickets (
    id INT UNSIGNED NOT NULL AUTO_INCREMENT,
    title VARCHAR(100) NOT NULL,
    priority ENUM('low', 'medium', 'high') NOT NULL DEFAULT 'medium',
    is_open TINYINT(1) NOT NULL DEFAULT 1,
    created DATETIME DEFAULT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- name: create_table_keys_and_check
-- check: INSERT INTO ddl_scores (player, score) VALUES ('ann', 10), ('ben', 0)
-- check-error: INSERT INTO ddl_scores (player, score) VALUES ('cat', -1)
-- check-error: INSERT INTO ddl_scores (player, score) VALUES ('ann', 5)
-- check: SELECT player, score FROM ddl_scores ORDER BY player
CREATE TABLE `ddl_scores` (
    `player` VARCHAR(20) NOT NULL,
    `score` INT NOT NULL DEFAULT 0,
    `note` MEDIUMTEXT,
    UNIQUE KEY `uq_player` (`player`),
    KEY `ix_score` (`score`),
    CONSTRAINT `chk_score` CHECK (`score` >= 0)
);

-- name: create_table_foreign_key_mysql
-- check: INSERT INTO ddl_owner (id) VALUES (1)
-- check: INSERT INTO ddl_pet (id, owner_id, name) VALUES (1, 1, 'rex')
-- check-error: INSERT INTO ddl_pet (id, owner_id, name) VALUES (2, 9, 'tom')
-- check: SELECT id, owner_id, name FROM ddl_pet ORDER BY id
CREATE TABLE ddl_owner (id INT PRIMARY KEY);
CREATE TABLE ddl_pet (
    id INT PRIMARY KEY,
    owner_id INT NOT NULL,
    name VARCHAR(20) NOT NULL,
    FOREIGN KEY (owner_id) REFERENCES ddl_owner (id) ON DELETE CASCADE
);

-- name: alter_add_column_after
-- check: SELECT sku, qty, flag FROM ddl_stock ORDER BY sku
ALTER TABLE ddl_stock ADD COLUMN flag TINYINT(1) NOT NULL DEFAULT 0;

-- name: create_index_and_view
-- check: SELECT owner, balance FROM ddl_v_positive ORDER BY owner
CREATE INDEX ddl_ix_balance ON ddl_accounts (balance);
CREATE VIEW ddl_v_positive AS SELECT owner, balance FROM ddl_accounts WHERE balance > 0;

-- name: create_table_datetime_text_types
-- check: INSERT INTO ddl_posts (id, body, published, rating) VALUES (1, 'hello', '2024-05-06 07:08:09', 4.5)
-- check: SELECT id, body, published, rating FROM ddl_posts ORDER BY id
CREATE TABLE ddl_posts (
    id BIGINT NOT NULL PRIMARY KEY,
    body LONGTEXT NOT NULL,
    published DATETIME NOT NULL,
    rating DOUBLE,
    views INT UNSIGNED DEFAULT 0
);
