package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.eventstore.envelope.EventRecordFormat.PublishedEvent;
import io.eventbank.eventstore.json.EventCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Runs every {@link EventSubscription}: one listener container per subscription, consumer group =
 * subscriber id, starting at the earliest offset. Each poll is handled as one unit through the
 * {@link SubscriptionStore}; offsets are committed after the poll's records were handled (or
 * dead-lettered), never before: after every poll, or, when the store keeps positions, at most once
 * per {@link #OFFSET_HINT_INTERVAL}. With a store that keeps positions (the PostgreSQL one), the
 * positions it read back win over the group's offsets when partitions are assigned, and a
 * re-delivered record that was already applied is dropped by its source version; without one a
 * crash re-delivers at most one poll's worth of records, which the handlers' idempotence absorbs.
 *
 * <p>A failing handler is retried {@code maxAttempts} times in all with exponential back-off
 * ({@code initialBackoff} doubled up to {@code maxBackoff}); then the record goes to
 * {@code <topic>-dlt} (partition chosen by key, so the dead-letter topic may have fewer partitions)
 * with the standard {@code kafka_dlt-original-*} and {@code kafka_dlt-exception-*} headers, and the
 * consumer moves on. A record that cannot be read is dead-lettered at once. A transient failure
 * ({@link FailureClassifier}: database, broker or store unavailable, timeouts) is never
 * dead-lettered: the consumer holds the record and retries it with back-off capped at
 * {@code outageMaxBackoff} for as long as the failure lasts, and {@link #progress()} shows the
 * outage (the Boot auto-configuration turns it into a readiness health indicator).
 *
 * <p>Tracing: a span per delivered record, child of the trace context it was appended in (see
 * {@link SubscriptionTracing}); Spring Kafka's own container observation stays off, since for a
 * batch listener it only records an empty observation per record before the listener runs, which
 * cannot be the parent of the handling.
 *
 * <p>Metrics (tag {@code subscriber}): {@code eventstore.subscription.failures} (failed deliveries,
 * retries included), {@code eventstore.subscription.dead-lettered}, and those of
 * {@link SubscriptionProgress}.
 */
public class EventSubscriptionRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventSubscriptionRuntime.class);

    /** How often the group's offsets follow the positions a {@link SubscriptionStore} keeps. */
    static final Duration OFFSET_HINT_INTERVAL = Duration.ofSeconds(1);

    private final List<ConcurrentMessageListenerContainer<String, String>> containers = new ArrayList<>();
    private final List<SubscriptionProgress> progress = new ArrayList<>();
    private volatile boolean running;

    public EventSubscriptionRuntime(List<EventSubscription> subscriptions,
                                    ConsumerFactory<String, String> consumerFactory,
                                    KafkaOperations<String, String> deadLetterTemplate,
                                    EventCodec codec,
                                    SubscriptionSettings settings,
                                    MeterRegistry meters) {
        this(subscriptions, consumerFactory, deadLetterTemplate, codec, SubscriptionStore.kafkaOffsets(), settings,
                meters);
    }

    /** @param store where positions and applied versions are kept beside the handlers' effects */
    public EventSubscriptionRuntime(List<EventSubscription> subscriptions,
                                    ConsumerFactory<String, String> consumerFactory,
                                    KafkaOperations<String, String> deadLetterTemplate,
                                    EventCodec codec,
                                    SubscriptionStore store,
                                    SubscriptionSettings settings,
                                    MeterRegistry meters) {
        this(subscriptions, consumerFactory, deadLetterTemplate, codec, store, settings, meters,
                SubscriptionTracing.none(), FailureClassifier.standard());
    }

    /**
     * @param tracing    how deliveries are traced ({@link SubscriptionTracing#none()}: not at all)
     * @param classifier which failures are outages, retried for as long as they last
     */
    public EventSubscriptionRuntime(List<EventSubscription> subscriptions,
                                    ConsumerFactory<String, String> consumerFactory,
                                    KafkaOperations<String, String> deadLetterTemplate,
                                    EventCodec codec,
                                    SubscriptionStore store,
                                    SubscriptionSettings settings,
                                    MeterRegistry meters,
                                    SubscriptionTracing tracing,
                                    FailureClassifier classifier) {
        for (EventSubscription subscription : subscriptions) {
            SubscriptionProgress subscriptionProgress =
                    new SubscriptionProgress(subscription.subscriberId(), meters, Clock.systemUTC());
            progress.add(subscriptionProgress);
            containers.add(container(subscription, consumerFactory, deadLetterTemplate, codec, store, settings,
                    meters, tracing, classifier, subscriptionProgress));
        }
    }

    /** Each subscription's positions and outage, in the order the subscriptions were given. */
    public List<SubscriptionProgress> progress() {
        return List.copyOf(progress);
    }

    private static ConcurrentMessageListenerContainer<String, String> container(
            EventSubscription subscription, ConsumerFactory<String, String> consumerFactory,
            KafkaOperations<String, String> deadLetterTemplate, EventCodec codec, SubscriptionStore store,
            SubscriptionSettings settings, MeterRegistry meters, SubscriptionTracing tracing,
            FailureClassifier classifier, SubscriptionProgress progress) {
        String id = subscription.subscriberId();
        Counter failures = Counter.builder("eventstore.subscription.failures")
                .description("Failed deliveries to a subscription's handlers, retries included")
                .tag("subscriber", id).register(meters);
        Counter deadLettered = Counter.builder("eventstore.subscription.dead-lettered")
                .description("Records sent to a dead-letter topic")
                .tag("subscriber", id).register(meters);

        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(deadLetterTemplate,
                (record, e) -> new TopicPartition(AggregateEvents.deadLetterTopicOf(record.topic()), -1));
        ConsumerRecordRecoverer recoverer = (record, e) -> {
            Exception cause = unwrap(e);
            deadLetters.accept(record, cause);
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            store.skip(id, partition, record.offset() + 1, sourceOf(codec, record.value()));
            progress.handled(partition, record.offset());
            deadLettered.increment();
            log.warn("{} dead-lettered {}-{}@{} to {}-dlt: {}", id, record.topic(), record.partition(),
                    record.offset(), record.topic(), cause.getMessage());
        };
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(settings.maxAttempts() - 1);
        backOff.setInitialInterval(settings.initialBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(Math.max(settings.initialBackoff().toMillis(), settings.maxBackoff().toMillis()));
        ExponentialBackOff outageBackOff = new ExponentialBackOff(settings.initialBackoff().toMillis(), 2.0);
        outageBackOff.setMaxInterval(Math.max(settings.initialBackoff().toMillis(),
                settings.outageMaxBackoff().toMillis()));
        outageBackOff.setMaxAttempts(Long.MAX_VALUE);
        outageBackOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, backOff);
        errorHandler.setBackOffFunction((record, e) -> classifier.isTransient(e) ? outageBackOff : null);
        errorHandler.addNotRetryableExceptions(UnreadableEventException.class);
        errorHandler.setAckAfterHandle(true);

        ContainerProperties properties = new ContainerProperties(subscription.topics().toArray(String[]::new));
        properties.setGroupId(id);
        properties.setClientId(id);
        if (store.atomic()) {
            // the stored positions are the truth; the group's offsets are a hint for tools and lag
            properties.setAckMode(ContainerProperties.AckMode.TIME);
            properties.setAckTime(OFFSET_HINT_INTERVAL.toMillis());
        } else {
            properties.setAckMode(ContainerProperties.AckMode.BATCH);
        }
        properties.setMessageListener(new PollListener(subscription, store, codec, failures, tracing, classifier,
                progress));
        properties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                progress.revoked(partitions);
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                progress.revoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                Map<TopicPartition, Long> positions = store.positions(id, partitions);
                if (positions.isEmpty()) {
                    return;
                }
                Map<TopicPartition, OffsetAndMetadata> hint = new HashMap<>();
                positions.forEach((partition, offset) -> {
                    log.debug("{} resumes {} at its stored position {}", id, partition, offset);
                    consumer.seek(partition, offset);
                    hint.put(partition, new OffsetAndMetadata(offset));
                });
                // the group's offsets follow the stored positions, so lag and tooling see the truth
                consumer.commitSync(hint);
            }
        });
        ConcurrentMessageListenerContainer<String, String> container =
                new ConcurrentMessageListenerContainer<>(consumerFactory, properties);
        container.setConcurrency(settings.concurrency());
        container.setCommonErrorHandler(errorHandler);
        container.setBeanName("eventstore-subscription-" + id);
        return container;
    }

    private static SubscriptionStore.SourceVersion sourceOf(EventCodec codec, Object value) {
        try {
            PublishedEvent event = EventRecordFormat.read(codec.mapper(), value instanceof String text ? text : null);
            return new SubscriptionStore.SourceVersion(event.aggregateId(), event.version());
        } catch (IllegalArgumentException unreadable) {
            return null;
        }
    }

    /** Our own exception (handler failure or unreadable record), not the container's wrappers. */
    private static Exception unwrap(Exception e) {
        Exception current = e;
        while ((current instanceof ListenerExecutionFailedException || current instanceof BatchListenerFailedException)
                && current.getCause() instanceof Exception cause) {
            current = cause;
        }
        return current;
    }

    @Override
    public synchronized void start() {
        if (!running) {
            containers.forEach(ConcurrentMessageListenerContainer::start);
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            containers.forEach(ConcurrentMessageListenerContainer::stop);
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after everything handlers use, stops before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2000;
    }
}
