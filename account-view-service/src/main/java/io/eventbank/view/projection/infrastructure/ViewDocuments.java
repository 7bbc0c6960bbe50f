package io.eventbank.view.projection.infrastructure;

import com.mongodb.MongoClientSettings;
import io.eventbank.view.projection.application.AccountDelta;
import io.eventbank.view.projection.application.RebuiltAccount;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * The views' documents, mapped by the driver's codecs: records by its record codec (a component per
 * field, in order; null components are not written), amounts as Decimal128, instants as BSON dates
 * (milliseconds), enums by name. Account changes ({@link AccountChange}) and transfer entries
 * ({@link TransferEntry}) are stored as the domain records are; the records here add what the domain
 * does not say: the {@code _id}, an account's opening fields, a change without its account id inside
 * the account. Measured on a rebuild's chunk of 2,100 documents ({@code DocumentMappingMeasure} in the
 * tests), the record codec encodes it in 4.8–6.0 ms against 5.4–6.1 ms for the hand-built
 * {@code Document}s it replaced; Spring Data's {@code MappingMongoConverter} ({@code MongoTemplate}'s
 * mapping) takes 15–18 ms, so it is not used.
 */
final class ViewDocuments {

    /** The driver's default codecs: records, enums, {@code BigDecimal} as Decimal128, {@code Instant} as date. */
    static final CodecRegistry CODECS = MongoClientSettings.getDefaultCodecRegistry();

    private ViewDocuments() {
    }

    /** A document of {@code transfers}. */
    public record TransferDocument(@BsonId String id, String fromAccountId, String toAccountId, BigDecimal amount,
                                   String description, TransferStatus status, String failureReason, int version,
                                   Instant createdAt, Instant updatedAt) {

        static TransferDocument of(TransferView t) {
            return new TransferDocument(t.transferId(), t.fromAccountId(), t.toAccountId(), t.amount(),
                    t.description(), t.status(), t.failureReason(), t.version(), t.createdAt(), t.updatedAt());
        }

        TransferView view() {
            return new TransferView(id, fromAccountId, toAccountId, amount, description, status, failureReason,
                    version, createdAt, updatedAt);
        }
    }

    /**
     * A document of {@code accounts}: an opened account, or a placeholder (version 0) with transfer
     * entries only.
     */
    public record AccountDocument(@BsonId String id, int version, String ownerId, String title, Instant openedAt,
                                  BigDecimal balance, AccountStatus status, Instant updatedAt,
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
    public record ChangeEntry(int version, String transferId, ChangeKind kind, BigDecimal amount,
                              BigDecimal balanceAfter, Instant occurredAt) {

        static ChangeEntry of(AccountChange c) {
            return new ChangeEntry(c.version(), c.transferId(), c.kind(), c.amount(), c.balanceAfter(), c.occurredAt());
        }

        AccountChange change(String accountId) {
            return new AccountChange(accountId, version, transferId, kind, amount, balanceAfter, occurredAt);
        }
    }
}
