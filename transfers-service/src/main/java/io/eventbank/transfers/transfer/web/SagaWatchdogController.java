package io.eventbank.transfers.transfer.web;

import io.eventbank.support.web.ProblemException;
import io.eventbank.support.web.Problems;
import io.eventbank.transfers.transfer.application.SagaWatchdog;
import io.eventbank.transfers.transfer.application.SagaWatchdog.Redrive;
import io.eventbank.transfers.transfer.application.SagaWatchdog.StuckTransfer;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The saga watchdog for operators (scope {@code eventbank.ops}, as everything under {@code /admin}). */
@RestController
@RequestMapping(path = "/admin/transfers", produces = MediaType.APPLICATION_JSON_VALUE)
public class SagaWatchdogController {

    /** @param stuckAfter how long a saga may wait before it counts here */
    public record StuckTransfers(Duration stuckAfter, List<StuckTransfer> transfers) {
    }

    private final SagaWatchdog watchdog;

    public SagaWatchdogController(SagaWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    @Operation(summary = "Transfers whose saga waits for the accounts longer than stuck-after (at the last scan)")
    @GetMapping("/stuck")
    public StuckTransfers stuck() {
        return new StuckTransfers(watchdog.stuckAfter(), watchdog.stuck());
    }

    @Operation(summary = "Re-drive a transfer from its last event now",
            description = "Sends the transfer's last event again as it was published: the accounts apply it if they "
                    + "never did, and drop it as a duplicate otherwise. 404 for an unknown transfer, 409 "
                    + "transfer-ended when its saga has ended.")
    @PostMapping("/{transferId}/redrive")
    public StuckTransfer redrive(@PathVariable UUID transferId) throws Exception {
        return switch (watchdog.redrive(transferId)) {
            case Redrive.Redriven redriven -> redriven.transfer();
            case Redrive.Ended ended -> throw ProblemException.ofField(HttpStatus.CONFLICT, "transfer-ended",
                    "transferId", "the saga of transfer " + transferId + " has ended (last event " + ended.lastEvent() + ")");
            case Redrive.Unknown unknown -> throw ProblemException.ofField(HttpStatus.NOT_FOUND, Problems.NOT_FOUND,
                    "transferId", "transfer " + transferId + " is not known");
        };
    }
}
