package io.eventbank.view.projection.infrastructure;

import com.mongodb.MongoClientSettings;
import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import io.eventbank.view.projection.application.AccountDelta;
import io.eventbank.view.projection.application.RebuiltAccount;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.time.Instant;
import java.util.List;
import org.bson.BsonReader;
import org.bson.BsonWriter;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.types.Decimal128;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * The views' documents, mapped by the driver's codecs: records by its record codec (a component per
 * field, in order; null components are not written), amounts as Decimal128, instants as BSON dates
 * (milliseconds), enums by name. Account changes ({@link AccountChange}) and transfer entries
 * ({@link TransferEntry}) are stored as the domain records are; the records here add what the domain
 * does not say: the {@code _id}, an account's opening fields, a change without its account id inside
 * the account. Spring Data's {@code MappingMongoConverter} ({@code MongoTemplate}'s mapping) is not
 * used: it encoded a rebuild chunk about three times slower than the record codec.
 */
final class ViewDocuments {

    /** The driver's default codecs (records, enums, {@code Instant} as date) and {@link Money} as Decimal128. */
    static final CodecRegistry CODECS = CodecRegistries.fromRegistries(
            CodecRegistries.fromCodecs(new MoneyCodec()), MongoClientSettings.getDefaultCodecRegistry());

    /** {@link Money} as a Decimal128 value, as amounts were stored before the value object. */
    static final class MoneyCodec implements Codec<Money> {

        @Override
        public void encode(BsonWriter writer, Money value, EncoderContext context) {
            writer.writeDecimal128(new Decimal128(value.value()));
        }

        @Override
        public Money decode(BsonReader reader, DecoderContext context) {
            return Money.of(reader.readDecimal128().bigDecimalValue());
        }

        @Override
        public Class<Money> getEncoderClass() {
            return Money.class;
        }
    }

    private ViewDocuments() {
    }

    /** A document of {@code transfers}. */
    public record TransferDocument(@BsonId String id, String fromAccountId, String toAccountId, Money amount,
                                   String description, TransferStatus status, String failureReason, int version,
                                   Instant createdAt, Instant updatedAt, String initiatedBy) {

        static TransferDocument of(TransferView t) {
            return new TransferDocument(t.transferId(), t.fromAccountId(), t.toAccountId(), t.amount(),
                    t.description(), t.status(), t.failureReason() == null ? null : t.failureReason().code(), t.version(),
                    t.createdAt(), t.updatedAt(), t.initiatedBy());
        }

        /** A document written before initiators were recorded has none: {@code initiatedBy} is null. */
        TransferView view() {
            return new TransferView(id, fromAccountId, toAccountId, amount, description, status,
                    FailureReason.fromCode(failureReason),
                    version, createdAt, updatedAt, initiatedBy);
        }
    }

    /**
     * A document of {@code accounts}: an opened account, or a placeholder (version 0) with transfer
     * entries only.
     */
    public record AccountDocument(@BsonId String id, int version, String ownerId, String title, Instant openedAt,
                                  Money balance, AccountStatus status, Instant updatedAt,
                                  List<TransferEntry> recentTransfers, List<ChangeEntry> recentChanges) {

        static AccountDocument of(RebuiltAccount a) {
            AccountDelta.Opening opening = a.opening();
            return new AccountDocument(a.accountId(), a.version(), opening == null ? null : opening.ownerId(),
                    opening == null ? null : opening.title(), opening == null ? null : opening.openedAt(),
                    a.balance(), a.status(), a.updatedAt(), a.recentTransfers(),
                    a.recentChanges().stream().map(ChangeEntry::of).toList());
        }

        AccountView view() {
            return new AccountView(id, ownerId, title, balance, status, version,
                    recentTransfers == null ? List.of() : recentTransfers,
                    recentChanges == null ? List.of() : recentChanges.stream().map(c -> c.change(id)).toList());
        }
    }

    /** An account change inside its account's document. */
    public record ChangeEntry(int version, String transferId, ChangeKind kind, Money amount,
                              Money balanceAfter, Instant occurredAt) {

        static ChangeEntry of(AccountChange c) {
            return new ChangeEntry(c.version(), c.transferId(), c.kind(), c.amount(), c.balanceAfter(), c.occurredAt());
        }

        AccountChange change(String accountId) {
            return new AccountChange(accountId, version, transferId, kind, amount, balanceAfter, occurredAt);
        }
    }
}
