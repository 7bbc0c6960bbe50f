package io.eventbank.view;

import io.eventbank.events.BankingEvents;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.UUID;

/** Envelopes as the subscription hands them to handlers. */
public final class TestEvents {

    private static final AtomicLong CLOCK = new AtomicLong();

    private TestEvents() {
    }

    public static EventEnvelope<AccountEvent> account(UUID accountId, int version, AccountEvent event) {
        return new EventEnvelope<>(UUID.randomUUID(), BankingEvents.ACCOUNT.aggregateType(), accountId, version,
                event.getClass().getSimpleName(), now(), version, EventMetadata.EMPTY, event);
    }

    public static EventEnvelope<MoneyTransferEvent> transfer(UUID transferId, int version, MoneyTransferEvent event) {
        return new EventEnvelope<>(UUID.randomUUID(), BankingEvents.TRANSFER.aggregateType(), transferId, version,
                event.getClass().getSimpleName(), now(), version, EventMetadata.EMPTY, event);
    }

    /** Milliseconds (what the views store), strictly increasing so that creation order is unambiguous. */
    private static Instant now() {
        long millis = CLOCK.updateAndGet(last -> Math.max(last + 1, Instant.now().toEpochMilli()));
        return Instant.ofEpochMilli(millis);
    }
}
