WITH recent AS (
  SELECT o.id, o.customer_id, o.order_date, o.status, SUM(oi.quantity * oi.unit_price) AS total
  FROM orders o JOIN order_items oi ON oi.order_id = o.id
  WHERE o.order_date >= DATE '2023-01-01' AND o.status IN ('shipped', 'pending', 'returned')
  GROUP BY o.id, o.customer_id, o.order_date, o.status
)
SELECT c.id, c.name, UPPER(c.country) AS country, COUNT(r.id) AS orders,
       COALESCE(SUM(r.total), 0) AS revenue, ROUND(AVG(r.total), 2) AS avg_total,
       MAX(r.order_date) AS last_order,
       CASE WHEN SUM(r.total) > 1000 THEN 'gold' WHEN SUM(r.total) > 100 THEN 'silver'
            ELSE 'bronze' END AS tier,
       STRING_AGG(r.status, ', ' ORDER BY r.id) AS statuses,
       RANK() OVER (PARTITION BY c.country ORDER BY SUM(r.total) DESC) AS country_rank,
       c.name || ' (' || c.country || ')' AS label
FROM customers c
LEFT JOIN recent r ON r.customer_id = c.id
WHERE c.is_vip OR c.credit_limit > 5000 OR c.name LIKE 'A%'
GROUP BY c.id, c.name, c.country
HAVING COUNT(r.id) >= 1 AND MAX(r.order_date) > DATE '2023-06-30'
ORDER BY revenue DESC, c.id
LIMIT 50 OFFSET 10;
