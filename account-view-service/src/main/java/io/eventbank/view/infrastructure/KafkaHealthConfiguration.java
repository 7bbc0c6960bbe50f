package io.eventbank.view.infrastructure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** Readiness includes the Kafka cluster (answering a describe-cluster request). */
@Configuration(proxyBeanMethods = false)
public class KafkaHealthConfiguration {

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
