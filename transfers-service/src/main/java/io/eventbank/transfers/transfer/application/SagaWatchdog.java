package io.eventbank.transfers.transfer.application;

import io.eventbank.events.BankingEvents;
import io.eventbank.transfers.transfer.domain.MoneyTransfer;
import io.eventbank.transfers.transfer.domain.TransferStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds transfers whose saga waits for the accounts longer than {@code stuckAfter} — a step
 * dead-lettered, a record lost, a consumer stopped — and re-drives them from their last event: the
 * event is sent again as published; the accounts apply it if they never did and drop it as a
 * duplicate otherwise (the subscription's version check), so a step is never applied twice.
 *
 * <p>Each {@link #scan()} reads only the events since the oldest transfer still waiting at the
 * previous scan (an event that has a successor keeps it), minus a margin for transactions that
 * commit late. With automatic re-drive on, a stuck transfer is re-driven at most once per
 * {@code stuckAfter}.
 */
public class SagaWatchdog {

    /** A transfer waiting too long: its status, last event and how often this instance re-drove it. */
    public record StuckTransfer(UUID transferId, TransferStatus status, int version, String lastEvent, Instant since,
                                int redrives) {
    }

    /** The outcome of re-driving one transfer. */
    public sealed interface Redrive {
        record Redriven(StuckTransfer transfer) implements Redrive {
        }

        record Ended(UUID transferId, String lastEvent) implements Redrive {
        }

        record Unknown(UUID transferId) implements Redrive {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SagaWatchdog.class);
    private static final Duration LATE_COMMIT_MARGIN = Duration.ofMinutes(10);
    private static final Map<String, TransferStatus> WAITING = waitingByName();

    private final OpenTransfers store;
    private final EventRedrive redrive;
    private final Duration stuckAfter;
    private final boolean autoRedrive;
    private final Clock clock;
    private final Map<UUID, Instant> lastRedrive = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> redrives = new ConcurrentHashMap<>();
    private final AtomicLong redriven = new AtomicLong();
    private volatile List<StuckTransfer> stuck = List.of();
    private Instant scanFrom = Instant.EPOCH;

    public SagaWatchdog(OpenTransfers store, EventRedrive redrive, Duration stuckAfter, boolean autoRedrive, Clock clock) {
        this.store = store;
        this.redrive = redrive;
        this.stuckAfter = stuckAfter;
        this.autoRedrive = autoRedrive;
        this.clock = clock;
    }

    /** Looks for stuck transfers; re-drives those due when automatic re-drive is on. */
    public synchronized List<StuckTransfer> scan() {
        OpenTransfers.Scan scan = store.waiting(List.copyOf(WAITING.keySet()), scanFrom, stuckAfter);
        List<StuckTransfer> found = scan.scan().stream()
                .map(e -> new StuckTransfer(e.transferId(), WAITING.get(e.eventType()), e.version(), e.eventType(),
                        e.since(), redrives.getOrDefault(e.transferId(), 0)))
                .sorted(Comparator.comparing(StuckTransfer::since)).toList();
        Instant margin = scan.cutoff().minus(LATE_COMMIT_MARGIN);
        scanFrom = found.isEmpty() || found.getFirst().since().isAfter(margin) ? margin : found.getFirst().since();
        lastRedrive.keySet().retainAll(found.stream().map(StuckTransfer::transferId).toList());
        redrives.keySet().retainAll(lastRedrive.keySet());
        if (autoRedrive) {
            Instant now = clock.instant();
            found = found.stream().map(t -> {
                Instant last = lastRedrive.get(t.transferId());
                return last == null || !last.plus(stuckAfter).isAfter(now) ? redriveQuietly(t) : t;
            }).toList();
        }
        stuck = found;
        return found;
    }

    /** The transfers the last {@link #scan()} found stuck. */
    public List<StuckTransfer> stuck() {
        return stuck;
    }

    public Duration stuckAfter() {
        return stuckAfter;
    }

    /** Re-drives done by this instance since it started. */
    public long redriven() {
        return redriven.get();
    }

    /** Re-drives {@code transferId} from its last event now, whatever its age, unless its saga has ended. */
    public Redrive redrive(UUID transferId) throws Exception {
        Optional<OpenTransfers.LastEvent> last = store.lastEvent(transferId);
        if (last.isEmpty()) {
            return new Redrive.Unknown(transferId);
        }
        OpenTransfers.LastEvent event = last.get();
        TransferStatus status = WAITING.get(event.eventType());
        if (status == null) {
            return new Redrive.Ended(transferId, event.eventType());
        }
        StuckTransfer transfer = new StuckTransfer(transferId, status, event.version(), event.eventType(), event.since(),
                redrives.getOrDefault(transferId, 0));
        return redrive.republish(transferId, event.version()) ? new Redrive.Redriven(recordRedrive(transfer))
                : new Redrive.Unknown(transferId);
    }

    private StuckTransfer redriveQuietly(StuckTransfer transfer) {
        try {
            if (redrive.republish(transfer.transferId(), transfer.version())) {
                log.warn("Transfer {} waits in {} since {} (last event {} v{}): re-driven from that event",
                        transfer.transferId(), transfer.status(), transfer.since(), transfer.lastEvent(), transfer.version());
                return recordRedrive(transfer);
            }
        } catch (Exception e) {
            log.warn("Re-driving transfer {} failed, trying again at a later scan: {}", transfer.transferId(), e.toString());
        }
        return transfer;
    }

    private StuckTransfer recordRedrive(StuckTransfer transfer) {
        lastRedrive.put(transfer.transferId(), clock.instant());
        int count = redrives.merge(transfer.transferId(), 1, Integer::sum);
        redriven.incrementAndGet();
        return new StuckTransfer(transfer.transferId(), transfer.status(), transfer.version(), transfer.lastEvent(),
                transfer.since(), count);
    }

    private static Map<String, TransferStatus> waitingByName() {
        Map<String, TransferStatus> byName = new java.util.HashMap<>();
        BankingEvents.TRANSFER.eventTypes().forEach((name, type) -> {
            TransferStatus status = MoneyTransfer.AWAITING_REPLY.get(type);
            if (status != null) {
                byName.put(name, status);
            }
        });
        return Map.copyOf(byName);
    }
}
