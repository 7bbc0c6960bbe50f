package io.eventbank.support;

import io.eventbank.eventstore.DomainException;
import io.eventbank.eventstore.EntityNotFoundException;
import io.eventbank.eventstore.OptimisticLockingException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import io.eventbank.eventstore.EventMetadata;
import io.eventbank.support.security.Caller;
import io.eventbank.support.web.NoControlCharacters;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
class ProblemDetailsTestApp {

    record Thing(@NotNull UUID id, @NotBlank @NoControlCharacters String name,
                 @NotNull @DecimalMin(value = "0.01") @Digits(integer = 10, fraction = 2) BigDecimal amount) {
    }

    @RestController
    static class ThingController {

        @PostMapping(path = "/things", consumes = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> create(@Valid @RequestBody Thing thing) {
            return Map.of("id", thing.id(), "correlationId", CorrelationIds.current());
        }

        private final Tracer tracer;
        private final Propagator propagator;

        ThingController(Tracer tracer, Propagator propagator) {
            this.tracer = tracer;
            this.propagator = propagator;
        }

        /** What a handler sees of the request's trace, and what it would append with. */
        @GetMapping("/trace")
        Map<String, Object> trace() {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("traceId", MDC.get("traceId"));
            seen.put("spanId", MDC.get("spanId"));
            seen.put("correlationId", CorrelationIds.current());
            seen.put("baggage", tracer.getBaggage(CorrelationIds.HEADER).get());
            EventMetadata metadata = CorrelationIds.appendOptions().metadata();
            seen.put("appendedCorrelationId", metadata.correlationId());
            seen.put("appendedTraceparent", metadata.traceparent());
            Map<String, String> outgoing = new LinkedHashMap<>();
            propagator.inject(tracer.currentTraceContext().context(), outgoing, Map::put);
            seen.put("outgoing", outgoing);
            return seen;
        }

        @GetMapping("/whoami")
        Map<String, Object> whoami(Caller caller) {
            return Map.of("id", caller.id(), "scopes", caller.scopes(), "teller", caller.isTeller());
        }

        @PostMapping("/admin/ping")
        Map<String, Object> adminPing() {
            return Map.of("pong", true);
        }

        @GetMapping("/things/{id}")
        Map<String, Object> get(@PathVariable UUID id, @RequestParam(required = false) Integer atVersion) {
            throw new EntityNotFoundException("Thing", id);
        }

        @PostMapping("/things/{id}/close")
        void close(@PathVariable UUID id) {
            throw new DomainException("thing-not-empty", "Thing still holds money");
        }

        @PostMapping("/things/{id}/race")
        void race(@PathVariable UUID id) {
            throw new OptimisticLockingException(id, 3, null);
        }
    }
}
