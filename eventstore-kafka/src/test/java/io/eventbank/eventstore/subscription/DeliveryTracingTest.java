package io.eventbank.eventstore.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventbank.eventstore.AggregateEvents;
import io.eventbank.eventstore.EventEnvelope;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.eventstore.envelope.EventRecordFormat.PublishedEvent;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.testing.TestEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.kafka.listener.BatchListenerFailedException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The logging and trace context a poll's handlers run in, on a real OpenTelemetry tracer through
 * Micrometer's bridge, records made in memory (no broker).
 */
class DeliveryTracingTest {

    private static final String TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACE_B = "0af7651916cd43dd8448eb211c80319c";

    private final List<SpanData> finished = new CopyOnWriteArrayList<>();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOn())
            .addSpanProcessor(new SpanProcessor() {
                @Override
                public void onStart(Context parent, ReadWriteSpan span) {
                }

                @Override
                public boolean isStartRequired() {
                    return false;
                }

                @Override
                public void onEnd(ReadableSpan span) {
                    finished.add(span.toSpanData());
                }

                @Override
                public boolean isEndRequired() {
                    return true;
                }
            })
            .build();
    private final io.opentelemetry.api.trace.Tracer otel = provider.get("test");
    private final OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    private final OtelTracer tracer = new OtelTracer(otel, current, event -> { },
            new OtelBaggageManager(current, List.of(), List.of()));
    private final OtelPropagator propagator =
            new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
    private final SubscriptionTracing tracing = SubscriptionTracing.of(tracer, propagator);

    private final EventCodec codec = new EventCodec();
    private final JsonMapper mapper = codec.mapper();
    private final AggregateEvents<TestEvent> type = TestEvent.uniqueType("Trace");
    private final AtomicInteger offsets = new AtomicInteger();

    @AfterEach
    void close() {
        provider.close();
        MDC.clear();
    }

    private static String traceparent(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-01";
    }

    /** A published record of a fresh aggregate; the trace context in a header or in the metadata. */
    private ConsumerRecord<String, String> record(String correlationId, String headerTraceparent,
                                                  String metadataTraceparent) {
        UUID aggregateId = UUID.randomUUID();
        Map<String, String> extra = metadataTraceparent == null ? Map.of()
                : Map.of(EventMetadata.TRACEPARENT, metadataTraceparent);
        PublishedEvent event = new PublishedEvent(UUID.randomUUID(), type.aggregateType(), aggregateId, 1, "Opened",
                Instant.now(), 1, new EventMetadata(correlationId, null, extra), 1,
                mapper.readTree("{\"owner\":\"ann\"}"));
        ConsumerRecord<String, String> record = new ConsumerRecord<>(type.topic(), 0, offsets.getAndIncrement(),
                aggregateId.toString(), EventRecordFormat.write(mapper, event));
        record.headers().add(new RecordHeader(EventRecordFormat.AGGREGATE_TYPE,
                type.aggregateType().getBytes(StandardCharsets.UTF_8)));
        if (headerTraceparent != null) {
            record.headers().add(new RecordHeader(EventRecordFormat.TRACEPARENT,
                    headerTraceparent.getBytes(StandardCharsets.UTF_8)));
        }
        return record;
    }

    private PollListener listener(EventSubscription subscription, SubscriptionTracing tracing) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new PollListener(subscription, SubscriptionStore.kafkaOffsets(), codec,
                Counter.builder("failures").register(meters), tracing, FailureClassifier.standard(),
                new SubscriptionProgress(subscription.subscriberId(), meters, Clock.systemUTC()));
    }

    /** What a handler saw of its context. */
    record Seen(String traceId, String spanId, String correlationId, List<String> traceparents) {
    }

    private Seen seen(List<? extends EventEnvelope<?>> envelopes) {
        Span span = tracer.currentSpan();
        return new Seen(span == null ? null : span.context().traceId(), span == null ? null : span.context().spanId(),
                MDC.get(EventMetadata.CORRELATION_ID),
                envelopes.stream().map(e -> e.metadata().traceparent()).toList());
    }

    private SpanData span(String spanId) {
        return finished.stream().filter(s -> s.getSpanId().equals(spanId)).findFirst().orElseThrow();
    }

    @Test
    void aRecordsSpanIsTheChildOfItsTraceparentHeaderAndTheHandlerRunsInIt() {
        List<Seen> seen = new ArrayList<>();
        listener(EventSubscription.builder("g").onBatch(type, envelopes -> seen.add(seen(envelopes))).build(), tracing)
                .onMessage(List.of(record("corr-1", traceparent(TRACE_A, "00f067aa0ba902b7"), null)));

        assertThat(seen).hasSize(1);
        Seen handler = seen.getFirst();
        assertThat(handler.traceId()).isEqualTo(TRACE_A);
        assertThat(handler.correlationId()).isEqualTo("corr-1");
        // the handler's envelope names the record's span, so updates it causes continue the trace under it
        assertThat(handler.traceparents()).containsExactly(traceparent(TRACE_A, handler.spanId()));
        SpanData span = span(handler.spanId());
        assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getName()).isEqualTo("process " + type.topic());
        assertThat(span.hasEnded()).isTrue();
        assertThat(tracer.currentSpan()).isNull();
        assertThat(MDC.get(EventMetadata.CORRELATION_ID)).isNull();
    }

    @Test
    void withoutAHeaderTheTraceparentInTheMetadataIsTheParent() {
        List<Seen> seen = new ArrayList<>();
        listener(EventSubscription.builder("g").onBatch(type, envelopes -> seen.add(seen(envelopes))).build(), tracing)
                .onMessage(List.of(record("corr-1", null, traceparent(TRACE_B, "b7ad6b7169203331"))));

        assertThat(seen.getFirst().traceId()).isEqualTo(TRACE_B);
        assertThat(span(seen.getFirst().spanId()).getParentSpanId()).isEqualTo("b7ad6b7169203331");
    }

    @Test
    void aBatchOfOneTraceRunsInAChildOfItsFirstRecordsSpanLinkedToEveryRecord() {
        List<Seen> seen = new ArrayList<>();
        listener(EventSubscription.builder("g").onBatch(type, envelopes -> seen.add(seen(envelopes))).build(), tracing)
                .onMessage(List.of(record("corr-1", traceparent(TRACE_A, "00f067aa0ba902b7"), null),
                        record("corr-1", traceparent(TRACE_A, "53995c3f42cd8ad8"), null)));

        Seen handler = seen.getFirst();
        assertThat(handler.traceId()).isEqualTo(TRACE_A);
        assertThat(handler.correlationId()).isEqualTo("corr-1");
        SpanData batch = span(handler.spanId());
        List<String> recordSpans = handler.traceparents().stream().map(t -> t.split("-")[2]).toList();
        assertThat(recordSpans).doesNotHaveDuplicates().doesNotContain(handler.spanId());
        assertThat(batch.getParentSpanId()).isEqualTo(recordSpans.getFirst());
        assertThat(batch.getLinks()).extracting(l -> l.getSpanContext().getSpanId())
                .containsExactlyElementsOf(recordSpans);
        assertThat(span(recordSpans.get(1)).getParentSpanId()).isEqualTo("53995c3f42cd8ad8");
    }

    @Test
    void aBatchMixingTracesAndCorrelationsRunsInANewTraceLinkedToEveryRecord() {
        List<Seen> seen = new ArrayList<>();
        MDC.put(EventMetadata.CORRELATION_ID, "outer");
        listener(EventSubscription.builder("g").onBatch(type, envelopes -> seen.add(seen(envelopes))).build(), tracing)
                .onMessage(List.of(record("corr-1", traceparent(TRACE_A, "00f067aa0ba902b7"), null),
                        record("corr-2", traceparent(TRACE_B, "53995c3f42cd8ad8"), null)));

        Seen handler = seen.getFirst();
        assertThat(handler.traceId()).isNotIn(TRACE_A, TRACE_B);
        assertThat(handler.correlationId()).isEqualTo("outer");
        assertThat(handler.traceparents()).satisfiesExactly(
                t -> assertThat(t).startsWith("00-" + TRACE_A + "-"),
                t -> assertThat(t).startsWith("00-" + TRACE_B + "-"));
        SpanData batch = span(handler.spanId());
        assertThat(batch.getParentSpanContext().isValid()).isFalse();
        assertThat(batch.getLinks()).hasSize(2);
        assertThat(MDC.get(EventMetadata.CORRELATION_ID)).isEqualTo("outer");
    }

    @Test
    void aPerRecordHandlerSeesEachEventsCorrelationIdAndSpanAndTheOldCorrelationIdAfterwards() {
        List<Seen> seen = new ArrayList<>();
        MDC.put(EventMetadata.CORRELATION_ID, "outer");
        listener(EventSubscription.builder("g").on(type, envelope -> seen.add(seen(List.of(envelope)))).build(), tracing)
                .onMessage(List.of(record("corr-1", traceparent(TRACE_A, "00f067aa0ba902b7"), null),
                        record("corr-2", traceparent(TRACE_B, "53995c3f42cd8ad8"), null)));

        assertThat(seen).extracting(Seen::correlationId).containsExactly("corr-1", "corr-2");
        assertThat(seen).extracting(Seen::traceId).containsExactly(TRACE_A, TRACE_B);
        assertThat(seen).allSatisfy(s -> assertThat(s.traceparents()).containsExactly(
                traceparent(s.traceId(), s.spanId())));
        assertThat(MDC.get(EventMetadata.CORRELATION_ID)).isEqualTo("outer");
    }

    @Test
    void theFailingRecordsSpanRecordsTheError() {
        List<String> spanIds = new ArrayList<>();
        PollListener listener = listener(EventSubscription.builder("g").on(type, envelope -> {
            spanIds.add(tracer.currentSpan().context().spanId());
            if ("corr-bad".equals(envelope.metadata().correlationId())) {
                throw new IllegalStateException("bad event");
            }
        }).build(), tracing);

        assertThatThrownBy(() -> listener.onMessage(List.of(
                record("corr-ok", traceparent(TRACE_A, "00f067aa0ba902b7"), null),
                record("corr-bad", traceparent(TRACE_B, "53995c3f42cd8ad8"), null))))
                .isInstanceOf(BatchListenerFailedException.class)
                .satisfies(e -> assertThat(((BatchListenerFailedException) e).getIndex()).isEqualTo(1));

        assertThat(spanIds).hasSize(2);
        assertThat(span(spanIds.get(0)).getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        assertThat(span(spanIds.get(1)).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }

    @Test
    void withoutTracingEnvelopesAreAsPublishedAndTheCorrelationIdIsStillInTheLoggingContext() {
        List<Seen> seen = new ArrayList<>();
        String traceparent = traceparent(TRACE_A, "00f067aa0ba902b7");
        listener(EventSubscription.builder("g").onBatch(type, envelopes -> seen.add(seen(envelopes))).build(),
                SubscriptionTracing.none())
                .onMessage(List.of(record("corr-1", traceparent, traceparent), record("corr-1", null, null)));

        assertThat(seen.getFirst().traceId()).isNull();
        assertThat(seen.getFirst().correlationId()).isEqualTo("corr-1");
        assertThat(seen.getFirst().traceparents()).containsExactly(traceparent, null);
        assertThat(finished).isEmpty();
    }
}
