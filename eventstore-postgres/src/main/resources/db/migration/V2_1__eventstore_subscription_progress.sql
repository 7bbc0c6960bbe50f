-- Subscription progress, written in the transaction that handles a poll (JdbcSubscriptionStore).
-- Versioned 2.1 so that it applies after a service's own V2 in databases that already have one.

-- Next Kafka offset per subscription and partition: where a consumer resumes when it is assigned
-- the partition (the group's committed offsets are only a hint).
CREATE TABLE es_subscription_positions (
    subscriber_id  text        NOT NULL,
    topic          text        NOT NULL,
    partition      int         NOT NULL,
    next_offset    bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscriber_id, topic, partition)
);

-- Highest version applied per subscription and source aggregate: a re-published or replayed
-- record at or below it is a duplicate. One row per aggregate, never purged.
CREATE TABLE es_subscription_versions (
    subscriber_id  text NOT NULL,
    aggregate_id   uuid NOT NULL,
    version        int  NOT NULL,
    PRIMARY KEY (subscriber_id, aggregate_id)
);

-- Versions that were dead-lettered instead of applied: a re-driven copy of such a record is applied
-- (and its row deleted) although later versions of its aggregate were applied meanwhile.
CREATE TABLE es_subscription_parked (
    subscriber_id  text        NOT NULL,
    aggregate_id   uuid        NOT NULL,
    version        int         NOT NULL,
    parked_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subscriber_id, aggregate_id, version)
);
