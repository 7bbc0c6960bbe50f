package io.eventbank.view.projection.infrastructure;

import io.eventbank.view.projection.application.RebuiltAccount;
import io.eventbank.view.projection.domain.AccountChange;
import io.eventbank.view.projection.domain.AccountStatus;
import io.eventbank.view.projection.domain.AccountView;
import io.eventbank.view.projection.domain.ChangeKind;
import io.eventbank.view.projection.domain.TransferEntry;
import io.eventbank.view.projection.domain.TransferStatus;
import io.eventbank.view.projection.domain.TransferView;
import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * The views' documents: amounts as Decimal128, instants as BSON dates (milliseconds), enums by name.
 * An account change is a document of its own in {@code account_changes} and, without its account id,
 * an entry of the account's {@code recentChanges}.
 */
final class ViewDocuments {

    private ViewDocuments() {
    }

    static Document changeDocument(AccountChange change) {
        return new Document("accountId", change.accountId()).append("version", change.version())
                .append("transferId", change.transferId()).append("kind", change.kind().name())
                .append("amount", decimal(change.amount())).append("balanceAfter", decimal(change.balanceAfter()))
                .append("occurredAt", Date.from(change.occurredAt()));
    }

    static Document transferDocument(TransferView transfer) {
        return new Document("_id", transfer.transferId())
                .append("fromAccountId", transfer.fromAccountId())
                .append("toAccountId", transfer.toAccountId())
                .append("amount", decimal(transfer.amount()))
                .append("description", transfer.description())
                .append("status", transfer.status().name())
                .append("failureReason", transfer.failureReason())
                .append("version", transfer.version())
                .append("createdAt", Date.from(transfer.createdAt()))
                .append("updatedAt", Date.from(transfer.updatedAt()));
    }

    static Document changeEntry(AccountChange c) {
        return new Document("version", c.version()).append("transferId", c.transferId())
                .append("kind", c.kind().name()).append("amount", decimal(c.amount()))
                .append("balanceAfter", decimal(c.balanceAfter())).append("occurredAt", Date.from(c.occurredAt()));
    }

    static Document transferEntry(TransferEntry e) {
        return new Document("transferId", e.transferId()).append("direction", e.direction().name())
                .append("counterpartyAccountId", e.counterpartyAccountId()).append("amount", decimal(e.amount()))
                .append("description", e.description()).append("status", e.status().name())
                .append("version", e.version()).append("createdAt", Date.from(e.createdAt()));
    }

    /** The fields the live path's guarded updates would have set, and only those. */
    static Document accountDocument(RebuiltAccount a) {
        Document d = new Document("_id", a.accountId()).append("version", a.version());
        if (a.opening() != null) {
            d.append("ownerId", a.opening().ownerId()).append("title", a.opening().title())
                    .append("openedAt", Date.from(a.opening().openedAt()));
        }
        if (a.balance() != null) {
            d.append("balance", decimal(a.balance()));
        }
        if (a.status() != null) {
            d.append("status", a.status().name());
        }
        if (a.updatedAt() != null) {
            d.append("updatedAt", Date.from(a.updatedAt()));
        }
        return d.append("recentTransfers", a.recentTransfers().stream().map(ViewDocuments::transferEntry).toList())
                .append("recentChanges", a.recentChanges().stream().map(ViewDocuments::changeEntry).toList());
    }

    static AccountView toAccount(Document d) {
        String accountId = d.getString("_id");
        return new AccountView(accountId, d.getString("ownerId"), d.getString("title"), amount(d, "balance"),
                AccountStatus.valueOf(d.getString("status")), d.getInteger("version"),
                d.getList("recentTransfers", Document.class, List.of()).stream().map(ViewDocuments::toEntry).toList(),
                d.getList("recentChanges", Document.class, List.of()).stream()
                        .map(c -> toChange(c.append("accountId", accountId))).toList());
    }

    static TransferEntry toEntry(Document d) {
        return new TransferEntry(d.getString("transferId"), TransferEntry.Direction.valueOf(d.getString("direction")),
                d.getString("counterpartyAccountId"), amount(d, "amount"), d.getString("description"),
                TransferStatus.valueOf(d.getString("status")), d.getInteger("version"),
                d.getDate("createdAt").toInstant());
    }

    static AccountChange toChange(Document d) {
        return new AccountChange(d.getString("accountId"), d.getInteger("version"), d.getString("transferId"),
                ChangeKind.valueOf(d.getString("kind")), amount(d, "amount"), amount(d, "balanceAfter"),
                d.getDate("occurredAt").toInstant());
    }

    static TransferView toTransfer(Document d) {
        return new TransferView(d.getString("_id"), d.getString("fromAccountId"), d.getString("toAccountId"),
                amount(d, "amount"), d.getString("description"), TransferStatus.valueOf(d.getString("status")),
                d.getString("failureReason"), d.getInteger("version"), d.getDate("createdAt").toInstant(),
                d.getDate("updatedAt").toInstant());
    }

    static Decimal128 decimal(BigDecimal value) {
        return new Decimal128(value);
    }

    private static BigDecimal amount(Document d, String field) {
        return d.get(field, Decimal128.class).bigDecimalValue();
    }
}
