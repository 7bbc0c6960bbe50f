package io.eventbank.view.rebuild.infrastructure;

import io.eventbank.events.BankingEvents;
import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.eventstore.envelope.EventRecordFormat.PublishedEvent;
import java.util.Optional;

/**
 * Reads a published Kafka record ({@link EventRecordFormat}) into an {@link EventEnvelope} of a
 * banking event, through the codec's upcasters — as the live subscription does.
 */
public class KafkaEnvelopeReader {

    private final EventCodec codec;

    public KafkaEnvelopeReader(EventCodec codec) {
        this.codec = codec;
    }

    /**
     * The event, or empty when its aggregate or event type is not one the view knows.
     *
     * @throws IllegalArgumentException when the record is no envelope
     */
    public Optional<EventEnvelope<?>> read(String value) {
        PublishedEvent published = EventRecordFormat.read(codec.mapper(), value);
        AggregateEvents<?> events = switch (published.aggregateType()) {
            case "Account" -> BankingEvents.ACCOUNT;
            case "MoneyTransfer" -> BankingEvents.TRANSFER;
            default -> null;
        };
        if (events == null) {
            return Optional.empty();
        }
        return EventRecordFormat.decode(codec, events, published).map(e -> e);
    }
}
