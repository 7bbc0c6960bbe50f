package io.eventbank.web.banking.infrastructure;

import io.eventbank.web.WebProperties;
import io.eventbank.web.banking.application.AccountDetail;
import io.eventbank.web.banking.application.AccountSummary;
import io.eventbank.web.banking.application.ApiProblem;
import io.eventbank.web.banking.application.AuditEvent;
import io.eventbank.web.banking.application.BankApi;
import io.eventbank.web.banking.application.ChangesPage;
import io.eventbank.web.banking.application.TransferOrder;
import io.eventbank.web.banking.application.TransferProgress;
import io.eventbank.web.banking.application.Versioned;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link BankApi} over HTTP: one {@link RestClient} per API, each request with the customer's access token. */
class RestBankApi implements BankApi {

    private static final String VIEW_NOT_UP_TO_DATE = "view-not-up-to-date";
    private static final String UNREACHABLE = "unreachable";

    private final RestClient accounts;
    private final RestClient transfers;
    private final RestClient views;
    private final WebProperties properties;
    private final JsonMapper json;

    RestBankApi(RestClient.Builder builder, WebProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        RestClient.Builder failing = builder.clone().defaultStatusHandler(HttpStatusCode::isError, this::raise)
                .requestInterceptor(RestBankApi::unanswered);
        this.accounts = failing.clone().baseUrl(properties.apis().accounts().toString()).build();
        this.transfers = failing.clone().baseUrl(properties.apis().transfers().toString()).build();
        this.views = failing.clone().baseUrl(properties.apis().views().toString()).build();
    }

    @Override
    public List<AccountSummary> myAccounts() {
        return Objects.requireNonNull(views.get().uri("/me/accounts").retrieve()
                .body(new ParameterizedTypeReference<List<AccountSummary>>() { }));
    }

    @Override
    public Versioned openAccount(String title) {
        Created created = accounts.post().uri("/accounts").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("title", title)).retrieve().body(Created.class);
        return new Versioned(Objects.requireNonNull(created).accountId(), created.version());
    }

    @Override
    public AccountDetail account(String accountId, int minVersion) {
        return views.get().uri("/accounts/{id}?minVersion={v}&waitMs={w}", accountId, minVersion,
                properties.viewWait().toMillis()).retrieve().body(AccountDetail.class);
    }

    @Override
    public int storedVersion(String accountId) {
        return Objects.requireNonNull(accounts.get().uri("/accounts/{id}", accountId).retrieve().body(Stored.class))
                .version();
    }

    @Override
    public Versioned closeAccount(String accountId) {
        Stored closed = accounts.post().uri("/accounts/{id}/close", accountId).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("reason", "closed by its owner on the web")).retrieve().body(Stored.class);
        return new Versioned(accountId, Objects.requireNonNull(closed).version());
    }

    @Override
    public ChangesPage changes(String accountId, int page, int size) {
        return views.get().uri("/accounts/{id}/changes?page={p}&size={s}", accountId, page, size).retrieve()
                .body(ChangesPage.class);
    }

    @Override
    public List<AuditEvent> audit(String accountId, int fromVersion, int limit) {
        History history = accounts.get().uri("/accounts/{id}/history?fromVersion={f}&limit={l}", accountId, fromVersion,
                limit).retrieve().body(History.class);
        return Objects.requireNonNull(history).events().stream()
                .map(e -> new AuditEvent(e.version(), e.eventType(), e.occurredAt(), e.correlationId(),
                        e.payload() == null ? "" : e.payload().toString()))
                .toList();
    }

    @Override
    public int storedTransferVersion(String transferId) {
        return Objects.requireNonNull(transfers.get().uri("/transfers/{id}", transferId).retrieve().body(Stored.class))
                .version();
    }

    @Override
    public Versioned transfer(TransferOrder order, String idempotencyKey) {
        Created created = transfers.post().uri("/transfers").contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", idempotencyKey).body(order).retrieve().body(Created.class);
        return new Versioned(Objects.requireNonNull(created).transferId(), created.version());
    }

    @Override
    public Optional<TransferProgress> transfer(String transferId, int minVersion, Duration wait) {
        try {
            return Optional.ofNullable(views.get().uri("/transfers/{id}?minVersion={v}&waitMs={w}", transferId,
                    minVersion, wait.toMillis()).retrieve().body(TransferProgress.class));
        } catch (ApiProblem problem) {
            if (problem.status() == 409 && VIEW_NOT_UP_TO_DATE.equals(problem.code())) {
                return Optional.empty();
            }
            throw problem;
        }
    }

    /** No answer at all (refused, reset, timed out) is a 502 problem like a proxy's, not an I/O error for the pages. */
    private static ClientHttpResponse unanswered(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
        try {
            return execution.execute(request, body);
        } catch (IOException e) {
            throw new ApiProblem(502, UNREACHABLE, request.getURI().getHost() + " did not answer: " + e.getMessage(),
                    List.of());
        }
    }

    private void raise(HttpRequest request, ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        String code = "http-" + status;
        String detail = null;
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        byte[] body = response.getBody().readAllBytes();
        try {
            JsonNode problem = json.readTree(body);
            String type = problem.path("type").asString("");
            if (!type.isBlank()) {
                code = type.substring(type.lastIndexOf('/') + 1);
            }
            detail = problem.path("detail").isString() ? problem.path("detail").asString() : null;
            for (JsonNode error : problem.path("errors")) {
                errors.add(new ApiProblem.FieldError(error.path("field").asString(""), error.path("message").asString("")));
            }
        } catch (RuntimeException notJson) {
            // a proxy's or a server's plain error page: the status is all there is
        }
        throw new ApiProblem(status, code, detail, errors);
    }

    private record Created(String accountId, String transferId, int version) {
    }

    private record Stored(String accountId, int version) {
    }

    private record History(List<HistoryEvent> events) {
    }

    private record HistoryEvent(int version, String eventType, Instant occurredAt, String correlationId, JsonNode payload) {
    }
}
