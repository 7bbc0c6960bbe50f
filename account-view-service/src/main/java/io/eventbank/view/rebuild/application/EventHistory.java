package io.eventbank.view.rebuild.application;

import io.eventbank.eventstore.EventEnvelope;
import java.util.List;

/** The Account and MoneyTransfer topics read from their beginning, outside any consumer group. */
public interface EventHistory {

    /** Whether both topics hold no record (or do not exist yet). */
    boolean isEmpty();

    /** Starts reading every partition of both topics from its earliest record. */
    Reading open(String rebuildId);

    /** One reading; not thread-safe. */
    interface Reading extends AutoCloseable {

        /** Takes every partition's current end as the mark {@link #reachedMark()} compares with. */
        void markEnd();

        /** Whether every partition has been read up to the last {@link #markEnd() mark}. */
        boolean reachedMark();

        /**
         * The next records, in offset order per partition, as banking events; records that are no
         * envelope or of an aggregate or event type the view does not know are only counted.
         */
        Poll poll();

        @Override
        void close();
    }

    /** @param skipped the records of this poll that are not in {@code events} */
    record Poll(List<EventEnvelope<?>> events, int skipped) {
    }
}
