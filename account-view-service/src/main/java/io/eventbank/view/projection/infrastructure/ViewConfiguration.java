package io.eventbank.view.projection.infrastructure;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.eventbank.eventstore.subscription.FailureClassifier;
import io.eventbank.view.ViewProperties;
import io.eventbank.view.projection.application.LiveProjection;
import io.eventbank.view.projection.application.ViewGenerations;
import io.eventbank.view.projection.application.VersionSignals;
import io.eventbank.view.projection.application.ViewProjector;
import io.eventbank.view.projection.application.ViewQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.EventUpcaster;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

@Configuration(proxyBeanMethods = false)
public class ViewConfiguration {

    /**
     * Time limits on the MongoDB connection: a server chosen within 5 s, the TCP connect within 5 s, no read
     * longer than 30 s, so an unreachable or half-open server is an error the consumer retries, never a hang.
     */
    @Bean
    MongoClientSettingsBuilderCustomizer mongoTimeouts() {
        return settings -> settings
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS).readTimeout(30, TimeUnit.SECONDS));
    }

    /**
     * MongoDB unreachable, timed out or between primaries is an outage the view's subscriptions wait out,
     * never a reason to dead-letter an event (the bean, with the refill's waits, is the rebuild's).
     */
    public static FailureClassifier failureClassifier() {
        return FailureClassifier.standard().orTransientWhen(ViewConfiguration::mongoOutage);
    }

    static boolean mongoOutage(Throwable cause) {
        return cause instanceof MongoSocketException
                || cause instanceof MongoTimeoutException
                || cause instanceof MongoExecutionTimeoutException
                || cause instanceof MongoConnectionPoolClearedException
                || cause instanceof MongoNotPrimaryException
                || cause instanceof MongoNodeIsRecoveringException
                || (cause instanceof MongoException mongo && (mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                        || mongo.hasErrorLabel("RetryableWriteError")));
    }

    @Bean
    ViewGenerations viewGenerations(MongoDatabaseFactory mongo) {
        return new MongoViewGenerations(mongo.getMongoDatabase(), Clock.systemUTC());
    }

    @Bean
    VersionSignals versionSignals() {
        return new VersionSignals();
    }

    @Bean
    LiveProjection liveProjection(ViewGenerations generations, VersionSignals signals, MeterRegistry meters) {
        return new LiveProjection(new ViewProjector(), generations, signals, meters, Clock.systemUTC());
    }

    @Bean
    ViewQueries viewQueries(LiveProjection projection, VersionSignals signals, ViewProperties properties) {
        return new ViewQueries(projection, signals, properties.recheckInterval());
    }

    /** The event store's codec is registered only with a DataSource; the view has none. */
    @Bean
    EventCodec eventCodec(ObjectProvider<EventUpcaster> upcasters) {
        return new EventCodec(upcasters.orderedStream().toList());
    }
}
