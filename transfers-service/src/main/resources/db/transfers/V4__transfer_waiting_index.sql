-- The saga watchdog's scan (JdbcOpenTransfers): events after which a transfer waits for the accounts,
-- by time. A transfer is stuck when such an event of it has no successor and is older than stuck-after.
CREATE INDEX es_events_transfer_waiting ON es_events (occurred_at)
    WHERE aggregate_type = 'MoneyTransfer'
      AND event_type IN ('MoneyTransferCreated', 'DebitRecorded', 'RefundRequested');
