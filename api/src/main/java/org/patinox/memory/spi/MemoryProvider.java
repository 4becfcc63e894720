package org.patinox.memory.spi;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceRegistry;

import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharedData;

/**
 * A whole implementation of Patinox Memory, found through {@link java.util.ServiceLoader}. When
 * several are found, the one named by {@link org.patinox.memory.UtilityConfig#provider()} or by the
 * system property {@code patinox.memory.provider} is chosen, otherwise the one of highest {@link
 * #priority()}.
 *
 * <p>Implementations have a public no-argument constructor and are stateless factories: the
 * library may instantiate one just to read its name and priority. Factory methods are called from
 * the thread that uses the {@link org.patinox.memory.MemoryUtilities}; an exception they throw
 * reaches that caller.
 */
public interface MemoryProvider {

    /** @return the name users choose this implementation by, such as {@code standard} */
    String name();

    /** @return the rank of this implementation when none is named; higher wins */
    int priority();

    /** @return one sentence saying what this implementation is built for */
    String description();

    /**
     * Creates this implementation's own monitor, which writes every event to the {@link
     * System.Logger} named {@value org.patinox.memory.UtilityConfig#EVENT_LOGGER} at {@link
     * org.patinox.memory.UtilityConfig#monitorLogLevel()}.
     *
     * @param context the configuration and background work of the opening {@code MemoryUtilities}
     * @return a monitor, or empty when that level is {@link System.Logger.Level#OFF} or the logger
     *     does not take it
     */
    Optional<Monitor> createMonitor(ProviderContext context);

    /**
     * Creates a pool, which starts filling to its minimum size in the background at once.
     *
     * @param manager creates, checks and destroys the pool's connections
     * @param config the pool's configuration, with its name assigned
     * @param context the background work the pool must use: it starts no thread of its own
     * @param monitor where the pool reports its events
     * @param <C> the type of connection
     * @return the open pool
     */
    <C> Pool<C> createPool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context, Monitor monitor);

    /**
     * Creates a cache whose eviction the strategy decides. The cache schedules its background
     * maintenance (expiry, draining of recorded accesses) on the context's scheduler.
     *
     * @param config the cache's configuration, with its name assigned
     * @param strategy a new strategy made from the configuration's policy, for this cache alone
     * @param context the background work the cache must use: it starts no thread of its own
     * @param monitor where the cache reports its events
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return the open cache
     */
    <K, V> Cache<K, V> createCache(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy,
                                   ProviderContext context, Monitor monitor);

    /**
     * Creates a resource registry. Its safety net looks for dropped guards on the context's
     * scheduler and runs every cleanup it starts on the context's virtual threads.
     *
     * @param config the registry's configuration, with its name assigned
     * @param cleanups the cleanup providers found (the built-in ones included), for {@link
     *     ResourceRegistry#register(Object)}
     * @param context the background work the registry must use: it starts no thread of its own
     * @param monitor where the registry reports its events
     * @return the open registry
     */
    ResourceRegistry createRegistry(ResourceConfig config, List<AsyncCleanupProvider> cleanups,
                                    ProviderContext context, Monitor monitor);

    /**
     * Creates shared snapshot data.
     *
     * @param initial the first snapshot, not {@code null}
     * @param config its configuration, with its name assigned
     * @param context the background work it may use
     * @param monitor where it reports its events
     * @param <T> the type of the value
     * @return the shared data
     */
    <T> SharedData<T> createShared(T initial, ShareConfig config, ProviderContext context, Monitor monitor);

    /**
     * Creates shared mutable state; see {@link MutableSharedData} for the contract of its callbacks.
     *
     * @param factory makes the initial state, called once per copy the implementation keeps
     * @param config its configuration, with its name assigned
     * @param context the background work it may use
     * @param monitor where it reports its events
     * @param <T> the type of the state
     * @return the shared state
     */
    <T> MutableSharedData<T> createMutableShared(Supplier<? extends T> factory, ShareConfig config,
                                                 ProviderContext context, Monitor monitor);

    /**
     * Creates this implementation's best concurrent map, with the contract of {@link
     * org.patinox.memory.MemoryUtilities#concurrentMap()}.
     *
     * @param context the background work it may use
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return a new empty map
     */
    <K, V> ConcurrentMap<K, V> createConcurrentMap(ProviderContext context);

    /**
     * Creates a versioned configuration, whose subscribers are called on the context's blocking
     * executor and never on its scheduler.
     *
     * @param initial the first version's value, already checked not {@code null}
     * @param validators the rules every value must keep, the initial one included
     * @param config its configuration, with its name assigned
     * @param context the background work it must use: it starts no thread of its own
     * @param monitor where it reports its events
     * @param <T> the type of the configuration
     * @return the configuration at version 1
     */
    <T> ConfigData<T> createConfig(T initial, List<ConfigData.Validator<? super T>> validators, ShareConfig config,
                                   ProviderContext context, Monitor monitor);
}
