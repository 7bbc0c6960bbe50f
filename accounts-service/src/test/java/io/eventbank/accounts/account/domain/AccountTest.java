package io.eventbank.accounts.account.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventbank.accounts.account.domain.AccountCommand.CloseAccount;
import io.eventbank.accounts.account.domain.AccountCommand.CreditAccount;
import io.eventbank.accounts.account.domain.AccountCommand.DebitAccount;
import io.eventbank.accounts.account.domain.AccountCommand.OpenAccount;
import io.eventbank.eventstore.DomainException;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountEvent;
import io.eventbank.events.account.AccountOpened;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccountTest {

    private static final UUID TRANSFER = UUID.randomUUID();

    private static Money money(String amount) {
        return Money.of(amount);
    }

    private static Account given(AccountEvent... events) {
        Account account = Account.EMPTY;
        for (AccountEvent event : events) {
            account = account.apply(event);
        }
        return account;
    }

    private static AccountOpened opened(String balance) {
        return new AccountOpened("owner-1", "Savings", money(balance));
    }

    @Test
    void opensWithInitialBalance() {
        List<AccountEvent> events = given().process(new OpenAccount("owner-1", "Savings", money("200")));
        assertThat(events).containsExactly(new AccountOpened("owner-1", "Savings", money("200.00")));
        Account account = given(events.toArray(AccountEvent[]::new));
        assertThat(account.status()).isEqualTo(AccountStatus.OPEN);
        assertThat(account.balance()).isEqualTo(money("200.00"));
    }

    @Test
    void opensWithZeroBalance() {
        assertThat(given().process(new OpenAccount("o", null, Money.ZERO)))
                .containsExactly(new AccountOpened("o", "", money("0.00")));
    }

    @Test
    void rejectsNegativeInitialBalance() {
        assertRejected(given(), () -> new OpenAccount("o", "t", money("-0.01")), "invalid-amount");
    }

    @Test
    void rejectsInitialBalanceWithThreeDecimals() {
        assertRejected(given(), () -> new OpenAccount("o", "t", money("1.001")), "invalid-amount");
    }

    @Test
    void rejectsInitialBalanceAboveMaximum() {
        assertRejected(given(), new OpenAccount("o", "t", money("1000000000.01")), "invalid-amount");
    }

    @Test
    void rejectsOpeningWithoutOwner() {
        assertRejected(given(), new OpenAccount(" ", "t", money("1")), "owner-required");
    }

    @Test
    void rejectsOpeningTwice() {
        assertRejected(given(opened("1")), new OpenAccount("o", "t", money("1")), "account-already-open");
    }

    @Test
    void rejectsCommandsOnAnAccountNeverOpened() {
        assertRejected(given(), new DebitAccount(money("1"), TRANSFER), "account-not-open");
        assertRejected(given(), new CreditAccount(money("1"), TRANSFER, false), "account-not-open");
        assertRejected(given(), new CloseAccount(""), "account-not-open");
    }

    @Test
    void debitsWhenFundsSuffice() {
        assertThat(given(opened("200")).process(new DebitAccount(money("50"), TRANSFER)))
                .containsExactly(new AccountDebited(TRANSFER, money("50.00"), money("150.00")));
    }

    @Test
    void debitsTheWholeBalance() {
        assertThat(given(opened("50")).process(new DebitAccount(money("50"), TRANSFER)))
                .containsExactly(new AccountDebited(TRANSFER, money("50"), money("0")));
    }

    @Test
    void rejectsOverdraftWithAFailureEvent() {
        Account account = given(opened("200"), new AccountDebited(TRANSFER, money("150"), money("50")));
        assertThat(account.process(new DebitAccount(money("50.01"), TRANSFER)))
                .containsExactly(new AccountDebitFailedDueToInsufficientFunds(TRANSFER, money("50.01"), money("50")));
    }

    @Test
    void failedDebitLeavesTheBalanceUnchanged() {
        Account account = given(opened("10"),
                new AccountDebitFailedDueToInsufficientFunds(TRANSFER, money("20"), money("10")));
        assertThat(account.balance()).isEqualTo(money("10.00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0.001", "1000000000.01"})
    void rejectsInvalidDebitAmounts(String amount) {
        assertRejected(given(opened("100")), () -> new DebitAccount(money(amount), TRANSFER), "invalid-amount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0.001", "1000000000.01"})
    void rejectsInvalidCreditAmounts(String amount) {
        assertRejected(given(opened("100")), () -> new CreditAccount(money(amount), TRANSFER, false),
                "invalid-amount");
    }

    @Test
    void creditsAnOpenAccount() {
        Account account = given(opened("0"));
        List<AccountEvent> events = account.process(new CreditAccount(money("50"), TRANSFER, false));
        assertThat(events).containsExactly(new AccountCredited(TRANSFER, money("50"), false, money("50")));
        assertThat(account.apply(events.getFirst()).balance()).isEqualTo(money("50.00"));
    }

    @Test
    void closesAtZeroBalance() {
        assertThat(given(opened("0")).process(new CloseAccount("moving away")))
                .containsExactly(new AccountClosed("moving away"));
        assertThat(given(opened("0"), new AccountClosed("")).status()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void refusesToCloseWithMoneyInIt() {
        assertRejected(given(opened("0.01")), new CloseAccount(""), "account-not-empty");
    }

    @Test
    void closingAClosedAccountChangesNothing() {
        assertThat(given(opened("0"), new AccountClosed("")).process(new CloseAccount(""))).isEmpty();
    }

    @Test
    void closedAccountRefusesDebitsWithAFailureEvent() {
        assertThat(given(opened("0"), new AccountClosed("")).process(new DebitAccount(money("5"), TRANSFER)))
                .containsExactly(new AccountDebitFailedAccountClosed(TRANSFER, money("5")));
    }

    @Test
    void closedAccountRefusesOrdinaryCreditsWithAFailureEvent() {
        assertThat(given(opened("0"), new AccountClosed("")).process(new CreditAccount(money("5"), TRANSFER, false)))
                .containsExactly(new AccountCreditFailedAccountClosed(TRANSFER, money("5")));
    }

    @Test
    void closedAccountAcceptsRefunds() {
        Account closed = given(opened("0"), new AccountClosed(""));
        List<AccountEvent> events = closed.process(new CreditAccount(money("5"), TRANSFER, true));
        assertThat(events).containsExactly(new AccountCredited(TRANSFER, money("5"), true, money("5")));
        Account after = closed.apply(events.getFirst());
        assertThat(after.balance()).isEqualTo(money("5.00"));
        assertThat(after.status()).isEqualTo(AccountStatus.CLOSED);
    }

    @Test
    void stateSurvivesASnapshotRoundTrip() {
        io.eventbank.eventstore.json.EventCodec codec = new io.eventbank.eventstore.json.EventCodec();
        Account account = given(opened("12.30"), new AccountClosed(""));
        assertThat(codec.read(codec.write(account), Account.class)).isEqualTo(account);
    }

    @Test
    void readsSnapshotsWithANumericBalanceAndWritesItAsAString() {
        io.eventbank.eventstore.json.EventCodec codec = new io.eventbank.eventstore.json.EventCodec();
        String stored = "{\"ownerId\":\"o\",\"title\":\"t\",\"balance\":12.3,\"status\":\"OPEN\"}";
        Account account = codec.read(stored, Account.class);
        assertThat(account).isEqualTo(new Account("o", "t", money("12.30"), AccountStatus.OPEN));
        assertThat(codec.write(account)).contains("\"balance\":\"12.30\"");
    }

    private static void assertRejected(Account account, AccountCommand command, String code) {
        assertRejected(account, () -> command, code);
    }

    /** Money refuses some invalid amounts before a command exists, the account the rest: both as DomainException. */
    private static void assertRejected(Account account, Supplier<AccountCommand> command, String code) {
        assertThatThrownBy(() -> account.process(command.get()))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
