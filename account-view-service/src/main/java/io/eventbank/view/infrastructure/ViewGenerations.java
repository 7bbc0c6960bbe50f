package io.eventbank.view.infrastructure;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/** Which generation of the view collections is current, kept in {@code view_meta}. */
public class ViewGenerations {

    private final MongoDatabase database;
    private final MongoCollection<Document> meta;

    public ViewGenerations(MongoDatabase database) {
        this.database = database;
        this.meta = database.getCollection("view_meta");
    }

    public long current() {
        Document d = meta.find(eq("_id", "generation")).first();
        return d == null ? 0 : ((Number) d.get("current")).longValue();
    }

    /** Highest generation ever started (current or rebuilding). */
    public long highest() {
        Document d = meta.find(eq("_id", "generation")).first();
        return d == null ? 0 : ((Number) d.get("highest", d.get("current"))).longValue();
    }

    public void reserve(long generation) {
        meta.updateOne(eq("_id", "generation"), Updates.combine(Updates.max("highest", generation),
                Updates.setOnInsert("current", 0L)), new UpdateOptions().upsert(true));
    }

    public void makeCurrent(long generation) {
        meta.updateOne(eq("_id", "generation"), Updates.set("current", generation), new UpdateOptions().upsert(true));
    }

    public ViewStore store(long generation) {
        return new ViewStore(database, new ViewCollections(generation));
    }
}
