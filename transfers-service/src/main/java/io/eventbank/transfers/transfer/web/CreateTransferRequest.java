package io.eventbank.transfers.transfer.web;

import io.eventbank.support.web.NoControlCharacters;
import io.eventbank.events.Money;
import io.eventbank.events.MoneyJson;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code amount}: a string or a number, read as a {@link Money#amount} (a refused one is a field error). */
public record CreateTransferRequest(
        @NotNull UUID fromAccountId,
        @NotNull UUID toAccountId,
        @NotNull @JsonDeserialize(using = MoneyJson.Amount.class) Money amount,
        @Size(max = 500) @NoControlCharacters String description) {
}
