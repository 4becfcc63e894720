package org.patinox.memory.lockfree;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.jctools.queues.varhandle.MpscVarHandleArrayQueue;
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
 * The {@code lockfree} implementation, found through {@link java.util.ServiceLoader}: components
 * built for high contention, whose hot paths take no lock.
 *
 * <p>Its {@link #createPool pool} keeps each connection in a slot with a compare-and-set state,
 * hands idle connections out by a scan striped by thread (no {@code ThreadLocal}, so virtual
 * threads keep their benefit) that a running caller makes even while others wait; a return wakes
 * the oldest waiter only when one waits. Its {@link #createMonitor monitor} hands events over a
 * bounded JCTools MPSC queue (its VarHandle flavour, free of {@code sun.misc.Unsafe}), drained on a
 * virtual thread.
 *
 * <p>Its {@link #createCache cache} is built as Caffeine's: the entries in a {@code
 * ConcurrentHashMap}, reads recorded in striped lossy ring buffers (a read never waits on a lock
 * and allocates nothing), writes applied to the map at once and recorded in a bounded write buffer
 * (never dropped), and one maintainer at a time, whoever wins {@code tryLock}, replaying both to
 * the eviction strategy, so that the strategy is called from one thread at a time. A single thread
 * drives its strategy exactly in the order of its operations.
 *
 * <p><b>How far the bound may be exceeded.</b> At every instant the total weight of the cache's
 * entries is at most {@link CacheConfig#maximumWeight()} plus the weight of the writes outstanding
 * in its write buffer, and at most {@code W} writes are outstanding, where {@code W}, the write
 * buffer's capacity, is 128 times the number of processors rounded up to a power of two, at most
 * 1024 (256 on two processors). Without a weigher the number of entries therefore never exceeds the
 * maximum size by more than {@code W}; with one, by more than the weight of {@code W} writes. A
 * write holds its place in the buffer from before it changes the map until the maintainer has
 * counted it and evicted for it, and a writer that finds the buffer full maintains before it
 * writes. After {@link Cache#cleanUp()} on a quiet cache the bound holds exactly.
 *
 * <p>Stateless, as {@link MemoryProvider} requires; thread-safe.
 */
public final class LockFreeMemoryProvider implements MemoryProvider {

    /** The name users choose this implementation by. */
    static final String NAME = "lockfree";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public LockFreeMemoryProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** @return 200, above {@code standard}: adding this artifact beside that one is a choice of this */
    @Override
    public int priority() {
        return 200;
    }

    @Override
    public String description() {
        return "compare-and-set slots and lock-free ring buffers, for high contention";
    }

    @Override
    public Optional<Monitor> createMonitor(ProviderContext context) {
        System.Logger logger = Loggers.named(UtilityConfig.EVENT_LOGGER);
        System.Logger.Level level = context.config().monitorLogLevel();
        return level != System.Logger.Level.OFF && logger.isLoggable(level)
                ? Optional.of(LoggingMonitor.start(logger, level, context.scheduler(), context.blockingExecutor(),
                        new MpscVarHandleArrayQueue<>(LoggingMonitor.CAPACITY)))
                : Optional.empty();
    }

    /**
     * Creates a lock-free pool; see {@link MemoryProvider#createPool}. Creation, validation and
     * destruction run on {@link ProviderContext#blockingExecutor()}, maintenance and timeouts on
     * {@link ProviderContext#scheduler()}; the pool starts no thread of its own.
     */
    @Override
    public <C> Pool<C> createPool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context,
                                  Monitor monitor) {
        return LockFreePool.open(manager, config, context, monitor);
    }

    /**
     * Creates a lock-free cache; see {@link MemoryProvider#createCache} and, for how far its bound
     * may be exceeded between maintenance runs, the class description. Its periodic maintenance
     * (when entries can expire, or the strategy uses time) and the maintenance a busy writer hands
     * off run on {@link ProviderContext#scheduler()}; loads of {@link Cache#getAsync} on {@link
     * ProviderContext#blockingExecutor()}.
     */
    @Override
    public <K, V> Cache<K, V> createCache(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy,
                                          ProviderContext context, Monitor monitor) {
        return LockFreeCache.open(config, strategy, context, monitor);
    }

    /**
     * Creates a {@code lockfree} resource registry: its tracked resources in lock-free stripes, for heavy registration from many threads; the
     * exactly-once cleanup, the safety net on the context's scheduler and virtual threads, and
     * forced cleanup are shared with the other implementation.
     */
    @Override
    public ResourceRegistry createRegistry(ResourceConfig config, List<AsyncCleanupProvider> cleanups,
                                           ProviderContext context, Monitor monitor) {
        return LockFreeResourceRegistry.open(config, cleanups, context, monitor);
    }

    /** Creates shared snapshot data on one volatile reference, as every implementation does. */
    @Override
    public <T> SharedData<T> createShared(T initial, ShareConfig config, ProviderContext context, Monitor monitor) {
        return SnapshotData.of(initial, config);
    }

    /**
     * Creates {@code lockfree} mutable shared state: left-right, two copies, readers that never
     * block nor retry; the factory is called twice.
     */
    @Override
    public <T> MutableSharedData<T> createMutableShared(Supplier<? extends T> factory, ShareConfig config,
                                                        ProviderContext context, Monitor monitor) {
        return new LeftRightState<>(factory, config);
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
