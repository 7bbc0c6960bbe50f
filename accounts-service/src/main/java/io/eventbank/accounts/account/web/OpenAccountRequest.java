package io.eventbank.accounts.account.web;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

public record OpenAccountRequest(
        @NotBlank @Size(max = 100) String ownerId,
        @Size(max = 200) String title,
        @NotNull
        @DecimalMin(value = "0.00", message = "must not be negative")
        @DecimalMax(value = "1000000000.00", message = "must not exceed 1000000000.00")
        @Digits(integer = 10, fraction = 2, message = "must have at most two decimals")
        BigDecimal initialBalance) {
}
