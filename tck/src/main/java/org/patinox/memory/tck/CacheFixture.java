package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;

/**
 * What the cache contract suites share: each test runs in a fresh {@link MemoryUtilities} of
 * {@link #providerName()}, with a recording monitor, closed after it; caches are made from {@link
 * #config()}, on the test's ticker and listener, with the {@link #backend()} and {@link #policy()}
 * under test.
 */
public abstract class CacheFixture {

    /** How long a suite waits for something that should happen soon: generous, for loaded machines. */
    protected static final Duration SOON = Duration.ofSeconds(10);

    /** Every event of the current test's {@link MemoryUtilities}. */
    protected RecordingMonitor monitor;
    /** The instance of the current test, closed after it. */
    protected MemoryUtilities memory;
    /** The ticker of the caches made by {@link #config()}. */
    protected FakeTicker ticker;
    /** The listener of the caches made by {@link #config()}. */
    protected RecordingListener<Integer, String> listener;

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    /** @return the backend under test, or empty for the implementation's own cache */
    protected String backend() {
        return "";
    }

    /** @return the policy of the caches under test; LRU unless the backend runs another */
    protected EvictionPolicy policy() {
        return EvictionPolicy.lru();
    }

    @BeforeEach
    void open_a_fresh_instance() {
        monitor = new RecordingMonitor();
        ticker = new FakeTicker();
        listener = new RecordingListener<>();
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).addMonitor(monitor)
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close_the_instance() {
        memory.close();
        assertEquals(List.of(), monitor.eventsOnScheduler(), "events recorded on the scheduler thread");
    }

    /** @return a configuration of the current test's ticker, listener, backend and policy, unbounded */
    protected CacheConfig.Builder<Integer, String> config() {
        return CacheConfig.<Integer, String>builder().ticker(ticker).removalListener(listener)
                .backend(backend()).policy(policy());
    }

    /**
     * @param config the configuration
     * @return a cache of it in the current test's instance
     */
    protected Cache<Integer, String> cache(CacheConfig.Builder<Integer, String> config) {
        return memory.cache(config.build());
    }
}
