package io.eventbank.transfers.transfer.infrastructure;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.subscription.EventSubscription;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountOpened;
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
                .on(BankingEvents.ACCOUNT, AccountOpened.class, handlers::onAccountOpened)
                .on(BankingEvents.ACCOUNT, AccountClosed.class, handlers::onAccountClosed)
                .on(BankingEvents.ACCOUNT, AccountDebited.class, handlers::onDebited)
                .on(BankingEvents.ACCOUNT, AccountDebitFailedDueToInsufficientFunds.class,
                        handlers::onDebitFailedInsufficientFunds)
                .on(BankingEvents.ACCOUNT, AccountDebitFailedAccountClosed.class, handlers::onDebitFailedAccountClosed)
                .on(BankingEvents.ACCOUNT, AccountCredited.class, handlers::onCredited)
                .on(BankingEvents.ACCOUNT, AccountCreditFailedAccountClosed.class,
                        handlers::onCreditFailedAccountClosed)
                .build();
    }
}
