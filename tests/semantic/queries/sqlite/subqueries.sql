-- SQLite source: subqueries.

-- name: scalar_subquery_max
SELECT id, name FROM products WHERE price = (SELECT MAX(price) FROM products);

-- name: in_subquery_sqlite
SELECT id FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE country = 'US') ORDER BY id;

-- name: exists_sqlite
SELECT e.id FROM employees e WHERE EXISTS (SELECT 1 FROM orders o WHERE o.employee_id = e.id AND o.status = 'cancelled') ORDER BY e.id;

-- name: correlated_count_filter
SELECT c.id FROM customers c WHERE (SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id) >= 3 ORDER BY c.id;

-- name: derived_table_no_alias_required
SELECT n FROM (SELECT COUNT(*) AS n FROM employees WHERE is_active);

-- name: subquery_in_select_list_sum
SELECT o.id, (SELECT SUM(quantity) FROM order_items i WHERE i.order_id = o.id) AS units FROM orders o ORDER BY o.id;

-- name: not_in_subquery_sqlite
SELECT id FROM employees WHERE id NOT IN (SELECT manager_id FROM employees WHERE manager_id IS NOT NULL) ORDER BY id;

-- name: nested_scalar_comparison
SELECT id, salary FROM employees WHERE salary > (SELECT AVG(salary) FROM employees WHERE dept_id = (SELECT id FROM departments WHERE name = 'sales')) ORDER BY id;

-- name: exists_uncorrelated_true
SELECT COUNT(*) FROM departments WHERE EXISTS (SELECT 1 FROM nums WHERE a > 50);

-- name: subquery_order_limit_in
SELECT id, price FROM products WHERE id IN (SELECT id FROM products ORDER BY price DESC LIMIT 3) ORDER BY id;
