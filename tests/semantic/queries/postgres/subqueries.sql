-- PostgreSQL source: subqueries of every shape.

-- name: scalar_subquery_in_select
SELECT id, salary, salary - (SELECT AVG(salary) FROM employees) AS diff
FROM employees WHERE id <= 5 ORDER BY id;

-- name: in_subquery
SELECT id, name FROM products
WHERE id IN (SELECT product_id FROM order_items WHERE quantity >= 5) ORDER BY id;

-- name: not_in_subquery
SELECT id, name FROM customers
WHERE id NOT IN (SELECT customer_id FROM orders) ORDER BY id;

-- name: exists_correlated
SELECT d.id, d.name FROM departments d
WHERE EXISTS (SELECT 1 FROM employees e WHERE e.dept_id = d.id AND NOT e.is_active)
ORDER BY d.id;

-- name: not_exists_correlated
SELECT p.id FROM products p
WHERE NOT EXISTS (SELECT 1 FROM order_items oi WHERE oi.product_id = p.id) ORDER BY p.id;

-- name: any_subquery
SELECT id, salary FROM employees
WHERE salary > ANY (SELECT salary FROM employees WHERE dept_id = 1) ORDER BY id;

-- name: all_subquery
SELECT id, price FROM products
WHERE price > ALL (SELECT price FROM products WHERE category = 'accessories') ORDER BY id;

-- name: correlated_scalar_max
SELECT e.id, e.salary FROM employees e
WHERE e.salary = (SELECT MAX(e2.salary) FROM employees e2 WHERE e2.dept_id = e.dept_id)
ORDER BY e.id;

-- name: subquery_in_from_with_agg
SELECT t.status, t.n FROM (SELECT status, COUNT(*) AS n FROM orders GROUP BY status) AS t
WHERE t.n > 1 ORDER BY t.status;

-- name: subquery_in_having
SELECT dept_id, COUNT(*) AS n FROM employees GROUP BY dept_id
HAVING COUNT(*) > (SELECT COUNT(*) FROM employees) / 6 ORDER BY dept_id;

-- name: row_value_in_subquery
SELECT order_id, line_no FROM order_items
WHERE (order_id, product_id) IN (SELECT id, 4 FROM orders WHERE status = 'shipped')
ORDER BY order_id, line_no;

-- name: nested_subqueries
SELECT name FROM departments WHERE id IN (
  SELECT dept_id FROM employees WHERE id IN (
    SELECT employee_id FROM orders WHERE status = 'returned'))
ORDER BY name;
