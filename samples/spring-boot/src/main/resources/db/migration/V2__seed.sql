INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Linus');
INSERT INTO orders (customer_id, total_cents) VALUES (1, 1250), (2, 990), (3, 4300), (1, 100);
INSERT INTO legacy_coupons (code, percent) VALUES ('SPRING10', 10), ('WELCOME5', 5);
