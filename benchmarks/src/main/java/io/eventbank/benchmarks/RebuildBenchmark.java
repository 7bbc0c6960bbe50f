package io.eventbank.benchmarks;

import io.eventbank.eventstore.EventMetadata;
import io.eventbank.eventstore.json.EventCodec;
import io.eventbank.eventstore.envelope.EventRecordFormat;
import io.eventbank.events.BankingEvents;
import io.eventbank.events.Money;
import io.eventbank.events.account.AccountCredited;
import io.eventbank.events.account.AccountDebited;
import io.eventbank.events.account.AccountOpened;
import io.eventbank.events.transfer.CreditRecorded;
import io.eventbank.events.transfer.DebitRecorded;
import io.eventbank.events.transfer.MoneyTransferCreated;
import io.eventbank.localstack.ServiceDefinition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * DESIGN §10 "view rebuild rate": valid Account and MoneyTransfer event sequences written straight
 * onto the topics in the publisher's envelope format, then the account view's
 * {@code POST /admin/rebuild} folds them all into a fresh generation; events/s from its status.
 */
final class RebuildBenchmark {

    /** Per transfer: MoneyTransferCreated, DebitRecorded, CreditRecorded, AccountDebited, AccountCredited. */
    private static final int EVENTS_PER_TRANSFER = 5;
    private static final Money OPENING = Money.of("1000000.00");
    private static final Money AMOUNT = Money.of("1.00");
    private static final String VIEW_GROUP = "account-view-service";

    private final Options options;
    private final String command;
    private final EventCodec codec = new EventCodec();
    private final JsonMapper mapper = codec.mapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RebuildBenchmark(Options options, String command) {
        this.options = options;
        this.command = command;
    }

    /** {@code benchmarks/run.sh rebuild [options]}. */
    @Command(name = "rebuild", sortOptions = false,
            description = "The account view's rebuild from the topics: events written straight onto them, then"
                    + " POST /admin/rebuild until COMPLETED.")
    static final class Options extends BenchmarkCommand {

        @Option(names = "--events", paramLabel = "N", defaultValue = "1000000", converter = Positive.class,
                description = "events to write and rebuild from (default ${DEFAULT-VALUE})")
        int events;

        @Option(names = "--accounts", paramLabel = "N", defaultValue = "1000", converter = Positive.class,
                description = "accounts the transfers use, at least 2 (default ${DEFAULT-VALUE})")
        int accounts;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1800", converter = Positive.class,
                description = "give up on a rebuild running longer (default ${DEFAULT-VALUE})")
        int timeoutSeconds;

        @Option(names = "--view-url", paramLabel = "URL",
                description = "an account view running elsewhere (with --bootstrap-servers) instead of starting one here")
        URI viewUrl;

        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "the Kafka of that account view (with --view-url)")
        String bootstrapServers;

        /** At least 2. */
        int accounts() {
            return Math.max(2, accounts);
        }

        boolean external() {
            return viewUrl != null;
        }

        @Override
        void validate() {
            if ((viewUrl == null) != (bootstrapServers == null)) {
                throw invalid("give both --view-url and --bootstrap-servers, or neither");
            }
            if (events < accounts() + EVENTS_PER_TRANSFER) {
                throw invalid("--events (" + events + ") must be at least --accounts + " + EVENTS_PER_TRANSFER
                        + " (" + (accounts() + EVENTS_PER_TRANSFER) + ")");
            }
        }

        @Override
        void run() throws Exception {
            new RebuildBenchmark(this, command()).run();
        }
    }

    void run() throws Exception {
        int events = options.events;
        int accounts = options.accounts();
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds);
        boolean external = options.external();
        String loadBefore = CpuUsage.loadAverage().orElse("?");
        BenchStack infraOnly = null;
        String bootstrap;
        io.eventbank.infra.LocalInfra infra = null;
        if (external) {
            bootstrap = options.bootstrapServers;
        } else {
            System.out.println("rebuild: starting embedded Kafka, PostgreSQL and the MongoDB stand-in ...");
            infra = io.eventbank.infra.LocalInfra.start(io.eventbank.infra.LocalInfra.Mode.EMBEDDED,
                    io.eventbank.infra.LocalInfra.Options.defaults());
            bootstrap = infra.endpoints().kafkaBootstrapServers();
        }
        try {
            long written = produce(bootstrap, events, accounts);
            if (!external) {
                // The live projection would fold the same events concurrently; start it at the end of the topics.
                skipLiveProjection(bootstrap);
            }
            BenchStack stack = external
                    ? BenchStack.external(Map.of(ServiceDefinition.ACCOUNT_VIEW, options.viewUrl))
                    : BenchStack.startOn(infra, List.of(ServiceDefinition.ACCOUNT_VIEW));
            infraOnly = stack;
            measure(stack, written, timeout, loadBefore);
        } finally {
            if (infraOnly != null) {
                infraOnly.close();
            }
            if (infra != null) {
                infra.close();
            }
        }
    }

    private void measure(BenchStack stack, long written, Duration timeout, String loadBefore) throws Exception {
        URI view = stack.url(ServiceDefinition.ACCOUNT_VIEW);
        System.out.println(stack.machine().line());
        long t0 = System.nanoTime();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(view.resolve("/admin/rebuild"))
                .header("Authorization", BenchTokens.bearer(BenchTokens.OPS_TOKEN)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("POST /admin/rebuild answered " + started.statusCode() + ": " + started.body());
        }
        String id = mapper.readTree(started.body()).path("rebuildId").asString();
        System.out.printf("rebuild: %s started over %,d events%n", id, written);
        JsonNode status;
        long lastPrint = 0;
        while (true) {
            TimeUnit.MILLISECONDS.sleep(500);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(view.resolve("/admin/rebuild/" + id))
                            .header("Authorization", BenchTokens.bearer(BenchTokens.OPS_TOKEN)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            status = mapper.readTree(r.body());
            String state = status.path("state").asString();
            long now = System.nanoTime();
            if (now - lastPrint > 5_000_000_000L || !state.equals("RUNNING")) {
                lastPrint = now;
                System.out.printf("  %-12s %5.0fs  %,10d / %,d events  %,8.0f events/s%n", state, (now - t0) / 1e9,
                        status.path("eventsProcessed").asLong(), written, status.path("eventsPerSecond").asDouble());
            }
            if (state.equals("COMPLETED")) {
                break;
            }
            if (state.equals("FAILED")) {
                throw new IllegalStateException("rebuild failed: " + status);
            }
            if (now - t0 > timeout.toNanos()) {
                throw new IllegalStateException("rebuild still " + state + " after " + timeout.toSeconds() + " s: " + status);
            }
        }
        double wallSeconds = (System.nanoTime() - t0) / 1e9;
        long processed = status.path("eventsProcessed").asLong();
        double reported = status.path("eventsPerSecond").asDouble();
        double measured = processed / wallSeconds;
        String loadAfter = CpuUsage.loadAverage().orElse("?");

        System.out.println();
        System.out.println(stack.machine().line());
        System.out.println("load average (1/5/15 min) before: " + loadBefore + ", after: " + loadAfter);
        Table table = new Table("rebuild", "events", "skipped", "refused", "seconds", "events/s (service)",
                "events/s (POST -> COMPLETED)");
        table.row("account view from topics", processed, status.path("eventsSkipped").asLong(),
                status.path("eventsRefused").asLong(), wallSeconds, reported, measured);
        table.print(System.out);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("eventsWritten", written);
        figures.put("eventsProcessed", processed);
        figures.put("eventsSkipped", status.path("eventsSkipped").asLong());
        figures.put("eventsRefused", status.path("eventsRefused").asLong());
        figures.put("seconds", AppendBenchmark.round(wallSeconds));
        figures.put("eventsPerSecond", AppendBenchmark.round(reported > 0 ? reported : measured));
        figures.put("eventsPerSecondWallClock", AppendBenchmark.round(measured));
        figures.put("loadAverageBefore", loadBefore);
        figures.put("loadAverageAfter", loadAfter);
        System.out.println("results: " + Results.write("rebuild", command, stack.machine(), figures));
        System.out.println("reproduce: " + command);
    }

    /** Writes account openings, then complete transfers; returns the number of records written. */
    private long produce(String bootstrap, int events, int accountCount) throws Exception {
        String accountTopic = BankingEvents.ACCOUNT.topic();
        String transferTopic = BankingEvents.TRANSFER.topic();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(accountTopic, transferTopic)) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, 4, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        AtomicLong sent = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        long[] position = {0};
        System.out.printf("rebuild: writing %,d events (%d accounts, then transfers of 5 events each) onto %s and %s%n",
                events, accountCount, accountTopic, transferTopic);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<UUID> ids = new ArrayList<>();
            Map<UUID, Integer> versions = new HashMap<>();
            Map<UUID, Money> balances = new HashMap<>();
            Instant now = Instant.now();
            Sender send = (aggregateType, topic, aggregateId, version, event) -> {
                String type = event.getClass().getSimpleName();
                JsonNode payload = mapper.readTree(codec.write(event));
                var envelope = new EventRecordFormat.PublishedEvent(UUID.randomUUID(), aggregateType, aggregateId, version,
                        type, now, ++position[0], EventMetadata.EMPTY, 1, payload);
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, aggregateId.toString(),
                        EventRecordFormat.write(mapper, envelope));
                record.headers().add(EventRecordFormat.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
                record.headers().add(EventRecordFormat.AGGREGATE_TYPE, aggregateType.getBytes(StandardCharsets.UTF_8));
                record.headers().add(EventRecordFormat.AGGREGATE_ID, aggregateId.toString().getBytes(StandardCharsets.UTF_8));
                producer.send(record, (meta, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                long n = sent.incrementAndGet();
                if (n % 100_000 == 0) {
                    System.out.printf("  written %,d / %,d events (%,.0f/s)%n", n, events, n / ((System.nanoTime() - t0) / 1e9));
                }
            };
            String account = BankingEvents.ACCOUNT.aggregateType();
            String transfer = BankingEvents.TRANSFER.aggregateType();
            for (int i = 0; i < accountCount; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                versions.put(id, 1);
                balances.put(id, OPENING);
                send.send(account, accountTopic, id, 1, new AccountOpened("bench-" + i, "Bench " + i, OPENING));
            }
            long transfers = (events - accountCount) / EVENTS_PER_TRANSFER;
            for (long t = 0; t < transfers; t++) {
                UUID from = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                UUID to;
                do {
                    to = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                } while (to.equals(from));
                UUID transferId = UUID.randomUUID();
                send.send(transfer, transferTopic, transferId, 1, new MoneyTransferCreated(from, to, AMOUNT, "bench"));
                Money fromBalance = balances.merge(from, AMOUNT, Money::minus);
                send.send(account, accountTopic, from, versions.merge(from, 1, Integer::sum),
                        new AccountDebited(transferId, AMOUNT, fromBalance));
                send.send(transfer, transferTopic, transferId, 2, new DebitRecorded(from, to, AMOUNT));
                Money toBalance = balances.merge(to, AMOUNT, Money::plus);
                send.send(account, accountTopic, to, versions.merge(to, 1, Integer::sum),
                        new AccountCredited(transferId, AMOUNT, false, toBalance));
                send.send(transfer, transferTopic, transferId, 3, new CreditRecorded(to, AMOUNT));
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("rebuild: wrote %,d events in %.1f s (%,.0f/s)%n", sent.get(), seconds, sent.get() / seconds);
        return sent.get();
    }

    /** Commits the view's consumer group at the end of both topics, as if the live view had caught up. */
    private static void skipLiveProjection(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : List.of(BankingEvents.ACCOUNT.topic(), BankingEvents.TRANSFER.topic())) {
                var description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(VIEW_GROUP, offsets).all().get();
        }
    }

    @FunctionalInterface
    private interface Sender {
        void send(String aggregateType, String topic, UUID aggregateId, int version, Object event) throws Exception;
    }
}
