package io.eventbank.view.domain;

public enum AccountStatus {
    OPEN, CLOSED
}
