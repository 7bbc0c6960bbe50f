package io.eventbank.accounts.account.domain;

public enum AccountStatus {
    NOT_OPENED, OPEN, CLOSED
}
