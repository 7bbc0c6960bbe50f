-- Event store schema (eventstore-postgres). Services put their own migrations at V2 and later;
-- the library's later migrations use decimal versions (V2.1, ...).

CREATE TABLE es_events (
    position       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id       uuid        NOT NULL UNIQUE,
    aggregate_type text        NOT NULL,
    aggregate_id   uuid        NOT NULL,
    version        int         NOT NULL CHECK (version > 0),
    event_type     text        NOT NULL,
    payload        jsonb       NOT NULL,
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    tx_id          xid8        NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT es_events_aggregate_version UNIQUE (aggregate_id, version)
);

CREATE INDEX es_events_tx_position ON es_events (tx_id, position);
CREATE INDEX es_events_aggregate_occurred ON es_events (aggregate_id, occurred_at);

CREATE TABLE es_snapshots (
    aggregate_id     uuid        PRIMARY KEY,
    aggregate_type   text        NOT NULL,
    version          int         NOT NULL,
    schema_version   int         NOT NULL,
    payload          jsonb       NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE es_processed_messages (
    aggregate_id  uuid        NOT NULL,
    message_id    text        NOT NULL,
    version       int         NOT NULL,
    processed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (aggregate_id, message_id)
);

CREATE INDEX es_processed_messages_processed_at ON es_processed_messages (processed_at);

CREATE TABLE es_publisher_offsets (
    publisher_id   text   PRIMARY KEY,
    last_tx_id     xid8   NOT NULL DEFAULT '0'::xid8,
    last_position  bigint NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
