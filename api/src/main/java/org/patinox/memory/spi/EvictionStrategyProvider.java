package org.patinox.memory.spi;

import org.patinox.memory.cache.CacheConfig;

/**
 * Makes the {@link EvictionStrategy} of a name, found through {@link java.util.ServiceLoader} when
 * a cache's policy is {@link org.patinox.memory.cache.EvictionPolicy#named(String)}. The names
 * {@code lru}, {@code lfu} and {@code ttl} are the built-in strategies'; a plugin must not reuse
 * them, and of two plugins with one name neither is chosen and the cache is refused.
 *
 * <p>Implementations have a public no-argument constructor and are stateless factories, callable
 * from any thread.
 */
public interface EvictionStrategyProvider {

    /** @return the name a policy chooses this strategy by, in lower case, such as {@code w-tinylfu} */
    String name();

    /** @return one sentence saying what the strategy favours */
    String description();

    /**
     * Makes a strategy for one cache.
     *
     * @param config the cache's configuration, for its {@link CacheConfig#maximumWeight()}, which
     *     sizes the strategy's queues and sketches, and its expiry
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return a new strategy
     * @throws org.patinox.memory.ConfigException when the configuration does not suit the strategy,
     *     naming the setting and its value
     */
    <K, V> EvictionStrategy<K, V> create(CacheConfig<K, V> config);
}
