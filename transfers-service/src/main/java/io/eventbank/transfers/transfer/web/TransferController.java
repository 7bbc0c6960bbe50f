package io.eventbank.transfers.transfer.web;

import io.eventbank.eventstore.DomainException;
import io.eventbank.support.CorrelationIds;
import io.eventbank.support.security.Caller;
import io.eventbank.support.web.FieldProblem;
import io.eventbank.support.web.ProblemException;
import io.eventbank.transfers.transfer.application.TransferService;
import io.eventbank.transfers.transfer.application.TransferService.Created;
import io.eventbank.transfers.transfer.domain.MoneyTransfer;
import io.eventbank.transfers.transfer.domain.TransferCommand.CreateTransfer;
import io.eventbank.transfers.transfer.web.TransferResponses.HistoryEvent;
import io.eventbank.transfers.transfer.web.TransferResponses.TransferCreated;
import io.eventbank.transfers.transfer.web.TransferResponses.TransferHistory;
import io.eventbank.transfers.transfer.web.TransferResponses.TransferState;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
@RequestMapping(path = "/transfers", produces = MediaType.APPLICATION_JSON_VALUE)
public class TransferController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final TransferService transfers;

    public TransferController(TransferService transfers) {
        this.transfers = transfers;
    }

    /**
     * Starts a transfer from one of the caller's accounts (a source that is not theirs is answered as
     * an unknown one: 422 {@code unknown-account} naming {@code fromAccountId}) to any known account.
     * With {@code Idempotency-Key}, scoped to the caller: the same key and body give the same 201
     * answer and no second transfer; the same key with another body gives 422.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<TransferCreated> create(
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) @Size(min = 1, max = 200) String idempotencyKey,
            @Valid @RequestBody CreateTransferRequest request,
            @Parameter(hidden = true) Caller caller) throws InterruptedException {
        Created created;
        try {
            created = transfers.create(new CreateTransfer(request.fromAccountId(), request.toAccountId(),
                            request.amount(), request.description(), caller.id()),
                    idempotencyKey, CorrelationIds.appendOptions());
        } catch (TransferService.UnknownAccountException e) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-account", e.getMessage(),
                    e.fields().stream().map(f -> new FieldProblem(f, "no such account")).toList());
        } catch (DomainException e) {
            if (MoneyTransfer.SAME_ACCOUNT.equals(e.code())) {
                throw ProblemException.ofField(HttpStatus.UNPROCESSABLE_CONTENT, e.code(), "toAccountId",
                        "must differ from fromAccountId");
            }
            throw e;
        } catch (TransferService.IdempotencyKeyReusedException e) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", e.getMessage(),
                    List.of(new FieldProblem(IDEMPOTENCY_KEY, "was used for a different request")));
        }
        return ResponseEntity.created(URI.create("/transfers/" + created.transferId()))
                .eTag("\"" + created.version() + "\"")
                .header("Idempotent-Replayed", Boolean.toString(created.replay()))
                .body(new TransferCreated(created.transferId(), created.version()));
    }

    /** The transfer, for the customer who initiated it; anyone else gets the 404 of an unknown id. */
    @GetMapping("/{transferId}")
    public ResponseEntity<TransferState> get(@PathVariable UUID transferId, WebRequest webRequest,
                                             @Parameter(hidden = true) Caller caller) {
        var transfer = transfers.find(transferId, caller.id());
        if (webRequest.checkNotModified("\"" + transfer.version() + "\"")) {
            return null;
        }
        return ResponseEntity.ok().eTag("\"" + transfer.version() + "\"").body(TransferState.of(transfer));
    }

    /** The transfer's events (audit log), for the customer who initiated it; anyone else gets the 404 of an unknown id. */
    @GetMapping("/{transferId}/history")
    public TransferHistory history(@PathVariable UUID transferId,
                                   @RequestParam(defaultValue = "1") @Min(1) int fromVersion,
                                   @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                                   @Parameter(hidden = true) Caller caller) {
        return new TransferHistory(transferId, fromVersion, limit,
                transfers.history(transferId, caller.id(), fromVersion, limit).stream().map(HistoryEvent::of)
                        .toList());
    }
}
