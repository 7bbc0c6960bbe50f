package io.eventbank.web.banking.application;

import java.math.BigDecimal;

public record AccountSummary(String accountId, String title, BigDecimal balance, String status, int version) {

    public boolean open() {
        return "OPEN".equals(status);
    }
}
