-- SQLx OS demo data for schema.my.sql (MariaDB 10.11): the same rows as data.sql (SQLite), from
-- the same counters and integer arithmetic. Translation: a || b -> CONCAT(a, b) (|| is OR here),
-- datetime(base, '+N seconds') -> base + INTERVAL N SECOND, printf('%05d', n) -> LPAD(n, 5, '0'),
-- integer a / b -> a DIV b, CAST(x AS INTEGER) -> CAST(x AS SIGNED). AUTO_INCREMENT counters move
-- past the loaded ids by themselves.
-- 1000 users, 20 categories, 500 products, 3000 orders, 6000 order_items, 1500 reviews.
-- Timestamps are fixed 'YYYY-MM-DD HH:MM:SS' (UTC) in 2024; 2024 has 366 days = 31622400 s.

SET NAMES utf8mb4;
-- The counters recurse up to 3000 times; MariaDB stops a recursive CTE at 1000 by default.
SET SESSION max_recursive_iterations = 100000;

START TRANSACTION;

-- 5 root categories and 15 children (three per root).
INSERT INTO categories (id, name, slug, parent_id) VALUES
    (1, 'Electronics', 'electronics', NULL),
    (2, 'Books', 'books', NULL),
    (3, 'Home', 'home', NULL),
    (4, 'Sports', 'sports', NULL),
    (5, 'Toys', 'toys', NULL),
    (6, 'Phones', 'phones', 1),
    (7, 'Laptops', 'laptops', 1),
    (8, 'Headphones', 'headphones', 1),
    (9, 'Novels', 'novels', 2),
    (10, 'Cookbooks', 'cookbooks', 2),
    (11, 'Comics', 'comics', 2),
    (12, 'Furniture', 'furniture', 3),
    (13, 'Kitchen', 'kitchen', 3),
    (14, 'Garden', 'garden', 3),
    (15, 'Running', 'running', 4),
    (16, 'Cycling', 'cycling', 4),
    (17, 'Camping', 'camping', 4),
    (18, 'Board Games', 'board-games', 5),
    (19, 'Puzzles', 'puzzles', 5),
    (20, 'Action Figures', 'action-figures', 5);

-- Users: ids ascend with created_at; ~6% without country, 70% without bio, 5% inactive.
INSERT INTO users (id, email, name, country, bio, is_active, created_at)
WITH RECURSIVE
    c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000),
    firsts(i, v) AS (VALUES (0, 'Ada'), (1, 'Ben'), (2, 'Chloé'), (3, 'David'), (4, 'Emma'),
        (5, 'Farid'), (6, 'Grace'), (7, 'Hiro'), (8, 'Inès'), (9, 'José'), (10, 'Kofi'),
        (11, 'Lena'), (12, 'Mateo'), (13, 'Nadia'), (14, 'Olga'), (15, 'Priya'), (16, 'Quinn'),
        (17, 'Rosa'), (18, 'Sven'), (19, 'Tariq'), (20, 'Uma'), (21, 'Viktor'), (22, 'Wei'),
        (23, 'Yara'), (24, 'Zoë')),
    lasts(i, v) AS (VALUES (0, 'Andersen'), (1, 'Brown'), (2, 'Costa'), (3, 'Dubois'),
        (4, 'Eriksson'), (5, 'Fischer'), (6, 'García'), (7, 'Hughes'), (8, 'Ivanova'),
        (9, 'Jensen'), (10, 'Kowalski'), (11, 'López'), (12, 'Müller'), (13, 'Nakamura'),
        (14, 'O''Brien'), (15, 'Patel'), (16, 'Rossi'), (17, 'Silva'), (18, 'Tanaka'),
        (19, 'Wójcik')),
    countries(i, v) AS (VALUES (0, 'US'), (1, 'DE'), (2, 'FR'), (3, 'GB'), (4, 'JP'), (5, 'BR'),
        (6, 'IN'), (7, 'CA'), (8, 'ES'), (9, 'IT')),
    hobbies(i, v) AS (VALUES (0, 'hiking'), (1, 'chess'), (2, 'baking'), (3, 'cycling'),
        (4, 'photography'), (5, 'gardening'), (6, 'jazz'))
SELECT c.n,
       CONCAT('user', c.n, '@example.com'),
       CONCAT(f.v, ' ', l.v),
       CASE WHEN c.n % 17 = 0 THEN NULL ELSE co.v END,
       CASE WHEN c.n % 10 >= 7 THEN CONCAT(f.v, ' enjoys ', h.v,
                                           ' and has been a customer since ', 2015 + c.n % 9,
                                           '.') END,
       c.n % 20 <> 0,
       TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (c.n * 31600 + (c.n * 7919) % 3600) SECOND
FROM c
JOIN firsts f ON f.i = c.n % 25
JOIN lasts l ON l.i = (c.n * 7) % 20
JOIN countries co ON co.i = (c.n * 3) % 10
JOIN hobbies h ON h.i = c.n % 7
ORDER BY c.n;

-- Products: category = one of the 15 child categories (NULL for every 50th), price 1.00..499.99.
INSERT INTO products (id, sku, name, description, price, stock, category_id, created_at)
WITH RECURSIVE
    c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 500),
    adjs(i, v) AS (VALUES (0, 'Classic'), (1, 'Compact'), (2, 'Deluxe'), (3, 'Eco'),
        (4, 'Lightweight'), (5, 'Pro'), (6, 'Rugged'), (7, 'Smart'), (8, 'Ultra'), (9, 'Vintage')),
    nouns(i, v) AS (VALUES (0, 'Phone'), (1, 'Laptop'), (2, 'Headphones'), (3, 'Novel'),
        (4, 'Cookbook'), (5, 'Comic'), (6, 'Chair'), (7, 'Frying Pan'), (8, 'Garden Hose'),
        (9, 'Running Shoes'), (10, 'Bike Light'), (11, 'Tent'), (12, 'Board Game'),
        (13, 'Puzzle'), (14, 'Action Figure'))
SELECT c.n,
       CONCAT('SKU-', LPAD(c.n, 5, '0')),
       CONCAT(a.v, ' ', w.v),
       CASE WHEN c.n % 10 = 0 THEN NULL
            ELSE CONCAT('A ', LOWER(a.v), ' ', LOWER(w.v), ', model ', 100 + c.n, '.') END,
       ((c.n * 7919) % 49900 + 100) / 100.0,
       (c.n * 37) % 250,
       CASE WHEN c.n % 50 = 0 THEN NULL ELSE 6 + c.n % 15 END,
       TIMESTAMP '2024-01-01 00:00:00' + INTERVAL ((c.n * 104729) % 31622400) SECOND
FROM c
JOIN adjs a ON a.i = (c.n DIV 15) % 10
JOIN nouns w ON w.i = c.n % 15
ORDER BY c.n;

-- Orders: users 1..997 have three each, users 998..1000 have none; ids ascend with created_at.
INSERT INTO orders (id, user_id, status, total, created_at)
WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3000)
SELECT n,
       (n * 7919) % 997 + 1,
       CASE n % 10 WHEN 0 THEN 'pending' WHEN 1 THEN 'pending' WHEN 2 THEN 'paid'
                   WHEN 3 THEN 'paid' WHEN 4 THEN 'shipped' WHEN 5 THEN 'shipped'
                   WHEN 9 THEN 'cancelled' ELSE 'delivered' END,
       0,
       TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (n * 10540 + (n * 7919) % 600) SECOND
FROM c
ORDER BY n;

-- Order items: order n has 1 + n % 3 distinct products (order 3 holds product 17).
INSERT INTO order_items (order_id, product_id, quantity, unit_price)
WITH k(j) AS (VALUES (0), (1), (2))
SELECT o.id,
       (o.id * 37 + k.j * 101 + 405) % 500 + 1,
       1 + (o.id + k.j) % 5,
       p.price
FROM orders o
JOIN k ON k.j < 1 + o.id % 3
JOIN products p ON p.id = (o.id * 37 + k.j * 101 + 405) % 500 + 1
ORDER BY o.id, k.j;

-- Order totals: the sum of quantity * unit_price, computed in integer cents.
UPDATE orders
SET total = (SELECT SUM(oi.quantity * CAST(ROUND(oi.unit_price * 100) AS SIGNED)) / 100.0
             FROM order_items oi
             WHERE oi.order_id = orders.id);

-- Reviews: one per (product, user) pair; products 1..50 get extra reviews, some get none.
INSERT INTO reviews (id, product_id, user_id, rating, title, body, created_at)
WITH RECURSIVE
    c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1500),
    r(n, product_id, user_id, rating) AS (
        SELECT n,
               CASE WHEN n % 4 = 0 THEN (n * 3) % 50 + 1 ELSE (n * 7) % 487 + 1 END,
               (n * 13 + n DIV 500) % 1000 + 1,
               CASE WHEN (n * 7919) % 100 < 5 THEN 1
                    WHEN (n * 7919) % 100 < 15 THEN 2
                    WHEN (n * 7919) % 100 < 35 THEN 3
                    WHEN (n * 7919) % 100 < 65 THEN 4
                    ELSE 5 END
        FROM c)
SELECT n, product_id, user_id, rating,
       CASE WHEN n % 11 = 0 THEN NULL
            ELSE CASE rating WHEN 1 THEN 'Broke quickly' WHEN 2 THEN 'Disappointing'
                             WHEN 3 THEN 'It is fine' WHEN 4 THEN 'Good value'
                             ELSE 'Excellent' END END,
       CASE WHEN n % 3 = 0 THEN NULL
            ELSE CONCAT('Review ', n, ': rated ', rating, ' out of 5 after ', 1 + n % 12,
                        ' weeks of use.') END,
       TIMESTAMP '2024-01-01 00:00:00' + INTERVAL (n * 21080 + (n * 104729) % 1000) SECOND
FROM r
ORDER BY n;

COMMIT;
