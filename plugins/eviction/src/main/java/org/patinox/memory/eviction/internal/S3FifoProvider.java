package org.patinox.memory.eviction.internal;

import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/**
 * Finds {@link S3FifoStrategy}, S3-FIFO, as {@code s3-fifo}: {@code EvictionPolicy.named("s3-fifo")}.
 * Every configuration suits it, with or without a bound or a weigher.
 */
public final class S3FifoProvider implements EvictionStrategyProvider {

    /** For {@link java.util.ServiceLoader}. */
    public S3FifoProvider() {
    }

    @Override
    public String name() {
        return "s3-fifo";
    }

    @Override
    public String description() {
        return "S3-FIFO: a small FIFO queue that filters out entries used once, a main FIFO queue with 2-bit"
                + " frequencies, and a ghost queue of keys the small queue evicted";
    }

    @Override
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
        return new S3FifoStrategy<>(config);
    }
}
