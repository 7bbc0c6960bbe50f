package io.eventbank.view.rebuild.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedDueToInsufficientFunds;
import io.eventbank.events.transfer.TransferFailedSourceAccountClosed;
import io.eventbank.events.transfer.TransferRefunded;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.infra.LocalInfra;
import io.eventbank.view.projection.application.ViewProjector;
import io.eventbank.view.projection.infrastructure.MongoViewStore;
import io.eventbank.view.projection.infrastructure.ViewCollections;
import io.eventbank.view.rebuild.application.GenerationBuilder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: on a random history (transfers that complete, fail for lack of funds or a closed source,
 * or are refunded because the destination closed; accounts opened late; then, on the topics,
 * re-published ranges, late duplicates, lost events and swapped neighbours), the views the rebuild
 * path builds (in-memory fold, bulk writes, catch-up through the live path) equal, document for
 * document, the views the live path builds poll by poll (bulk writes, the subscription's
 * record-by-record fallback and dead-lettering of gaps), although each consumes the two topics'
 * partitions in a different interleaving and in different polls. Both are also checked against a
 * per-event reference of the version rules. Over the wire on whatever local-infra provides.
 */
class RebuildEqualsLiveProjectionTest {

    private static final AtomicLong GENERATION = new AtomicLong(100);
    private static final int PARTITIONS = 3;
    private static MongoClient client;
    private static MongoDatabase database;

    @BeforeAll
    static void connect() {
        client = MongoClients.create(LocalInfra.shared().endpoints().mongoUri());
        database = client.getDatabase("rebuild_equals_live_" + System.nanoTime());
    }

    @AfterAll
    static void close() {
        database.drop();
        client.close();
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 20).map(i -> 7919L * i + 13);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theRebuiltViewsEqualTheLiveOnes(long seed) {
        try {
            check(seed);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private void check(long seed) {
        Random random = new Random(seed);
        History history = History.generate(random);
        Reference reference = Reference.of(history.partitions);

        MongoViewStore live = store();
        liveProjection(new ViewProjector(), live, consume(history.partitions, random, 3), random);

        MongoViewStore rebuilt = store();
        List<EventEnvelope<?>> records = consume(history.partitions, random, 60);
        long refused = rebuild(rebuilt, records, random);

        assertThat(refused).as("events the rebuild refused").isEqualTo(reference.refused);
        for (MongoViewStore store : List.of(live, rebuilt)) {
            String path = store == live ? "live" : "rebuilt";
            Map<String, Integer> versions = new HashMap<>();
            store.allAccounts().forEach(a -> versions.put(a.accountId(), a.version()));
            store.allTransfers().forEach(t -> versions.put(t.transferId(), t.version()));
            assertThat(versions).as("versions of the %s views", path).containsExactlyInAnyOrderEntriesOf(reference.versions());
            for (String accountId : history.accountIds) {
                assertThat(store.countChanges(accountId)).as("%s changes of %s", path, accountId)
                        .isEqualTo(reference.changes.getOrDefault(accountId, 0).longValue());
            }
        }
        assertThat(rebuilt.allAccounts()).isEqualTo(live.allAccounts());
        assertThat(rebuilt.allTransfers()).isEqualTo(live.allTransfers());
        for (String accountId : history.accountIds) {
            assertThat(rebuilt.changes(accountId, 0, 1000)).isEqualTo(live.changes(accountId, 0, 1000));
        }
        assertThat(documents(rebuilt.names().accounts(), "_id"))
                .isEqualTo(documents(live.names().accounts(), "_id"));
        assertThat(documents(rebuilt.names().transfers(), "_id"))
                .isEqualTo(documents(live.names().transfers(), "_id"));
        assertThat(documents(rebuilt.names().accountChanges(), "accountId", "version"))
                .isEqualTo(documents(live.names().accountChanges(), "accountId", "version"));
        assertThat(live.allTransfers()).as("transfers with an initiator and without one")
                .anySatisfy(t -> assertThat(t.initiatedBy()).startsWith("customer-"))
                .anySatisfy(t -> assertThat(t.initiatedBy()).isNull());
        assertThat(live.allAccounts()).as("some account keeps only its last twenty transfers")
                .anySatisfy(a -> assertThat(a.recentTransfers()).hasSize(20));
    }

    private static MongoViewStore store() {
        MongoViewStore store = new MongoViewStore(database, new ViewCollections(GENERATION.incrementAndGet()));
        store.ensureIndexes();
        return store;
    }

    /** Raw documents (account change ids left out: they are generated), in key order. */
    private static List<Document> documents(String collection, String... keys) {
        List<Document> documents = database.getCollection(collection).find().sort(Sorts.ascending(keys))
                .into(new ArrayList<>());
        if (!keys[0].equals("_id")) {
            documents.forEach(d -> d.remove("_id"));
        }
        return documents;
    }

    /**
     * The subscription runtime over the live path: a poll's events go to each aggregate type's batch
     * handler; when one refuses an event, the poll is handled again record by record, the refused
     * record is (retried and) dead-lettered, and the records after it are delivered again.
     */
    private static void liveProjection(ViewProjector projector, MongoViewStore store, List<EventEnvelope<?>> records,
                                       Random random) {
        Deque<EventEnvelope<?>> queue = new ArrayDeque<>(records);
        while (!queue.isEmpty()) {
            List<EventEnvelope<?>> poll = new ArrayList<>();
            for (int size = 1 + random.nextInt(15); size > 0 && !queue.isEmpty(); size--) {
                poll.add(queue.poll());
            }
            if (dispatch(projector, store, poll)) {
                continue;
            }
            for (int i = 0; i < poll.size(); i++) {
                if (!dispatch(projector, store, List.of(poll.get(i)))) {
                    for (int j = poll.size() - 1; j > i; j--) {
                        queue.addFirst(poll.get(j));
                    }
                    break;
                }
            }
        }
    }

    /** False when a handler refused an event. */
    private static boolean dispatch(ViewProjector projector, MongoViewStore store, List<EventEnvelope<?>> poll) {
        Map<String, List<EventEnvelope<?>>> byType = new LinkedHashMap<>();
        poll.forEach(e -> byType.computeIfAbsent(e.aggregateType(), t -> new ArrayList<>()).add(e));
        for (List<EventEnvelope<?>> events : byType.values()) {
            List<EventEnvelope<AccountEvent>> accountEvents = new ArrayList<>();
            List<EventEnvelope<MoneyTransferEvent>> transferEvents = new ArrayList<>();
            GenerationBuilder.split(events, accountEvents, transferEvents);
            ViewProjector.Result result = accountEvents.isEmpty()
                    ? projector.applyTransferEvents(store, transferEvents)
                    : projector.applyAccountEvents(store, accountEvents);
            if (!result.gaps().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** RebuildService's two phases: history folded in memory and bulk-written, then catch-up through the live path. */
    private static long rebuild(MongoViewStore target, List<EventEnvelope<?>> records, Random random) {
        int history = records.size() * (60 + random.nextInt(41)) / 100;
        long refused = 0;
        try (GenerationBuilder builder = new GenerationBuilder(target)) {
            int flushEvery = 10 + random.nextInt(90);
            for (List<EventEnvelope<?>> poll : polls(records.subList(0, history), random, 200)) {
                refused += builder.add(poll).size();
                builder.flushIfDue(flushEvery);
            }
            builder.finish();
        }
        ViewProjector projector = new ViewProjector(ViewProjector.GapHandling.SKIP, 1000);
        for (List<EventEnvelope<?>> poll : polls(records.subList(history, records.size()), random, 40)) {
            List<EventEnvelope<AccountEvent>> accountEvents = new ArrayList<>();
            List<EventEnvelope<MoneyTransferEvent>> transferEvents = new ArrayList<>();
            GenerationBuilder.split(poll, accountEvents, transferEvents);
            refused += projector.applyAccountEvents(target, accountEvents).gaps().size();
            refused += projector.applyTransferEvents(target, transferEvents).gaps().size();
        }
        return refused;
    }

    private static List<List<EventEnvelope<?>>> polls(List<EventEnvelope<?>> records, Random random, int maxSize) {
        List<List<EventEnvelope<?>>> polls = new ArrayList<>();
        for (int at = 0; at < records.size(); ) {
            int size = Math.min(records.size() - at, 1 + random.nextInt(maxSize));
            polls.add(records.subList(at, at + size));
            at += size;
        }
        return polls;
    }

    /** One consumer's order: the partitions' records merged, runs of up to {@code maxRun} from one partition at a time. */
    private static List<EventEnvelope<?>> consume(List<List<EventEnvelope<?>>> partitions, Random random, int maxRun) {
        List<EventEnvelope<?>> order = new ArrayList<>();
        int[] at = new int[partitions.size()];
        int left = partitions.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int p = random.nextInt(partitions.size());
            for (int run = 1 + random.nextInt(maxRun); run > 0 && at[p] < partitions.get(p).size(); run--) {
                order.add(partitions.get(p).get(at[p]++));
                left--;
            }
        }
        return order;
    }

    /** Per partition, event by event: what the version rules make of the records. */
    private record Reference(Map<String, Integer> versions, Map<String, Integer> changes, long refused) {

        static Reference of(List<List<EventEnvelope<?>>> partitions) {
            Map<String, Integer> versions = new HashMap<>();
            Map<String, Integer> changes = new HashMap<>();
            long refused = 0;
            for (List<EventEnvelope<?>> partition : partitions) {
                for (EventEnvelope<?> e : partition) {
                    String id = e.aggregateId().toString();
                    Integer held = versions.get(id);
                    boolean creates = e.event() instanceof AccountOpened || e.event() instanceof MoneyTransferCreated;
                    if (held != null && e.version() <= held) {
                        continue;
                    }
                    if (held == null ? e.version() == 1 && creates : e.version() == held + 1) {
                        versions.put(id, e.version());
                        if (e.event() instanceof AccountDebited || e.event() instanceof AccountCredited) {
                            changes.merge(id, 1, Integer::sum);
                        }
                    } else {
                        refused++;
                    }
                }
            }
            return new Reference(versions, changes, refused);
        }
    }

    /** A random bank history, published keyed by aggregate onto {@value PARTITIONS} partitions per topic. */
    private static final class History {

        final List<List<EventEnvelope<?>>> partitions = new ArrayList<>();
        final List<String> accountIds = new ArrayList<>();
        private final Random random;
        private long clock = 1_750_000_000_000L;
        private long position;

        private History(Random random) {
            this.random = random;
            for (int p = 0; p < 2 * PARTITIONS; p++) {
                partitions.add(new ArrayList<>());
            }
        }

        private static final class Account {
            final UUID id;
            int version;
            Money balance;
            boolean closed;

            Account(UUID id) {
                this.id = id;
            }
        }

        private static final class Saga {
            final UUID id;
            final Account from;
            final Account to;
            final Money amount;
            int version = 1;
            int stage;

            Saga(UUID id, Account from, Account to, Money amount) {
                this.id = id;
                this.from = from;
                this.to = to;
                this.amount = amount;
            }
        }

        static History generate(Random random) {
            History h = new History(random);
            List<Account> accounts = new ArrayList<>();
            int accountCount = 3 + random.nextInt(4);
            for (int i = 0; i < accountCount; i++) {
                Account a = new Account(h.uuid());
                accounts.add(a);
                h.accountIds.add(a.id.toString());
            }
            List<Saga> sagas = new ArrayList<>();
            int steps = 150 + random.nextInt(150);
            for (int step = 0; step < steps; step++) {
                int action = random.nextInt(100);
                if (action < 35 || sagas.isEmpty()) {
                    Account from = accounts.get(random.nextInt(accounts.size()));
                    Account to;
                    do {
                        to = accounts.get(random.nextInt(accounts.size()));
                    } while (to == from);
                    h.open(from);
                    h.open(to);
                    Saga saga = new Saga(h.uuid(), from, to, Money.of(BigDecimal.valueOf(1 + random.nextInt(400), 2)));
                    // one in five was created before initiators were recorded
                    String initiator = random.nextInt(5) == 0 ? null : "customer-" + random.nextInt(3);
                    h.transfer(saga, new MoneyTransferCreated(from.id, to.id, saga.amount, "t" + step, initiator));
                    sagas.add(saga);
                } else if (action < 97) {
                    Saga saga = sagas.get(random.nextInt(sagas.size()));
                    if (h.advance(saga)) {
                        sagas.remove(saga);
                    }
                } else {
                    Account a = accounts.get(random.nextInt(accounts.size()));
                    if (a.version > 0 && !a.closed) {
                        a.closed = true;
                        h.account(a, new AccountClosed("closed at step " + step));
                    }
                }
            }
            h.fault();
            return h;
        }

        private void open(Account a) {
            if (a.version == 0) {
                a.balance = Money.of(BigDecimal.valueOf(random.nextInt(3) == 0 ? 0 : random.nextInt(5000), 2));
                account(a, new AccountOpened("owner-" + random.nextInt(3), "acc", a.balance));
            }
        }

        /** The saga's next step; true when it ended. */
        private boolean advance(Saga s) {
            switch (s.stage++) {
                case 0 -> {
                    if (s.from.closed) {
                        account(s.from, new AccountDebitFailedAccountClosed(s.id, s.amount));
                        transfer(s, new TransferFailedSourceAccountClosed(s.from.id));
                        return true;
                    }
                    if (s.from.balance.isLessThan(s.amount)) {
                        account(s.from, new AccountDebitFailedDueToInsufficientFunds(s.id, s.amount, s.from.balance));
                        transfer(s, new TransferFailedDueToInsufficientFunds(s.from.id));
                        return true;
                    }
                    s.from.balance = s.from.balance.minus(s.amount);
                    account(s.from, new AccountDebited(s.id, s.amount, s.from.balance));
                    transfer(s, new DebitRecorded(s.from.id, s.to.id, s.amount));
                    return false;
                }
                case 1 -> {
                    if (s.to.closed) {
                        account(s.to, new AccountCreditFailedAccountClosed(s.id, s.amount));
                        transfer(s, new RefundRequested(s.from.id, s.amount,
                                random.nextBoolean() ? null : FailureReason.UNSPECIFIED));
                        return false;
                    }
                    s.to.balance = s.to.balance.plus(s.amount);
                    account(s.to, new AccountCredited(s.id, s.amount, false, s.to.balance));
                    transfer(s, new CreditRecorded(s.to.id, s.amount));
                    return true;
                }
                default -> {
                    s.from.balance = s.from.balance.plus(s.amount);
                    account(s.from, new AccountCredited(s.id, s.amount, true, s.from.balance));
                    transfer(s, new TransferRefunded(s.from.id, s.amount));
                    return true;
                }
            }
        }

        private void account(Account a, AccountEvent event) {
            publish(0, BankingEvents.ACCOUNT.aggregateType(), a.id, ++a.version, event);
        }

        private void transfer(Saga s, MoneyTransferEvent event) {
            publish(PARTITIONS, BankingEvents.TRANSFER.aggregateType(), s.id, s.version++, event);
        }

        private void publish(int firstPartition, String type, UUID id, int version, Object event) {
            clock += random.nextInt(3); // same milliseconds now and then: entries then sort by transfer id
            Instant at = Instant.ofEpochMilli(clock).plusNanos(1000L * random.nextInt(1000));
            partitions.get(firstPartition + Math.floorMod(id.hashCode(), PARTITIONS)).add(new EventEnvelope<>(uuid(), type,
                    id, version, event.getClass().getSimpleName(), at, ++position, EventMetadata.EMPTY, event));
        }

        /** What a real log has: re-published ranges, late duplicates, lost events, neighbours swapped. */
        private void fault() {
            for (List<EventEnvelope<?>> partition : partitions) {
                if (partition.size() < 4) {
                    continue;
                }
                if (random.nextInt(3) > 0) {
                    int cut = 1 + random.nextInt(partition.size() - 1);
                    int back = 1 + random.nextInt(Math.min(8, cut));
                    partition.addAll(cut, List.copyOf(partition.subList(cut - back, cut)));
                }
                if (random.nextBoolean()) {
                    partition.add(partition.get(random.nextInt(partition.size())));
                }
                if (random.nextInt(4) == 0) {
                    partition.remove(1 + random.nextInt(partition.size() - 1));
                }
                if (random.nextInt(5) == 0) {
                    int i = random.nextInt(partition.size() - 1);
                    partition.set(i, partition.set(i + 1, partition.get(i)));
                }
            }
        }

        private UUID uuid() {
            return new UUID(random.nextLong(), random.nextLong());
        }
    }
}
