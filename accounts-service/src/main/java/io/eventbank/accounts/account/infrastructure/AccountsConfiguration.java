package io.eventbank.accounts.account.infrastructure;

import io.eventbank.accounts.account.application.TransferEventHandlers;
import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.subscription.EventSubscription;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.RefundRequested;
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
                .on(BankingEvents.TRANSFER, MoneyTransferCreated.class, handlers::onTransferCreated)
                .on(BankingEvents.TRANSFER, DebitRecorded.class, handlers::onDebitRecorded)
                .on(BankingEvents.TRANSFER, RefundRequested.class, handlers::onRefundRequested)
                .build();
    }
}
