package io.eventbank.view.projection.web;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import io.eventbank.support.security.Caller;
import io.eventbank.view.ViewProperties;
import io.eventbank.view.projection.application.ViewQueries;
import io.eventbank.view.projection.application.ViewQueries.Found;
import io.eventbank.view.projection.application.ViewQueries.Missing;
import io.eventbank.view.projection.application.ViewQueries.TooOld;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Instant;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/transfers")
public class TransferViewController {

    private final ViewQueries queries;
    private final ViewProperties properties;

    public TransferViewController(ViewQueries queries, ViewProperties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    @Operation(summary = "The transfer's status; with minVersion, waits up to waitMs for the view to reach it",
            description = "Only the customer who initiated the transfer sees it: for anybody else (and for everybody "
                    + "when the transfer predates recorded initiators) it is absent, exactly as an unknown id "
                    + "(404 not-found; with minVersion, 409 at currentVersion 0 after the wait).")
    @GetMapping("/{transferId}")
    public ResponseEntity<Object> transfer(@Parameter(hidden = true) Caller caller,
                                           @PathVariable String transferId,
                                           @RequestParam(required = false) Integer minVersion,
                                           @RequestParam(required = false) Long waitMs) {
        String id = RequestParameters.uuid("transferId", transferId);
        int min = RequestParameters.minVersion(minVersion);
        var wait = RequestParameters.waitMs(waitMs, properties);
        return switch (queries.transfer(caller.id(), id, min, wait)) {
            case Found<TransferView>(TransferView view) ->
                    ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(TransferResponse.of(view));
            case TooOld<TransferView>(int current) ->
                    throw new ViewNotUpToDateException("transfer", id, min, current, properties.retryAfter());
            case Missing<TransferView>() -> throw RequestParameters.notFound("transferId", "transfer " + id);
        };
    }

    /**
     * {@code failureReason} is a stable code, {@code failureMessage} its human text (both null unless failed
     * or refunded); {@code initiatedBy} is the customer who asked for it (the caller).
     */
    public record TransferResponse(String transferId, String fromAccountId, String toAccountId, Money amount,
                                   String description, TransferStatus status, FailureReason failureReason,
                                   String failureMessage, int version, Instant createdAt, Instant updatedAt,
                                   String initiatedBy) {
        static TransferResponse of(TransferView t) {
            return new TransferResponse(t.transferId(), t.fromAccountId(), t.toAccountId(), t.amount(),
                    t.description(), t.status(), t.failureReason(),
                    t.failureReason() == null ? null : t.failureReason().message(), t.version(), t.createdAt(),
                    t.updatedAt(), t.initiatedBy());
        }
    }
}
