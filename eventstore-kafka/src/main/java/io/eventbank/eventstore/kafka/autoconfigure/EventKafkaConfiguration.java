package io.eventbank.eventstore.kafka.autoconfigure;

import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.EventUpcaster;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared by the publisher and the subscriptions. */
@Configuration(proxyBeanMethods = false)
public class EventKafkaConfiguration {

    public static MeterRegistry meters(ObjectProvider<MeterRegistry> registry) {
        return registry.getIfAvailable(() -> Metrics.globalRegistry);
    }

    @Bean
    @ConditionalOnMissingBean
    EventCodec eventCodec(ObjectProvider<EventUpcaster> upcasters) {
        return new EventCodec(upcasters.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    EventStoreKafkaProducer eventStoreKafkaProducer(KafkaProperties properties, KafkaConnectionDetails details) {
        return new EventStoreKafkaProducer(EventKafkaClients.template(properties, details));
    }
}
