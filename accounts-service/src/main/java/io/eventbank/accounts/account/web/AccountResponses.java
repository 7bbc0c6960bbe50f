package io.eventbank.accounts.account.web;

import io.eventbank.accounts.account.domain.Account;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class AccountResponses {

    private AccountResponses() {
    }

    record AccountCreated(UUID accountId, int version) {
    }

    /** Money is written as a string with two decimals, like in the events ({@code "150.00"}). */
    record AccountState(UUID accountId, String ownerId, String title, Money balance, String status, int version) {

        static AccountState of(EntityWithIdAndVersion<Account> entity) {
            Account account = entity.aggregate();
            return new AccountState(entity.id(), account.ownerId(), account.title(),
                    account.balance(), account.status().name(), entity.version());
        }
    }

    record HistoryEvent(UUID eventId, int version, String eventType, Instant occurredAt, String correlationId,
                        String causationId, AccountEvent payload) {

        static HistoryEvent of(EventEnvelope<AccountEvent> envelope) {
            return new HistoryEvent(envelope.eventId(), envelope.version(), envelope.eventType(),
                    envelope.occurredAt(),
                    envelope.metadata() == null ? null : envelope.metadata().correlationId(),
                    envelope.metadata() == null ? null : envelope.metadata().causationId(),
                    envelope.event());
        }
    }

    record AccountHistory(UUID accountId, int fromVersion, int limit, List<HistoryEvent> events) {
    }
}
