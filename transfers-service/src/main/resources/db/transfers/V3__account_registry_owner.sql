-- The owner of each replicated account (AccountOpened.ownerId, a customer's token sub): POST /transfers
-- accepts only a source account that belongs to the caller. Null when unknown: rows recorded before this
-- migration have no owner (their AccountOpened was applied before owners were kept, and the subscription
-- does not apply an event twice), so such an account can never be a transfer's source; it can still be a
-- destination.
alter table account_registry add column owner_id text;
