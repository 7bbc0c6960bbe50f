package io.eventbank.web.banking.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What the customer types; the APIs judge amounts and ids, these only what must be there before sending. */
final class Forms {

    private Forms() {
    }

    record OpenAccountForm(@NotBlank(message = "Give the account a name") @Size(max = 200) String title) {
    }

    /** {@code idempotencyKey} is made with the form: every submission of this form is one transfer. */
    record TransferForm(@NotBlank(message = "Choose the account to pay from") String fromAccountId,
            @NotBlank(message = "Enter the account number to pay to") String toAccountId,
            @NotBlank(message = "Enter an amount") String amount,
            @Size(max = 500, message = "Keep the description under 500 characters") String description,
            @NotBlank String idempotencyKey) {
    }
}
