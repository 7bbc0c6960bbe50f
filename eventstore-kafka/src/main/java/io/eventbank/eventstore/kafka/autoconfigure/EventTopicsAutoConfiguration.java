package io.eventbank.eventstore.kafka.autoconfigure;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.AggregateType;
import io.eventbank.eventstore.subscription.EventSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates, through Boot's {@link KafkaAdmin} at start-up, the topic and dead-letter topic of every
 * aggregate type the application declares, when {@code eventbank.eventstore.topics.create} (default true).
 *
 * <p>An aggregate type is declared by any of these beans:
 * <ul>
 * <li>{@code @Bean AggregateEvents<AccountEvent> accountEvents()} — a type the service publishes
 *     (or only consumes);</li>
 * <li>{@code @Bean AggregateType<Account, AccountEvent> accountType()} — a type the service stores;</li>
 * <li>{@code @Bean EventSubscription ...} — every aggregate type it has handlers for.</li>
 * </ul>
 * Each gets {@code eventbank.<Type>} and {@code eventbank.<Type>-dlt}, with
 * {@code eventbank.eventstore.topics.partitions} partitions, {@code eventbank.eventstore.topics.replication-factor}
 * replicas and unlimited retention ({@code retention.ms=-1}), so views can be rebuilt from them.
 * Existing topics are left as they are.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnBean(KafkaAdmin.class)
@ConditionalOnProperty(prefix = "eventbank.eventstore.topics", name = "create", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(EventSubscriptionProperties.class)
public class EventTopicsAutoConfiguration {

    @Bean
    KafkaAdmin.NewTopics eventStoreTopics(ObjectProvider<AggregateEvents<?>> events,
                                          ObjectProvider<AggregateType<?, ?>> types,
                                          ObjectProvider<EventSubscription> subscriptions,
                                          EventSubscriptionProperties properties) {
        Set<String> names = new TreeSet<>();
        Stream.of(events.orderedStream(),
                        types.orderedStream().map(AggregateType::events),
                        subscriptions.orderedStream().flatMap(s -> s.aggregates().stream()))
                .flatMap(s -> s)
                .forEach(e -> {
                    names.add(e.topic());
                    names.add(e.deadLetterTopic());
                });
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(TopicBuilder.name(name)
                    .partitions(properties.topics().partitions())
                    .replicas(properties.topics().replicationFactor())
                    .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                    .build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
