package io.eventbank.transfers.transfer.infrastructure;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.subscription.EventSubscription;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.transfers.TransfersProperties;
import io.eventbank.transfers.transfer.application.AccountEventHandlers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TransfersProperties.class)
public class TransfersConfiguration {

    /** The service publishes MoneyTransfer events (topic {@code eventbank.MoneyTransfer}). */
    @Bean
    AggregateEvents<MoneyTransferEvent> moneyTransferEvents() {
        return BankingEvents.TRANSFER;
    }

    @Bean
    EventSubscription transfersAccountSubscription(AccountEventHandlers handlers) {
        return EventSubscription.builder("transfers-service")
                .onBatch(BankingEvents.ACCOUNT, handlers::onAccountEvents)
                .build();
    }
}
