package io.eventbank.view.rebuild.infrastructure;

import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.view.ViewProperties;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.application.ViewGenerations;
import io.eventbank.view.rebuild.application.EventHistory;
import io.eventbank.view.rebuild.application.RebuildService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
public class RebuildConfiguration {

    @Bean
    KafkaEnvelopeReader kafkaEnvelopeReader(EventCodec codec) {
        return new KafkaEnvelopeReader(codec);
    }

    @Bean
    EventHistory eventHistory(KafkaEnvelopeReader reader, KafkaAdmin admin, ViewProperties properties) {
        return new KafkaEventHistory(reader, admin.getConfigurationProperties(), properties.rebuildPollTimeout());
    }

    @Bean(destroyMethod = "stop")
    RebuildService rebuildService(ViewGenerations generations, LiveProjection projection, EventHistory history) {
        return new RebuildService(generations, projection, history);
    }
}
