package io.eventbank.view.application;

import io.eventbank.view.domain.AccountChange;
import io.eventbank.view.domain.AccountView;
import io.eventbank.view.domain.TransferView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    public VersionedRead<AccountView> account(String accountId, int minVersion, Duration maxWait) {
        return waitFor(VersionSignals.account(accountId), () -> projection.readStore().account(accountId),
                AccountView::version, minVersion, maxWait);
    }

    public VersionedRead<TransferView> transfer(String transferId, int minVersion, Duration maxWait) {
        return waitFor(VersionSignals.transfer(transferId), () -> projection.readStore().transfer(transferId),
                TransferView::version, minVersion, maxWait);
    }

    public List<AccountView> accountsOfOwner(String ownerId) {
        return projection.readStore().accountsOfOwner(ownerId);
    }

    public Optional<List<AccountChange>> changes(String accountId, int page, int size) {
        return projection.readStore().account(accountId)
                .map(a -> projection.readStore().changes(accountId, page, size));
    }

    public long countChanges(String accountId) {
        return projection.readStore().countChanges(accountId);
    }

    private <T> VersionedRead<T> waitFor(String key, Supplier<Optional<T>> read, ToIntFunction<T> version,
                                         int minVersion, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            CompletableFuture<Void> changed = signals.next(key);
            Optional<T> current = read.get();
            if (current.isPresent() && version.applyAsInt(current.get()) >= minVersion) {
                return new Found<>(current.get());
            }
            if (current.isEmpty() && minVersion <= 0) {
                signals.release(key, changed);
                return new Missing<>();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                signals.release(key, changed);
                return tooOld(current, version);
            }
            try {
                changed.get(Math.min(remaining, recheckInterval.toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // re-check: another instance or a generation switch may have changed the view
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                signals.release(key, changed);
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
