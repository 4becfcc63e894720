package org.patinox.memory.internal;

import org.patinox.memory.ConfigException;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;

/** Finds {@link TtlStrategy} as {@code ttl}, with the cache's {@code expire-after-write} as time to live. */
public final class TtlStrategyProvider implements EvictionStrategyProvider {

    /** For {@link java.util.ServiceLoader}. */
    public TtlStrategyProvider() {
    }

    @Override
    public String name() {
        return "ttl";
    }

    @Override
    public String description() {
        return "expiry a fixed time after the write; the oldest written is evicted first";
    }

    @Override
    public <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
        if (config.expireAfterWrite().isZero()) {
            throw new ConfigException(CacheConfig.POLICY + " ttl needs " + CacheConfig.EXPIRE_AFTER_WRITE
                    + " as its time to live, but it was 0 (never); use EvictionPolicy.ttl(duration)");
        }
        return new TtlStrategy<>(config.expireAfterWrite());
    }
}
