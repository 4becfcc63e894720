package org.patinox.memory.spi;

import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;

/**
 * A whole cache implementation other than the {@link MemoryProvider}'s own, found through {@link
 * java.util.ServiceLoader} by the name in {@link CacheConfig#backend()}, such as {@code caffeine}.
 * A backend keeps the {@link Cache} contract, with its own eviction: it may refuse a policy it does
 * not run.
 *
 * <p>Implementations have a public no-argument constructor and are stateless factories, callable
 * from any thread.
 */
public interface CacheBackendProvider {

    /** @return the name a configuration chooses this backend by, in lower case */
    String name();

    /** @return one sentence saying what the backend is built on */
    String description();

    /**
     * Makes a cache.
     *
     * @param config the cache's configuration, its name assigned
     * @param context the background work the cache must use: it starts no thread of its own
     * @param monitor where the cache reports its events
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return the open cache
     * @throws org.patinox.memory.ConfigException when the configuration asks for what the backend
     *     does not do, such as a policy other than its own
     */
    <K, V> Cache<K, V> createCache(CacheConfig<K, V> config, ProviderContext context, Monitor monitor);
}
