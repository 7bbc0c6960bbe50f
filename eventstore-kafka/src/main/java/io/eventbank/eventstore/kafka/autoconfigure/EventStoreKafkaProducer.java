package io.eventbank.eventstore.kafka.autoconfigure;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The event store's own producer (idempotent, {@code acks=all}, String/String), used by the
 * publisher and for dead letters. Not a {@link KafkaTemplate} bean, so the application's own
 * template stays the only one.
 */
public final class EventStoreKafkaProducer implements DisposableBean {

    private final KafkaTemplate<String, String> template;

    public EventStoreKafkaProducer(KafkaTemplate<String, String> template) {
        this.template = template;
    }

    public KafkaTemplate<String, String> template() {
        return template;
    }

    @Override
    public void destroy() {
        if (template.getProducerFactory() instanceof DefaultKafkaProducerFactory<String, String> factory) {
            factory.destroy();
        }
    }
}
