package io.eventbank.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.eventstore.AppendOptions;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.support.CorrelationIds;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CausationTest {

    private static EventEnvelope<String> envelope(String correlationId) {
        return new EventEnvelope<>(UUID.randomUUID(), "Thing", UUID.randomUUID(), 3, "ThingHappened",
                Instant.now(), 42, new EventMetadata(correlationId, "cause", Map.of()), "event");
    }

    @Test
    void anUpdateCausedByAnEventNamesItAsCauseAndKeepsTheCorrelation() {
        EventEnvelope<String> envelope = envelope("corr-1");
        AppendOptions options = Causation.causedBy(envelope);
        assertThat(options.triggeringMessageId()).isNull();
        assertThat(options.metadata().causationId()).isEqualTo(envelope.eventId().toString());
        assertThat(options.metadata().correlationId()).isEqualTo("corr-1");
        assertThat(options.assignedId()).isNull();
    }

    @Test
    void anEventWithoutCorrelationStartsOneFromItsId() {
        EventEnvelope<String> envelope = envelope(null);
        assertThat(Causation.causedBy(envelope).metadata().correlationId()).isEqualTo(envelope.eventId().toString());
    }

    @Test
    void anUpdateCausedByAnEventContinuesItsTrace() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        EventEnvelope<String> envelope = new EventEnvelope<>(UUID.randomUUID(), "Thing", UUID.randomUUID(), 3,
                "ThingHappened", Instant.now(), 42,
                new EventMetadata("corr-1", "cause", Map.of(EventMetadata.TRACEPARENT, traceparent)), "event");
        AppendOptions options = Causation.causedBy(envelope);
        assertThat(options.metadata().traceparent()).isEqualTo(traceparent);
        assertThat(options.metadata().correlationId()).isEqualTo("corr-1");
        assertThat(Causation.causedBy(envelope("corr-2")).metadata().extra()).isEmpty();
    }

    @Test
    void requestAppendOptionsCarryTheCurrentCorrelationId() {
        MDC.put(EventMetadata.CORRELATION_ID, "req-7");
        try {
            assertThat(CorrelationIds.appendOptions().metadata().correlationId()).isEqualTo("req-7");
        } finally {
            MDC.remove(EventMetadata.CORRELATION_ID);
        }
        assertThat(CorrelationIds.appendOptions().metadata().correlationId()).isNotBlank();
    }
}
