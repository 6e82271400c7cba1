-- SQLx OS demo database: a small e-commerce schema (SQLite).
-- Load this file first, then data.sql:  sqlite3 demo.db < schema.sql && sqlite3 demo.db < data.sql
-- Types are declared the way an introspecting server maps them (VARCHAR(n), CHAR(n), BOOLEAN,
-- DECIMAL(p,s), TIMESTAMP); CHECK constraints are named so engine errors can name them.

PRAGMA foreign_keys = ON;

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    email       VARCHAR(255) NOT NULL UNIQUE,
    name        VARCHAR(100) NOT NULL,
    country     CHAR(2),
    bio         TEXT,
    is_active   BOOLEAN NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    name        VARCHAR(80) NOT NULL UNIQUE,
    slug        VARCHAR(80) NOT NULL UNIQUE,
    parent_id   INTEGER REFERENCES categories (id) ON DELETE SET NULL
);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    sku         VARCHAR(32) NOT NULL UNIQUE,
    name        VARCHAR(200) NOT NULL,
    description TEXT,
    price       DECIMAL(10,2) NOT NULL CONSTRAINT products_price_check CHECK (price >= 0),
    stock       INTEGER NOT NULL DEFAULT 0 CONSTRAINT products_stock_check CHECK (stock >= 0),
    category_id INTEGER REFERENCES categories (id),
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status      VARCHAR(20) NOT NULL DEFAULT 'pending'
                CONSTRAINT orders_status_check
                CHECK (status IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled')),
    total       DECIMAL(12,2) NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- The composite-key table: one row per product in an order.
CREATE TABLE order_items (
    order_id    INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id  INTEGER NOT NULL REFERENCES products (id),
    quantity    INTEGER NOT NULL CONSTRAINT order_items_quantity_check CHECK (quantity > 0),
    unit_price  DECIMAL(10,2) NOT NULL,
    PRIMARY KEY (order_id, product_id)
);

CREATE TABLE reviews (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    rating      INTEGER NOT NULL CONSTRAINT reviews_rating_check CHECK (rating BETWEEN 1 AND 5),
    title       VARCHAR(120),
    body        TEXT,
    created_at  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT reviews_product_user_key UNIQUE (product_id, user_id)
);

-- Read-only: one row per product, with its review count and average rating (NULL when unrated).
CREATE VIEW product_ratings AS
SELECT p.id                     AS product_id,
       p.name                   AS product_name,
       COUNT(r.id)              AS review_count,
       ROUND(AVG(r.rating), 2)  AS avg_rating
FROM products p
LEFT JOIN reviews r ON r.product_id = p.id
GROUP BY p.id, p.name;

CREATE INDEX idx_categories_parent_id ON categories (parent_id);
CREATE INDEX idx_products_category_id ON products (category_id);
CREATE INDEX idx_orders_user_id_created_at ON orders (user_id, created_at);
CREATE INDEX idx_orders_created_at ON orders (created_at);
CREATE INDEX idx_order_items_product_id ON order_items (product_id);
CREATE INDEX idx_reviews_user_id ON reviews (user_id);
