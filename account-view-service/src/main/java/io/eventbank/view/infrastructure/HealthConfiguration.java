package io.eventbank.view.infrastructure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.bson.Document;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Readiness includes MongoDB and the Kafka cluster. */
@Configuration(proxyBeanMethods = false)
public class HealthConfiguration {

    /**
     * MongoDB answers {@code ping}. Replaces Boot's indicator, which sends {@code hello}, a command the
     * embedded mongo-java-server does not know.
     */
    @Bean
    HealthIndicator mongoHealthIndicator(MongoDatabaseFactory mongo) {
        return () -> {
            try {
                Document answer = mongo.getMongoDatabase().runCommand(new Document("ping", 1));
                return Health.up().withDetail("database", mongo.getMongoDatabase().getName())
                        .withDetail("ok", answer.get("ok")).build();
            } catch (Exception e) {
                return Health.down(e).build();
            }
        };
    }

    @Bean
    HealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        Map<String, Object> config = admin.getConfigurationProperties();
        Duration timeout = Duration.ofSeconds(3);
        return () -> {
            try (AdminClient client = AdminClient.create(config)) {
                String clusterId = client.describeCluster(new DescribeClusterOptions()
                                .timeoutMs((int) timeout.toMillis()))
                        .clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return Health.up().withDetail("clusterId", clusterId).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Health.down(e).build();
            } catch (Exception e) {
                return Health.down(e).build();
            }
        };
    }
}
