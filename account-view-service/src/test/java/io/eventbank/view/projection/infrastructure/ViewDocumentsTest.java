package io.eventbank.view.projection.infrastructure;

import io.eventbank.events.FailureReason;
import io.eventbank.events.Money;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventbank.view.projection.application.AccountDelta;
import io.eventbank.view.projection.application.RebuiltAccount;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import io.eventbank.view.projection.infrastructure.ViewDocuments.AccountDocument;
import io.eventbank.view.projection.infrastructure.ViewDocuments.TransferDocument;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.RawBsonDocument;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.junit.jupiter.api.Test;

/**
 * The documents the record codec writes have the fields and BSON types the views always had (the hand
 * mapping before it), and documents written by that mapping read back the same. No server.
 */
class ViewDocumentsTest {

    private static final Instant AT = Instant.parse("2026-03-04T05:06:07.089Z");
    private static final String DATE = "{\"$date\": \"2026-03-04T05:06:07.089Z\"}";

    @Test
    void writesATransferWithItsFieldsAsDecimal128DatesAndNamesAndItsInitiator() {
        TransferView view = new TransferView("t1", "a", "b", Money.of("150.00"), "rent",
                TransferStatus.FAILED, FailureReason.INSUFFICIENT_FUNDS, 2, AT, AT, "alice");

        assertThat(encode(TransferDocument.of(view), TransferDocument.class)).isEqualTo(BsonDocument.parse("""
                {"_id": "t1", "fromAccountId": "a", "toAccountId": "b", "amount": {"$numberDecimal": "150.00"},
                 "description": "rent", "status": "FAILED", "failureReason": "INSUFFICIENT_FUNDS", "version": 2,
                 "createdAt": %s, "updatedAt": %s, "initiatedBy": "alice"}""".formatted(DATE, DATE)));
        assertThat(decode(encode(TransferDocument.of(view), TransferDocument.class), TransferDocument.class).view())
                .isEqualTo(view);
    }

    @Test
    void writesAnAccountChangeAsItsOwnDocument() {
        AccountChange change = new AccountChange("a", 3, "t1", ChangeKind.REFUND, Money.of("1.50"),
                Money.of("10.00"), AT);

        assertThat(encode(change, AccountChange.class)).isEqualTo(BsonDocument.parse("""
                {"accountId": "a", "version": 3, "transferId": "t1", "kind": "REFUND",
                 "amount": {"$numberDecimal": "1.50"}, "balanceAfter": {"$numberDecimal": "10.00"},
                 "occurredAt": %s}""".formatted(DATE)));
    }

    @Test
    void writesARebuiltAccountWithItsEntriesAndAPlaceholderWithEntriesOnly() {
        TransferEntry entry = new TransferEntry("t1", TransferEntry.Direction.OUTGOING, "b", Money.of("1.00"),
                "tea", TransferStatus.COMPLETED, 3, AT);
        AccountChange change = new AccountChange("a", 2, "t1", ChangeKind.DEBIT, Money.of("1.00"),
                Money.of("9.00"), AT);
        RebuiltAccount opened = new RebuiltAccount("a", 2, new AccountDelta.Opening("owner", "Main", AT),
                Money.of("9.00"), AccountStatus.OPEN, AT, List.of(entry), List.of(change));
        RebuiltAccount placeholder = new RebuiltAccount("p", 0, null, null, null, null, List.of(entry), List.of());
        String entryJson = """
                {"transferId": "t1", "direction": "OUTGOING", "counterpartyAccountId": "b",
                 "amount": {"$numberDecimal": "1.00"}, "description": "tea", "status": "COMPLETED", "version": 3,
                 "createdAt": %s}""".formatted(DATE);

        assertThat(encode(AccountDocument.of(opened), AccountDocument.class)).isEqualTo(BsonDocument.parse("""
                {"_id": "a", "version": 2, "ownerId": "owner", "title": "Main", "openedAt": %s,
                 "balance": {"$numberDecimal": "9.00"}, "status": "OPEN", "updatedAt": %s,
                 "recentTransfers": [%s],
                 "recentChanges": [{"version": 2, "transferId": "t1", "kind": "DEBIT",
                   "amount": {"$numberDecimal": "1.00"}, "balanceAfter": {"$numberDecimal": "9.00"},
                   "occurredAt": %s}]}""".formatted(DATE, DATE, entryJson, DATE)));
        assertThat(encode(AccountDocument.of(placeholder), AccountDocument.class)).isEqualTo(BsonDocument.parse("""
                {"_id": "p", "version": 0, "recentTransfers": [%s], "recentChanges": []}""".formatted(entryJson)));
    }

    @Test
    void readsDocumentsAsTheHandMappingWroteThem() {
        TransferView transfer = decode(BsonDocument.parse("""
                {"_id": "t1", "fromAccountId": "a", "toAccountId": "b", "amount": {"$numberDecimal": "0.25"},
                 "description": "", "status": "NEW", "failureReason": null, "version": 1,
                 "createdAt": %s, "updatedAt": %s}""".formatted(DATE, DATE)), TransferDocument.class).view();
        AccountChange change = decode(BsonDocument.parse("""
                {"_id": {"$oid": "65f0c0ffee0000000000beef"}, "accountId": "a", "version": 2, "transferId": "t1",
                 "kind": "CREDIT", "amount": {"$numberDecimal": "0.25"}, "balanceAfter": {"$numberDecimal": "0.25"},
                 "occurredAt": %s}""".formatted(DATE)), AccountChange.class);
        AccountView account = decode(BsonDocument.parse("""
                {"_id": "a", "version": 2, "updatedAt": %s, "balance": {"$numberDecimal": "0.25"}, "status": "OPEN",
                 "ownerId": "o", "title": "t", "openedAt": %s, "recentTransfers": [],
                 "recentChanges": [{"version": 2, "transferId": "t1", "kind": "CREDIT",
                   "amount": {"$numberDecimal": "0.25"}, "balanceAfter": {"$numberDecimal": "0.25"},
                   "occurredAt": %s}]}""".formatted(DATE, DATE, DATE)), AccountDocument.class).view();

        // written before initiators were recorded: none, so nobody may read it
        assertThat(transfer).isEqualTo(new TransferView("t1", "a", "b", Money.of("0.25"), "", TransferStatus.NEW,
                null, 1, AT, AT, null));
        assertThat(change).isEqualTo(new AccountChange("a", 2, "t1", ChangeKind.CREDIT, Money.of("0.25"),
                Money.of("0.25"), AT));
        assertThat(account).isEqualTo(new AccountView("a", "o", "t", Money.of("0.25"), AccountStatus.OPEN, 2,
                List.of(), List.of(change)));
    }

    private static <T> BsonDocument encode(T document, Class<T> type) {
        return new RawBsonDocument(document, ViewDocuments.CODECS.get(type));
    }

    private static <T> T decode(BsonDocument document, Class<T> type) {
        Codec<T> codec = ViewDocuments.CODECS.get(type);
        return codec.decode(new BsonDocumentReader(document), DecoderContext.builder().build());
    }
}
