package io.eventbank.infra;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.Collection;
import java.util.List;

/**
 * mongo-java-server's in-memory backend, except that a query holding an {@code _id} equality next to
 * other conditions ({@code {_id: x, version: 3}} or the driver's {@code {$and: [{_id: x}, …]}}) finds
 * its candidate through the {@code _id} index instead of scanning the collection. MongoDB does the
 * same; mongo-java-server uses an index only when the query names exactly the index's fields, which
 * makes version-guarded updates cost O(collection size) and a view rebuild quadratic. Results are the
 * same as the plain backend's: the full query is still matched against the candidate.
 */
final class IdLookupMemoryBackend extends MemoryBackend {

    private static final String ID = "_id";

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new IdLookupCollection(this, collectionName, options, cursorRegistry);
            }
        };
    }

    private static final class IdLookupCollection extends MemoryCollection {

        IdLookupCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Object id = idEquality(query);
            if (id == null || query.keySet().equals(java.util.Set.of(ID))) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            List<Document> candidates = super.queryDocuments(new Document(ID, id), null, 0, 0, 0, null)
                    .collectDocuments();
            return matchDocumentsFromStream(candidates.stream(), query, orderBy, numberToSkip, limit, batchSize,
                    fieldSelector);
        }

        /** The value of a plain {@code _id} equality at the top level or in a top-level $and, else null. */
        private static Object idEquality(Document query) {
            if (query.containsKey(ID)) {
                return plainValue(query.get(ID));
            }
            if (query.get("$and") instanceof List<?> conditions) {
                for (Object condition : conditions) {
                    if (condition instanceof Document document && document.containsKey(ID)) {
                        Object value = plainValue(document.get(ID));
                        if (value != null) {
                            return value;
                        }
                    }
                }
            }
            return null;
        }

        private static Object plainValue(Object value) {
            return value instanceof Document || value instanceof Collection<?> || value == null ? null : value;
        }
    }
}
