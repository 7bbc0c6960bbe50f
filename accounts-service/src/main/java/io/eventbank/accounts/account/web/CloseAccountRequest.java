package io.eventbank.accounts.account.web;

import jakarta.validation.constraints.Size;

public record CloseAccountRequest(@Size(max = 200) String reason) {
}
