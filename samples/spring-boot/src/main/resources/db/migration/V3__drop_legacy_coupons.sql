-- The kind of migration that is regretted later: SafeSQLite backs the database up just before it.
DROP TABLE legacy_coupons;
