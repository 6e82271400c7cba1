-- MySQL/MariaDB source: joins.

-- name: inner_join_backticks
SELECT `e`.`id`, `d`.`name` FROM `employees` AS `e` INNER JOIN `departments` AS `d` ON `d`.`id` = `e`.`dept_id` ORDER BY `e`.`id`;

-- name: left_outer_join
SELECT c.id, c.name, COUNT(o.id) AS orders FROM customers c LEFT OUTER JOIN orders o ON o.customer_id = c.id
GROUP BY c.id, c.name ORDER BY c.id;

-- name: right_join_null_filter
SELECT d.id, d.name FROM employees e RIGHT JOIN departments d ON e.dept_id = d.id WHERE e.id IS NULL ORDER BY d.id;

-- name: join_using_multi
SELECT order_id, line_no, p.sku FROM order_items JOIN products p ON p.id = order_items.product_id
WHERE order_id BETWEEN 5 AND 8 ORDER BY order_id, line_no;

-- name: straight_cross_join
SELECT d.id AS d, c.id AS c FROM departments d CROSS JOIN categories c WHERE c.parent_id IS NULL ORDER BY d.id, c.id;

-- name: self_join_pairs
SELECT a.id, b.id AS same_salary FROM employees a JOIN employees b ON a.salary = b.salary AND a.id < b.id ORDER BY a.id, b.id;

-- name: join_three_tables
SELECT o.id, c.name, e.first_name FROM orders o
JOIN customers c ON c.id = o.customer_id
LEFT JOIN employees e ON e.id = o.employee_id
WHERE o.status = 'shipped' ORDER BY o.id;

-- name: join_aggregate_having
SELECT p.category, SUM(oi.quantity) AS units FROM order_items oi JOIN products p ON p.id = oi.product_id
GROUP BY p.category HAVING SUM(oi.quantity) > 10 ORDER BY units DESC, p.category;

-- name: join_derived_max
SELECT e.id, e.dept_id, e.salary FROM employees e
JOIN (SELECT dept_id, MAX(salary) AS top FROM employees GROUP BY dept_id) m ON m.dept_id = e.dept_id AND m.top = e.salary
ORDER BY e.id;

-- name: natural_join_mysql
SELECT order_id, product_id, quantity FROM order_items NATURAL JOIN (SELECT 3 AS order_id) x ORDER BY line_no;

-- name: join_using_clause
SELECT order_id, e.last_name FROM (SELECT id AS order_id, employee_id AS id FROM orders WHERE id < 6) o
JOIN employees e USING (id) ORDER BY order_id;

-- name: left_join_coalesce
SELECT p.id, COALESCE(SUM(oi.quantity), 0) AS sold FROM products p LEFT JOIN order_items oi ON oi.product_id = p.id
GROUP BY p.id ORDER BY p.id;
