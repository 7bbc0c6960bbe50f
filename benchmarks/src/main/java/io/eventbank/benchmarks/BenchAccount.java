package io.eventbank.benchmarks;

import io.eventbank.eventstore.Aggregate;
import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.AggregateType;

/** A minimal aggregate for load: one event type whose payload resembles a banking event (~170 bytes). */
record BenchAccount(long deposits) implements Aggregate<BenchAccount, BenchAccount.Event> {

    sealed interface Event permits Deposited {
    }

    record Deposited(String amount, String currency, String transactionId, String reference) implements Event {
    }

    static final AggregateEvents<Event> EVENTS = AggregateEvents.of("BenchAccount", Event.class);
    static final AggregateType<BenchAccount, Event> TYPE = AggregateType.of(EVENTS, BenchAccount.class,
            new BenchAccount(0));

    static Deposited deposit(long n) {
        return new Deposited("%d.%02d".formatted(100 + n % 900, n % 100), "EUR",
                java.util.UUID.randomUUID().toString(), "benchmark deposit number " + n + " from writer load");
    }

    @Override
    public BenchAccount apply(Event event) {
        return switch (event) {
            case Deposited d -> new BenchAccount(deposits + 1);
        };
    }
}
