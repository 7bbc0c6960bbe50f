package io.eventbank.transfers.transfer.domain;

/** NEW → DEBITED → COMPLETED; NEW → FAILED; DEBITED → REFUND_PENDING → REFUNDED. */
public enum TransferStatus {
    NOT_CREATED, NEW, DEBITED, COMPLETED, FAILED, REFUND_PENDING, REFUNDED
}
