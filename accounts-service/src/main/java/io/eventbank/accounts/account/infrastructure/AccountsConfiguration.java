package io.eventbank.accounts.account.infrastructure;

import io.eventbank.accounts.account.application.TransferEventHandlers;
import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.subscription.EventSubscription;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.account.AccountEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class AccountsConfiguration {

    /** The service publishes Account events (topic {@code eventbank.Account}). */
    @Bean
    AggregateEvents<AccountEvent> accountEvents() {
        return BankingEvents.ACCOUNT;
    }

    @Bean
    EventSubscription accountsTransferSubscription(TransferEventHandlers handlers) {
        return EventSubscription.builder("accounts-service")
                .onBatch(BankingEvents.TRANSFER, handlers::onTransferEvents)
                .build();
    }
}
