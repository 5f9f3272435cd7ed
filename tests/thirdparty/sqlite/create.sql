-- SQLite workload, first run: a new file database, a schema, and (with the generated inserts that
-- follow this file) 10000 orders inserted in one transaction.
PRAGMA page_size = 4096;
CREATE TABLE customers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    city TEXT NOT NULL,
    joined TEXT NOT NULL
);
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents > 0)
);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    product_id INTEGER NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL,
    day TEXT NOT NULL,
    note TEXT
);
CREATE INDEX orders_by_customer ON orders(customer_id);
CREATE INDEX orders_by_day ON orders(day, product_id);

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO customers (id, name, city, joined)
SELECT i, printf('customer-%04d', i),
       CASE i % 7 WHEN 0 THEN 'Oslo' WHEN 1 THEN 'Lima' WHEN 2 THEN 'Kyoto' WHEN 3 THEN 'Accra'
                  WHEN 4 THEN 'Quito' WHEN 5 THEN 'Perth' ELSE 'Tartu' END,
       date('2020-01-01', printf('+%d days', (i * 13) % 1000))
FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO products (id, title, price_cents)
SELECT i, 'product ' || char(64 + (i % 26) + 1) || i, 100 + (i * 977) % 9900 FROM n;
