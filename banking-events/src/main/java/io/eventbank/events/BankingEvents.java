package io.eventbank.events;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.MoneyTransferEvent;

/** The aggregate types whose events Eventbank publishes, with their topics. */
public final class BankingEvents {

    /** Topic {@code eventbank.Account}. */
    public static final AggregateEvents<AccountEvent> ACCOUNT = AggregateEvents.of("Account", AccountEvent.class);

    /** Topic {@code eventbank.MoneyTransfer}. */
    public static final AggregateEvents<MoneyTransferEvent> TRANSFER =
            AggregateEvents.of("MoneyTransfer", MoneyTransferEvent.class);

    private BankingEvents() {
    }
}
