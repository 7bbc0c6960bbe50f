package io.eventbank.eventstore.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs {@link JdbcClient} statements outside any transaction so that their effect commits by
 * itself: on a connection in auto-commit mode each statement is its own transaction (one round
 * trip, no {@code COMMIT}); on a pool whose connections are not in auto-commit mode the connection
 * is committed after them, or rolled back when the caller does not keep their effect or they fail.
 *
 * <p>The statements of one {@link #run} go to one connection, bound to the thread for the call: a
 * transaction scope with propagation {@code SUPPORTS} (synchronisation, no transaction, no
 * statement of its own), within which {@link JdbcClient} and {@link DataSourceUtils} find that
 * connection.
 */
final class StandaloneStatements {

    private final DataSource dataSource;
    private final TransactionTemplate scope;
    private final SQLExceptionTranslator translator = new SQLExceptionSubclassTranslator();

    /** @param dataSource the one the {@link JdbcClient} of the statements uses */
    StandaloneStatements(DataSource dataSource) {
        this.dataSource = dataSource;
        this.scope = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.scope.setPropagationBehavior(TransactionDefinition.PROPAGATION_SUPPORTS);
    }

    /**
     * @param statements run on this thread's connection of the {@link JdbcClient}'s DataSource
     * @param keep       whether their effect is to be committed when the connection does not
     *                   auto-commit (otherwise it is rolled back)
     */
    <T> T run(Supplier<T> statements, Predicate<? super T> keep) {
        return scope.execute(status -> {
            Connection con = DataSourceUtils.getConnection(dataSource);
            try {
                boolean manual = !con.getAutoCommit();
                T result;
                try {
                    result = statements.get();
                } catch (RuntimeException | Error e) {
                    if (manual) {
                        rollbackAfter(con, e);
                    }
                    throw e;
                }
                if (manual) {
                    if (keep.test(result)) {
                        con.commit();
                    } else {
                        con.rollback();
                    }
                }
                return result;
            } catch (SQLException e) {
                DataAccessException translated = translator.translate("standalone statements", null, e);
                throw translated != null ? translated : new UncategorizedSQLException("standalone statements", null, e);
            } finally {
                DataSourceUtils.releaseConnection(con, dataSource);
            }
        });
    }

    private static void rollbackAfter(Connection con, Throwable failure) {
        try {
            con.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
