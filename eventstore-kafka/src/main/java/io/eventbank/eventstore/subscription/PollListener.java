package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.eventstore.envelope.EventRecordFormat.PublishedEvent;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.subscription.EventSubscription.Registration;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * Handles one poll: decodes the records (skipping by header what no handler wants), runs the
 * handlers through the {@link SubscriptionStore} in one unit, and on failure again record by record
 * so that the failing record is reported to the error handler by index
 * ({@link BatchListenerFailedException}): the records before it stay committed, it is retried and
 * finally dead-lettered, the ones after it are delivered again. A transient failure (see
 * {@link FailureClassifier}) is not narrowed down record by record: the poll's first unhandled
 * record is reported, and the subscription's {@link SubscriptionProgress} shows the outage until a
 * poll goes through.
 */
final class PollListener implements BatchMessageListener<String, String> {

    private static final Logger log = LoggerFactory.getLogger(PollListener.class);

    private final EventSubscription subscription;
    private final SubscriptionStore store;
    private final EventCodec codec;
    private final Counter failures;
    private final SubscriptionTracing tracing;
    private final FailureClassifier classifier;
    private final SubscriptionProgress progress;
    private final Map<String, Set<String>> knownTypes = new ConcurrentHashMap<>();

    PollListener(EventSubscription subscription, SubscriptionStore store, EventCodec codec, Counter failures,
                 SubscriptionTracing tracing, FailureClassifier classifier, SubscriptionProgress progress) {
        this.subscription = subscription;
        this.store = store;
        this.codec = codec;
        this.failures = failures;
        this.tracing = tracing;
        this.classifier = classifier;
        this.progress = progress;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, String>> records) {
        PollContext poll = new PollContext(subscription.subscriberId(), tracing, records.size());
        List<Delivery> deliveries = new ArrayList<>(records.size());
        try {
            for (ConsumerRecord<String, String> record : records) {
                Delivery delivery;
                try {
                    delivery = decode(record, poll);
                } catch (UnreadableEventException e) {
                    failures.increment();
                    handle(deliveries, poll);
                    throw new BatchListenerFailedException(e.getMessage(), e, deliveries.size());
                }
                deliveries.add(delivery);
            }
            handle(deliveries, poll);
            advance(deliveries, deliveries.size());
            recovered();
        } catch (BatchListenerFailedException e) {
            advance(deliveries, Math.min(e.getIndex(), deliveries.size()));
            throw e;
        } finally {
            poll.end();
        }
    }

    private void advance(List<Delivery> deliveries, int handled) {
        for (int i = 0; i < handled; i++) {
            progress.handled(deliveries.get(i).partition(), deliveries.get(i).offset());
        }
    }

    private void recovered() {
        progress.outage().ifPresent(outage -> {
            progress.succeeded();
            log.info("{} resumed after waiting out an outage for {} ms", subscription.subscriberId(),
                    Duration.between(outage.since(), Instant.now()).toMillis());
        });
    }

    private void handle(List<Delivery> deliveries, PollContext poll) {
        if (deliveries.isEmpty()) {
            return;
        }
        try {
            store.handle(subscription.subscriberId(), deliveries, fresh -> dispatch(fresh, poll));
            return;
        } catch (Exception e) {
            int failedAt = indexOfFailed(deliveries, e);
            if (failedAt >= 0) {
                if (store.atomic()) {
                    handle(deliveries.subList(0, failedAt), poll);
                }
                throw failed(deliveries.get(failedAt), failedAt, e, poll);
            }
            if (deliveries.size() == 1 || classifier.isTransient(e)) {
                throw failed(deliveries.getFirst(), 0, e, poll);
            }
            log.debug("{}: poll of {} records failed ({}); handling them one by one", subscription.subscriberId(),
                    deliveries.size(), e.toString());
        }
        for (int i = 0; i < deliveries.size(); i++) {
            try {
                store.handle(subscription.subscriberId(), List.of(deliveries.get(i)), fresh -> dispatch(fresh, poll));
            } catch (Exception e) {
                throw failed(deliveries.get(i), i, e, poll);
            }
        }
    }

    /** Index of the delivery whose envelope the failure names, or -1. */
    private static int indexOfFailed(List<Delivery> deliveries, Exception e) {
        if (e instanceof EventHandlingException failure && failure.envelope() != null) {
            for (int i = 0; i < deliveries.size(); i++) {
                if (deliveries.get(i).envelope() == failure.envelope()) {
                    return i;
                }
            }
        }
        return -1;
    }

    private BatchListenerFailedException failed(Delivery delivery, int index, Exception e, PollContext poll) {
        failures.increment();
        if (classifier.isTransient(e)) {
            if (progress.outage().isEmpty()) {
                log.warn("{} waits out a transient failure on {}, retrying until it passes: {}",
                        subscription.subscriberId(), describe(delivery), e.toString());
            }
            progress.waiting(e);
        }
        Exception cause = e instanceof EventHandlingException ? e : new EventHandlingException(
                subscription.subscriberId() + " failed on " + describe(delivery) + ": " + e.getMessage(), e);
        poll.failed(delivery.envelope(), cause);
        return new BatchListenerFailedException(cause.getMessage(), cause, index);
    }

    /**
     * Calls the handlers with runs of consecutive events of one aggregate type, in poll order (a
     * poll returns each partition's records together, so runs are long), so that the records before
     * a failing one are exactly those already handled. A per-record handler is called per event.
     */
    private void dispatch(List<Delivery> fresh, PollContext poll) throws Exception {
        List<EventEnvelope<?>> run = new ArrayList<>();
        String runType = null;
        for (Delivery delivery : fresh) {
            if (delivery.skipped()) {
                continue;
            }
            String type = delivery.envelope().aggregateType();
            if (runType != null && !runType.equals(type)) {
                invoke(subscription.registration(runType).orElseThrow(), run, poll);
                run = new ArrayList<>();
            }
            runType = type;
            run.add(delivery.envelope());
        }
        if (runType != null) {
            invoke(subscription.registration(runType).orElseThrow(), run, poll);
        }
    }

    /** One handler call in the events' logging and trace context. */
    private static void invoke(Registration<?> registration, List<EventEnvelope<?>> run, PollContext poll)
            throws Exception {
        if (registration.perRecord() && run.size() > 1) {
            for (EventEnvelope<?> envelope : run) {
                invoke(registration, List.of(envelope), poll);
            }
            return;
        }
        try (PollContext.Scope scope = poll.open(run)) {
            try {
                registration.handle(run);
            } catch (Exception | Error e) {
                scope.error(e);
                throw e;
            }
        }
    }

    private Delivery decode(ConsumerRecord<String, String> record, PollContext poll) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        String aggregateType = header(record, EventRecordFormat.AGGREGATE_TYPE);
        String eventType = header(record, EventRecordFormat.EVENT_TYPE);
        if (aggregateType != null) {
            Optional<Registration<?>> registration = subscription.registration(aggregateType);
            if (registration.isEmpty() || (eventType != null && !wanted(registration.get().events(), eventType))) {
                return new Delivery(partition, record.offset(), null);
            }
        }
        PublishedEvent published;
        try {
            published = EventRecordFormat.read(codec.mapper(), record.value());
        } catch (IllegalArgumentException e) {
            throw new UnreadableEventException("Unreadable record " + origin(record) + ": " + e.getMessage(), e);
        }
        Optional<Registration<?>> registration = subscription.registration(published.aggregateType());
        if (registration.isEmpty()) {
            return new Delivery(partition, record.offset(), null);
        }
        Optional<? extends EventEnvelope<?>> envelope;
        try {
            envelope = EventRecordFormat.decode(codec, registration.get().events(), published);
        } catch (RuntimeException e) {
            throw new UnreadableEventException("Unreadable payload " + origin(record) + ": " + e.getMessage(), e);
        }
        if (envelope.isEmpty()) {
            log.debug("{} skips unknown event type {}", subscription.subscriberId(), published.eventType());
            return new Delivery(partition, record.offset(), null);
        }
        return new Delivery(partition, record.offset(), poll.delivered(record, envelope.get()));
    }

    /** A type this consumer's records carry, or one an upcaster turns into such a type. */
    private boolean wanted(AggregateEvents<?> events, String eventType) {
        return knownTypes.computeIfAbsent(events.aggregateType(), t -> events.eventTypes().keySet())
                .contains(eventType) || codec.upcasts(events.aggregateType(), eventType);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String describe(Delivery delivery) {
        String where = delivery.partition() + "@" + delivery.offset();
        return delivery.skipped() ? where
                : delivery.envelope().eventType() + " " + delivery.envelope().eventId() + " at " + where;
    }

    private static String origin(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
