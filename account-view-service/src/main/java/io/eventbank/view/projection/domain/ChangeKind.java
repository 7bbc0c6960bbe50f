package io.eventbank.view.projection.domain;

public enum ChangeKind {
    DEBIT, CREDIT, REFUND
}
