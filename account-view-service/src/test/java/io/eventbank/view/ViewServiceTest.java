package io.eventbank.view;

import io.eventbank.infra.LocalInfra;
import io.eventbank.testsupport.Tokens;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * The whole service on the shared local infrastructure (Mongo wire server, Kafka), one Spring
 * context (and one fresh Mongo database) shared by every test class that uses this annotation; it
 * trusts the tokens of {@link Tokens}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = ViewServiceTest.Infra.class)
public @interface ViewServiceTest {

    class Infra implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            var endpoints = LocalInfra.shared().endpoints();
            Tokens.resourceServerProperties().forEach((name, value) ->
                    TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, name + "=" + value));
            TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                    "spring.mongodb.uri=" + endpoints.mongoUri() + "/view_service_" + System.nanoTime(),
                    "spring.kafka.bootstrap-servers=" + endpoints.kafkaBootstrapServers(),
                    "eventbank.view.subscriber-id=account-view-test-" + System.nanoTime(),
                    "eventbank.eventstore.subscriptions.max-attempts=3",
                    "eventbank.eventstore.subscriptions.initial-backoff=50ms",
                    "eventbank.eventstore.subscriptions.max-backoff=200ms");
        }
    }
}
