-- Accounts replicated from Account events (AccountOpened / AccountClosed); version = the account's event version.
create table account_registry (
    account_id uuid primary key,
    status     text        not null check (status in ('OPEN', 'CLOSED')),
    version    int         not null,
    updated_at timestamptz not null
);
