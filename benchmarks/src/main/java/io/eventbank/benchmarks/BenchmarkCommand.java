package io.eventbank.benchmarks;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * One benchmark as a subcommand of {@link Benchmarks}: its options are the annotated fields of the
 * subclass; {@link #validate()} checks what depends on more than one of them, {@link #run()} measures.
 */
abstract class BenchmarkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show these options and exit.")
    boolean help;

    /** Checks across options; throws {@link #invalid} with a message naming them. */
    void validate() {
    }

    abstract void run() throws Exception;

    @Override
    public final Integer call() throws Exception {
        validate();
        run();
        return 0;
    }

    /** The command line that reproduces the run: the JSON's {@code command} and the {@code reproduce:} line. */
    String command() {
        return "benchmarks/run.sh " + String.join(" ", spec.root().commandLine().getParseResult().originalArgs());
    }

    /** A bad combination of options: reported like a bad value, with exit code 2. */
    ParameterException invalid(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** A whole number above zero. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = wholeNumber(value);
            if (n <= 0) {
                throw new TypeConversionException("'" + value + "' is not positive");
            }
            return n;
        }
    }

    /** A whole number, zero or more. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = wholeNumber(value);
            if (n < 0) {
                throw new TypeConversionException("'" + value + "' is negative");
            }
            return n;
        }
    }

    /** true/yes/on or false/no/off, any case. */
    static final class Flag implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new TypeConversionException("'" + value + "' is not true or false");
            };
        }
    }

    private static int wholeNumber(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }
}
