package io.eventbank.view.projection.domain;

public enum TransferStatus {
    NEW, DEBITED, COMPLETED, FAILED, REFUND_PENDING, REFUNDED
}
