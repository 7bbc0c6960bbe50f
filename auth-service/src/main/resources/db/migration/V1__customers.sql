-- Customers who sign in; usernames are stored in lower case (unique regardless of case).
create table customers (
    username      varchar(32)  primary key check (username = lower(username)),
    password_hash varchar(500) not null,
    enabled       boolean      not null default true,
    created_at    timestamptz  not null default now()
);
