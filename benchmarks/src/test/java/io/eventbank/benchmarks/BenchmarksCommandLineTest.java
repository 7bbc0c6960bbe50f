package io.eventbank.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The benchmarks' command line: the example command lines of docs/benchmarks.md parse to the values
 * they say, every option the docs and run.sh name exists, and bad input is refused naming the option.
 * Parses only; no benchmark runs.
 */
class BenchmarksCommandLineTest {

    private static final Path ROOT = root();
    private static final List<String> BENCHMARKS = List.of("append", "transfers", "rebuild", "snapshots");

    @Test
    void transfersDefaults() {
        TransfersBenchmark.Options o = parse(TransfersBenchmark.Options.class, "transfers");
        assertThat(o.rates).containsExactly(25, 50, 100, 150, 200, 300, 400);
        assertThat(o.step()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.stopOnFail).isTrue();
        assertThat(o.repeat).isEqualTo(3);
        assertThat(o.maxP99Ms).isEqualTo(500);
        assertThat(o.coldStart()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.coldStartRate).isEqualTo(25);
        assertThat(o.warmupMin()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.warmupMax()).isEqualTo(Duration.ofSeconds(300));
        assertThat(o.warmupWindow()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.warmupRate()).isEqualTo(25);
        assertThat(o.warmupJitPct).isEqualTo(2);
        assertThat(o.warmupP50Pct).isEqualTo(10);
        assertThat(o.accounts()).isEqualTo(200);
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.concurrency).isNull();
        assertThat(o.effectiveViewConcurrency()).isNull();
        assertThat(o.external()).isFalse();
        assertThat(o.command()).isEqualTo("benchmarks/run.sh transfers");
    }

    @Test
    void transfersExamplesOfTheDocs() {
        TransfersBenchmark.Options latest = parse(TransfersBenchmark.Options.class,
                "transfers --warmup-rate 100 --rates 50,100,150 --stop-on-fail false");
        assertThat(latest.warmupRate()).isEqualTo(100);
        assertThat(latest.rates).containsExactly(50, 100, 150);
        assertThat(latest.stopOnFail).isFalse();
        assertThat(latest.repeat).isEqualTo(3);
        assertThat(latest.command())
                .isEqualTo("benchmarks/run.sh transfers --warmup-rate 100 --rates 50,100,150 --stop-on-fail false");

        TransfersBenchmark.Options ladder = parse(TransfersBenchmark.Options.class, "transfers --warmup-rate 100");
        assertThat(ladder.warmupRate()).isEqualTo(100);
        assertThat(ladder.rates).containsExactly(25, 50, 100, 150, 200, 300, 400);

        TransfersBenchmark.Options before = parse(TransfersBenchmark.Options.class,
                "transfers --rates 25,50,100 --step 30 --warmup 60");
        assertThat(before.rates).containsExactly(25, 50, 100);
        assertThat(before.step()).isEqualTo(Duration.ofSeconds(30));
        assertThat(before.warmupMin()).isEqualTo(Duration.ofSeconds(60));
        assertThat(before.warmupRate()).as("the first rate").isEqualTo(25);

        TransfersBenchmark.Options profile = parse(TransfersBenchmark.Options.class,
                "transfers --cold-start 5 --warmup 60 --warmup-max 90 --warmup-rate 150 --rates 150 --repeat 1");
        assertThat(profile.coldStart()).isEqualTo(Duration.ofSeconds(5));
        assertThat(profile.warmupMin()).isEqualTo(Duration.ofSeconds(60));
        assertThat(profile.warmupMax()).isEqualTo(Duration.ofSeconds(90));
        assertThat(profile.warmupRate()).isEqualTo(150);
        assertThat(profile.rates).containsExactly(150);
        assertThat(profile.repeat).isEqualTo(1);
    }

    @Test
    void transfersOptionsWithoutExampleInTheDocs() {
        TransfersBenchmark.Options o = parse(TransfersBenchmark.Options.class, "transfers --warmup 400"
                + " --warmup-window=5 --warmup-jit-pct 3 --warmup-p50-pct 15 --accounts 1 --max-p99-ms 800"
                + " --timeout 60 --cold-start-rate 10 --concurrency 2 --stop-on-fail no"
                + " --accounts-url http://a:1 --transfers-url http://t:2 --view-url http://v:3");
        assertThat(o.warmupMax()).as("at least --warmup").isEqualTo(Duration.ofSeconds(400));
        assertThat(o.warmupWindow()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.warmupJitPct).isEqualTo(3);
        assertThat(o.warmupP50Pct).isEqualTo(15);
        assertThat(o.accounts()).as("at least 2").isEqualTo(2);
        assertThat(o.maxP99Ms).isEqualTo(800);
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.coldStartRate).isEqualTo(10);
        assertThat(o.concurrency).isEqualTo(2);
        assertThat(o.effectiveViewConcurrency()).isEqualTo(2);
        assertThat(o.stopOnFail).isFalse();
        assertThat(o.external()).isTrue();
        assertThat(o.viewUrl).isEqualTo(URI.create("http://v:3"));
        assertThat(parse(TransfersBenchmark.Options.class, "transfers --concurrency 2 --view-concurrency 4")
                .effectiveViewConcurrency()).isEqualTo(4);
    }

    @Test
    void rebuildExamplesOfTheDocs() {
        RebuildBenchmark.Options defaults = parse(RebuildBenchmark.Options.class, "rebuild");
        assertThat(defaults.events).isEqualTo(1_000_000);
        assertThat(defaults.accounts()).isEqualTo(1000);
        assertThat(defaults.timeoutSeconds).isEqualTo(1800);
        assertThat(defaults.external()).isFalse();

        assertThat(parse(RebuildBenchmark.Options.class, "rebuild --events 200000").events).isEqualTo(200_000);
        RebuildBenchmark.Options both = parse(RebuildBenchmark.Options.class, "rebuild --events 5000 --accounts 100");
        assertThat(both.events).isEqualTo(5000);
        assertThat(both.accounts()).isEqualTo(100);
        RebuildBenchmark.Options external = parse(RebuildBenchmark.Options.class,
                "rebuild --view-url http://view:8083 --bootstrap-servers kafka:9092");
        assertThat(external.external()).isTrue();
        assertThat(external.bootstrapServers).isEqualTo("kafka:9092");
    }

    @Test
    void appendExampleOfTheDocs() {
        AppendBenchmark.Options defaults = parse(AppendBenchmark.Options.class, "append");
        assertThat(defaults.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(defaults.writers()).isEqualTo(16);
        assertThat(defaults.rate()).isEqualTo(200);

        AppendBenchmark.Options example = parse(AppendBenchmark.Options.class, "append --duration 15");
        assertThat(example.duration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(example.warmup()).isEqualTo(Duration.ofSeconds(3));
        assertThat(parse(AppendBenchmark.Options.class, "append --warmup 0 --writers 4 --rate 50").warmup())
                .isZero();
    }

    @Test
    void snapshotsExampleOfTheDocsIsItsDefaults() {
        SnapshotsBenchmark.Options example = parse(SnapshotsBenchmark.Options.class,
                "snapshots --events 10000 --loads 500 --tail 50");
        SnapshotsBenchmark.Options defaults = parse(SnapshotsBenchmark.Options.class, "snapshots");
        for (SnapshotsBenchmark.Options o : List.of(example, defaults)) {
            assertThat(o.events).isEqualTo(10_000);
            assertThat(o.loads).isEqualTo(500);
            assertThat(o.tail).isEqualTo(50);
        }
    }

    /** Every {@code benchmarks/run.sh NAME ...} of the docs, the README and run.sh parses as written. */
    @Test
    void everyCommandLineOfTheDocsParses() throws IOException {
        Pattern run = Pattern.compile("benchmarks/run\\.sh ([^`\\n#()]*)");
        Pattern optional = Pattern.compile("\\[(--[a-z0-9-]+)(?: ([^\\]]+))?]");
        List<String> checked = new ArrayList<>();
        for (String file : List.of("docs/benchmarks.md", "README.md", "benchmarks/run.sh")) {
            Matcher m = run.matcher(Files.readString(ROOT.resolve(file)));
            while (m.find()) {
                String line = m.group(1).replace("[options]", "").trim();
                if (line.isEmpty()) {
                    continue;
                }
                List<String> names = line.startsWith("NAME") ? BENCHMARKS : List.of(line.split("\\s+")[0]);
                String rest = line.startsWith("NAME") ? line.substring(4) : line.substring(names.getFirst().length());
                for (String name : names) {
                    StringBuilder args = new StringBuilder(name);
                    Matcher o = optional.matcher(rest);
                    while (o.find()) {
                        // [--events N]: the option exists; [--loads 500]: a value, parsed as written
                        assertThat(optionNames(name)).as(file + ": " + o.group()).contains(o.group(1));
                        if (o.group(2) != null && !o.group(2).matches("[A-Z:]+")) {
                            args.append(' ').append(o.group(1)).append(' ').append(o.group(2));
                        }
                    }
                    args.append(' ').append(optional.matcher(rest).replaceAll(""));
                    String[] argv = args.toString().trim().split("\\s+");
                    ParseResult result = Benchmarks.commandLine().parseArgs(argv);
                    assertThat(result.subcommand().commandSpec().name()).as(file + ": " + m.group()).isEqualTo(name);
                    if (!result.subcommand().isUsageHelpRequested()) {
                        ((BenchmarkCommand) result.subcommand().commandSpec().userObject()).validate();
                    }
                    checked.add(String.join(" ", argv));
                }
            }
        }
        assertThat(checked).as("command lines found").contains("transfers --help", "append --duration 15",
                "snapshots --events 10000 --loads 500 --tail 50",
                "transfers --warmup-rate 100");
    }

    /** run.sh's own usage line (printed without building) names exactly the subcommands. */
    @Test
    void runShListsTheBenchmarks() throws IOException {
        assertThat(List.copyOf(Benchmarks.commandLine().getSubcommands().keySet())).isEqualTo(BENCHMARKS);
        assertThat(Files.readString(ROOT.resolve("benchmarks/run.sh")))
                .contains("echo \"benchmarks: " + String.join(", ", BENCHMARKS) + "\" >&2");
    }

    /** Every {@code `--option`} the benchmarks page names is an option of a benchmark. */
    @Test
    void everyOptionTheDocsNameExists() throws IOException {
        Set<String> all = new TreeSet<>();
        BENCHMARKS.forEach(name -> all.addAll(optionNames(name)));
        Matcher m = Pattern.compile("`(--[a-z][a-z0-9-]*)`").matcher(Files.readString(ROOT.resolve("docs/benchmarks.md")));
        List<String> named = new ArrayList<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).contains("--cold-start", "--rates", "--stop-on-fail", "--repeat", "--tail")
                .allSatisfy(option -> assertThat(all).contains(option));
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertRefused(List.of("transfers", "--step", "abc"), "--step", "'abc' is not a whole number");
        assertRefused(List.of("transfers", "--rates", "25,x,100"), "--rates", "'x' is not a whole number");
        assertRefused(List.of("transfers", "--repeat", "0"), "--repeat", "'0' is not positive");
        assertRefused(List.of("transfers", "--stop-on-fail", "maybe"), "--stop-on-fail", "not true or false");
        assertRefused(List.of("transfers", "--accounts-url", "http://a:1"), "--transfers-url", "--view-url");
        assertRefused(List.of("append", "--warmup", "-1"), "--warmup", "'-1' is negative");
        assertRefused(List.of("append", "--duration"), "--duration", "Missing required parameter");
        assertRefused(List.of("rebuild", "--events", "10", "--accounts", "10"), "--events", "--accounts");
        assertRefused(List.of("rebuild", "--view-url", "http://v:8083"), "--bootstrap-servers");
        assertRefused(List.of("snapshots", "--loads", "1.5"), "--loads", "'1.5' is not a whole number");
        assertRefused(List.of("snapshots", "--tail", "10000"), "--tail", "--events");
    }

    @Test
    void unknownOptionsAndBenchmarksAreRefused() {
        assertRefused(List.of("transfers", "--stpe", "30"), "Unknown options: '--stpe', '30'", "Possible solutions: --step");
        assertRefused(List.of("append", "--rates", "25"), "Unknown options: '--rates'", "Possible solutions: --rate");
        assertRefused(List.of("snapshot"), "'snapshot'", "snapshots");
        assertRefused(List.of(), "name a benchmark", "transfers");
    }

    @Test
    void helpListsTheOptionsWithTheirDefaults() {
        for (String name : BENCHMARKS) {
            StringWriter out = new StringWriter();
            CommandLine commandLine = Benchmarks.commandLine();
            commandLine.setOut(new PrintWriter(out));
            commandLine.getSubcommands().get(name).setOut(new PrintWriter(out));
            assertThat(commandLine.execute(name, "--help")).as(name + " --help").isZero();
            assertThat(out.toString()).as(name + " --help").contains("Usage: benchmarks/run.sh " + name)
                    .contains(optionNames(name).stream().filter(o -> !o.equals("-h")).toList());
        }
        StringWriter out = new StringWriter();
        CommandLine transfers = Benchmarks.commandLine().getSubcommands().get("transfers");
        transfers.usage(new PrintWriter(out));
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("(default 25,50,100,150,200,300,400)", "(default 30)", "(default true)",
                "(default: the first rate of --rates)");
    }

    private static void assertRefused(List<String> args, String... messageParts) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        CommandLine commandLine = Benchmarks.commandLine();
        for (CommandLine c : List.of(commandLine, commandLine.getSubcommands().get("append"),
                commandLine.getSubcommands().get("transfers"), commandLine.getSubcommands().get("rebuild"),
                commandLine.getSubcommands().get("snapshots"))) {
            c.setErr(new PrintWriter(err));
            c.setOut(new PrintWriter(out));
        }
        int exit = commandLine.execute(args.toArray(String[]::new));
        assertThat(exit).as(args + " exit code; stderr: " + err).isEqualTo(2);
        assertThat(err.toString()).as(args + " stderr").startsWith("benchmarks: ").contains(messageParts);
    }

    private static <T extends BenchmarkCommand> T parse(Class<T> type, String line) {
        ParseResult result = Benchmarks.commandLine().parseArgs(line.split(" "));
        assertThat(result.hasSubcommand()).as(line).isTrue();
        T options = type.cast(result.subcommand().commandSpec().userObject());
        options.validate();
        return options;
    }

    private static List<String> optionNames(String benchmark) {
        CommandLine sub = Benchmarks.commandLine().getSubcommands().get(benchmark);
        assertThat(sub).as("benchmark " + benchmark).isNotNull();
        return sub.getCommandSpec().options().stream().map(OptionSpec::names).flatMap(Arrays::stream).toList();
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("repository root (with mvnw) not found");
        }
        return dir;
    }
}
