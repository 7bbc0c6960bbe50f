package io.eventbank.transfers.transfer.web;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.UUID;

public record CreateTransferRequest(
        @NotNull UUID fromAccountId,
        @NotNull UUID toAccountId,
        @NotNull
        @DecimalMin(value = "0.01", message = "must be greater than zero")
        @DecimalMax(value = "1000000000.00", message = "must not exceed 1000000000.00")
        @Digits(integer = 10, fraction = 2, message = "must have at most two decimals")
        BigDecimal amount,
        @Size(max = 500) String description) {
}
