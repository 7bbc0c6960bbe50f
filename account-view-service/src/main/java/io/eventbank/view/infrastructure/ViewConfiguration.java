package io.eventbank.view.infrastructure;

import io.eventbank.events.BankingEvents;
import io.eventbank.events.account.AccountClosed;
import io.eventbank.events.account.AccountCreditFailedAccountClosed;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebitFailedAccountClosed;
import io.eventbank.events.account.AccountDebitFailedDueToInsufficientFunds;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.events.transfer.RefundRequested;
import io.eventbank.events.transfer.TransferFailedDueToInsufficientFunds;
import io.eventbank.events.transfer.TransferFailedSourceAccountClosed;
import io.eventbank.events.transfer.TransferRefunded;
import io.eventbank.eventstore.subscription.EventSubscription;
import io.eventbank.view.ViewProperties;
import io.eventbank.view.application.LiveProjection;
import io.eventbank.view.application.VersionSignals;
import io.eventbank.view.application.ViewProjector;
import io.eventbank.view.application.ViewQueries;
import io.micrometer.core.instrument.MeterRegistry;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.json.EventUpcaster;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;

@Configuration(proxyBeanMethods = false)
public class ViewConfiguration {

    @Bean
    ViewGenerations viewGenerations(MongoDatabaseFactory mongo) {
        return new ViewGenerations(mongo.getMongoDatabase());
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

    @Bean
    KafkaEnvelopeReader kafkaEnvelopeReader(EventCodec codec) {
        return new KafkaEnvelopeReader(codec);
    }

    @Bean
    RebuildService rebuildService(ViewGenerations generations, LiveProjection projection, KafkaEnvelopeReader reader,
                                  KafkaAdmin admin, ViewProperties properties) {
        return new RebuildService(generations, projection, reader, admin.getConfigurationProperties(),
                properties.rebuildPollTimeout());
    }

    /** The live projection: every Account and MoneyTransfer event, applied by version. */
    @Bean
    EventSubscription accountViewSubscription(LiveProjection projection, ViewProperties properties) {
        return EventSubscription.builder(properties.subscriberId())
                .on(BankingEvents.ACCOUNT, AccountOpened.class, projection::onAccountEvent)
                .on(BankingEvents.ACCOUNT, AccountDebited.class, projection::onAccountEvent)
                .on(BankingEvents.ACCOUNT, AccountDebitFailedDueToInsufficientFunds.class, projection::onAccountEvent)
                .on(BankingEvents.ACCOUNT, AccountDebitFailedAccountClosed.class, projection::onAccountEvent)
                .on(BankingEvents.ACCOUNT, AccountCredited.class, projection::onAccountEvent)
                .on(BankingEvents.ACCOUNT, AccountCreditFailedAccountClosed.class, projection::onAccountEvent)
                .on(BankingEvents.ACCOUNT, AccountClosed.class, projection::onAccountEvent)
                .on(BankingEvents.TRANSFER, MoneyTransferCreated.class, projection::onTransferEvent)
                .on(BankingEvents.TRANSFER, DebitRecorded.class, projection::onTransferEvent)
                .on(BankingEvents.TRANSFER, CreditRecorded.class, projection::onTransferEvent)
                .on(BankingEvents.TRANSFER, TransferFailedDueToInsufficientFunds.class, projection::onTransferEvent)
                .on(BankingEvents.TRANSFER, TransferFailedSourceAccountClosed.class, projection::onTransferEvent)
                .on(BankingEvents.TRANSFER, RefundRequested.class, projection::onTransferEvent)
                .on(BankingEvents.TRANSFER, TransferRefunded.class, projection::onTransferEvent)
                .build();
    }
}
