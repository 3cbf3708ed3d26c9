DROP TABLE legacy_coupons;
