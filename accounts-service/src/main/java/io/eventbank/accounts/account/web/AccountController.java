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
import io.eventbank.support.web.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Instant;
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

@RestController
@RequestMapping(path = "/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
public class AccountController {

    static final int MAX_HISTORY_LIMIT = 1000;

    private final AccountService accounts;

    public AccountController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AccountCreated> open(@Valid @RequestBody OpenAccountRequest request) {
        EntityWithIdAndVersion<Account> created = accounts.open(
                new OpenAccount(request.ownerId(), request.title(), request.initialBalance()),
                CorrelationIds.appendOptions());
        return ResponseEntity.created(URI.create("/accounts/" + created.id()))
                .eTag(etag(created.version()))
                .body(new AccountCreated(created.id(), created.version()));
    }

    @GetMapping("/{accountId}")
    public ResponseEntity<AccountState> get(@PathVariable UUID accountId,
                                            @RequestParam(required = false) @Min(1) Integer atVersion,
                                            @RequestParam(required = false) Instant asOf,
                                            WebRequest webRequest) {
        if (atVersion != null && asOf != null) {
            throw ProblemException.ofField(HttpStatus.BAD_REQUEST, "invalid-parameter", "asOf",
                    "cannot be combined with atVersion");
        }
        EntityWithIdAndVersion<Account> account = atVersion != null ? accounts.findAtVersion(accountId, atVersion)
                : asOf != null ? accounts.findAsOf(accountId, asOf)
                : accounts.find(accountId);
        if (webRequest.checkNotModified(etag(account.version()))) {
            return null;
        }
        return ResponseEntity.ok().eTag(etag(account.version())).body(AccountState.of(account));
    }

    @GetMapping("/{accountId}/history")
    public AccountHistory history(@PathVariable UUID accountId,
                                  @RequestParam(defaultValue = "1") @Min(1) int fromVersion,
                                  @RequestParam(defaultValue = "100") @Min(1) @Max(MAX_HISTORY_LIMIT) int limit) {
        return new AccountHistory(accountId, fromVersion, limit,
                accounts.history(accountId, fromVersion, limit).stream().map(HistoryEvent::of).toList());
    }

    @PostMapping("/{accountId}/close")
    public ResponseEntity<AccountState> close(@PathVariable UUID accountId,
                                              @Valid @RequestBody(required = false) CloseAccountRequest request) {
        String reason = request == null ? "" : request.reason();
        EntityWithIdAndVersion<Account> closed = accounts.close(accountId, new CloseAccount(reason),
                CorrelationIds.appendOptions());
        return ResponseEntity.ok().eTag(etag(closed.version())).body(AccountState.of(closed));
    }

    private static String etag(int version) {
        return "\"" + version + "\"";
    }
}
