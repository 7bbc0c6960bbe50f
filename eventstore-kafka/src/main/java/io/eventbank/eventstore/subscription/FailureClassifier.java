package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.TransactionConflictException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells an outage of something a handler uses from a record that can never succeed. A failure is
 * transient when any exception in its cause chain matches: the subscription then holds the record
 * and retries it with capped back-off for as long as the outage lasts, instead of dead-lettering
 * it. Everything else is retried {@code maxAttempts} times and dead-lettered. An unreadable record
 * is never transient.
 *
 * <p>{@link #standard()} knows JDBC connection, resource and timeout failures (SQLState classes
 * 08, 53, 57 and 58, serialization failures and deadlocks), Spring's transient and resource-failure
 * data-access exceptions, a transaction that could not begin, I/O failures, timeouts, Kafka's
 * retriable errors and a {@link TransactionConflictException} (a concurrent writer). A service adds the failures of its own stores with {@link #orTransientWhen}.
 */
public final class FailureClassifier {

    private static final List<String> TRANSIENT_SQL_STATE_CLASSES = List.of("08", "53", "57", "58");
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("40001", "40P01");

    private final List<Predicate<Throwable>> transientCauses;

    private FailureClassifier(List<Predicate<Throwable>> transientCauses) {
        this.transientCauses = List.copyOf(transientCauses);
    }

    public static FailureClassifier standard() {
        return new FailureClassifier(List.of(FailureClassifier::standardTransient));
    }

    /** This classifier, with causes matching {@code transientCause} transient too. */
    public FailureClassifier orTransientWhen(Predicate<Throwable> transientCause) {
        return new FailureClassifier(Stream.concat(transientCauses.stream(), Stream.of(transientCause)).toList());
    }

    public boolean isTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof UnreadableEventException) {
                return false;
            }
        }
        for (Throwable cause : seen) {
            for (Predicate<Throwable> transientCause : transientCauses) {
                if (transientCause.test(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean standardTransient(Throwable cause) {
        if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return TRANSIENT_SQL_STATES.contains(state)
                    || (state.length() >= 2 && TRANSIENT_SQL_STATE_CLASSES.contains(state.substring(0, 2)));
        }
        return cause instanceof TransientDataAccessException
                || cause instanceof RecoverableDataAccessException
                || cause instanceof DataAccessResourceFailureException
                || cause instanceof CannotCreateTransactionException
                || cause instanceof IOException
                || cause instanceof TimeoutException
                || cause instanceof RetriableException
                || cause instanceof TransactionConflictException;
    }
}
