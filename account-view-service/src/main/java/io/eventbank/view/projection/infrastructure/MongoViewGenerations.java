package io.eventbank.view.projection.infrastructure;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.eventbank.view.projection.application.ViewGenerations;
import io.eventbank.view.projection.application.ViewStore;
import org.bson.Document;

/** The generations in the {@code view_meta} collection; generation n's documents in {@link ViewCollections}. */
public class MongoViewGenerations implements ViewGenerations {

    private final MongoDatabase database;
    private final MongoCollection<Document> meta;

    public MongoViewGenerations(MongoDatabase database) {
        this.database = database;
        this.meta = database.getCollection("view_meta");
    }

    @Override
    public long current() {
        Document d = meta.find(eq("_id", "generation")).first();
        return d == null || d.get("current") == null ? 0 : ((Number) d.get("current")).longValue();
    }

    @Override
    public boolean recorded() {
        Document d = meta.find(eq("_id", "generation")).first();
        return d != null && d.get("current") != null;
    }

    @Override
    public void recordCurrent() {
        meta.updateOne(eq("_id", "generation"), Updates.setOnInsert("current", 0L), new UpdateOptions().upsert(true));
        if (!recorded()) {
            meta.updateOne(eq("_id", "generation"), Updates.set("current", 0L));
        }
    }

    @Override
    public long highest() {
        Document d = meta.find(eq("_id", "generation")).first();
        Object highest = d == null ? null : d.get("highest", d.get("current"));
        return highest == null ? 0 : ((Number) highest).longValue();
    }

    @Override
    public void reserve(long generation) {
        meta.updateOne(eq("_id", "generation"), Updates.max("highest", generation), new UpdateOptions().upsert(true));
    }

    @Override
    public void makeCurrent(long generation) {
        meta.updateOne(eq("_id", "generation"), Updates.set("current", generation), new UpdateOptions().upsert(true));
    }

    @Override
    public ViewStore store(long generation) {
        return new MongoViewStore(database, new ViewCollections(generation));
    }
}
