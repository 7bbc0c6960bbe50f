package io.eventbank.accounts.account.web;

import io.eventbank.support.web.NoControlCharacters;
import jakarta.validation.constraints.Size;

public record CloseAccountRequest(@Size(max = 200) @NoControlCharacters String reason) {
}
