package io.eventbank.accounts.account.web;

import io.eventbank.events.Money;
import io.eventbank.events.MoneyJson;
import io.eventbank.support.web.NoControlCharacters;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code ownerId}: absent (or the caller's own id) when a customer opens for themself, required when a
 * teller opens for a customer. {@code initialBalance}: a string or a number, read as a {@link Money#opening}
 * (a refused one is a field error); absent means zero, and anything else needs the teller scope.
 */
public record OpenAccountRequest(
        @Schema(description = "The customer the account is for: omit it (or give your own id) as a customer; "
                + "required for a teller", nullable = true, maxLength = 100)
        @Size(max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @NoControlCharacters String ownerId,
        @Size(max = 200) @NoControlCharacters String title,
        @Schema(description = "Opening balance, default 0; a non-zero one needs scope eventbank.teller",
                type = "string", example = "150.00", nullable = true)
        @JsonDeserialize(using = MoneyJson.Opening.class) Money initialBalance) {
}
