package io.eventbank.view.projection.infrastructure;

import static io.eventbank.view.TestEvents.account;
import static io.eventbank.view.TestEvents.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
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
import io.eventbank.infra.LocalInfra;
import io.eventbank.view.projection.application.VersionGapException;
import io.eventbank.view.projection.application.ViewProjector;
import io.eventbank.view.projection.application.ViewProjector.Outcome;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.BsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The projection on the Mongo wire server: every event type, duplicates, redelivery, gaps. */
class MongoViewProjectorTest {

    private static final AtomicLong GENERATION = new AtomicLong();
    private static MongoClient client;
    private static MongoDatabase database;

    private final ViewProjector projector = new ViewProjector();
    private MongoViewStore store;

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

    @BeforeEach
    void freshCollections() {
        store = new MongoViewStore(database, new ViewCollections(GENERATION.incrementAndGet()));
        store.ensureIndexes();
    }

    @Test
    void opensAnAccountWithItsExactInitialBalance() {
        UUID id = UUID.randomUUID();
        assertThat(applyAccount(account(id, 1, new AccountOpened("owner-1", "Savings", money("1000.10")))))
                .isEqualTo(Outcome.APPLIED);

        AccountView view = store.account(id.toString()).orElseThrow();
        assertThat(view.ownerId()).isEqualTo("owner-1");
        assertThat(view.title()).isEqualTo("Savings");
        assertThat(view.balance()).isEqualTo(money("1000.10"));
        assertThat(view.status()).isEqualTo(AccountStatus.OPEN);
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.recentChanges()).isEmpty();
        assertThat(store.accountsOfOwner("owner-1")).extracting(AccountView::accountId).containsExactly(id.toString());
    }

    @Test
    void debitsCreditsAndRefundsSetTheBalanceAndRecordChanges() {
        UUID id = UUID.randomUUID();
        UUID t1 = UUID.randomUUID();
        UUID t2 = UUID.randomUUID();
        UUID t3 = UUID.randomUUID();
        applyAccount(account(id, 1, new AccountOpened("o", "Main", money("100.00"))));
        applyAccount(account(id, 2, new AccountDebited(t1, money("30.01"), money("69.99"))));
        applyAccount(account(id, 3, new AccountCredited(t2, money("0.02"), false, money("70.01"))));
        applyAccount(account(id, 4, new AccountCredited(t3, money("30.01"), true, money("100.02"))));

        AccountView view = store.account(id.toString()).orElseThrow();
        assertThat(view.balance()).isEqualTo(money("100.02"));
        assertThat(view.version()).isEqualTo(4);
        assertThat(view.recentChanges()).extracting(AccountChange::version, AccountChange::kind,
                        AccountChange::amount, AccountChange::balanceAfter, AccountChange::transferId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, ChangeKind.DEBIT, money("30.01"), money("69.99"), t1.toString()),
                        org.assertj.core.groups.Tuple.tuple(3, ChangeKind.CREDIT, money("0.02"), money("70.01"), t2.toString()),
                        org.assertj.core.groups.Tuple.tuple(4, ChangeKind.REFUND, money("30.01"), money("100.02"), t3.toString()));
        assertThat(store.changes(id.toString(), 0, 100)).containsExactlyElementsOf(view.recentChanges());
    }

    @Test
    void failedDebitsAndCreditsOnlyAdvanceTheVersionAndClosingSetsTheStatus() {
        UUID id = UUID.randomUUID();
        applyAccount(account(id, 1, new AccountOpened("o", "Main", money("5.00"))));
        applyAccount(account(id, 2, new AccountDebitFailedDueToInsufficientFunds(UUID.randomUUID(), money("9.00"),
                money("5.00"))));
        applyAccount(account(id, 3, new AccountDebited(UUID.randomUUID(), money("5.00"), money("0.00"))));
        applyAccount(account(id, 4, new AccountClosed("done")));
        applyAccount(account(id, 5, new AccountDebitFailedAccountClosed(UUID.randomUUID(), money("1.00"))));
        applyAccount(account(id, 6, new AccountCreditFailedAccountClosed(UUID.randomUUID(), money("2.00"))));

        AccountView view = store.account(id.toString()).orElseThrow();
        assertThat(view.version()).isEqualTo(6);
        assertThat(view.status()).isEqualTo(AccountStatus.CLOSED);
        assertThat(view.balance()).isEqualTo(money("0.00"));
        assertThat(view.recentChanges()).extracting(AccountChange::version).containsExactly(3);
        assertThat(store.countChanges(id.toString())).isEqualTo(1);
    }

    @Test
    void aCompletedTransferUpdatesTheTransferAndBothAccountsEntries() {
        UUID from = open("200.00");
        UUID to = open("0.00");
        UUID transferId = UUID.randomUUID();
        applyTransfer(transfer(transferId, 1, new MoneyTransferCreated(from, to, money("75.50"), "rent")));
        assertEntries(from, transferId, TransferStatus.NEW, 1);
        applyTransfer(transfer(transferId, 2, new DebitRecorded(from, to, money("75.50"))));
        assertEntries(from, transferId, TransferStatus.DEBITED, 2);
        applyTransfer(transfer(transferId, 3, new CreditRecorded(to, money("75.50"))));

        TransferView view = store.transfer(transferId.toString()).orElseThrow();
        assertThat(view.fromAccountId()).isEqualTo(from.toString());
        assertThat(view.toAccountId()).isEqualTo(to.toString());
        assertThat(view.amount()).isEqualTo(money("75.50"));
        assertThat(view.description()).isEqualTo("rent");
        assertThat(view.status()).isEqualTo(TransferStatus.COMPLETED);
        assertThat(view.version()).isEqualTo(3);
        assertEntries(from, transferId, TransferStatus.COMPLETED, 3);
        TransferEntry outgoing = store.account(from.toString()).orElseThrow().recentTransfers().getFirst();
        TransferEntry incoming = store.account(to.toString()).orElseThrow().recentTransfers().getFirst();
        assertThat(outgoing.direction()).isEqualTo(TransferEntry.Direction.OUTGOING);
        assertThat(outgoing.counterpartyAccountId()).isEqualTo(to.toString());
        assertThat(incoming.direction()).isEqualTo(TransferEntry.Direction.INCOMING);
        assertThat(incoming.counterpartyAccountId()).isEqualTo(from.toString());
        assertThat(incoming.amount()).isEqualTo(money("75.50"));
    }

    @Test
    void failedAndRefundedTransfersEndInTheirStatusWithAReason() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID poor = UUID.randomUUID();
        applyTransfer(transfer(poor, 1, new MoneyTransferCreated(from, to, money("99.00"), "")));
        applyTransfer(transfer(poor, 2, new TransferFailedDueToInsufficientFunds(from)));
        UUID closed = UUID.randomUUID();
        applyTransfer(transfer(closed, 1, new MoneyTransferCreated(from, to, money("1.00"), "")));
        applyTransfer(transfer(closed, 2, new TransferFailedSourceAccountClosed(from)));
        UUID refunded = UUID.randomUUID();
        applyTransfer(transfer(refunded, 1, new MoneyTransferCreated(from, to, money("3.00"), "")));
        applyTransfer(transfer(refunded, 2, new DebitRecorded(from, to, money("3.00"))));
        applyTransfer(transfer(refunded, 3, new RefundRequested(from, money("3.00"), null)));
        assertThat(store.transfer(refunded.toString()).orElseThrow().status()).isEqualTo(TransferStatus.REFUND_PENDING);
        applyTransfer(transfer(refunded, 4, new TransferRefunded(from, money("3.00"))));

        assertThat(store.transfer(poor.toString()).orElseThrow())
                .extracting(TransferView::status, TransferView::failureReason)
                .containsExactly(TransferStatus.FAILED, FailureReason.INSUFFICIENT_FUNDS);
        assertThat(store.transfer(closed.toString()).orElseThrow())
                .extracting(TransferView::status, TransferView::failureReason)
                .containsExactly(TransferStatus.FAILED, FailureReason.SOURCE_ACCOUNT_CLOSED);
        assertThat(store.transfer(refunded.toString()).orElseThrow())
                .extracting(TransferView::status, TransferView::failureReason, TransferView::version)
                .containsExactly(TransferStatus.REFUNDED, FailureReason.DESTINATION_ACCOUNT_CLOSED, 4);
        assertEntries(from, refunded, TransferStatus.REFUNDED, 4);
        assertEntries(from, poor, TransferStatus.FAILED, 2);
    }

    @Test
    void transferEntriesArrivingBeforeTheAccountIsOpenedAreKeptAndTheAccountStaysInvisibleUntilThen() {
        UUID from = UUID.randomUUID();
        UUID to = open("0.00");
        UUID transferId = UUID.randomUUID();
        applyTransfer(transfer(transferId, 1, new MoneyTransferCreated(from, to, money("1.00"), "early")));
        assertThat(store.account(from.toString())).isEmpty();

        applyAccount(account(from, 1, new AccountOpened("o", "late", money("1.00"))));
        assertEntries(from, transferId, TransferStatus.NEW, 1);
        assertThat(store.account(from.toString()).orElseThrow().balance()).isEqualTo(money("1.00"));
    }

    @Test
    void keepsOnlyTheTwentyMostRecentTransfersAndChanges() {
        UUID from = open("100.00");
        UUID to = open("0.00");
        List<UUID> transfers = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            UUID transferId = UUID.randomUUID();
            transfers.add(transferId);
            applyTransfer(transfer(transferId, 1, new MoneyTransferCreated(from, to, money("1.00"), "#" + i)));
            applyAccount(account(from, i + 2, new AccountDebited(transferId, money("1.00"),
                    money("100.00").minus(Money.of(BigDecimal.valueOf(i + 1))))));
        }
        AccountView view = store.account(from.toString()).orElseThrow();
        assertThat(view.recentTransfers()).extracting(TransferEntry::transferId)
                .containsExactlyElementsOf(transfers.subList(5, 25).stream().map(UUID::toString).toList());
        assertThat(view.recentChanges()).extracting(AccountChange::version)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(7, 26).boxed().toList());
        assertThat(view.balance()).isEqualTo(money("75.00"));
        assertThat(store.countChanges(from.toString())).isEqualTo(25);
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
    void theSameEventTwiceIsAppliedOnce() {
        UUID id = UUID.randomUUID();
        applyAccount(account(id, 1, new AccountOpened("o", "t", money("10.00"))));
        EventEnvelope<AccountEvent> debit = account(id, 2, new AccountDebited(UUID.randomUUID(), money("4.00"),
                money("6.00")));
        assertThat(applyAccount(debit)).isEqualTo(Outcome.APPLIED);
        AccountView once = store.account(id.toString()).orElseThrow();

        assertThat(applyAccount(debit)).isEqualTo(Outcome.DUPLICATE);
        assertThat(applyAccount(account(id, 1, new AccountOpened("o", "t", money("10.00")))))
                .isEqualTo(Outcome.DUPLICATE);
        assertThat(store.account(id.toString()).orElseThrow()).isEqualTo(once);
        assertThat(store.countChanges(id.toString())).isEqualTo(1);
    }

    @Test
    void aWholeStreamRedeliveredLeavesTheViewsIdentical() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<EventEnvelope<AccountEvent>> accountEvents = new ArrayList<>();
        List<EventEnvelope<MoneyTransferEvent>> transferEvents = new ArrayList<>();
        accountEvents.add(account(a, 1, new AccountOpened("o", "a", money("50.00"))));
        accountEvents.add(account(b, 1, new AccountOpened("o", "b", money("0.00"))));
        int version = 1;
        for (int i = 0; i < 22; i++) {
            UUID t = UUID.randomUUID();
            transferEvents.add(transfer(t, 1, new MoneyTransferCreated(a, b, money("1.00"), "")));
            accountEvents.add(account(a, ++version, new AccountDebited(t, money("1.00"),
                    money("50.00").minus(Money.of(BigDecimal.valueOf(i + 1))))));
            transferEvents.add(transfer(t, 2, new DebitRecorded(a, b, money("1.00"))));
            accountEvents.add(account(b, version, new AccountCredited(t, money("1.00"), false,
                    Money.of(BigDecimal.valueOf(i + 1)))));
            transferEvents.add(transfer(t, 3, new CreditRecorded(b, money("1.00"))));
        }
        accountEvents.forEach(this::applyAccount);
        transferEvents.forEach(this::applyTransfer);
        AccountView viewA = store.account(a.toString()).orElseThrow();
        AccountView viewB = store.account(b.toString()).orElseThrow();
        List<TransferView> transfersBefore = store.allTransfers();

        assertThat(accountEvents).allSatisfy(e -> assertThat(applyAccount(e)).isEqualTo(Outcome.DUPLICATE));
        assertThat(transferEvents).allSatisfy(e -> assertThat(applyTransfer(e)).isEqualTo(Outcome.DUPLICATE));

        assertThat(store.account(a.toString()).orElseThrow()).isEqualTo(viewA);
        assertThat(store.account(b.toString()).orElseThrow()).isEqualTo(viewB);
        assertThat(store.allTransfers()).isEqualTo(transfersBefore);
        assertThat(viewA.balance()).isEqualTo(money("28.00"));
        assertThat(viewB.balance()).isEqualTo(money("22.00"));
        assertThat(viewA.recentTransfers()).hasSize(20)
                .allSatisfy(e -> assertThat(e.status()).isEqualTo(TransferStatus.COMPLETED));
        assertThat(store.countChanges(a.toString())).isEqualTo(22);
    }

    @Test
    void anAccountVersionGapIsRefusedAndNothingIsApplied() {
        UUID id = UUID.randomUUID();
        applyAccount(account(id, 1, new AccountOpened("o", "t", money("10.00"))));
        AccountView before = store.account(id.toString()).orElseThrow();

        assertThatThrownBy(() -> applyAccount(account(id, 3, new AccountDebited(UUID.randomUUID(), money("1.00"),
                money("9.00")))))
                .isInstanceOfSatisfying(VersionGapException.class, e -> {
                    assertThat(e.eventVersion()).isEqualTo(3);
                    assertThat(e.viewVersion()).isEqualTo(1);
                });
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> applyAccount(account(unknown, 2, new AccountClosed(""))))
                .isInstanceOf(VersionGapException.class);

        assertThat(store.account(id.toString()).orElseThrow()).isEqualTo(before);
        assertThat(store.countChanges(id.toString())).isZero();
        assertThat(store.account(unknown.toString())).isEmpty();
    }

    @Test
    void aTransferVersionGapIsRefusedAndLeavesTheEntriesAlone() {
        UUID from = open("10.00");
        UUID to = open("0.00");
        UUID transferId = UUID.randomUUID();
        applyTransfer(transfer(transferId, 1, new MoneyTransferCreated(from, to, money("1.00"), "")));

        assertThatThrownBy(() -> applyTransfer(transfer(transferId, 3, new CreditRecorded(to, money("1.00")))))
                .isInstanceOf(VersionGapException.class);
        assertThatThrownBy(() -> applyTransfer(transfer(UUID.randomUUID(), 2, new DebitRecorded(from, to,
                money("1.00"))))).isInstanceOf(VersionGapException.class);

        assertThat(store.transfer(transferId.toString()).orElseThrow().status()).isEqualTo(TransferStatus.NEW);
        assertEntries(from, transferId, TransferStatus.NEW, 1);
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

        COMMANDS.clear();
        ViewProjector.Result opened = projector.applyAccountEvents(store, opening);
        assertThat(COMMANDS).containsExactly("update " + store.names().accounts());
        COMMANDS.clear();
        ViewProjector.Result creations = projector.applyTransferEvents(store, created);
        assertThat(COMMANDS).containsExactly("insert " + store.names().transfers(), "update " + store.names().accounts());
        COMMANDS.clear();
        ViewProjector.Result moves = projector.applyAccountEvents(store, moved);
        assertThat(COMMANDS).containsExactly("update " + store.names().accounts(),
                "insert " + store.names().accountChanges());
        COMMANDS.clear();
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

    @Test
    void aPollThatRepeatsAppliedVersionsAppliesOnlyTheNewOnesAndReadsVersionsOnce() {
        UUID id = open("10.00");
        List<EventEnvelope<AccountEvent>> history = new ArrayList<>();
        for (int v = 2; v <= 6; v++) {
            history.add(account(id, v, new AccountCredited(UUID.randomUUID(), money("1.00"), false,
                    money("10.00").plus(Money.of(BigDecimal.valueOf(v - 1))))));
        }
        projector.applyAccountEvents(store, history.subList(0, 2));

        COMMANDS.clear();
        ViewProjector.Result result = projector.applyAccountEvents(store, history);

        assertThat(result.outcomes()).containsExactly(Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.APPLIED,
                Outcome.APPLIED, Outcome.APPLIED);
        assertThat(COMMANDS).containsExactly("update " + store.names().accounts(), "find " + store.names().accounts(),
                "update " + store.names().accounts(), "insert " + store.names().accountChanges());
        assertThat(store.account(id.toString()).orElseThrow().version()).isEqualTo(6);
        assertThat(store.account(id.toString()).orElseThrow().balance()).isEqualTo(money("15.00"));
        assertThat(store.changes(id.toString(), 0, 10)).extracting(AccountChange::version).containsExactly(2, 3, 4, 5, 6);
    }

    @Test
    void aGapInAPollRefusesItAndWhatFollowsOfThatAccountWhileTheOtherAccountsAreApplied() {
        UUID gapped = open("10.00");
        UUID other = open("10.00");
        List<EventEnvelope<AccountEvent>> poll = List.of(
                account(gapped, 2, new AccountDebited(UUID.randomUUID(), money("1.00"), money("9.00"))),
                account(gapped, 4, new AccountDebited(UUID.randomUUID(), money("1.00"), money("7.00"))),
                account(other, 2, new AccountClosed("")),
                account(gapped, 3, new AccountDebited(UUID.randomUUID(), money("1.00"), money("8.00"))));

        ViewProjector.Result result = projector.applyAccountEvents(store, poll);

        assertThat(result.outcomes()).containsExactly(Outcome.APPLIED, Outcome.REFUSED, Outcome.APPLIED,
                Outcome.REFUSED);
        assertThat(result.gaps()).singleElement().satisfies(e -> {
            assertThat(e.aggregateId()).isEqualTo(gapped.toString());
            assertThat(e.eventVersion()).isEqualTo(4);
            assertThat(e.viewVersion()).isEqualTo(2);
        });
        assertThat(store.account(gapped.toString()).orElseThrow().version()).isEqualTo(2);
        assertThat(store.account(other.toString()).orElseThrow().status()).isEqualTo(AccountStatus.CLOSED);
        // the rebuild decides each event on its own: version 3 follows version 2
        ViewProjector.Result skipping = new ViewProjector(ViewProjector.GapHandling.SKIP, 10)
                .applyAccountEvents(store, poll);
        assertThat(skipping.outcomes()).containsExactly(Outcome.DUPLICATE, Outcome.REFUSED, Outcome.DUPLICATE,
                Outcome.APPLIED);
        assertThat(store.account(gapped.toString()).orElseThrow().version()).isEqualTo(3);
    }

    private UUID open(String balance) {
        UUID id = UUID.randomUUID();
        applyAccount(account(id, 1, new AccountOpened("owner", "acc", money(balance))));
        return id;
    }

    private void assertEntries(UUID account, UUID transferId, TransferStatus status, int version) {
        TransferView transfer = store.transfer(transferId.toString()).orElseThrow();
        for (String accountId : List.of(transfer.fromAccountId(), transfer.toAccountId())) {
            assertThat(store.account(accountId).orElseThrow().recentTransfers())
                    .filteredOn(e -> e.transferId().equals(transferId.toString()))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.status()).isEqualTo(status);
                        assertThat(e.version()).isEqualTo(version);
                    });
        }
        assertThat(transfer.fromAccountId()).isEqualTo(account.toString());
    }

    private Outcome applyAccount(EventEnvelope<AccountEvent> envelope) {
        return projector.applyAccountEvent(store, envelope);
    }

    private Outcome applyTransfer(EventEnvelope<MoneyTransferEvent> envelope) {
        return projector.applyTransferEvent(store, envelope);
    }

    private static Money money(String amount) {
        return Money.of(amount);
    }
}
