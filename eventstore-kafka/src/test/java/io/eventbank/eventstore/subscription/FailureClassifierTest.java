package io.eventbank.eventstore.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

class FailureClassifierTest {

    private final FailureClassifier standard = FailureClassifier.standard();

    private static EventHandlingException handling(Throwable cause) {
        return new EventHandlingException("handler failed", cause);
    }

    @Test
    void databaseUnavailableAnywhereInTheCauseChainIsTransient() {
        assertThat(standard.isTransient(handling(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool timed out"))))).isTrue();
        assertThat(standard.isTransient(handling(new RuntimeException(new SQLException("reset", "08006"))))).isTrue();
        assertThat(standard.isTransient(handling(new SQLException("statement timeout", "57014")))).isTrue();
        assertThat(standard.isTransient(handling(new SQLException("too many connections", "53300")))).isTrue();
        assertThat(standard.isTransient(handling(new SQLException("deadlock", "40P01")))).isTrue();
        assertThat(standard.isTransient(new DataAccessResourceFailureException("down"))).isTrue();
        assertThat(standard.isTransient(new UncheckedIOException(new ConnectException("refused")))).isTrue();
        assertThat(standard.isTransient(new org.apache.kafka.common.errors.TimeoutException("broker"))).isTrue();
    }

    @Test
    void aConcurrentWriterThatOutlastedTheTransactionsRunsIsTransient() {
        assertThat(standard.isTransient(handling(new io.eventbank.eventstore.TransactionConflictException(
                java.util.UUID.randomUUID(), null)))).isTrue();
    }

    @Test
    void aRecordThatCanNeverSucceedIsNotTransient() {
        assertThat(standard.isTransient(handling(new IllegalStateException("insufficient funds")))).isFalse();
        assertThat(standard.isTransient(handling(new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(standard.isTransient(new DataIntegrityViolationException("check constraint"))).isFalse();
        assertThat(standard.isTransient(new UnreadableEventException("bad json",
                new UncheckedIOException(new java.io.IOException("truncated"))))).isFalse();
    }

    @Test
    void aServiceAddsItsOwnStoresOutages() {
        class StoreDown extends RuntimeException {
        }
        assertThat(standard.isTransient(handling(new StoreDown()))).isFalse();
        assertThat(standard.orTransientWhen(StoreDown.class::isInstance).isTransient(handling(new StoreDown()))).isTrue();
    }
}
