package io.eventbank.view.rebuild.application;

import io.eventbank.eventstore.EventEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The history port in memory: records in one order, a few a poll; a null record is unreadable. */
class InMemoryEventHistory implements EventHistory {

    private final List<EventEnvelope<?>> records = new CopyOnWriteArrayList<>();
    private final int pollSize;
    volatile Runnable beforePoll = () -> { };

    InMemoryEventHistory(int pollSize) {
        this.pollSize = pollSize;
    }

    void append(EventEnvelope<?> record) {
        records.add(record);
    }

    @Override
    public boolean isEmpty() {
        return records.isEmpty();
    }

    @Override
    public Reading open(String rebuildId) {
        return new Reading() {
            private int position;
            private int end;

            @Override
            public void markEnd() {
                end = records.size();
            }

            @Override
            public boolean reachedMark() {
                return position >= end;
            }

            @Override
            public Poll poll() {
                beforePoll.run();
                List<EventEnvelope<?>> events = new ArrayList<>();
                int skipped = 0;
                for (int n = 0; n < pollSize && position < records.size(); n++) {
                    EventEnvelope<?> record = records.get(position++);
                    if (record == null) {
                        skipped++;
                    } else {
                        events.add(record);
                    }
                }
                return new Poll(events, skipped);
            }

            @Override
            public void close() {
            }
        };
    }
}
