package io.eventbank.view.projection.application;

import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.view.projection.application.EventFolding.Walk;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds Account and MoneyTransfer events into one generation of the views, exactly once per version
 * on at-least-once delivery ({@link EventFolding}'s rules), a poll at a time: the events of one
 * document become one guarded update (consecutive versions folded), and each collection gets one bulk
 * write. The update assumes the document holds the version before the first event; only when a
 * guard did not hold does one query read the versions, to tell duplicates, gaps and the rest apart.
 *
 * <p>With {@link GapHandling#SKIP} the result for a list equals the result for its events one by one;
 * with {@link GapHandling#STOP} it is that result up to each aggregate's first gap, and the
 * subscription's record-by-record redelivery does the rest. Writes spanning documents
 * (account + changes, transfer + both accounts' entries) are not atomic; the secondary writes are
 * idempotent and repeated on every delivery, duplicates included, so a crash between them heals on
 * redelivery.
 */
public class ViewProjector {

    /** REFUSED: a gap, or an event after a gap left for redelivery ({@link GapHandling#STOP}). */
    public enum Outcome {
        APPLIED, DUPLICATE, REFUSED
    }

    /** What happens to an aggregate's events after a gap in the same call. */
    public enum GapHandling {
        /**
         * They are left alone and the call reports the gap: the subscription then handles the poll record
         * by record, dead-letters the gap and redelivers the rest, exactly as if every record had come alone.
         */
        STOP,
        /** Each is decided on its own, as if it had come alone after the gap was dropped (the rebuild). */
        SKIP
    }

    /** A view reached {@code version}; {@code view} is that view when known without reading it, else null. */
    public record Reached(String key, int version, Object view) {
    }

    /**
     * What one call did.
     *
     * @param outcomes per event, in the order given (an event applied by a write whose outcome the
     *                 store could not confirm counts as a duplicate)
     * @param reached  the versions the touched views are known to hold
     * @param gaps     the refused events
     */
    public record Result(List<Outcome> outcomes, List<Reached> reached, List<VersionGapException> gaps) {
    }

    private static final int MAX_ROUNDS = 20;

    private final KnownTransfers known;
    private final boolean stopAtGap;

    /** The subscription's: {@link GapHandling#STOP}. */
    public ViewProjector() {
        this(GapHandling.STOP, 20_000);
    }

    /** @param knownTransfers how many transfers to remember (their accounts, and their last view) */
    public ViewProjector(GapHandling gaps, int knownTransfers) {
        this.stopAtGap = gaps == GapHandling.STOP;
        this.known = new KnownTransfers(knownTransfers);
    }

    /** One event; throws the gap when it is refused. */
    public Outcome applyAccountEvent(ViewStore store, EventEnvelope<AccountEvent> envelope) {
        return single(applyAccountEvents(store, List.of(envelope)));
    }

    /** One event; throws the gap when it is refused. */
    public Outcome applyTransferEvent(ViewStore store, EventEnvelope<MoneyTransferEvent> envelope) {
        return single(applyTransferEvents(store, List.of(envelope)));
    }

    public Result applyAccountEvents(ViewStore store, List<EventEnvelope<AccountEvent>> events) {
        Map<String, List<EventEnvelope<AccountEvent>>> byAccount = EventFolding.byAggregate(events);
        Tally<AccountEvent> tally = new Tally<>();
        Map<String, AccountChange> changes = new LinkedHashMap<>();
        Rounds<AccountEvent, AccountDelta> rounds = new Rounds<>(
                (id, list, version) -> EventFolding.walkAccount(id, list, version, stopAtGap),
                EventFolding::foldAccount) {
            @Override
            ViewStore.Written write(List<AccountDelta> deltas) {
                return store.applyAccountDeltas(deltas);
            }

            @Override
            Map<String, Integer> versions(Set<String> ids) {
                return store.accountVersions(ids);
            }

            @Override
            void settled(String id, Walk<AccountEvent> walk, AccountDelta applied) {
                tally.add(walk, applied != null);
                for (EventEnvelope<AccountEvent> e : walk.applied()) {
                    addChange(changes, e);
                }
                for (EventEnvelope<AccountEvent> e : walk.duplicates()) {
                    addChange(changes, e);
                }
                if (walk.version() != null) {
                    tally.reached.add(new Reached(VersionSignals.account(id), walk.version(), null));
                }
            }
        };
        byAccount.forEach((id, list) -> rounds.assume(id, list, Math.max(0, list.getFirst().version() - 1)));
        rounds.run(byAccount);
        if (!changes.isEmpty()) {
            store.recordChanges(List.copyOf(changes.values()));
        }
        return tally.result(events);
    }

    public Result applyTransferEvents(ViewStore store, List<EventEnvelope<MoneyTransferEvent>> events) {
        Map<String, List<EventEnvelope<MoneyTransferEvent>>> byTransfer = EventFolding.byAggregate(events);
        Map<String, TransferView> current = new LinkedHashMap<>();
        Set<String> unseen = new LinkedHashSet<>();
        byTransfer.forEach((id, list) -> {
            TransferView seen = known.get(id);
            if (seen != null) {
                current.put(id, seen);
            } else if (creation(list) == null) {
                unseen.add(id);
            }
        });
        // their accounts are needed for the entries: read before writing, only for transfers not seen lately
        Map<String, TransferView> read = unseen.isEmpty() ? Map.of() : store.transfers(unseen);
        read.values().forEach(known::put);
        current.putAll(read);

        Tally<MoneyTransferEvent> tally = new Tally<>();
        List<EntryChange> entries = new ArrayList<>();
        Rounds<MoneyTransferEvent, TransferDelta> rounds = new Rounds<>(
                (id, list, version) -> EventFolding.walkTransfer(id, list, version, stopAtGap),
                EventFolding::foldTransfer) {
            @Override
            ViewStore.Written write(List<TransferDelta> deltas) {
                return store.applyTransferDeltas(deltas);
            }

            @Override
            Map<String, Integer> versions(Set<String> ids) {
                Map<String, TransferView> views = store.transfers(ids);
                views.values().forEach(known::put);
                current.putAll(views);
                Map<String, Integer> versions = new LinkedHashMap<>();
                views.forEach((id, view) -> versions.put(id, view.version()));
                return versions;
            }

            @Override
            void settled(String id, Walk<MoneyTransferEvent> walk, TransferDelta applied) {
                tally.add(walk, applied != null);
                if (walk.version() == null) {
                    return;
                }
                TransferView before = current.get(id);
                TransferView view;
                if (applied == null) {
                    view = before;
                } else if (applied.created() != null
                        || before != null && before.version() == applied.fromVersion()) {
                    view = EventFolding.advance(before, applied);
                } else {
                    view = null;
                }
                TransferStatus status = applied != null ? applied.status() : view.status();
                EventEnvelope<MoneyTransferEvent> creation = creation(walk.applied());
                creation = creation != null ? creation : creation(walk.duplicates());
                if (creation != null) {
                    entries.addAll(EventFolding.additions(creation, walk.version(), status));
                } else {
                    TransferView parties = view != null ? view : before;
                    if (parties == null) {
                        throw new IllegalStateException("Accounts of transfer " + id + " unknown");
                    }
                    entries.addAll(EventFolding.advances(id, parties.fromAccountId(), parties.toAccountId(),
                            walk.version(), status));
                }
                if (view != null) {
                    known.put(view);
                    current.put(id, view);
                }
                tally.reached.add(new Reached(VersionSignals.transfer(id), walk.version(), view));
            }
        };
        byTransfer.forEach((id, list) -> {
            if (unseen.contains(id)) {
                rounds.assume(id, list, read.containsKey(id) ? read.get(id).version() : null);
            } else {
                int before = list.getFirst().version() - 1;
                rounds.assume(id, list, before < 1 ? null : before);
            }
        });
        rounds.run(byTransfer);
        if (!entries.isEmpty()) {
            store.writeEntries(entries);
        }
        return tally.result(events);
    }

    /** The transfer's creation among {@code events}, or null. */
    private static EventEnvelope<MoneyTransferEvent> creation(List<EventEnvelope<MoneyTransferEvent>> events) {
        for (EventEnvelope<MoneyTransferEvent> e : events) {
            if (e.version() == 1 && e.event() instanceof MoneyTransferCreated) {
                return e;
            }
        }
        return null;
    }

    private static void addChange(Map<String, AccountChange> changes, EventEnvelope<AccountEvent> envelope) {
        AccountChange change = EventFolding.changeOf(envelope);
        if (change != null) {
            changes.putIfAbsent(change.accountId() + "@" + change.version(), change);
        }
    }

    private static Outcome single(Result result) {
        if (!result.gaps().isEmpty()) {
            throw result.gaps().getFirst();
        }
        return result.outcomes().getFirst();
    }

    /**
     * The write rounds of one call: a guarded write per document under an assumed version, then, for
     * the documents whose guard did not hold, a read of their versions and another write from there,
     * until every document's events are applied, duplicates or refused.
     */
    private abstract static class Rounds<E, D> {

        private record Plan<E>(Integer from, Walk<E> walk) {
        }

        private final Walker<E> walker;
        private final Folder<E, D> folder;
        private final Map<String, Plan<E>> planned = new LinkedHashMap<>();
        private final Set<String> unknown = new LinkedHashSet<>();

        Rounds(Walker<E> walker, Folder<E, D> folder) {
            this.walker = walker;
            this.folder = folder;
        }

        abstract ViewStore.Written write(List<D> deltas);

        abstract Map<String, Integer> versions(Set<String> ids);

        /** @param applied the delta written for these events, null when nothing was written */
        abstract void settled(String id, Walk<E> walk, D applied);

        /** Plans the events of {@code id} as if its document held {@code version} (null: no document). */
        void assume(String id, List<EventEnvelope<E>> events, Integer version) {
            Walk<E> walk = walker.walk(id, events, version);
            if (walk.applied().isEmpty()) {
                unknown.add(id); // nothing to write under the assumption: it must be confirmed by reading
            } else {
                planned.put(id, new Plan<>(version, walk));
            }
        }

        void run(Map<String, List<EventEnvelope<E>>> events) {
            for (int round = 0; !planned.isEmpty() || !unknown.isEmpty(); round++) {
                if (round == MAX_ROUNDS) {
                    throw new IllegalStateException("Views of " + unknown + " kept changing while being written");
                }
                if (!planned.isEmpty()) {
                    List<String> ids = new ArrayList<>(planned.keySet());
                    List<D> deltas = new ArrayList<>(ids.size());
                    for (String id : ids) {
                        Plan<E> plan = planned.get(id);
                        deltas.add(folder.fold(id, plan.from() == null ? 0 : plan.from(), plan.walk().applied()));
                    }
                    ViewStore.Written written = write(deltas);
                    for (int i = 0; i < ids.size(); i++) {
                        if (written.applied(i)) {
                            settled(ids.get(i), planned.get(ids.get(i)).walk(), deltas.get(i));
                        } else {
                            unknown.add(ids.get(i));
                        }
                    }
                    planned.clear();
                }
                if (!unknown.isEmpty()) {
                    Map<String, Integer> versions = versions(unknown);
                    for (String id : unknown) {
                        Integer version = versions.get(id);
                        Walk<E> walk = walker.walk(id, events.get(id), version);
                        if (walk.applied().isEmpty()) {
                            settled(id, walk, null);
                        } else {
                            planned.put(id, new Plan<>(version, walk));
                        }
                    }
                    unknown.clear();
                }
            }
        }
    }

    @FunctionalInterface
    private interface Walker<E> {
        Walk<E> walk(String id, List<EventEnvelope<E>> events, Integer version);
    }

    @FunctionalInterface
    private interface Folder<E, D> {
        D fold(String id, int fromVersion, List<EventEnvelope<E>> run);
    }

    /** Outcomes, reached versions and gaps of one call. */
    private static final class Tally<E> {

        final Map<EventEnvelope<?>, Outcome> outcomes = new IdentityHashMap<>();
        final List<Reached> reached = new ArrayList<>();
        final List<VersionGapException> gaps = new ArrayList<>();

        void add(Walk<E> walk, boolean written) {
            walk.applied().forEach(e -> outcomes.put(e, written ? Outcome.APPLIED : Outcome.DUPLICATE));
            walk.duplicates().forEach(e -> outcomes.putIfAbsent(e, Outcome.DUPLICATE));
            gaps.addAll(walk.refused());
        }

        Result result(List<? extends EventEnvelope<?>> events) {
            List<Outcome> list = new ArrayList<>(events.size());
            for (EventEnvelope<?> e : events) {
                list.add(outcomes.getOrDefault(e, Outcome.REFUSED));
            }
            return new Result(list, reached, gaps);
        }
    }

    /** The transfers seen lately, as last known: their accounts never change, and a view at its version. */
    private static final class KnownTransfers {

        private final Map<String, TransferView> views;

        KnownTransfers(int capacity) {
            this.views = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, TransferView> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized TransferView get(String transferId) {
            return views.get(transferId);
        }

        synchronized void put(TransferView view) {
            views.merge(view.transferId(), view, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
        }
    }
}
