package io.eventbank.transfers.transfer.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.transfers.transfer.application.OpenTransfers.LastEvent;
import io.eventbank.transfers.transfer.application.SagaWatchdog.Redrive;
import io.eventbank.transfers.transfer.domain.TransferStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The watchdog's rules over an in-memory store of last events and a settable clock. */
class SagaWatchdogTest {

    private static final Duration STUCK_AFTER = Duration.ofSeconds(60);

    private Instant now = Instant.parse("2026-12-04T12:00:00Z");
    private final Map<UUID, LastEvent> last = new ConcurrentHashMap<>();
    private final List<Instant> scannedFrom = new ArrayList<>();
    private final List<UUID> republished = new ArrayList<>();

    private final OpenTransfers store = new OpenTransfers() {
        @Override
        public Scan waiting(List<String> eventTypes, Instant from, Duration waitingLongerThan) {
            scannedFrom.add(from);
            Instant cutoff = now.minus(waitingLongerThan);
            return new Scan(last.values().stream().filter(e -> eventTypes.contains(e.eventType()))
                    .filter(e -> !e.since().isBefore(from) && e.since().isBefore(cutoff)).toList(), cutoff);
        }

        @Override
        public Optional<LastEvent> lastEvent(UUID transferId) {
            return Optional.ofNullable(last.get(transferId));
        }
    };

    private final SagaWatchdog watchdog = watchdog(true);

    private SagaWatchdog watchdog(boolean autoRedrive) {
        return new SagaWatchdog(store, (id, version) -> republished.add(id), STUCK_AFTER, autoRedrive, new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        });
    }

    @Test
    void countsOnlySagasWaitingLongerThanStuckAfterWithTheStatusTheirLastEventLeaves() {
        UUID created = transfer("MoneyTransferCreated", 1, 120);
        UUID debited = transfer("DebitRecorded", 2, 61);
        UUID refundPending = transfer("RefundRequested", 3, 300);
        transfer("DebitRecorded", 2, 30);
        transfer("CreditRecorded", 3, 600);
        transfer("TransferRefunded", 4, 600);

        List<SagaWatchdog.StuckTransfer> stuck = watchdog(false).scan();

        assertThat(stuck).extracting(SagaWatchdog.StuckTransfer::transferId).containsExactly(refundPending, created, debited);
        assertThat(stuck).extracting(SagaWatchdog.StuckTransfer::status)
                .containsExactly(TransferStatus.REFUND_PENDING, TransferStatus.NEW, TransferStatus.DEBITED);
        assertThat(republished).isEmpty();
    }

    @Test
    void reDrivesAStuckTransferOncePerStuckAfterNotAtEveryScan() {
        UUID id = transfer("MoneyTransferCreated", 1, 90);

        assertThat(watchdog.scan()).singleElement().extracting(SagaWatchdog.StuckTransfer::redrives).isEqualTo(1);
        now = now.plusSeconds(15);
        watchdog.scan();
        now = now.plusSeconds(50);
        assertThat(watchdog.scan()).singleElement().extracting(SagaWatchdog.StuckTransfer::redrives).isEqualTo(2);

        assertThat(republished).containsExactly(id, id);
        assertThat(watchdog.redriven()).isEqualTo(2);
    }

    @Test
    void readsOnlyFromTheOldestWaitingTransferOrALateCommitMarginOnTheNextScan() {
        transfer("MoneyTransferCreated", 1, 3_600);
        watchdog.scan();
        last.clear();
        watchdog.scan();
        watchdog.scan();

        assertThat(scannedFrom).containsExactly(Instant.EPOCH, now.minusSeconds(3_600),
                now.minus(STUCK_AFTER).minus(Duration.ofMinutes(10)));
    }

    @Test
    void anOperatorReDrivesAWaitingTransferButNotAnEndedOrUnknownOne() throws Exception {
        UUID waiting = transfer("DebitRecorded", 2, 1);
        UUID ended = transfer("CreditRecorded", 3, 1);

        assertThat(watchdog.redrive(waiting)).isInstanceOfSatisfying(Redrive.Redriven.class,
                r -> assertThat(r.transfer().status()).isEqualTo(TransferStatus.DEBITED));
        assertThat(watchdog.redrive(ended)).isEqualTo(new Redrive.Ended(ended, "CreditRecorded"));
        UUID unknown = UUID.randomUUID();
        assertThat(watchdog.redrive(unknown)).isEqualTo(new Redrive.Unknown(unknown));
        assertThat(republished).containsExactly(waiting);
    }

    private UUID transfer(String lastEvent, int version, int secondsAgo) {
        UUID id = UUID.randomUUID();
        last.put(id, new LastEvent(id, version, lastEvent, now.minusSeconds(secondsAgo)));
        return id;
    }
}
