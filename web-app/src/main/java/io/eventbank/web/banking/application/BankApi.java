package io.eventbank.web.banking.application;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The three APIs as the signed-in customer sees them: every call carries that customer's access token, so
 * another customer's account or transfer is absent here exactly as an unknown one. Refusals arrive as
 * {@link ApiProblem}.
 */
public interface BankApi {

    List<AccountSummary> myAccounts();

    Versioned openAccount(String title);

    /** The account as the view shows it once it reflects {@code minVersion}; {@link ApiProblem} 409 when it does not in time. */
    AccountDetail account(String accountId, int minVersion);

    /** The account's version in its event store: what the view must reach to show every change made so far. */
    int storedVersion(String accountId);

    Versioned closeAccount(String accountId);

    ChangesPage changes(String accountId, int page, int size);

    List<AuditEvent> audit(String accountId, int fromVersion, int limit);

    /** The transfer's version in its event store ({@link ApiProblem} 404 when it is not the customer's). */
    int storedTransferVersion(String transferId);

    /** The same {@code idempotencyKey} answers the same transfer, however often it is sent. */
    Versioned transfer(TransferOrder order, String idempotencyKey);

    /** The transfer once the view reflects {@code minVersion}, waiting up to {@code wait}; empty when it does not yet. */
    Optional<TransferProgress> transfer(String transferId, int minVersion, Duration wait);
}
