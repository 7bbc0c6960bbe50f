package io.eventbank.view.projection.application;

import io.eventbank.events.FailureReason;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.time.Instant;

/**
 * MoneyTransfer versions {@code fromVersion + 1 .. toVersion} folded into one change of the transfer
 * document, to be applied only onto a document at {@code fromVersion}; from version 0 the transfer is
 * created and {@code created} is the whole document.
 *
 * @param failureReason the last reason the events gave, or null when none gave one (the stored one stays)
 */
public record TransferDelta(String transferId, int fromVersion, int toVersion, TransferView created,
                            TransferStatus status, FailureReason failureReason, Instant updatedAt) {
}
