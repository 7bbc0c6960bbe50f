package io.eventbank.view.projection.application;

import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.TransferView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** Reads of the current generation; min-version reads wait for the projector's signal. */
public class ViewQueries {

    /** The outcome of a min-version read. */
    public sealed interface VersionedRead<T> {
    }

    public record Found<T>(T view) implements VersionedRead<T> {
    }

    /** The view stayed older than asked (version 0: not there at all). */
    public record TooOld<T>(int currentVersion) implements VersionedRead<T> {
    }

    public record Missing<T>() implements VersionedRead<T> {
    }

    private final LiveProjection projection;
    private final VersionSignals signals;
    private final Duration recheckInterval;

    public ViewQueries(LiveProjection projection, VersionSignals signals, Duration recheckInterval) {
        this.projection = projection;
        this.signals = signals;
        this.recheckInterval = recheckInterval;
    }

    /**
     * The account as its owner {@code callerId} may read it: an account of anybody else is absent, as
     * an unknown one is, also while waiting for {@code minVersion}.
     */
    public VersionedRead<AccountView> account(String callerId, String accountId, int minVersion, Duration maxWait) {
        Predicate<AccountView> visible = ownedBy(callerId);
        return waitFor(VersionSignals.account(accountId),
                () -> projection.readStore().account(accountId).filter(visible),
                AccountView.class, visible, AccountView::version, minVersion, maxWait);
    }

    /** The transfer as its initiator {@code callerId} may read it; one without an initiator is nobody's. */
    public VersionedRead<TransferView> transfer(String callerId, String transferId, int minVersion, Duration maxWait) {
        Predicate<TransferView> visible = t -> t.initiatedBy() != null && t.initiatedBy().equals(callerId);
        return waitFor(VersionSignals.transfer(transferId),
                () -> projection.readStore().transfer(transferId).filter(visible),
                TransferView.class, visible, TransferView::version, minVersion, maxWait);
    }

    /** The caller's own accounts. */
    public List<AccountView> accountsOf(String callerId) {
        return projection.readStore().accountsOfOwner(callerId);
    }

    /** A page of the changes of the caller's own account; empty when it is unknown or somebody else's. */
    public Optional<PageOfChanges> changes(String callerId, String accountId, int page, int size) {
        ViewStore store = projection.readStore();
        return store.account(accountId).filter(ownedBy(callerId))
                .map(a -> new PageOfChanges(store.changes(accountId, page, size), store.countChanges(accountId)));
    }

    /** One page of an account's changes and how many there are in all. */
    public record PageOfChanges(List<AccountChange> items, long total) {
    }

    private static Predicate<AccountView> ownedBy(String callerId) {
        return a -> a.ownerId() != null && a.ownerId().equals(callerId);
    }

    /**
     * Reads the view ({@code read} gives only what the caller may see, {@code visible} says the same of a
     * signalled view); while it is older than {@code minVersion}, waits for the projector's signal that
     * the version is reached (taking the view from the signal when it carries one), re-reading at
     * {@code recheckInterval} in case another instance or a generation switch changed it.
     */
    private <T> VersionedRead<T> waitFor(String key, Supplier<Optional<T>> read, Class<T> type, Predicate<T> visible,
                                         ToIntFunction<T> version, int minVersion, Duration maxWait) {
        if (minVersion <= 0) {
            return read.get().<VersionedRead<T>>map(Found::new).orElseGet(Missing::new);
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            CompletableFuture<VersionSignals.Reached> reached = signals.await(key, minVersion);
            Optional<T> current = read.get();
            if (current.isPresent() && version.applyAsInt(current.get()) >= minVersion) {
                signals.release(key, reached);
                return new Found<>(current.get());
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                signals.release(key, reached);
                return tooOld(current, version);
            }
            try {
                VersionSignals.Reached signal = reached.get(Math.min(remaining, recheckInterval.toNanos()),
                        TimeUnit.NANOSECONDS);
                // a view the caller may not see is no answer: it waits on as for a view not there
                if (type.isInstance(signal.view()) && visible.test(type.cast(signal.view()))
                        && version.applyAsInt(type.cast(signal.view())) >= minVersion) {
                    return new Found<>(type.cast(signal.view()));
                }
            } catch (TimeoutException e) {
                signals.release(key, reached);
                // re-check: another instance or a generation switch may have changed the view
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                signals.release(key, reached);
                return tooOld(current, version);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A view not there yet counts as version 0: the reader asked for a version, so it may still come. */
    private static <T> VersionedRead<T> tooOld(Optional<T> current, ToIntFunction<T> version) {
        return new TooOld<>(current.map(version::applyAsInt).orElse(0));
    }
}
