package io.eventbank.view.projection.infrastructure;

import com.mongodb.MongoClientSettings;
import io.eventbank.view.projection.application.AccountDelta;
import io.eventbank.view.projection.application.RebuiltAccount;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Decimal128;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.convert.DefaultMongoTypeMapper;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.convert.NoOpDbRefResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * Not a test: how long it takes to turn what a rebuild writes into BSON with hand-built
 * {@code Document}s (the view's mapping before), with the driver's record codec ({@link ViewDocuments},
 * the mapping now), and with Spring Data's {@code MappingMongoConverter} (what {@code MongoTemplate}
 * maps with; its records carry {@code @Id}). One chunk: 1,000 transfers, 1,000 account changes and 100 accounts
 * with 20 entries and 20 changes each. Rounds alternate between the three; the medians are printed.
 *
 * <pre>
 * ./mvnw -B -o -q -pl account-view-service -am test-compile
 * java -cp account-view-service/target/test-classes:account-view-service/target/classes:$(cat cp.txt) \
 *     io.eventbank.view.projection.infrastructure.DocumentMappingMeasure
 * </pre>
 * (cp.txt from {@code dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test}).
 */
public final class DocumentMappingMeasure {

    public record ChangeEntryRecord(int version, String transferId, ChangeKind kind, BigDecimal amount,
                             BigDecimal balanceAfter, Instant occurredAt) {
    }

    public record SpringTransfer(@Id String transferId, String fromAccountId, String toAccountId, BigDecimal amount,
                          String description, TransferStatus status, String failureReason, int version,
                          Instant createdAt, Instant updatedAt) {
        static SpringTransfer of(TransferView t) {
            return new SpringTransfer(t.transferId(), t.fromAccountId(), t.toAccountId(), t.amount(), t.description(),
                    t.status(), t.failureReason(), t.version(), t.createdAt(), t.updatedAt());
        }
    }

    public record SpringAccount(@Id String accountId, int version, String ownerId, String title, Instant openedAt,
                         BigDecimal balance, AccountStatus status, Instant updatedAt,
                         List<TransferEntry> recentTransfers, List<ChangeEntryRecord> recentChanges) {
        static SpringAccount of(RebuiltAccount a) {
            return new SpringAccount(a.accountId(), a.version(), a.opening().ownerId(), a.opening().title(),
                    a.opening().openedAt(), a.balance(), a.status(), a.updatedAt(), a.recentTransfers(),
                    a.recentChanges().stream().map(c -> new ChangeEntryRecord(c.version(), c.transferId(), c.kind(),
                            c.amount(), c.balanceAfter(), c.occurredAt())).toList());
        }
    }

    private static final CodecRegistry REGISTRY = MongoClientSettings.getDefaultCodecRegistry();
    private static final EncoderContext COLLECTIBLE = EncoderContext.builder().isEncodingCollectibleDocument(true)
            .build();

    public static void main(String[] args) {
        List<TransferView> transfers = new ArrayList<>();
        List<AccountChange> changes = new ArrayList<>();
        List<RebuiltAccount> accounts = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1000; i++) {
            transfers.add(new TransferView(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                    UUID.randomUUID().toString(), new BigDecimal("12.34"), "rent " + i, TransferStatus.COMPLETED, null,
                    3, t0.plusMillis(i), t0.plusMillis(i + 5)));
            changes.add(new AccountChange(UUID.randomUUID().toString(), i + 2, UUID.randomUUID().toString(),
                    ChangeKind.DEBIT, new BigDecimal("12.34"), new BigDecimal("987.66"), t0.plusMillis(i)));
        }
        for (int a = 0; a < 100; a++) {
            List<TransferEntry> entries = new ArrayList<>();
            List<AccountChange> recent = new ArrayList<>();
            String id = UUID.randomUUID().toString();
            for (int e = 0; e < 20; e++) {
                entries.add(new TransferEntry(UUID.randomUUID().toString(), TransferEntry.Direction.OUTGOING,
                        UUID.randomUUID().toString(), new BigDecimal("1.00"), "#" + e, TransferStatus.COMPLETED, 3,
                        t0.plusMillis(e)));
                recent.add(new AccountChange(id, e + 2, UUID.randomUUID().toString(), ChangeKind.CREDIT,
                        new BigDecimal("1.00"), new BigDecimal("100.00"), t0.plusMillis(e)));
            }
            accounts.add(new RebuiltAccount(id, 22, new AccountDelta.Opening("owner", "title", t0), new BigDecimal("5.00"),
                    AccountStatus.OPEN, t0, entries, recent));
        }

        DocumentCodec documents = new DocumentCodec(REGISTRY);
        Supplier<Long> hand = () -> time(buffer -> {
            for (TransferView t : transfers) {
                documents.encode(writer(buffer), HandMapping.transferDocument(t), COLLECTIBLE);
            }
            for (AccountChange c : changes) {
                documents.encode(writer(buffer), HandMapping.changeDocument(c), COLLECTIBLE);
            }
            for (RebuiltAccount a : accounts) {
                documents.encode(writer(buffer), HandMapping.accountDocument(a), COLLECTIBLE);
            }
        });

        Codec<ViewDocuments.TransferDocument> transferCodec = REGISTRY.get(ViewDocuments.TransferDocument.class);
        Codec<AccountChange> changeCodec = REGISTRY.get(AccountChange.class);
        Codec<ViewDocuments.AccountDocument> accountCodec = REGISTRY.get(ViewDocuments.AccountDocument.class);
        Supplier<Long> records = () -> time(buffer -> {
            for (TransferView t : transfers) {
                transferCodec.encode(writer(buffer), ViewDocuments.TransferDocument.of(t), COLLECTIBLE);
            }
            for (AccountChange c : changes) {
                changeCodec.encode(writer(buffer), c, COLLECTIBLE);
            }
            for (RebuiltAccount a : accounts) {
                accountCodec.encode(writer(buffer), ViewDocuments.AccountDocument.of(a), COLLECTIBLE);
            }
        });

        MongoCustomConversions conversions = MongoCustomConversions.create(
                c -> c.bigDecimal(MongoCustomConversions.BigDecimalRepresentation.DECIMAL128));
        MongoMappingContext context = new MongoMappingContext();
        context.setSimpleTypeHolder(conversions.getSimpleTypeHolder());
        context.afterPropertiesSet();
        MappingMongoConverter converter = new MappingMongoConverter(NoOpDbRefResolver.INSTANCE, context);
        converter.setCustomConversions(conversions);
        converter.setTypeMapper(new DefaultMongoTypeMapper(null));
        converter.afterPropertiesSet();
        Supplier<Long> spring = () -> time(buffer -> {
            for (TransferView t : transfers) {
                Document d = new Document();
                converter.write(SpringTransfer.of(t), d);
                documents.encode(writer(buffer), d, COLLECTIBLE);
            }
            for (AccountChange c : changes) {
                Document d = new Document();
                converter.write(c, d);
                documents.encode(writer(buffer), d, COLLECTIBLE);
            }
            for (RebuiltAccount a : accounts) {
                Document d = new Document();
                converter.write(SpringAccount.of(a), d);
                documents.encode(writer(buffer), d, COLLECTIBLE);
            }
        });

        Document viaSpring = new Document();
        converter.write(SpringTransfer.of(transfers.getFirst()), viaSpring);
        System.out.println("hand:   " + new RawBsonDocument(HandMapping.transferDocument(transfers.getFirst()),
                documents).toJson());
        System.out.println("record: " + new RawBsonDocument(ViewDocuments.TransferDocument.of(transfers.getFirst()),
                transferCodec).toJson());
        System.out.println("spring: " + new RawBsonDocument(viaSpring, documents).toJson());

        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        long[][] nanos = new long[3][rounds];
        for (int r = 0; r < rounds; r++) {
            nanos[0][r] = hand.get();
            nanos[1][r] = records.get();
            nanos[2][r] = spring.get();
        }
        String[] names = {"hand-built Document", "record codec", "MappingMongoConverter"};
        for (int i = 0; i < 3; i++) {
            long[] warm = Arrays.copyOfRange(nanos[i], rounds / 3, rounds);
            Arrays.sort(warm);
            System.out.printf("%-22s median %6.2f ms per chunk (p25 %6.2f, p75 %6.2f)%n", names[i],
                    warm[warm.length / 2] / 1e6, warm[warm.length / 4] / 1e6, warm[3 * warm.length / 4] / 1e6);
        }
    }

    private static BsonBinaryWriter writer(BasicOutputBuffer buffer) {
        return new BsonBinaryWriter(buffer);
    }

    private static long time(java.util.function.Consumer<BasicOutputBuffer> work) {
        BasicOutputBuffer buffer = new BasicOutputBuffer(8 << 20);
        long start = System.nanoTime();
        work.accept(buffer);
        long elapsed = System.nanoTime() - start;
        if (buffer.getSize() == 0) {
            throw new IllegalStateException();
        }
        return elapsed;
    }

    /** The hand mapping the view had before it used the record codec: the baseline. */
    private static final class HandMapping {

        static Document changeDocument(AccountChange change) {
            return new Document("accountId", change.accountId()).append("version", change.version())
                    .append("transferId", change.transferId()).append("kind", change.kind().name())
                    .append("amount", new Decimal128(change.amount()))
                    .append("balanceAfter", new Decimal128(change.balanceAfter()))
                    .append("occurredAt", Date.from(change.occurredAt()));
        }

        static Document transferDocument(TransferView t) {
            return new Document("_id", t.transferId()).append("fromAccountId", t.fromAccountId())
                    .append("toAccountId", t.toAccountId()).append("amount", new Decimal128(t.amount()))
                    .append("description", t.description()).append("status", t.status().name())
                    .append("failureReason", t.failureReason()).append("version", t.version())
                    .append("createdAt", Date.from(t.createdAt())).append("updatedAt", Date.from(t.updatedAt()));
        }

        static Document accountDocument(RebuiltAccount a) {
            return new Document("_id", a.accountId()).append("version", a.version())
                    .append("ownerId", a.opening().ownerId()).append("title", a.opening().title())
                    .append("openedAt", Date.from(a.opening().openedAt()))
                    .append("balance", new Decimal128(a.balance())).append("status", a.status().name())
                    .append("updatedAt", Date.from(a.updatedAt()))
                    .append("recentTransfers", a.recentTransfers().stream().map(e -> new Document("transferId",
                                    e.transferId()).append("direction", e.direction().name())
                            .append("counterpartyAccountId", e.counterpartyAccountId())
                            .append("amount", new Decimal128(e.amount())).append("description", e.description())
                            .append("status", e.status().name()).append("version", e.version())
                            .append("createdAt", Date.from(e.createdAt()))).toList())
                    .append("recentChanges", a.recentChanges().stream().map(c -> new Document("version", c.version())
                            .append("transferId", c.transferId()).append("kind", c.kind().name())
                            .append("amount", new Decimal128(c.amount()))
                            .append("balanceAfter", new Decimal128(c.balanceAfter()))
                            .append("occurredAt", Date.from(c.occurredAt()))).toList());
        }
    }
}
