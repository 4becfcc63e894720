package org.patinox.memory.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tour's command line: which implementation to open and how much work to do.
 *
 * @param provider the implementation to open, or empty to let the library choose (by the {@code
 *     patinox.memory.provider} system property, else by priority)
 * @param scale how many times the default workload to run, {@value #MIN_SCALE} to {@value #MAX_SCALE}
 * @param help whether to print {@link #usage()} and run nothing
 */
public record TourOptions(Optional<String> provider, int scale, boolean help) {

    /** The smallest workload: the one the tests run, a few seconds. */
    public static final int MIN_SCALE = 1;
    /** The largest workload: about a minute on two cores. */
    public static final int MAX_SCALE = 100;

    /** Checks the values. */
    public TourOptions {
        if (scale < MIN_SCALE || scale > MAX_SCALE) {
            throw new IllegalArgumentException("option --scale: " + scale + " is not " + MIN_SCALE + " to " + MAX_SCALE);
        }
    }

    /** @return what the tour does with no option: the library's choice, the smallest workload */
    public static TourOptions defaults() {
        return new TourOptions(Optional.empty(), MIN_SCALE, false);
    }

    /**
     * Reads the options. Each argument may hold several options separated by white space, so that
     * one Maven property can carry them all; blank arguments are ignored.
     *
     * @param args {@code --provider NAME}, {@code --scale N}, {@code --help}, in any order, the
     *     values also as {@code --provider=NAME} and {@code --scale=N}
     * @return the options
     * @throws IllegalArgumentException naming the option and the value, for an unknown option, a
     *     missing value or a bad one
     */
    public static TourOptions parse(String... args) {
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            for (String word : arg.strip().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        Optional<String> provider = Optional.empty();
        int scale = MIN_SCALE;
        boolean help = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int eq = word.indexOf('=');
            String option = eq < 0 ? word : word.substring(0, eq);
            switch (option) {
                case "--help", "-h" -> help = true;
                case "--provider" -> {
                    String value = eq < 0 ? valueAfter(words, i++, option) : word.substring(eq + 1);
                    if (value.isBlank()) {
                        throw new IllegalArgumentException("option --provider: the name is empty");
                    }
                    provider = Optional.of(value);
                }
                case "--scale" -> {
                    String value = eq < 0 ? valueAfter(words, i++, option) : word.substring(eq + 1);
                    try {
                        scale = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("option --scale: '" + value + "' is not a whole number", e);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + word + "'");
            }
        }
        return new TourOptions(provider, scale, help);
    }

    private static String valueAfter(List<String> words, int i, String option) {
        if (i + 1 >= words.size() || words.get(i + 1).startsWith("--")) {
            throw new IllegalArgumentException("option " + option + ": a value must follow it");
        }
        return words.get(i + 1);
    }

    /** @return the help text */
    public static String usage() {
        return """
                Usage: ./mvnw -q -pl examples -am package exec:exec -DskipTests [-Dexample.args="OPTIONS"]

                Runs a small workload through every part of Patinox Memory on embedded defaults
                (H2 in memory, temporary files) and ends with a report of what each part counted.

                Options:
                  --provider NAME  the implementation to open: lockfree or standard (default: the
                                   patinox.memory.provider system property, else the highest priority)
                  --scale N        run N times the default workload, %d to %d (default %d)
                  --help, -h       print this text and run nothing
                """.formatted(MIN_SCALE, MAX_SCALE, MIN_SCALE);
    }
}
