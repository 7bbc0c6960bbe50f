package io.eventbank.web.banking.application;

public record TransferOrder(String fromAccountId, String toAccountId, String amount, String description) {
}
