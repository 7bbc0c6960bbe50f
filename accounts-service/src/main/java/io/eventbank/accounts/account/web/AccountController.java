package io.eventbank.accounts.account.web;

import io.eventbank.accounts.account.application.AccountService;
import io.eventbank.accounts.account.domain.Account;
import io.eventbank.accounts.account.domain.AccountCommand.CloseAccount;
import io.eventbank.accounts.account.domain.AccountCommand.OpenAccount;
import io.eventbank.accounts.account.web.AccountResponses.AccountCreated;
import io.eventbank.accounts.account.web.AccountResponses.AccountHistory;
import io.eventbank.accounts.account.web.AccountResponses.AccountState;
import io.eventbank.accounts.account.web.AccountResponses.HistoryEvent;
import io.eventbank.eventstore.EntityWithIdAndVersion;
import io.eventbank.support.CorrelationIds;
import io.eventbank.events.Money;
import io.eventbank.support.security.Caller;
import io.eventbank.support.security.Scopes;
import io.eventbank.support.web.FieldProblem;
import io.eventbank.support.web.ProblemException;
import io.eventbank.support.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * The accounts API. Every request carries a bearer token (the caller is its {@code sub}); an account is
 * read, audited and closed by its owner only, anyone else gets the 404 of an unknown id.
 */
@RestController
@RequestMapping(path = "/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
public class AccountController {

    static final int MAX_HISTORY_LIMIT = 1000;
    /** A customer named someone else as the owner of the account they open. */
    public static final String OWNER_MISMATCH = "owner-mismatch";
    /** A non-zero initial balance without scope {@code eventbank.teller}. */
    public static final String TELLER_SCOPE_REQUIRED = "teller-scope-required";
    private static final String NOT_FOUND_DESCRIPTION = "not-found: no such account, or not the caller's "
            + "(the two answers are identical)";

    private final AccountService accounts;

    public AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    @Operation(summary = "Open an account",
            description = "A customer opens an account for themself at zero (ownerId absent or their own id). "
                    + "A teller (scope eventbank.teller) opens one for the customer named by ownerId, with any "
                    + "valid initialBalance.")
    @ApiResponse(responseCode = "201", description = "Opened; Location and ETag name the account and its version")
    @ApiResponse(responseCode = "400", description = "validation-failed (naming the field) or malformed-request",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "403", description = OWNER_MISMATCH + ": a customer named another owner; "
            + TELLER_SCOPE_REQUIRED + ": a non-zero initialBalance without scope eventbank.teller",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AccountCreated> open(@Parameter(hidden = true) Caller caller,
                                               @Valid @RequestBody OpenAccountRequest request) {
        Money initialBalance = request.initialBalance() == null ? Money.ZERO : request.initialBalance();
        String ownerId = ownerOfNewAccount(caller, request.ownerId(), initialBalance);
        EntityWithIdAndVersion<Account> created = accounts.open(
                new OpenAccount(ownerId, request.title(), initialBalance), CorrelationIds.appendOptions());
        return ResponseEntity.created(URI.create("/accounts/" + created.id()))
                .eTag(etag(created.version()))
                .body(new AccountCreated(created.id(), created.version()));
    }

    @Operation(summary = "Read an account: now, at a version or as of an instant (its owner only)")
    @ApiResponse(responseCode = "200", description = "The state; ETag is its version (If-None-Match gives 304)")
    @ApiResponse(responseCode = "404", description = NOT_FOUND_DESCRIPTION,
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @GetMapping("/{accountId}")
    public ResponseEntity<AccountState> get(@Parameter(hidden = true) Caller caller,
                                            @PathVariable UUID accountId,
                                            @RequestParam(required = false) @Min(1) Integer atVersion,
                                            @RequestParam(required = false) Instant asOf,
                                            WebRequest webRequest) {
        if (atVersion != null && asOf != null) {
            throw ProblemException.ofField(HttpStatus.BAD_REQUEST, "invalid-parameter", "asOf",
                    "cannot be combined with atVersion");
        }
        EntityWithIdAndVersion<Account> account = atVersion != null
                ? accounts.findAtVersion(accountId, caller.id(), atVersion)
                : asOf != null ? accounts.findAsOf(accountId, caller.id(), asOf)
                : accounts.find(accountId, caller.id());
        if (webRequest.checkNotModified(etag(account.version()))) {
            return null;
        }
        return ResponseEntity.ok().eTag(etag(account.version())).body(AccountState.of(account));
    }

    @Operation(summary = "The account's events, its audit log (its owner only)")
    @ApiResponse(responseCode = "200", description = "Events from fromVersion, at most limit")
    @ApiResponse(responseCode = "404", description = NOT_FOUND_DESCRIPTION,
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @GetMapping("/{accountId}/history")
    public AccountHistory history(@Parameter(hidden = true) Caller caller,
                                  @PathVariable UUID accountId,
                                  @RequestParam(defaultValue = "1") @Min(1) int fromVersion,
                                  @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_HISTORY_LIMIT) int limit) {
        return new AccountHistory(accountId, fromVersion, limit,
                accounts.history(accountId, caller.id(), fromVersion, limit).stream().map(HistoryEvent::of).toList());
    }

    @Operation(summary = "Close an account at zero balance (its owner only)")
    @ApiResponse(responseCode = "200", description = "Closed; the new state")
    @ApiResponse(responseCode = "404", description = NOT_FOUND_DESCRIPTION,
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @ApiResponse(responseCode = "422", description = "account-not-empty, account-already-closed",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
    @PostMapping("/{accountId}/close")
    public ResponseEntity<AccountState> close(@Parameter(hidden = true) Caller caller,
                                              @PathVariable UUID accountId,
                                              @Valid @RequestBody(required = false) CloseAccountRequest request) {
        String reason = request == null ? "" : request.reason();
        EntityWithIdAndVersion<Account> closed = accounts.close(accountId, caller.id(), new CloseAccount(reason),
                CorrelationIds.appendOptions());
        return ResponseEntity.ok().eTag(etag(closed.version())).body(AccountState.of(closed));
    }

    /**
     * Who the new account belongs to. A teller names the customer; a customer opens for themself only,
     * and at zero.
     */
    private static String ownerOfNewAccount(Caller caller, String requestedOwner, Money initialBalance) {
        if (caller.isTeller()) {
            if (requestedOwner == null) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED,
                        "Invalid request: ownerId", List.of(new FieldProblem("ownerId",
                        "is required when a teller opens an account")));
            }
            return requestedOwner;
        }
        if (requestedOwner != null && !caller.owns(requestedOwner)) {
            throw new ProblemException(HttpStatus.FORBIDDEN, OWNER_MISMATCH,
                    "A customer opens accounts for themself only", List.of(new FieldProblem("ownerId",
                    "must be absent or your own id")));
        }
        if (!initialBalance.isZero()) {
            throw new ProblemException(HttpStatus.FORBIDDEN, TELLER_SCOPE_REQUIRED,
                    "Only a teller (scope " + Scopes.TELLER + ") opens an account with money in it",
                    List.of(new FieldProblem("initialBalance", "must be zero without scope " + Scopes.TELLER)));
        }
        return caller.id();
    }

    private static String etag(int version) {
        return "\"" + version + "\"";
    }
}
