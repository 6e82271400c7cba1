-- PostgreSQL source: every join kind.

-- name: inner_join_on
SELECT e.id, e.first_name, d.name AS dept FROM employees e
JOIN departments d ON d.id = e.dept_id ORDER BY e.id;

-- name: left_join_keeps_unmatched
SELECT d.id, d.name, e.id AS emp_id FROM departments d
LEFT JOIN employees e ON e.dept_id = d.id AND e.salary > 100000
ORDER BY d.id, e.id;

-- name: right_join
SELECT e.id AS emp, d.name FROM employees e
RIGHT JOIN departments d ON d.id = e.dept_id
WHERE e.id IS NULL OR e.id < 3 ORDER BY d.id, e.id;

-- name: full_outer_join
SELECT e.id AS emp, d.id AS dept FROM employees e
FULL OUTER JOIN departments d ON d.id = e.dept_id
WHERE e.id IS NULL OR d.id IS NULL ORDER BY e.id, d.id;

-- name: cross_join_count
SELECT COUNT(*) AS n FROM departments CROSS JOIN categories;

-- name: join_using_column
SELECT oi.order_id, oi.line_no, p.name FROM order_items oi
JOIN (SELECT id AS product_id, name FROM products) p USING (product_id)
WHERE oi.order_id <= 3 ORDER BY oi.order_id, oi.line_no;

-- name: natural_join
SELECT order_id, line_no, quantity, unit_price FROM order_items
NATURAL JOIN (SELECT id AS order_id, status FROM orders WHERE status = 'cancelled') c
ORDER BY order_id, line_no;

-- name: self_join_manager
SELECT e.id, e.first_name, m.first_name AS manager FROM employees e
LEFT JOIN employees m ON m.id = e.manager_id ORDER BY e.id;

-- name: three_way_join_sum
SELECT c.name, SUM(oi.quantity * oi.unit_price) AS revenue
FROM customers c JOIN orders o ON o.customer_id = c.id
JOIN order_items oi ON oi.order_id = o.id
WHERE o.status <> 'cancelled'
GROUP BY c.id, c.name ORDER BY c.id;

-- name: anti_join_left_is_null
SELECT c.id, c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
WHERE o.id IS NULL ORDER BY c.id;

-- name: join_with_derived_table
SELECT d.name, x.n FROM departments d
JOIN (SELECT dept_id, COUNT(*) AS n FROM employees GROUP BY dept_id) x ON x.dept_id = d.id
ORDER BY d.id;

-- name: lateral_top_item
SELECT o.id, t.product_id, t.quantity FROM orders o
CROSS JOIN LATERAL (SELECT product_id, quantity FROM order_items i WHERE i.order_id = o.id
                    ORDER BY quantity DESC, line_no LIMIT 1) t
WHERE o.id <= 6 ORDER BY o.id;

-- name: join_on_inequality
SELECT a.id AS a_id, b.id AS b_id FROM nums a JOIN nums b ON a.a < b.a AND b.a - a.a <= 3
ORDER BY a.id, b.id;

-- name: comma_join_where
SELECT e.id, d.city FROM employees e, departments d
WHERE e.dept_id = d.id AND d.city IS NOT NULL AND e.salary < 50000 ORDER BY e.id;
