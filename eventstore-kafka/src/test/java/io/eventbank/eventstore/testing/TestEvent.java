package io.eventbank.eventstore.testing;

import io.eventbank.eventstore.AggregateEvents;
import java.math.BigDecimal;

/** Events of a test-only aggregate. */
public sealed interface TestEvent permits TestEvent.Opened, TestEvent.Deposited, TestEvent.Noted {

    record Opened(String owner) implements TestEvent {
    }

    record Deposited(BigDecimal amount) implements TestEvent {
    }

    record Noted(String text) implements TestEvent {
    }

    /** A fresh aggregate type (and so fresh topics) per test. */
    static AggregateEvents<TestEvent> uniqueType(String prefix) {
        return AggregateEvents.of(prefix + Infra.suffix(), TestEvent.class);
    }
}
