package io.eventbank.accounts.account.web;

import io.eventbank.events.Money;
import io.eventbank.events.MoneyJson;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

/** {@code initialBalance}: a string or a number, read as a {@link Money#opening} (a refused one is a field error). */
public record OpenAccountRequest(
        @NotBlank @Size(max = 100) String ownerId,
        @Size(max = 200) String title,
        @NotNull @JsonDeserialize(using = MoneyJson.Opening.class) Money initialBalance) {
}
