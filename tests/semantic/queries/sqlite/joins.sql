-- SQLite source: joins.

-- name: inner_join
SELECT o.id, c.name FROM orders o INNER JOIN customers c ON c.id = o.customer_id ORDER BY o.id;

-- name: left_join_null_manager
SELECT e.id, m.last_name AS boss FROM employees e LEFT JOIN employees m ON e.manager_id = m.id ORDER BY e.id;

-- name: left_join_anti
SELECT p.id FROM products p LEFT JOIN order_items i ON i.product_id = p.id WHERE i.order_id IS NULL ORDER BY p.id;

-- name: right_join_sqlite
SELECT d.id, e.id AS emp FROM employees e RIGHT JOIN departments d ON d.id = e.dept_id AND e.salary > 120000 ORDER BY d.id, e.id;

-- name: full_join_sqlite
SELECT c.id AS cat, d.id AS dept FROM categories c FULL JOIN departments d ON d.id = c.id ORDER BY COALESCE(c.id, d.id);

-- name: cross_join_small
SELECT a.n, b.n FROM (SELECT 1 AS n UNION ALL SELECT 2) a CROSS JOIN (SELECT 10 AS n UNION ALL SELECT 20) b ORDER BY a.n, b.n;

-- name: join_using_sqlite
SELECT order_id, line_no, customer_id FROM order_items JOIN (SELECT id AS order_id, customer_id FROM orders) USING (order_id)
WHERE customer_id = 9 ORDER BY order_id, line_no;

-- name: natural_join_sqlite
SELECT id, name, n FROM departments NATURAL JOIN (SELECT dept_id AS id, COUNT(*) AS n FROM employees GROUP BY dept_id) ORDER BY id;

-- name: multi_join_aggregate
SELECT d.name, COUNT(DISTINCT o.id) AS orders FROM departments d
JOIN employees e ON e.dept_id = d.id JOIN orders o ON o.employee_id = e.id
GROUP BY d.id, d.name ORDER BY d.id;

-- name: join_on_expression
SELECT e.id, d.id AS dept FROM employees e JOIN departments d ON e.hire_date < d.founded ORDER BY e.id, d.id;

-- name: implicit_join
SELECT o.id, oi.line_no, p.sku FROM orders o, order_items oi, products p
WHERE oi.order_id = o.id AND p.id = oi.product_id AND o.id = 1 ORDER BY oi.line_no;

-- name: self_join_ledger_transfer
SELECT a.id, b.id AS other FROM ledger a JOIN ledger b ON a.entry_ts = b.entry_ts AND a.amount = -b.amount AND a.id < b.id ORDER BY a.id;
