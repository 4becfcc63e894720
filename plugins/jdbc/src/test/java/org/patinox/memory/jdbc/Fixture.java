package org.patinox.memory.jdbc;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.tck.RecordingMonitor;

/**
 * Opens the data sources the tests use: on the pool of one {@link MemoryUtilities} for the whole
 * test run, whose every event {@link #EVENTS} records. The provider is {@code standard}, or the one
 * the system property {@code patinox.test.provider} names: the build runs the suite once more with
 * {@code lockfree}.
 */
final class Fixture {

    /** Every event of every pool the tests open. */
    static final RecordingMonitor EVENTS = new RecordingMonitor();

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final MemoryUtilities MEMORY = MemoryUtilities.open(UtilityConfig.builder()
            .provider(provider()).addMonitor(EVENTS).build());

    private Fixture() {
    }

    /** @return the provider the tests' pools run on */
    static String provider() {
        return System.getProperty("patinox.test.provider", "standard");
    }

    /** @return the instance that runs the tests' pools */
    static MemoryUtilities memory() {
        return MEMORY;
    }

    /** @return a URL of a new, private H2 in-memory database that lives as long as the JVM */
    static String h2Url() {
        return "jdbc:h2:mem:patinox" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * Waits for a condition that background work makes true, such as a destruction.
     *
     * @param what the condition, for the failure message
     * @param condition checked every 10 ms for up to 10 s
     */
    static void eventually(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not true after 10s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    /** @return a data source on a pool of the JDBC manager for the URL */
    static PooledDataSource open(String url, Properties properties, PoolConfig config) {
        return PooledDataSource.create(MEMORY, url, properties, config);
    }
}
