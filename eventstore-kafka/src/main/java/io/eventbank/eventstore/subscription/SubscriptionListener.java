package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.StoredPayload;
import io.eventbank.eventstore.json.UnknownEventTypeException;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.eventstore.envelope.EventRecordFormat.PublishedEvent;
import io.eventbank.eventstore.subscription.EventSubscription.Registration;
import io.micrometer.core.instrument.Counter;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.listener.MessageListener;

/** Reads the envelope, upcasts and decodes the payload, and calls the subscription's handler. */
final class SubscriptionListener implements MessageListener<String, String> {

    static final String MDC_CORRELATION_ID = "correlationId";

    private static final Logger log = LoggerFactory.getLogger(SubscriptionListener.class);

    private final EventSubscription subscription;
    private final EventCodec codec;
    private final Counter failures;

    SubscriptionListener(EventSubscription subscription, EventCodec codec, Counter failures) {
        this.subscription = subscription;
        this.codec = codec;
        this.failures = failures;
    }

    @Override
    public void onMessage(ConsumerRecord<String, String> record) {
        PublishedEvent published;
        try {
            published = EventRecordFormat.read(codec.mapper(), record.value());
        } catch (IllegalArgumentException e) {
            failures.increment();
            throw new UnreadableEventException("Unreadable record " + origin(record) + ": " + e.getMessage(), e);
        }
        Optional<AggregateEvents<?>> events = subscription.aggregateEvents(published.aggregateType());
        if (events.isEmpty()) {
            log.debug("{} skips {} of unsubscribed aggregate type {}", subscription.subscriberId(), origin(record),
                    published.aggregateType());
            return;
        }
        StoredPayload upcast = codec.upcast(new StoredPayload(published.eventType(), published.schemaVersion(),
                published.payload()), published.aggregateType());
        Optional<Registration<?>> registration = subscription.handlerFor(published.aggregateType(), upcast.eventType());
        if (registration.isEmpty()) {
            log.debug("{} has no handler for {}/{}; skipped", subscription.subscriberId(), published.aggregateType(),
                    upcast.eventType());
            return;
        }
        Object event;
        try {
            event = codec.readEvent(events.get(), published.eventType(), published.schemaVersion(), published.payload());
        } catch (UnknownEventTypeException e) {
            log.debug("{} skips unknown event type: {}", subscription.subscriberId(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            failures.increment();
            throw new UnreadableEventException("Unreadable payload " + origin(record) + ": " + e.getMessage(), e);
        }
        String previous = MDC.get(MDC_CORRELATION_ID);
        if (published.metadata().correlationId() != null) {
            MDC.put(MDC_CORRELATION_ID, published.metadata().correlationId());
        }
        try {
            invoke(registration.get(), published, upcast.eventType(), event);
        } catch (Exception e) {
            failures.increment();
            throw new EventHandlingException(subscription.subscriberId() + " failed on " + upcast.eventType() + " "
                    + published.eventId() + " at " + origin(record) + ": " + e.getMessage(), e);
        } finally {
            if (previous == null) {
                MDC.remove(MDC_CORRELATION_ID);
            } else {
                MDC.put(MDC_CORRELATION_ID, previous);
            }
        }
    }

    private static <T> void invoke(Registration<T> registration, PublishedEvent published, String eventType,
                                   Object event) throws Exception {
        T typed = registration.eventClass().cast(event);
        registration.handler().handle(new EventEnvelope<>(published.eventId(), published.aggregateType(),
                published.aggregateId(), published.version(), eventType, published.occurredAt(),
                published.position(), published.metadata(), typed));
    }

    private static String origin(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
