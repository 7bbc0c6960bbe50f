package io.eventbank.eventstore.kafka.autoconfigure;

import io.eventbank.eventstore.subscription.EventSubscriptionRuntime;
import io.eventbank.eventstore.subscription.SubscriptionProgress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN while any subscription waits out a transient failure; details per subscription. */
final class SubscriptionsHealthIndicator implements HealthIndicator {

    private final EventSubscriptionRuntime runtime;

    SubscriptionsHealthIndicator(EventSubscriptionRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        boolean waiting = false;
        Map<String, Object> details = new LinkedHashMap<>();
        for (SubscriptionProgress progress : runtime.progress()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            progress.outage().ifPresentOrElse(outage -> {
                detail.put("state", "waiting-out-outage");
                detail.put("since", outage.since().toString());
                detail.put("cause", outage.cause());
            }, () -> detail.put("state", "running"));
            waiting |= progress.outage().isPresent();
            details.put(progress.subscriberId(), detail);
        }
        return (waiting ? Health.down() : Health.up()).withDetails(details).build();
    }
}
