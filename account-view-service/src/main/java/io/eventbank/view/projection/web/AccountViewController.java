package io.eventbank.view.projection.web;

import io.eventbank.events.Money;
import io.eventbank.support.security.Caller;
import io.eventbank.view.ViewProperties;
import io.eventbank.view.projection.application.ViewQueries;
import io.eventbank.view.projection.application.ViewQueries.Found;
import io.eventbank.view.projection.application.ViewQueries.Missing;
import io.eventbank.view.projection.application.ViewQueries.TooOld;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/accounts")
public class AccountViewController {

    private final ViewQueries queries;
    private final ViewProperties properties;

    public AccountViewController(ViewQueries queries, ViewProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    @Operation(summary = "The caller's account view; with minVersion, waits up to waitMs for the view to reach it",
            description = "409 view-not-up-to-date (with currentVersion and Retry-After) when it does not. "
                    + "Only the account's owner sees it: for anybody else it is absent, exactly as an unknown id "
                    + "(404 not-found; with minVersion, 409 at currentVersion 0 after the wait).")
    @GetMapping("/{accountId}")
    public ResponseEntity<Object> account(
            @Parameter(hidden = true) Caller caller,
            @PathVariable String accountId,
            @Parameter(description = "lowest Account version the answer must reflect")
            @RequestParam(required = false) Integer minVersion,
            @Parameter(description = "how long to wait for minVersion, in ms (default 2000, at most 30000)")
            @RequestParam(required = false) Long waitMs,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        String id = RequestParameters.uuid("accountId", accountId);
        int min = RequestParameters.minVersion(minVersion);
        var wait = RequestParameters.waitMs(waitMs, properties);
        return switch (queries.account(caller.id(), id, min, wait)) {
            case Found<AccountView>(AccountView view) -> {
                AccountResponse body = AccountResponse.of(view);
                String etag = etag(body);
                if (etag.equals(ifNoneMatch)) {
                    yield ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
                }
                yield ResponseEntity.ok().eTag(etag).body(body);
            }
            case TooOld<AccountView>(int current) ->
                    throw new ViewNotUpToDateException("account", id, min, current, properties.retryAfter());
            case Missing<AccountView>() -> throw RequestParameters.notFound("accountId", "account " + id);
        };
    }

    /**
     * A strong ETag of the representation: the version and a hash of everything shown (transfer entries
     * change without a new Account version).
     */
    static String etag(AccountResponse body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + body.version() + "." + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Operation(summary = "The caller's account's debits and credits in version order, paged",
            description = "404 not-found for an account of anybody else, exactly as for an unknown id")
    @GetMapping("/{accountId}/changes")
    public ResponseEntity<Object> changes(@Parameter(hidden = true) Caller caller,
                                          @PathVariable String accountId,
                                          @RequestParam(required = false) Integer page,
                                          @RequestParam(required = false) Integer size) {
        String id = RequestParameters.uuid("accountId", accountId);
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? 20 : size;
        if (pageNumber < 0 || pageNumber > 10_000_000) {
            throw RequestParameters.invalid("page", "must be between 0 and 10000000");
        }
        if (pageSize < 1 || pageSize > properties.maxPageSize()) {
            throw RequestParameters.invalid("size", "must be between 1 and " + properties.maxPageSize());
        }
        return queries.changes(caller.id(), id, pageNumber, pageSize)
                .<ResponseEntity<Object>>map(found -> ResponseEntity.ok(new ChangesPage(id, pageNumber, pageSize,
                        found.total(), (found.total() + pageSize - 1) / pageSize,
                        found.items().stream().map(ChangeResponse::of).toList())))
                .orElseThrow(() -> RequestParameters.notFound("accountId", "account " + id));
    }

    public record AccountResponse(String accountId, String ownerId, String title, Money balance,
                                  AccountStatus status, int version, List<TransferEntryResponse> recentTransfers,
                                  List<ChangeResponse> recentChanges) {
        static AccountResponse of(AccountView v) {
            return new AccountResponse(v.accountId(), v.ownerId(), v.title(), v.balance(), v.status(), v.version(),
                    v.recentTransfers().reversed().stream().map(TransferEntryResponse::of).toList(),
                    v.recentChanges().reversed().stream().map(ChangeResponse::of).toList());
        }
    }

    public record AccountSummary(String accountId, String ownerId, String title, Money balance,
                                 AccountStatus status, int version) {
        public static AccountSummary of(AccountView v) {
            return new AccountSummary(v.accountId(), v.ownerId(), v.title(), v.balance(), v.status(), v.version());
        }
    }

    public record TransferEntryResponse(String transferId, TransferEntry.Direction direction,
                                        String counterpartyAccountId, Money amount,
                                        String description, TransferStatus status, int version, Instant createdAt) {
        static TransferEntryResponse of(TransferEntry e) {
            return new TransferEntryResponse(e.transferId(), e.direction(), e.counterpartyAccountId(), e.amount(),
                    e.description(), e.status(), e.version(), e.createdAt());
        }
    }

    public record ChangeResponse(int version, String transferId, ChangeKind kind, Money amount, Money balanceAfter,
                                 Instant occurredAt) {
        static ChangeResponse of(AccountChange c) {
            return new ChangeResponse(c.version(), c.transferId(), c.kind(), c.amount(), c.balanceAfter(),
                    c.occurredAt());
        }
    }

    public record ChangesPage(String accountId, int page, int size, long totalElements, long totalPages,
                              List<ChangeResponse> items) {
    }
}
