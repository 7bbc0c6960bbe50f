package io.eventbank.view.projection.infrastructure;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.eventbank.view.projection.application.ViewGenerations;
import io.eventbank.view.projection.application.ViewStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.bson.Document;

/** The generations in the {@code view_meta} collection; generation n's documents in {@link ViewCollections}. */
public class MongoViewGenerations implements ViewGenerations {

    private final MongoDatabase database;
    private final MongoCollection<Document> meta;
    private final MongoCollection<Document> instances;
    private final Clock clock;

    public MongoViewGenerations(MongoDatabase database, Clock clock) {
        this.database = database;
        this.meta = database.getCollection("view_meta");
        this.instances = database.getCollection("view_instances");
        this.clock = clock;
    }

    @Override
    public OptionalLong building() {
        Document d = meta.find(eq("_id", "generation")).first();
        return d == null || d.get("building") == null ? OptionalLong.empty()
                : OptionalLong.of(((Number) d.get("building")).longValue());
    }

    @Override
    public void markBuilding(long generation) {
        meta.updateOne(eq("_id", "generation"), Updates.set("building", generation), new UpdateOptions().upsert(true));
    }

    @Override
    public void clearBuilding(long generation) {
        meta.updateOne(and(eq("_id", "generation"), eq("building", generation)), Updates.unset("building"));
    }

    @Override
    public boolean claimRefill(String instance, Duration staleAfter) {
        Date now = Date.from(clock.instant());
        try {
            meta.insertOne(new Document("_id", "refill").append("by", instance).append("at", now));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return meta.updateOne(and(eq("_id", "refill"), or(eq("by", instance),
                            lt("at", Date.from(clock.instant().minus(staleAfter))))),
                    Updates.combine(Updates.set("by", instance), Updates.set("at", now))).getMatchedCount() == 1;
        }
    }

    @Override
    public void releaseRefill(String instance) {
        meta.deleteOne(and(eq("_id", "refill"), eq("by", instance)));
    }

    @Override
    public void heartbeat(String instance, Set<Long> generations) {
        instances.updateOne(eq("_id", instance), Updates.combine(Updates.set("seenAt", Date.from(clock.instant())),
                Updates.set("writes", List.copyOf(generations))), new UpdateOptions().upsert(true));
    }

    @Override
    public Map<String, Set<Long>> instances(Duration within) {
        Map<String, Set<Long>> alive = new HashMap<>();
        for (Document d : instances.find(gte("seenAt", Date.from(clock.instant().minus(within))))) {
            Set<Long> writes = new HashSet<>();
            for (Object g : d.getList("writes", Object.class, List.of())) {
                writes.add(((Number) g).longValue());
            }
            alive.put(d.getString("_id"), writes);
        }
        return alive;
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
        Object highest = d == null ? null : d.get("highest") != null ? d.get("highest") : d.get("current");
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
