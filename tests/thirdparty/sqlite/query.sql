-- SQLite workload, second run: the file database reopened; joins, aggregates, window functions,
-- JSON, dates and floating point; changes in a transaction, one rolled back; WAL mode; an integrity
-- check.
.headers off
.mode list
SELECT 'orders', count(*), sum(quantity), min(day), max(day) FROM orders;
SELECT 'customers', count(*), count(DISTINCT city) FROM customers;

-- Revenue per city, largest first.
SELECT c.city, count(*), sum(o.quantity * p.price_cents), printf('%.2f', avg(o.quantity * p.price_cents) / 100.0)
FROM orders o JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id
GROUP BY c.city ORDER BY sum(o.quantity * p.price_cents) DESC, c.city;

-- The five best customers, ties broken by name.
SELECT c.name, sum(o.quantity * p.price_cents) AS total
FROM customers c JOIN orders o ON o.customer_id = c.id JOIN products p ON p.id = o.product_id
GROUP BY c.id ORDER BY total DESC, c.name LIMIT 5;

-- Orders per month of 2023, with a running total.
SELECT month, n, sum(n) OVER (ORDER BY month)
FROM (SELECT strftime('%m', day) AS month, count(*) AS n FROM orders WHERE day LIKE '2023-%' GROUP BY month)
ORDER BY month;

-- Each city's best product by quantity (window ranking).
SELECT city, title, q FROM (
    SELECT c.city, p.title, sum(o.quantity) AS q,
           rank() OVER (PARTITION BY c.city ORDER BY sum(o.quantity) DESC, p.title) AS r
    FROM orders o JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id
    GROUP BY c.city, p.id)
WHERE r = 1 ORDER BY city;

-- Customers with no order on a weekend; notes that mention gifts.
SELECT count(*) FROM customers c WHERE NOT EXISTS (
    SELECT 1 FROM orders o WHERE o.customer_id = c.id AND strftime('%w', o.day) IN ('0', '6'));
SELECT count(*), min(id), max(id) FROM orders WHERE note GLOB '*gift*';

-- JSON and floating point.
SELECT json_object('city', city, 'customers', count(*)) FROM customers GROUP BY city ORDER BY city LIMIT 3;
SELECT json_extract('{"a":[1,2,{"b":"deep"}]}', '$.a[2].b'), json_array_length('[1,2,3,4]');
SELECT printf('%.6f', (SELECT sum(1.0 / id) FROM customers)), printf('%.3e', exp(10)), printf('%.4f', sqrt(2)), round(2.5), 7 / 2, 7 % 3;
SELECT printf('%08.3f|%-6s|%+d|%x', 3.14159, 'ab', 42, 255), upper('mixed Case'), length('héllo'), hex('A');
SELECT date('2024-02-28', '+1 day'), date('2023-02-28', '+1 day'), julianday('2000-01-01') - julianday('1999-12-31'),
       strftime('%Y-%j', '2024-12-31'), datetime(1700000000, 'unixepoch');

-- Changes in transactions: one committed, one rolled back.
BEGIN;
UPDATE orders SET quantity = quantity + 1 WHERE customer_id % 10 = 0;
DELETE FROM orders WHERE id % 97 = 0;
INSERT INTO customers (id, name, city, joined) VALUES (401, 'customer-0401', 'Oslo', '2024-06-01');
COMMIT;
BEGIN;
DELETE FROM orders;
ROLLBACK;
SELECT count(*), sum(quantity) FROM orders;
SELECT count(*) FROM customers WHERE city = 'Oslo';

-- Write-ahead logging: a shared-memory index beside the database file, then a checkpoint.
PRAGMA journal_mode = WAL;
UPDATE products SET price_cents = price_cents + 1 WHERE id <= 10;
SELECT sum(price_cents) FROM products;
PRAGMA wal_checkpoint(TRUNCATE);
PRAGMA journal_mode = DELETE;

PRAGMA integrity_check;
PRAGMA foreign_key_check;
SELECT 'done';
