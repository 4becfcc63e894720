package org.patinox.memory.examples;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;

/**
 * A tour of Patinox Memory: opens the library the way an application would, and prints which
 * implementation it chose and why, and the configuration in effect.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am package exec:exec -DskipTests}; choose the
 * implementation with {@code -Dpatinox.memory.provider=standard} on the {@code java} command line.
 */
public final class Tour {

    private Tour() {
    }

    /**
     * @param args ignored; configuration comes from the {@code patinox.memory.*} system properties
     */
    public static void main(String[] args) {
        run(UtilityConfig.fromSystemProperties(), System.out);
    }

    /**
     * Opens the library with the configuration and describes it.
     *
     * @param config the configuration to open with
     * @param out where the description goes
     */
    static void run(UtilityConfig config, PrintStream out) {
        try (MemoryUtilities memory = MemoryUtilities.open(config)) {
            ProviderSelection provider = memory.provider();
            out.println("Patinox Memory " + memory.name());
            out.println("  implementation: " + provider.name() + " (" + provider.description() + ")");
            out.println("  chosen because: " + provider.reason());
            out.println("  found:          " + String.join(", ", provider.candidates()));
            if (!provider.skipped().isEmpty()) {
                out.println("  skipped:        " + String.join("; ", provider.skipped()));
            }
            out.println("  configuration:");
            Map<Object, Object> settings = new TreeMap<>(memory.config().toProperties());
            settings.forEach((key, value) -> out.println("    " + key + " = " + value));
            out.println("    monitors in code: " + memory.config().monitors().size());
        }
    }
}
