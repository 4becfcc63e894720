package org.patinox.memory.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.resource.ResourceStats;
import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.SharedData;

/**
 * Micrometer meters over the statistics of Patinox components: gauges and function counters that
 * read a component's {@code stats()} when the registry publishes, so that the component's own
 * paths do nothing more for them. Names and tags follow Micrometer's conventions (dotted lower-case
 * names, base units, a tag naming the component), and a cache's meters are those of Micrometer's
 * own cache binders.
 *
 * <pre>{@code
 * PatinoxMetrics.bind(pool, registry, Tags.of("app", "orders"));
 * // or, where a framework collects MeterBinder beans:
 * MeterBinder binder = PatinoxMetrics.binder(cache, Tags.empty());
 * }</pre>
 *
 * <h2>Meters</h2>
 * Every meter carries the tags given, plus the component's name under the tag key shown.
 * <table>
 *   <caption>Pool: tag {@code pool}</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code patinox.pool.connections}, tag {@code state=active|idle|creating}</td><td>gauge</td>
 *       <td>connections borrowed, waiting in the pool, being created</td></tr>
 *   <tr><td>{@code patinox.pool.pending}</td><td>gauge</td><td>callers waiting for a connection</td></tr>
 *   <tr><td>{@code patinox.pool.connections.min}, {@code .max}</td><td>gauge</td><td>the configured sizes</td></tr>
 *   <tr><td>{@code patinox.pool.connections.created}, {@code .destroyed}</td><td>function counter</td>
 *       <td>connections created, destroyed</td></tr>
 *   <tr><td>{@code patinox.pool.connections.creation.failures}</td><td>function counter</td>
 *       <td>creations that failed or took too long</td></tr>
 *   <tr><td>{@code patinox.pool.connections.validation.failures}</td><td>function counter</td>
 *       <td>validations that failed</td></tr>
 *   <tr><td>{@code patinox.pool.connections.leaks}</td><td>function counter</td>
 *       <td>connections held past the leak-detection threshold</td></tr>
 *   <tr><td>{@code patinox.pool.acquire}</td><td>function timer</td>
 *       <td>successful acquires and the time they waited</td></tr>
 *   <tr><td>{@code patinox.pool.acquire.max}</td><td>time gauge</td><td>the longest wait of one acquire</td></tr>
 *   <tr><td>{@code patinox.pool.acquire.timeouts}</td><td>function counter</td>
 *       <td>acquires that failed for their deadline</td></tr>
 * </table>
 * <table>
 *   <caption>Cache: tag {@code cache}</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code cache.size}</td><td>gauge</td><td>entries</td></tr>
 *   <tr><td>{@code cache.gets}, tag {@code result=hit|miss}</td><td>function counter</td><td>lookups</td></tr>
 *   <tr><td>{@code cache.evictions}</td><td>function counter</td><td>entries evicted for the bound</td></tr>
 *   <tr><td>{@code cache.eviction.weight}</td><td>function counter</td><td>their weight</td></tr>
 *   <tr><td>{@code cache.expirations}</td><td>function counter</td><td>entries removed for expiry</td></tr>
 *   <tr><td>{@code cache.load}, tag {@code result=success|failure}</td><td>function counter</td><td>loads</td></tr>
 *   <tr><td>{@code cache.load.duration}</td><td>time gauge</td><td>the time spent loading, summed</td></tr>
 *   <tr><td>{@code patinox.cache.load}</td><td>function timer</td><td>loads and the time they took</td></tr>
 * </table>
 * The cache counts only when made with {@link org.patinox.memory.cache.CacheConfig#recordStats()};
 * {@code cache.puts}, which Micrometer's binders publish when the cache counts them, is absent:
 * {@link CacheStats} does not count puts.
 * <table>
 *   <caption>Resource registry: tag {@code registry}</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code patinox.resources.active}</td><td>gauge</td><td>resources not yet handed to their cleanup</td></tr>
 *   <tr><td>{@code patinox.resources.registered}</td><td>function counter</td><td>resources registered</td></tr>
 *   <tr><td>{@code patinox.resources.cleanups}, tag {@code result=cleaned|failed|timed-out}</td>
 *       <td>function counter</td><td>cleanups ended</td></tr>
 *   <tr><td>{@code patinox.resources.leaked}</td><td>function counter</td>
 *       <td>guards dropped unclosed, cleaned by the safety net</td></tr>
 * </table>
 * <table>
 *   <caption>Shared data ({@link SharedData}, {@link MutableSharedData}): tag {@code shared}</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code patinox.shared.reads}</td><td>function counter</td>
 *       <td>reads, counted only with {@link org.patinox.memory.share.ShareConfig#recordReads()}</td></tr>
 *   <tr><td>{@code patinox.shared.writes}</td><td>function counter</td><td>writes that took effect</td></tr>
 *   <tr><td>{@code patinox.shared.retries}</td><td>function counter</td><td>update functions run again</td></tr>
 * </table>
 * <table>
 *   <caption>Configuration ({@link ConfigData}): tag {@code config}</caption>
 *   <tr><th>name</th><th>type</th><th>value</th></tr>
 *   <tr><td>{@code patinox.config.version}</td><td>gauge</td><td>the current version</td></tr>
 * </table>
 * Events (rejected updates, leaks, failures) and the time of each resource cleanup are counted by
 * {@link MicrometerMonitor}.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Binding reads no statistics; each meter reads them when the registry asks. As in
 *       Micrometer's binders, the meters hold the component weakly: one the application dropped
 *       reads as {@code NaN} (gauges) or its last value is lost, and is not kept alive by its meters.
 *   <li>A closed component keeps its meters; its counters keep their totals and its gauges read as
 *       the closed component reports (a closed pool has no connection, a closed cache no entry).
 *   <li>Binding the same component twice to a registry registers nothing new, and neither does
 *       binding another component of the same name with the same tags: its meters would have the
 *       same identity, and the registry keeps the first.
 * </ul>
 */
public final class PatinoxMetrics {

    private PatinoxMetrics() {
    }

    // -- binders

    /**
     * @param pool the pool to measure
     * @param tags tags added to every meter, besides {@code pool}
     * @return a binder of the pool's meters
     */
    public static MeterBinder binder(Pool<?> pool, Iterable<Tag> tags) {
        Objects.requireNonNull(pool, "pool");
        Tags all = Tags.of(tags).and("pool", pool.name());
        return registry -> bindPool(pool, registry, all);
    }

    /**
     * @param cache the cache to measure
     * @param tags tags added to every meter, besides {@code cache}
     * @return a binder of the cache's meters
     */
    public static MeterBinder binder(Cache<?, ?> cache, Iterable<Tag> tags) {
        Objects.requireNonNull(cache, "cache");
        Tags all = Tags.of(tags).and("cache", cache.name());
        return registry -> bindCache(cache, registry, all);
    }

    /**
     * @param resources the registry to measure
     * @param tags tags added to every meter, besides {@code registry}
     * @return a binder of the registry's meters
     */
    public static MeterBinder binder(ResourceRegistry resources, Iterable<Tag> tags) {
        Objects.requireNonNull(resources, "resources");
        Tags all = Tags.of(tags).and("registry", resources.name());
        return registry -> bindResources(resources, registry, all);
    }

    /**
     * @param shared the shared data to measure
     * @param tags tags added to every meter, besides {@code shared}
     * @return a binder of its meters
     */
    public static MeterBinder binder(SharedData<?> shared, Iterable<Tag> tags) {
        Objects.requireNonNull(shared, "shared");
        Tags all = Tags.of(tags).and("shared", shared.name());
        return registry -> bindSharing(shared, s -> s.stats().reads(), s -> s.stats().writes(),
                s -> s.stats().retries(), registry, all);
    }

    /**
     * @param shared the mutable shared data to measure
     * @param tags tags added to every meter, besides {@code shared}
     * @return a binder of its meters
     */
    public static MeterBinder binder(MutableSharedData<?> shared, Iterable<Tag> tags) {
        Objects.requireNonNull(shared, "shared");
        Tags all = Tags.of(tags).and("shared", shared.name());
        return registry -> bindSharing(shared, s -> s.stats().reads(), s -> s.stats().writes(),
                s -> s.stats().retries(), registry, all);
    }

    /**
     * @param config the configuration to measure
     * @param tags tags added to every meter, besides {@code config}
     * @return a binder of its meters
     */
    public static MeterBinder binder(ConfigData<?> config, Iterable<Tag> tags) {
        Objects.requireNonNull(config, "config");
        Tags all = Tags.of(tags).and("config", config.name());
        return registry -> once(registry, "patinox.config.version", all, () ->
                Gauge.builder("patinox.config.version", config, c -> c.current().version())
                        .description("The version of the configuration that is current")
                        .tags(all).register(registry));
    }

    // -- binding at once

    /**
     * Registers the pool's meters.
     *
     * @param pool the pool
     * @param registry where to register them
     * @param tags tags added to every meter, besides {@code pool}
     * @param <P> the type of pool
     * @return the pool
     */
    public static <P extends Pool<?>> P bind(P pool, MeterRegistry registry, Iterable<Tag> tags) {
        binder(pool, tags).bindTo(Objects.requireNonNull(registry, "registry"));
        return pool;
    }

    /**
     * Registers the cache's meters.
     *
     * @param cache the cache
     * @param registry where to register them
     * @param tags tags added to every meter, besides {@code cache}
     * @param <C> the type of cache
     * @return the cache
     */
    public static <C extends Cache<?, ?>> C bind(C cache, MeterRegistry registry, Iterable<Tag> tags) {
        binder(cache, tags).bindTo(Objects.requireNonNull(registry, "registry"));
        return cache;
    }

    /**
     * Registers the resource registry's meters.
     *
     * @param resources the resource registry
     * @param registry where to register them
     * @param tags tags added to every meter, besides {@code registry}
     * @param <R> the type of resource registry
     * @return the resource registry
     */
    public static <R extends ResourceRegistry> R bind(R resources, MeterRegistry registry, Iterable<Tag> tags) {
        binder(resources, tags).bindTo(Objects.requireNonNull(registry, "registry"));
        return resources;
    }

    /**
     * Registers the shared data's meters.
     *
     * @param shared the shared data
     * @param registry where to register them
     * @param tags tags added to every meter, besides {@code shared}
     * @param <S> the type of shared data
     * @return the shared data
     */
    public static <S extends SharedData<?>> S bind(S shared, MeterRegistry registry, Iterable<Tag> tags) {
        binder(shared, tags).bindTo(Objects.requireNonNull(registry, "registry"));
        return shared;
    }

    /**
     * Registers the mutable shared data's meters.
     *
     * @param shared the mutable shared data
     * @param registry where to register them
     * @param tags tags added to every meter, besides {@code shared}
     * @param <S> the type of mutable shared data
     * @return the mutable shared data
     */
    public static <S extends MutableSharedData<?>> S bind(S shared, MeterRegistry registry, Iterable<Tag> tags) {
        binder(shared, tags).bindTo(Objects.requireNonNull(registry, "registry"));
        return shared;
    }

    /**
     * Registers the configuration's meters.
     *
     * @param config the configuration
     * @param registry where to register them
     * @param tags tags added to every meter, besides {@code config}
     * @param <D> the type of configuration
     * @return the configuration
     */
    public static <D extends ConfigData<?>> D bind(D config, MeterRegistry registry, Iterable<Tag> tags) {
        binder(config, tags).bindTo(Objects.requireNonNull(registry, "registry"));
        return config;
    }

    /**
     * Binds what an instance reaches by itself: the meters of its own {@link
     * MemoryUtilities#resources() resource registry} (in which its pools, caches and mappings are
     * registered), and its {@link MicrometerMonitor}, when it has one, to {@code registry}, so that
     * its events count there from now on. The instance lists neither its pools nor its caches:
     * bind those one by one.
     *
     * @param memory the instance
     * @param registry where to register the meters and count the events
     * @param tags tags added to every meter
     * @return whether the instance has a {@link MicrometerMonitor}, now counting in {@code registry}
     */
    public static boolean bind(MemoryUtilities memory, MeterRegistry registry, Iterable<Tag> tags) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(registry, "registry");
        bind(memory.resources(), registry, tags);
        return memory.monitor(MicrometerMonitor.class).map(m -> {
            m.bindTo(registry);
            return true;
        }).orElse(false);
    }

    // -- the meters

    /** What this class bound to each registry, by first meter name and tags; weakly, as registries come and go. */
    private static final Map<MeterRegistry, Set<List<Object>>> BINDINGS =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * Whether the registry has the meter of that name and those tags: then the component (or
     * another of the same name) is bound already, and registering again would only make Micrometer
     * warn about gauges it ignores. A meter with exactly those tags is one; so is one with more,
     * when this class bound it with those tags (the registry's common tags and filters add tags of
     * their own); a meter with more tags bound by anyone else is another's. Records the binding
     * that follows a {@code false}.
     */
    private static boolean bound(MeterRegistry registry, Set<List<Object>> ours, String name, Tags tags) {
        List<Object> binding = List.of(name, tags);
        boolean found = registry.find(name).tags(tags).meters().stream().anyMatch(m -> ours.contains(binding)
                || m.getId().getTags().size() == tags.stream().count());
        if (!found) {
            ours.add(binding);
        }
        return found;
    }

    /**
     * Registers a component's meters unless it is {@linkplain #bound bound} already, the check and
     * the registration under one lock per registry: checked, then done, two threads binding one
     * component together both found it unbound, and both registered.
     *
     * @param name the first meter's name, which stands for them all
     */
    private static void once(MeterRegistry registry, String name, Tags tags, Runnable register) {
        Set<List<Object>> ours = BINDINGS.computeIfAbsent(registry, r -> ConcurrentHashMap.newKeySet());
        synchronized (ours) {
            if (!bound(registry, ours, name, tags)) {
                Set<Meter> before = new HashSet<>(registry.getMeters());
                try {
                    register.run();
                } catch (RuntimeException | Error e) {
                    // A registry that refused a meter part way (a filter that throws): what was registered
                    // goes, so that a later bind starts over instead of finding the first meter and stopping.
                    ours.remove(List.of(name, tags));
                    for (Meter m : registry.getMeters()) {
                        if (!before.contains(m)) {
                            registry.remove(m);
                        }
                    }
                    throw e;
                }
            }
        }
    }

    private static void bindPool(Pool<?> pool, MeterRegistry registry, Tags tags) {
        once(registry, "patinox.pool.pending", tags, () -> registerPool(pool, registry, tags));
    }

    private static void registerPool(Pool<?> pool, MeterRegistry registry, Tags tags) {
        poolGauge("patinox.pool.connections", "Connections borrowed by holders", pool, PoolStats::active,
                registry, tags.and("state", "active"));
        poolGauge("patinox.pool.connections", "Connections waiting in the pool", pool, PoolStats::idle,
                registry, tags.and("state", "idle"));
        poolGauge("patinox.pool.connections", "Connections being created, counted against the maximum size",
                pool, PoolStats::creating, registry, tags.and("state", "creating"));
        poolGauge("patinox.pool.pending", "Callers waiting for a connection", pool, PoolStats::pending,
                registry, tags);
        Gauge.builder("patinox.pool.connections.min", pool, p -> p.config().minSize())
                .description("The minimum size of the pool").baseUnit("connections").tags(tags).register(registry);
        Gauge.builder("patinox.pool.connections.max", pool, p -> p.config().maxSize())
                .description("The maximum size of the pool").baseUnit("connections").tags(tags).register(registry);
        poolCounter("patinox.pool.connections.created", "Connections created", pool, PoolStats::created,
                registry, tags);
        poolCounter("patinox.pool.connections.destroyed", "Connections destroyed", pool, PoolStats::destroyed,
                registry, tags);
        poolCounter("patinox.pool.connections.creation.failures", "Creations that failed or took too long", pool,
                PoolStats::creationFailures, registry, tags);
        poolCounter("patinox.pool.connections.validation.failures", "Validations that failed", pool,
                PoolStats::validationFailures, registry, tags);
        poolCounter("patinox.pool.connections.leaks", "Connections held past the leak-detection threshold", pool,
                PoolStats::leaksSuspected, registry, tags);
        poolCounter("patinox.pool.acquire.timeouts", "Acquires that failed for their deadline", pool,
                PoolStats::timeouts, registry, tags);
        FunctionTimer.builder("patinox.pool.acquire", pool, p -> p.stats().acquired(),
                        p -> p.stats().totalAcquireWait().toNanos(), TimeUnit.NANOSECONDS)
                .description("Successful acquires and the time they waited for a connection")
                .tags(tags).register(registry);
        TimeGauge.builder("patinox.pool.acquire.max", pool, TimeUnit.NANOSECONDS,
                        p -> p.stats().maxAcquireWait().toNanos())
                .description("The longest time one successful acquire waited")
                .tags(tags).register(registry);
    }

    private static void poolGauge(String name, String description, Pool<?> pool, ToDoubleFunction<PoolStats> value,
                                  MeterRegistry registry, Tags tags) {
        Gauge.builder(name, pool, p -> value.applyAsDouble(p.stats()))
                .description(description).baseUnit(name.endsWith("pending") ? "callers" : "connections")
                .tags(tags).register(registry);
    }

    private static void poolCounter(String name, String description, Pool<?> pool, ToDoubleFunction<PoolStats> value,
                                    MeterRegistry registry, Tags tags) {
        FunctionCounter.builder(name, pool, p -> value.applyAsDouble(p.stats()))
                .description(description).tags(tags).register(registry);
    }

    /**
     * @return the cache's entries; none once it is closed, whose {@code size()} refuses, so that
     *     the gauge reads as a closed pool's do rather than warn and read {@code NaN}
     */
    private static double sizeOf(Cache<?, ?> cache) {
        try {
            return cache.size();
        } catch (RuntimeException e) {
            if (cache.isClosed()) {
                return 0;
            }
            throw e;
        }
    }

    private static void bindCache(Cache<?, ?> cache, MeterRegistry registry, Tags tags) {
        once(registry, "cache.size", tags, () -> registerCache(cache, registry, tags));
    }

    private static void registerCache(Cache<?, ?> cache, MeterRegistry registry, Tags tags) {
        Gauge.builder("cache.size", cache, PatinoxMetrics::sizeOf)
                .description("The number of entries in this cache").tags(tags).register(registry);
        cacheCounter("cache.gets", "Lookups that found a live entry", cache, CacheStats::hitCount,
                registry, tags.and("result", "hit"));
        cacheCounter("cache.gets", "Lookups that found no entry", cache, CacheStats::missCount,
                registry, tags.and("result", "miss"));
        cacheCounter("cache.evictions", "Entries evicted for the cache's bound", cache, CacheStats::evictionCount,
                registry, tags);
        cacheCounter("cache.eviction.weight", "The weight of the entries evicted for the bound", cache,
                CacheStats::evictionWeight, registry, tags);
        cacheCounter("cache.expirations", "Entries removed for expiry", cache, CacheStats::expirationCount,
                registry, tags);
        cacheCounter("cache.load", "Loads that returned a value", cache, CacheStats::loadSuccessCount,
                registry, tags.and("result", "success"));
        cacheCounter("cache.load", "Loads that threw", cache, CacheStats::loadFailureCount,
                registry, tags.and("result", "failure"));
        TimeGauge.builder("cache.load.duration", cache, TimeUnit.NANOSECONDS, c -> c.stats().totalLoadTimeNanos())
                .description("The time the cache has spent loading new values").tags(tags).register(registry);
        FunctionTimer.builder("patinox.cache.load", cache,
                        c -> {
                            CacheStats s = c.stats();
                            return s.loadSuccessCount() + s.loadFailureCount();
                        },
                        c -> c.stats().totalLoadTimeNanos(), TimeUnit.NANOSECONDS)
                .description("Loads, successful or not, and the time they took")
                .tags(tags).register(registry);
    }

    private static void cacheCounter(String name, String description, Cache<?, ?> cache,
                                     ToDoubleFunction<CacheStats> value, MeterRegistry registry, Tags tags) {
        FunctionCounter.builder(name, cache, c -> value.applyAsDouble(c.stats()))
                .description(description).tags(tags).register(registry);
    }

    private static void bindResources(ResourceRegistry resources, MeterRegistry registry, Tags tags) {
        once(registry, "patinox.resources.active", tags, () -> registerResources(resources, registry, tags));
    }

    private static void registerResources(ResourceRegistry resources, MeterRegistry registry, Tags tags) {
        Gauge.builder("patinox.resources.active", resources, r -> r.stats().active())
                .description("Resources registered and not yet handed to their cleanup").baseUnit("resources")
                .tags(tags).register(registry);
        resourceCounter("patinox.resources.registered", "Resources registered", resources,
                ResourceStats::registered, registry, tags);
        resourceCounter("patinox.resources.cleanups", "Cleanups that completed", resources,
                ResourceStats::cleaned, registry, tags.and("result", "cleaned"));
        resourceCounter("patinox.resources.cleanups", "Cleanups that threw or failed", resources,
                ResourceStats::failed, registry, tags.and("result", "failed"));
        resourceCounter("patinox.resources.cleanups", "Cleanups that did not complete within the cleanup timeout",
                resources, ResourceStats::timedOut, registry, tags.and("result", "timed-out"));
        resourceCounter("patinox.resources.leaked", "Guards dropped unclosed, whose resources the safety net cleaned",
                resources, ResourceStats::leaked, registry, tags);
    }

    private static void resourceCounter(String name, String description, ResourceRegistry resources,
                                        ToDoubleFunction<ResourceStats> value, MeterRegistry registry, Tags tags) {
        FunctionCounter.builder(name, resources, r -> value.applyAsDouble(r.stats()))
                .description(description).tags(tags).register(registry);
    }

    private static <S> void bindSharing(S shared, ToDoubleFunction<S> reads, ToDoubleFunction<S> writes,
                                        ToDoubleFunction<S> retries, MeterRegistry registry, Tags tags) {
        once(registry, "patinox.shared.writes", tags, () -> registerSharing(shared, reads, writes, retries, registry, tags));
    }

    private static <S> void registerSharing(S shared, ToDoubleFunction<S> reads, ToDoubleFunction<S> writes,
                                            ToDoubleFunction<S> retries, MeterRegistry registry, Tags tags) {
        FunctionCounter.builder("patinox.shared.reads", shared, reads)
                .description("Reads, counted only when the shared data records them").tags(tags).register(registry);
        FunctionCounter.builder("patinox.shared.writes", shared, writes)
                .description("Writes that took effect").tags(tags).register(registry);
        FunctionCounter.builder("patinox.shared.retries", shared, retries)
                .description("Update functions run again because another write came in between")
                .tags(tags).register(registry);
    }
}
