package io.eventbank.eventstore.subscription;

import io.eventbank.eventstore.EventEnvelope;
import java.util.List;

/**
 * Handles the events of one aggregate type that one poll delivered, in offset order per partition
 * (so in version order per aggregate), already free of re-published duplicates where the
 * subscription keeps its positions in a {@link SubscriptionStore} that deduplicates. When it
 * throws, the poll is handled again record by record, so the failing record is isolated (retried,
 * then dead-lettered) while the others commit; a handler must therefore give the same result for
 * a list and for its elements one by one.
 */
@FunctionalInterface
public interface BatchEventHandler<E> {

    void handle(List<EventEnvelope<E>> events) throws Exception;
}
