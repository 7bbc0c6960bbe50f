package io.eventbank.support.autoconfigure;

import io.eventbank.support.kafka.KafkaClusterHealthIndicator;
import io.eventbank.support.tracing.CurrentTrace;
import io.eventbank.support.web.CorrelationIdFilter;
import io.eventbank.support.web.ProblemDetailsAdvice;
import io.eventbank.support.web.RequestBodyLimitFilter;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.core.StreamReadFeature;

/**
 * Registers the correlation-id and body-limit filters, the problem advice, a Kafka health check and,
 * with Micrometer Tracing, the {@link CurrentTrace} that {@code CorrelationIds.appendOptions()} reads.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(ServiceSupportProperties.class)
public class ServiceSupportAutoConfiguration {

    @Bean
    CurrentTraceInstaller eventbankCurrentTrace(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new CurrentTraceInstaller(tracer, propagator);
    }

    /** Installs the application's tracer and propagator into {@link CurrentTrace}; uninstalls them on close. */
    static final class CurrentTraceInstaller implements SmartInitializingSingleton, DisposableBean {

        private final ObjectProvider<Tracer> tracer;
        private final ObjectProvider<Propagator> propagator;
        private AutoCloseable installation;

        CurrentTraceInstaller(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            this.tracer = tracer;
            this.propagator = propagator;
        }

        @Override
        public void afterSingletonsInstantiated() {
            Tracer t = tracer.getIfUnique();
            Propagator p = propagator.getIfUnique();
            if (t != null && p != null && t != Tracer.NOOP) {
                installation = CurrentTrace.install(t, p);
            }
        }

        @Override
        public void destroy() throws Exception {
            if (installation != null) {
                installation.close();
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {

        /**
         * Inside Boot's {@code ServerHttpObservationFilter} (order {@code HIGHEST_PRECEDENCE + 1}), so
         * the request's span is current when the correlation id becomes its baggage and tag.
         */
        @Bean
        FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter(ObjectProvider<Tracer> tracer) {
            FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(
                    new CorrelationIdFilter(tracer.getIfUnique(() -> Tracer.NOOP)));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
            return registration;
        }

        /** After the correlation id filter: its 413 problem names the correlation id. */
        @Bean
        FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ServiceSupportProperties properties) {
            FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                    new RequestBodyLimitFilter(properties.maxRequestBodySize().toBytes()));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
            return registration;
        }

        /** A JSON object naming a field twice is malformed (400), not "the last one wins". */
        @Bean
        JsonMapperBuilderCustomizer eventbankStrictDuplicates() {
            return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        }

        @Bean
        @ConditionalOnMissingBean(ProblemDetailsAdvice.class)
        ProblemDetailsAdvice problemDetailsAdvice() {
            return new ProblemDetailsAdvice();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({KafkaAdmin.class, org.springframework.boot.health.contributor.HealthIndicator.class})
    @ConditionalOnBean(KafkaAdmin.class)
    static class KafkaHealth {

        @Bean
        @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
        KafkaClusterHealthIndicator kafkaHealthIndicator(KafkaAdmin admin, ServiceSupportProperties properties) {
            return new KafkaClusterHealthIndicator(admin.getConfigurationProperties(), properties.kafkaHealthTimeout());
        }
    }
}
