package io.eventbank.support.autoconfigure;

import io.eventbank.support.kafka.KafkaClusterHealthIndicator;
import io.eventbank.support.web.CorrelationIdFilter;
import io.eventbank.support.web.ProblemDetailsAdvice;
import io.eventbank.support.web.RequestBodyLimitFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
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

/** Registers the correlation-id and body-limit filters, the problem advice and a Kafka health check. */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(ServiceSupportProperties.class)
public class ServiceSupportAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class Web {

        @Bean
        FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
            FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }

        @Bean
        FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ServiceSupportProperties properties) {
            FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                    new RequestBodyLimitFilter(properties.maxRequestBodySize().toBytes()));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
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
