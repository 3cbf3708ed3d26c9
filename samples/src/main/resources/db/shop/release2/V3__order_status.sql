ALTER TABLE orders ADD COLUMN status TEXT;
UPDATE orders SET status = 'paid';
CREATE INDEX orders_by_customer ON orders(customer);
