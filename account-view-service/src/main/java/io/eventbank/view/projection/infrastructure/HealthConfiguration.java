package io.eventbank.view.projection.infrastructure;

import org.bson.Document;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** MongoDB health for readiness (Kafka's comes from service-support). */
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
}
