package io.eventbank.view.projection.infrastructure;

import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.MoneyTransferEvent;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.infra.LocalInfra;
import io.eventbank.view.projection.application.ViewProjector;
import io.eventbank.view.projection.application.ViewProjector.Outcome;
import io.eventbank.view.projection.application.ViewProjectorContract;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The projection on the Mongo wire server: the projector's contract over the wire, the commands a poll sends,
 * and concurrent writers.
 */
class MongoViewProjectorTest extends ViewProjectorContract<MongoViewStore> {

    private static final AtomicLong GENERATION = new AtomicLong();
    private static MongoClient client;
    private static MongoDatabase database;

    /** The commands sent, as "command collection". */
    private static final List<String> COMMANDS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect() {
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(LocalInfra.shared().endpoints().mongoUri()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        BsonValue collection = event.getCommand().get(event.getCommandName());
                        COMMANDS.add(event.getCommandName() + " "
                                + (collection != null && collection.isString() ? collection.asString().getValue() : ""));
                    }
                }).build());
        database = client.getDatabase("view_projector_" + System.nanoTime());
    }

    @AfterAll
    static void close() {
        database.drop();
        client.close();
    }

    @Override
    protected MongoViewStore newStore() {
        MongoViewStore fresh = new MongoViewStore(database, new ViewCollections(GENERATION.incrementAndGet()));
        fresh.ensureIndexes();
        return fresh;
    }

    @Override
    protected void forgetCalls() {
        COMMANDS.clear();
    }

    /** Each port call is one command on the wire. */
    @Override
    protected void assertCalls(String... portCalls) {
        ViewCollections names = store.names();
        Map<String, String> commands = Map.of(
                "applyAccountDeltas", "update " + names.accounts(),
                "accountVersions", "find " + names.accounts(),
                "recordChanges", "insert " + names.accountChanges(),
                "applyTransferDeltas", "update " + names.transfers(),
                "writeEntries", "update " + names.accounts());
        assertThat(COMMANDS).containsExactlyElementsOf(Arrays.stream(portCalls).map(commands::get).toList());
    }

    @Test
    void concurrentOpeningAndTransferEntriesOfTheSameAccountLoseNothing() throws Exception {
        List<UUID> accounts = new ArrayList<>();
        List<Callable<Object>> work = new ArrayList<>();
        UUID counterparty = open("0.00");
        for (int i = 0; i < 20; i++) {
            UUID id = UUID.randomUUID();
            accounts.add(id);
            work.add(() -> applyAccount(account(id, 1, new AccountOpened("race", "r", money("1.00")))));
            for (int t = 0; t < 4; t++) {
                EventEnvelope<MoneyTransferEvent> created = transfer(UUID.randomUUID(), 1,
                        new MoneyTransferCreated(id, counterparty, money("1.00"), ""));
                work.add(() -> applyTransfer(created));
            }
        }
        Collections.shuffle(work, new Random(42));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Future<Object> done : pool.invokeAll(work)) {
                done.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(accounts).allSatisfy(id -> {
            AccountView view = store.account(id.toString()).orElseThrow();
            assertThat(view.version()).isEqualTo(1);
            assertThat(view.balance()).isEqualTo(money("1.00"));
            assertThat(view.recentTransfers()).hasSize(4);
        });
    }

    @Test
    void aPollIsOneBulkWritePerCollectionWithNothingReadBack() {
        List<UUID> accounts = new ArrayList<>();
        List<EventEnvelope<AccountEvent>> opening = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID id = UUID.randomUUID();
            accounts.add(id);
            opening.add(account(id, 1, new AccountOpened("bulk", "#" + i, money("100.00"))));
        }
        List<EventEnvelope<MoneyTransferEvent>> created = new ArrayList<>();
        List<EventEnvelope<AccountEvent>> moved = new ArrayList<>();
        List<EventEnvelope<MoneyTransferEvent>> finished = new ArrayList<>();
        int[] versions = {1, 1, 1, 1, 1};
        Money[] balances = {money("100.00"), money("100.00"), money("100.00"), money("100.00"), money("100.00")};
        for (int t = 0; t < 30; t++) {
            UUID transferId = UUID.randomUUID();
            int from = t % 5;
            int to = (t + 1) % 5;
            created.add(transfer(transferId, 1, new MoneyTransferCreated(accounts.get(from), accounts.get(to),
                    money("1.00"), "")));
            balances[from] = balances[from].minus(money("1.00"));
            moved.add(account(accounts.get(from), ++versions[from], new AccountDebited(transferId, money("1.00"),
                    balances[from])));
            balances[to] = balances[to].plus(money("1.00"));
            moved.add(account(accounts.get(to), ++versions[to], new AccountCredited(transferId, money("1.00"), false,
                    balances[to])));
            finished.add(transfer(transferId, 2, new DebitRecorded(accounts.get(from), accounts.get(to), money("1.00"))));
            finished.add(transfer(transferId, 3, new CreditRecorded(accounts.get(to), money("1.00"))));
        }

        forgetCalls();
        ViewProjector.Result opened = projector.applyAccountEvents(store, opening);
        assertThat(COMMANDS).containsExactly("update " + store.names().accounts());
        forgetCalls();
        ViewProjector.Result creations = projector.applyTransferEvents(store, created);
        assertThat(COMMANDS).containsExactly("insert " + store.names().transfers(), "update " + store.names().accounts());
        forgetCalls();
        ViewProjector.Result moves = projector.applyAccountEvents(store, moved);
        assertThat(COMMANDS).containsExactly("update " + store.names().accounts(),
                "insert " + store.names().accountChanges());
        forgetCalls();
        ViewProjector.Result ends = projector.applyTransferEvents(store, finished);
        assertThat(COMMANDS).containsExactly("update " + store.names().transfers(), "update " + store.names().accounts());

        assertThat(List.of(opened, creations, moves, ends)).allSatisfy(r -> {
            assertThat(r.gaps()).isEmpty();
            assertThat(r.outcomes()).containsOnly(Outcome.APPLIED);
        });
        assertThat(moves.reached()).extracting(ViewProjector.Reached::version)
                .containsExactlyInAnyOrder(versions[0], versions[1], versions[2], versions[3], versions[4]);
        assertThat(ends.reached()).allSatisfy(r -> assertThat(r.view()).isInstanceOfSatisfying(TransferView.class,
                v -> assertThat(v).isEqualTo(store.transfer(v.transferId()).orElseThrow())));
        for (int i = 0; i < 5; i++) {
            AccountView view = store.account(accounts.get(i).toString()).orElseThrow();
            assertThat(view.version()).isEqualTo(versions[i]);
            assertThat(view.balance()).isEqualTo(balances[i]);
            assertThat(view.recentTransfers()).hasSize(12)
                    .allSatisfy(e -> assertThat(e.status()).isEqualTo(TransferStatus.COMPLETED));
            assertThat(store.countChanges(accounts.get(i).toString())).isEqualTo(12);
        }
    }
}
