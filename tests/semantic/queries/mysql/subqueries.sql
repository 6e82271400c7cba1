-- MySQL/MariaDB source: subqueries.

-- name: scalar_subquery_count
SELECT d.id, (SELECT COUNT(*) FROM employees e WHERE e.dept_id = d.id) AS staff FROM departments d ORDER BY d.id;

-- name: in_subquery_distinct
SELECT id, first_name FROM employees WHERE id IN (SELECT DISTINCT employee_id FROM orders) ORDER BY id;

-- name: exists_subquery
SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = 'returned') ORDER BY c.id;

-- name: not_exists_subquery
SELECT e.id FROM employees e WHERE NOT EXISTS (SELECT 1 FROM employees r WHERE r.manager_id = e.id) ORDER BY e.id;

-- name: greater_than_avg
SELECT id, price FROM products WHERE price > (SELECT AVG(price) FROM products) ORDER BY id;

-- name: any_some_subquery
SELECT id FROM nums WHERE a = SOME (SELECT b FROM nums) ORDER BY id;

-- name: all_subquery_min
SELECT id, salary FROM employees WHERE salary <= ALL (SELECT salary FROM employees WHERE is_active) ORDER BY id;

-- name: derived_table_alias
SELECT t.dept_id, t.avg_salary FROM (SELECT dept_id, ROUND(AVG(salary), 2) AS avg_salary FROM employees WHERE dept_id IS NOT NULL GROUP BY dept_id) AS t
WHERE t.avg_salary > 70000 ORDER BY t.dept_id;

-- name: correlated_in_select_max_date
SELECT c.id, (SELECT MAX(o.order_date) FROM orders o WHERE o.customer_id = c.id) AS last_order FROM customers c ORDER BY c.id;

-- name: not_in_with_null_subquery
SELECT id FROM departments WHERE id NOT IN (SELECT dept_id FROM employees) ORDER BY id;

-- name: subquery_in_case
SELECT id, CASE WHEN id IN (SELECT customer_id FROM orders) THEN 'buyer' ELSE 'prospect' END AS kind FROM customers ORDER BY id;
