package io.eventbank.benchmarks;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point: {@code benchmarks/run.sh NAME [options]}, one subcommand per benchmark. Never run by
 * the build. Bad input (unknown option, bad value, missing benchmark) exits with 2, {@code --help} with 0.
 */
@Command(name = "benchmarks/run.sh", synopsisSubcommandLabel = "NAME",
        description = "Runs one benchmark; writes target/benchmarks/NAME.json. benchmarks/run.sh NAME --help lists its options.",
        subcommands = {AppendBenchmark.Options.class, TransfersBenchmark.Options.class, RebuildBenchmark.Options.class,
                SnapshotsBenchmark.Options.class})
public final class Benchmarks implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show the benchmarks and exit.")
    boolean help;

    private Benchmarks() {
    }

    public static void main(String[] args) {
        // exit explicitly: the embedded infrastructure leaves non-daemon threads behind
        System.exit(commandLine().execute(args));
    }

    /** The parser of every benchmark's options (also what the tests parse with). */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Benchmarks());
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setParameterExceptionHandler(Benchmarks::badInput);
        return commandLine;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a benchmark");
    }

    private static int badInput(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("benchmarks: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        if (failed.getCommandSpec().parent() == null) {
            failed.usage(err);
        } else {
            err.println("options: " + failed.getCommandSpec().qualifiedName() + " --help");
        }
        err.flush();
        return failed.getCommandSpec().exitCodeOnInvalidInput();
    }
}
