package io.eventbank.view.projection.application;

import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;

/**
 * One account's entry of a transfer brought to {@code version} and {@code status}: with {@code entry}
 * it is added unless the account holds it (an account not opened yet gets a placeholder), otherwise
 * a held entry is moved forward when it is older.
 */
public record EntryChange(String accountId, String transferId, int version, TransferStatus status,
                          TransferEntry entry) {
}
