package org.patinox.memory.standard;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.spi.AsyncCleanupProvider;

import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharedData;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.MemoryProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.support.GuardedConcurrentMap;
import org.patinox.memory.support.Loggers;
import org.patinox.memory.support.LoggingMonitor;
import org.patinox.memory.support.SnapshotData;
import org.patinox.memory.support.VersionedConfig;

/**
 * The {@code standard} implementation, found through {@link java.util.ServiceLoader}: plain
 * {@code java.util.concurrent}, chosen for code that is easy to check.
 *
 * <p>Its pool guards all of its state with one {@link java.util.concurrent.locks.ReentrantLock}:
 * waiters, asynchronous and blocking alike, queue in one first-come-first-served queue, and a
 * blocking acquire parks on a {@link java.util.concurrent.locks.Condition}, so that a virtual
 * thread waiting for a connection releases its carrier. Manager calls run on the virtual threads
 * of the {@link ProviderContext}, each bounded by its configured timeout; timers and maintenance
 * run on its scheduler.
 *
 * <p>Its cache is a {@link java.util.concurrent.ConcurrentHashMap} of entries that double as the
 * eviction strategy's nodes, with one {@link java.util.concurrent.locks.ReentrantLock} under which
 * every write (insert, update, removal, eviction, expiry) changes the map, tells the strategy and
 * evicts down to the bound before the lock is released. <b>The bound holds at all times</b>: the
 * total weight never exceeds {@link CacheConfig#maximumWeight()} when no write is in progress, and a
 * write in progress is over it by at most the weight it adds, evicted before the write returns.
 * Reads take no lock: a read offers the access to the strategy with {@code tryLock} and, when a
 * writer or another reader holds the lock, leaves it untold, so that under contention the strategy
 * sees a sample of the reads, and single-threaded it sees every one. Expired entries count as
 * absent at once and are removed by a periodic sweep on the {@link ProviderContext#scheduler()}.
 * The provider itself is stateless.
 */
public final class StandardMemoryProvider implements MemoryProvider {

    /** The name users choose this implementation by. */
    static final String NAME = "standard";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public StandardMemoryProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return 100, below {@code lockfree}: adding that artifact beside this one is a choice of it */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public String description() {
        return "plain java.util.concurrent locks and conditions, simple and proven";
    }

    @Override
    public Optional<Monitor> createMonitor(ProviderContext context) {
        System.Logger logger = Loggers.named(UtilityConfig.EVENT_LOGGER);
        System.Logger.Level level = context.config().monitorLogLevel();
        return level != System.Logger.Level.OFF && logger.isLoggable(level)
                ? Optional.of(LoggingMonitor.start(logger, level, context.scheduler(), context.blockingExecutor()))
                : Optional.empty();
    }

    /**
     * Creates a {@code standard} pool: a lock-and-condition design whose uncontended acquire and
     * return take the lock once each and allocate nothing but the handle.
     */
    @Override
    public <C> Pool<C> createPool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context,
                                  Monitor monitor) {
        return StandardPool.open(manager, config, context, monitor);
    }

    /**
     * Creates a {@code standard} cache: a concurrent hash map whose writes go through one lock, and
     * whose reads never wait; see the class description for its bound.
     */
    @Override
    public <K, V> Cache<K, V> createCache(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy,
                                          ProviderContext context, Monitor monitor) {
        return StandardCache.open(config, strategy, context, monitor);
    }

    /**
     * Creates a {@code standard} resource registry: tracked resources on doubly linked lists, one
     * stripe per registering thread, each behind a lock; the exactly-once cleanup, the safety net
     * on the context's scheduler and virtual threads, and forced cleanup are shared with the other
     * implementation.
     */
    @Override
    public ResourceRegistry createRegistry(ResourceConfig config, List<AsyncCleanupProvider> cleanups,
                                           ProviderContext context, Monitor monitor) {
        return StandardResourceRegistry.open(config, cleanups, context, monitor);
    }

    /** Creates shared snapshot data on one volatile reference, as every implementation does. */
    @Override
    public <T> SharedData<T> createShared(T initial, ShareConfig config, ProviderContext context, Monitor monitor) {
        return SnapshotData.of(initial, config);
    }

    /**
     * Creates {@code standard} mutable shared state: one copy behind a read-write lock that does not
     * starve writers; the factory is called once.
     */
    @Override
    public <T> MutableSharedData<T> createMutableShared(Supplier<? extends T> factory, ShareConfig config,
                                                        ProviderContext context, Monitor monitor) {
        return new LockedSharedState<>(factory.get(), config);
    }

    /**
     * Creates a {@link java.util.concurrent.ConcurrentHashMap} that refuses updates from its own
     * mapping functions: no map without {@code sun.misc.Unsafe} measured better (see the
     * measurements in {@code docs/measurements}).
     */
    @Override
    public <K, V> ConcurrentMap<K, V> createConcurrentMap(ProviderContext context) {
        return new GuardedConcurrentMap<>();
    }

    /** Creates a versioned configuration whose subscribers run on the context's virtual threads. */
    @Override
    public <T> ConfigData<T> createConfig(T initial, List<ConfigData.Validator<? super T>> validators,
                                          ShareConfig config, ProviderContext context, Monitor monitor) {
        return new VersionedConfig<>(initial, validators, config, context, monitor);
    }
}
