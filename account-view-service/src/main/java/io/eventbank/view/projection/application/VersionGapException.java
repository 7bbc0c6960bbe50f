package io.eventbank.view.projection.application;

/**
 * An event arrived whose predecessor has not been applied. It is never applied out of order: the
 * subscription retries it and finally dead-letters it.
 */
public class VersionGapException extends RuntimeException {

    private final String aggregateType;
    private final String aggregateId;
    private final int eventVersion;
    private final Integer viewVersion;

    public VersionGapException(String aggregateType, String aggregateId, int eventVersion, Integer viewVersion) {
        super(aggregateType + " " + aggregateId + ": event version " + eventVersion + " but the view holds "
                + (viewVersion == null ? "nothing" : "version " + viewVersion));
        this.aggregateType = aggregateType;
        this.aggregateId = aggregateId;
        this.eventVersion = eventVersion;
        this.viewVersion = viewVersion;
    }

    public String aggregateType() {
        return aggregateType;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public int eventVersion() {
        return eventVersion;
    }

    /** Version the view holds, null when it holds nothing. */
    public Integer viewVersion() {
        return viewVersion;
    }
}
