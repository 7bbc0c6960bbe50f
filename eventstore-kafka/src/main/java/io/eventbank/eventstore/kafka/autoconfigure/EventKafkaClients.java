package io.eventbank.eventstore.kafka.autoconfigure;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Kafka clients of the event store, built from Boot's {@code spring.kafka.*} settings and connection
 * details, with the settings the store's guarantees depend on forced.
 */
public final class EventKafkaClients {

    private EventKafkaClients() {
    }

    /** String/String producer, idempotent, {@code acks=all}, never transactional. */
    public static KafkaTemplate<String, String> template(KafkaProperties properties, KafkaConnectionDetails details) {
        Map<String, Object> config = properties.buildProducerProperties();
        apply(config, details.getProducer());
        return template(config);
    }

    /** Same, from raw client settings (bootstrap servers and others). */
    public static KafkaTemplate<String, String> template(Map<String, Object> config) {
        Map<String, Object> p = new java.util.HashMap<>(config);
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Object inFlight = p.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
        if (inFlight != null && Integer.parseInt(inFlight.toString()) > 5) {
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        }
        DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(p);
        return new KafkaTemplate<>(factory);
    }

    /** String/String consumers that start at the earliest offset and never auto-commit. */
    public static DefaultKafkaConsumerFactory<String, String> consumerFactory(KafkaProperties properties,
                                                                              KafkaConnectionDetails details) {
        Map<String, Object> config = properties.buildConsumerProperties();
        apply(config, details.getConsumer());
        return consumerFactory(config);
    }

    public static DefaultKafkaConsumerFactory<String, String> consumerFactory(Map<String, Object> config) {
        Map<String, Object> c = new java.util.HashMap<>(config);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new DefaultKafkaConsumerFactory<>(c);
    }

    static void apply(Map<String, Object> config, KafkaConnectionDetails.Configuration connection) {
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.getBootstrapServers());
        SslBundle ssl = connection.getSslBundle();
        if (ssl != null) {
            config.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
            config.put(SslBundle.class.getName(), ssl);
        }
        if (connection.getSecurityProtocol() != null) {
            config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, connection.getSecurityProtocol());
        }
    }
}
