package io.eventbank.view.domain;

public enum ChangeKind {
    DEBIT, CREDIT, REFUND
}
