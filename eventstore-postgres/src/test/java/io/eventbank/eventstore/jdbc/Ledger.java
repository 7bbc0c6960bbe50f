package io.eventbank.eventstore.jdbc;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.AggregateType;
import io.eventbank.eventstore.CommandProcessingAggregate;
import io.eventbank.eventstore.DomainException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Test-only aggregate: a ledger with an owner, a balance in money and a count of entries. */
record Ledger(String owner, BigDecimal balance, long entries, String lastMemo)
        implements CommandProcessingAggregate<Ledger, Ledger.Command, Ledger.Event> {

    static final Ledger EMPTY = new Ledger(null, new BigDecimal("0.00"), 0, "");
    static final AggregateEvents<Event> EVENTS = AggregateEvents.of("Ledger", Event.class);
    static final AggregateType<Ledger, Event> TYPE = AggregateType.of(EVENTS, Ledger.class, EMPTY);

    sealed interface Command {
    }

    record Open(String owner) implements Command {
    }

    record Deposit(BigDecimal amount, String memo) implements Command {
    }

    record DepositMany(int count, BigDecimal amountEach) implements Command {
    }

    record Withdraw(BigDecimal amount) implements Command {
    }

    /** A deposit whose decision runs {@code meanwhile} first: another writer acting between load and append. */
    record DepositWhile(Runnable meanwhile, BigDecimal amount) implements Command {
    }

    sealed interface Event {
    }

    record LedgerOpened(String owner) implements Event {
    }

    /** {@code memo} was added later: older events read with an empty memo. */
    record AmountDeposited(BigDecimal amount, String memo) implements Event {
        AmountDeposited {
            memo = memo == null ? "" : memo;
        }
    }

    record AmountWithdrawn(BigDecimal amount) implements Event {
    }

    @Override
    public List<Event> process(Command command) {
        return switch (command) {
            case Open open -> {
                if (owner != null) {
                    throw new DomainException("ledger-open", "already open");
                }
                yield List.of(new LedgerOpened(open.owner()));
            }
            case Deposit deposit -> List.of(new AmountDeposited(deposit.amount(), deposit.memo()));
            case DepositWhile deposit -> {
                deposit.meanwhile().run();
                yield List.of(new AmountDeposited(deposit.amount(), "while"));
            }
            case DepositMany many -> {
                List<Event> events = new ArrayList<>();
                for (int i = 0; i < many.count(); i++) {
                    events.add(new AmountDeposited(many.amountEach(), "bulk " + i));
                }
                yield events;
            }
            case Withdraw withdraw -> {
                if (balance.compareTo(withdraw.amount()) < 0) {
                    throw new DomainException("insufficient-funds", "balance too low");
                }
                yield List.of(new AmountWithdrawn(withdraw.amount()));
            }
        };
    }

    @Override
    public Ledger apply(Event event) {
        return switch (event) {
            case LedgerOpened opened -> new Ledger(opened.owner(), balance, entries + 1, lastMemo);
            case AmountDeposited deposited ->
                    new Ledger(owner, balance.add(deposited.amount()), entries + 1, deposited.memo());
            case AmountWithdrawn withdrawn -> new Ledger(owner, balance.subtract(withdrawn.amount()), entries + 1, lastMemo);
        };
    }

    static Ledger fold(List<? extends Event> events) {
        Ledger state = EMPTY;
        for (Event event : events) {
            state = state.apply(event);
        }
        return state;
    }
}
