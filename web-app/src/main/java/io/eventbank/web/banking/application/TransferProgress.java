package io.eventbank.web.banking.application;

import java.math.BigDecimal;

/** The transfer as the view shows it; {@code failureMessage} says why when it failed or was refunded. */
public record TransferProgress(String transferId, String fromAccountId, String toAccountId, BigDecimal amount,
        String description, String status, String failureReason, String failureMessage, int version) {

    public boolean terminal() {
        return switch (status) {
            case "COMPLETED", "FAILED", "REFUNDED" -> true;
            default -> false;
        };
    }
}
