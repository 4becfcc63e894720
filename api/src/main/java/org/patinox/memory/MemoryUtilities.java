package org.patinox.memory;

import org.patinox.memory.internal.MemoryRuntime;
import org.patinox.memory.spi.Monitor;

/**
 * The entry point: an open instance of Patinox Memory on one implementation, owning the background
 * work that its components share (one scheduler thread, and virtual threads for work that may
 * block).
 *
 * <pre>{@code
 * try (MemoryUtilities memory = MemoryUtilities.open()) {
 *     System.out.println(memory.provider().name());
 * }
 * }</pre>
 *
 * <p>An instance is thread-safe. {@link #close()} stops its background work, closes the monitors
 * it created, and returns only once no thread of its own is left running.
 */
public interface MemoryUtilities extends AutoCloseable {

    /**
     * Opens an instance configured by the {@code patinox.memory.*} system properties.
     *
     * @return a new open instance
     * @throws ConfigException when a system property is invalid or no implementation can be found
     */
    static MemoryUtilities open() {
        return open(UtilityConfig.fromSystemProperties());
    }

    /**
     * Opens an instance. The implementation is the one {@link UtilityConfig#provider()} names, else
     * the one the system property {@value UtilityConfig#PROVIDER} names, else the one of highest
     * priority among those found by {@link java.util.ServiceLoader}.
     *
     * @param config the configuration
     * @return a new open instance
     * @throws ConfigException when no implementation is found, or none by the name asked for; the
     *     message lists those found and the artifact to add
     */
    static MemoryUtilities open(UtilityConfig config) {
        return MemoryRuntime.open(config);
    }

    /** @return the instance's name, unique in this JVM, which prefixes its threads and events */
    String name();

    /** @return the implementation in use and why it was chosen */
    ProviderSelection provider();

    /** @return the configuration the instance was opened with */
    UtilityConfig config();

    /**
     * The monitor every component of this instance reports to: the combination of the
     * implementation's own, those found through {@link org.patinox.memory.spi.MonitorProvider},
     * and those in the configuration. Its {@link Monitor#isEnabled} is a single array read, so that
     * hot paths can ask it before building an event.
     *
     * @return the combined monitor; recording on it after close is ignored
     */
    Monitor monitor();

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /**
     * Stops the background work, waiting up to {@link UtilityConfig#shutdownTimeout()} for running
     * tasks before interrupting them, then closes the monitors this instance created. Idempotent:
     * a second call, from any thread, returns once the first has finished.
     */
    @Override
    void close();
}
