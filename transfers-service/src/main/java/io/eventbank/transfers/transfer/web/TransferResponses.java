package io.eventbank.transfers.transfer.web;

import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.events.Money;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.transfers.transfer.domain.MoneyTransfer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

final class TransferResponses {

    private TransferResponses() {
    }

    record TransferCreated(UUID transferId, int version) {
    }

    /**
     * Money is written as a string with two decimals, like in the events ({@code "50.00"});
     * {@code initiatedBy} is the customer who requested the transfer (the only one who reads it).
     */
    record TransferState(UUID transferId, UUID fromAccountId, UUID toAccountId, Money amount, String description,
                         String status, String initiatedBy, int version) {

        static TransferState of(EntityWithIdAndVersion<MoneyTransfer> entity) {
            MoneyTransfer transfer = entity.aggregate();
            return new TransferState(entity.id(), transfer.fromAccountId(), transfer.toAccountId(),
                    transfer.amount(), transfer.description(), transfer.status().name(),
                    transfer.initiatedBy(), entity.version());
        }
    }

    record HistoryEvent(UUID eventId, int version, String eventType, Instant occurredAt, String correlationId,
                        String causationId, MoneyTransferEvent payload) {

        static HistoryEvent of(EventEnvelope<MoneyTransferEvent> envelope) {
            return new HistoryEvent(envelope.eventId(), envelope.version(), envelope.eventType(),
                    envelope.occurredAt(),
                    envelope.metadata() == null ? null : envelope.metadata().correlationId(),
                    envelope.metadata() == null ? null : envelope.metadata().causationId(),
                    envelope.event());
        }
    }

    record TransferHistory(UUID transferId, int fromVersion, int limit, List<HistoryEvent> events) {
    }
}
