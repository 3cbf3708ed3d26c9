WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 300)
INSERT INTO customers(id, name) SELECT k, 'Customer ' || k FROM n;
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 3000)
INSERT INTO orders(customer, total) SELECT 1 + k % 300, k * 0.75 FROM n;
INSERT INTO legacy_coupons VALUES ('WELCOME', 10), ('SPRING', 15);
