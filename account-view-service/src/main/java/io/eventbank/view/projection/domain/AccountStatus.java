package io.eventbank.view.projection.domain;

public enum AccountStatus {
    OPEN, CLOSED
}
