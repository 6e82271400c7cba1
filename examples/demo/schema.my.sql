-- SQLx OS demo database for MariaDB 10.11 / MySQL 8: the same e-commerce schema as schema.sql
-- (SQLite), for the end-to-end suite against MariaDB (tests/e2e/api_test.py --my-url).
-- Load this file first, then data.my.sql:  mariadb DB < schema.my.sql && mariadb DB < data.my.sql
-- Translation: INTEGER (64-bit) -> BIGINT, INTEGER PRIMARY KEY -> BIGINT AUTO_INCREMENT (explicit
-- ids load as they are and the counter moves past them), BOOLEAN -> TINYINT(1), TIMESTAMP ->
-- DATETIME (no time zone, whole seconds, like SQLite's text), utf8mb4_bin (byte order like SQLite).

SET NAMES utf8mb4;
SET FOREIGN_KEY_CHECKS = 0;
DROP VIEW IF EXISTS product_ratings;
DROP TABLE IF EXISTS reviews, order_items, orders, products, categories, users;
SET FOREIGN_KEY_CHECKS = 1;

-- Unique and foreign-key constraints carry PostgreSQL's default names, so errors name them the
-- same way on both servers; indexes are declared before the foreign keys they serve, so InnoDB
-- creates no extra index of its own.
CREATE TABLE users (
    id          BIGINT NOT NULL AUTO_INCREMENT,
    email       VARCHAR(255) NOT NULL,
    name        VARCHAR(100) NOT NULL,
    country     CHAR(2),
    bio         TEXT,
    is_active   TINYINT(1) NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE categories (
    id          BIGINT NOT NULL AUTO_INCREMENT,
    name        VARCHAR(80) NOT NULL,
    slug        VARCHAR(80) NOT NULL,
    parent_id   BIGINT,
    PRIMARY KEY (id),
    CONSTRAINT categories_name_key UNIQUE (name),
    CONSTRAINT categories_slug_key UNIQUE (slug),
    INDEX idx_categories_parent_id (parent_id),
    CONSTRAINT categories_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES categories (id)
        ON DELETE SET NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE products (
    id          BIGINT NOT NULL AUTO_INCREMENT,
    sku         VARCHAR(32) NOT NULL,
    name        VARCHAR(200) NOT NULL,
    description TEXT,
    price       DECIMAL(10,2) NOT NULL,
    stock       BIGINT NOT NULL DEFAULT 0,
    category_id BIGINT,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT products_sku_key UNIQUE (sku),
    INDEX idx_products_category_id (category_id),
    CONSTRAINT products_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories (id),
    CONSTRAINT products_price_check CHECK (price >= 0),
    CONSTRAINT products_stock_check CHECK (stock >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE orders (
    id          BIGINT NOT NULL AUTO_INCREMENT,
    user_id     BIGINT NOT NULL,
    status      VARCHAR(20) NOT NULL DEFAULT 'pending',
    total       DECIMAL(12,2) NOT NULL DEFAULT 0,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    INDEX idx_orders_user_id_created_at (user_id, created_at),
    INDEX idx_orders_created_at (created_at),
    CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT orders_status_check
        CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The composite-key table: one row per product in an order.
CREATE TABLE order_items (
    order_id    BIGINT NOT NULL,
    product_id  BIGINT NOT NULL,
    quantity    BIGINT NOT NULL,
    unit_price  DECIMAL(10,2) NOT NULL,
    PRIMARY KEY (order_id, product_id),
    INDEX idx_order_items_product_id (product_id),
    CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id)
        ON DELETE CASCADE,
    CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id),
    CONSTRAINT order_items_quantity_check CHECK (quantity > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE reviews (
    id          BIGINT NOT NULL AUTO_INCREMENT,
    product_id  BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    rating      BIGINT NOT NULL,
    title       VARCHAR(120),
    body        TEXT,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT reviews_product_user_key UNIQUE (product_id, user_id),
    INDEX idx_reviews_user_id (user_id),
    CONSTRAINT reviews_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id)
        ON DELETE CASCADE,
    CONSTRAINT reviews_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT reviews_rating_check CHECK (rating BETWEEN 1 AND 5)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Read-only: one row per product, with its review count and average rating (NULL when unrated).
CREATE VIEW product_ratings AS
SELECT p.id                     AS product_id,
       p.name                   AS product_name,
       COUNT(r.id)              AS review_count,
       ROUND(AVG(r.rating), 2)  AS avg_rating
FROM products p
LEFT JOIN reviews r ON r.product_id = p.id
GROUP BY p.id, p.name;
