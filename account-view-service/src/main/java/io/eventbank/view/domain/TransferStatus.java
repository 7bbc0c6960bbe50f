package io.eventbank.view.domain;

public enum TransferStatus {
    NEW, DEBITED, COMPLETED, FAILED, REFUND_PENDING, REFUNDED
}
