package io.eventbank.view.projection.domain;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import java.time.Instant;

/**
 * A money transfer as of MoneyTransfer {@code version}.
 *
 * @param failureReason set when the transfer failed or is being refunded, else null
 * @param initiatedBy   the customer who asked for the transfer (the only one who may read it); null for
 *                      transfers created before initiators were recorded, which nobody may read
 */
public record TransferView(String transferId, String fromAccountId, String toAccountId, Money amount,
                           String description, TransferStatus status, FailureReason failureReason, int version,
                           Instant createdAt, Instant updatedAt, String initiatedBy) {
}
