package io.eventbank.web.banking.application;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The view's account: balance and status, the latest transfers and changes, newest first. */
public record AccountDetail(String accountId, String title, BigDecimal balance, String status, int version,
        List<TransferEntry> recentTransfers, List<Change> recentChanges) {

    public boolean open() {
        return "OPEN".equals(status);
    }

    public boolean closable() {
        return open() && balance.signum() == 0;
    }

    public record TransferEntry(String transferId, String direction, String counterpartyAccountId, BigDecimal amount,
            String description, String status, Instant createdAt) {
    }

    public record Change(int version, String transferId, String kind, BigDecimal amount, BigDecimal balanceAfter,
            Instant occurredAt) {
    }
}
