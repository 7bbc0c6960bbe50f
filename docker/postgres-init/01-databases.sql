-- Runs once, when the postgres volume is empty: one database per command service.
CREATE DATABASE accounts;
CREATE DATABASE transfers;
