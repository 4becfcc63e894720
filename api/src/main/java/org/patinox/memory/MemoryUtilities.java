package org.patinox.memory;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.internal.MemoryRuntime;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceRegistry;

import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharedData;
import org.patinox.memory.spi.BlockingConnectionManager;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.Monitor;

/**
 * The entry point: an open instance of Patinox Memory on one implementation, owning the background
 * work that its components share (one scheduler thread, and virtual threads for work that may
 * block).
 *
 * <pre>{@code
 * try (MemoryUtilities memory = MemoryUtilities.open()) {
 *     System.out.println(memory.provider().name());
 * }
 * }</pre>
 *
 * <p>An instance is thread-safe. {@link #close()} stops its background work, closes the monitors
 * it created, and returns only once no thread of its own is left running (unless it is called
 * from one of them: see {@link #close()}).
 *
 * <p>The pools, caches and mappings an instance makes are resources of {@link #resources()}, listed
 * by its {@code active()} while open. Close each when done with it. The instance closes those still
 * open when it closes; but one the application drops without closing it (keeps no reference to) is
 * not kept open until then: once the garbage collector has found it unreachable, the instance's
 * safety net reports it as leaked (a {@code RESOURCE_LEAKED} event, a {@code WARNING} on the {@code
 * org.patinox.memory.resource} logger, {@code resources().stats().leaked()}) and closes it, a pool's
 * connections destroyed, while the instance stays open. When that happens depends on the collector.
 *
 * <p>Every method that makes a component refuses a closed instance first, with an {@link
 * IllegalStateException} saying it is closed, before it looks at its arguments or settings.
 */
public interface MemoryUtilities extends AutoCloseable {

    /**
     * Opens an instance configured by the {@code patinox.memory.*} system properties.
     *
     * @return a new open instance
     * @throws ConfigException when a system property is invalid or no implementation can be found
     */
    static MemoryUtilities open() {
        return open(UtilityConfig.fromSystemProperties());
    }

    /**
     * Opens an instance. The implementation is the one {@link UtilityConfig#provider()} names, else
     * the one the system property {@value UtilityConfig#PROVIDER} names, else the one of highest
     * priority among those found by {@link java.util.ServiceLoader}.
     *
     * @param config the configuration
     * @return a new open instance
     * @throws ConfigException when no implementation is found, or none by the name asked for; the
     *     message lists those found and the artifact to add
     */
    static MemoryUtilities open(UtilityConfig config) {
        return MemoryRuntime.open(config);
    }

    /** @return the instance's name, unique in this JVM, which prefixes its threads and events */
    String name();

    /** @return the implementation in use and why it was chosen */
    ProviderSelection provider();

    /** @return the configuration the instance was opened with */
    UtilityConfig config();

    /**
     * The monitor every component of this instance reports to: the combination of the
     * implementation's own, those found through {@link org.patinox.memory.spi.MonitorProvider},
     * and those in the configuration. Its {@link Monitor#isEnabled} is a single array read, so that
     * hot paths can ask it before building an event.
     *
     * @return the combined monitor; recording on it after close is ignored
     */
    Monitor monitor();

    /**
     * The monitors behind {@link #monitor()}, one by one: those in the configuration, in the order
     * given, then the implementation's own, then one for each {@link
     * org.patinox.memory.spi.MonitorProvider} that made one, in the order {@link
     * java.util.ServiceLoader} found them. This is how the application reaches a monitor a provider
     * made (to read its counters, or to hand it to a metrics registry) without JMX.
     *
     * @return the monitors, unmodifiable; after {@link #close()} the same list, in which the monitors
     *     this instance made (its implementation's and its providers') are closed and those of the
     *     configuration are left open, theirs to close
     * @see #monitor(Class)
     */
    List<Monitor> monitors();

    /**
     * The first of {@link #monitors()} of the given type: {@code
     * memory.monitor(MicrometerMonitor.class).ifPresent(m -> m.bindTo(registry))}.
     *
     * @param type a class or interface a monitor implements; not necessarily a {@link Monitor}
     * @param <M> the type asked for
     * @return the monitor, or empty when none is of that type
     */
    <M> Optional<M> monitor(Class<M> type);

    /**
     * Opens a pool of connections made by the manager. The instance closes the pool when it
     * closes, if the caller has not; a pool dropped unclosed is reported as leaked and closed
     * earlier, by the safety net, while the instance stays open (see the class description).
     *
     * @param manager creates, checks and destroys the connections
     * @param config the pool's configuration; an empty name is replaced by {@code <instance>-pool-<n>}
     * @param <C> the type of connection
     * @return the open pool
     * @throws IllegalStateException when this instance is closed
     */
    <C> Pool<C> pool(ConnectionManager<C> manager, PoolConfig config);

    /**
     * Opens a pool of connections made by blocking code: the manager's methods return their result
     * and may throw any exception (see {@link BlockingConnectionManager} for its contract). The pool
     * runs them on this instance's virtual threads, bounds them as it bounds the asynchronous form's,
     * and reports what they throw as it reports a failed stage: a checked exception from {@code
     * create} is the cause of a later acquire timeout, as thrown. The instance closes the pool when
     * it closes, if the caller has not; a pool dropped unclosed is reported as leaked and closed
     * earlier, by the safety net, while the instance stays open (see the class description).
     *
     * @param manager creates, checks, resets and destroys the connections, blocking
     * @param config the pool's configuration; an empty name is replaced by {@code <instance>-pool-<n>}
     * @param <C> the type of connection
     * @return the open pool
     * @throws IllegalStateException when this instance is closed
     */
    <C> Pool<C> pool(BlockingConnectionManager<C> manager, PoolConfig config);

    /**
     * Opens a pool for a connection URL, through the {@link
     * org.patinox.memory.spi.ConnectionManagerProvider} found for its scheme.
     *
     * @param url a connection URL, such as {@code jdbc:h2:mem:app}
     * @param connectionProperties properties for the manager, such as {@code user} and {@code password};
     *     {@code null} for none
     * @param connectionType the type of connection expected
     * @param config the pool's configuration
     * @param <C> the type of connection
     * @return the open pool
     * @throws ConfigException when no provider accepts the URL or its connections are not of the
     *     type expected
     * @throws IllegalStateException when this instance is closed
     */
    <C> Pool<C> pool(String url, Properties connectionProperties, Class<C> connectionType, PoolConfig config);

    /**
     * Opens a pool for a connection URL without connection properties, typed by the connection
     * type the caller expects: {@code Pool<Connection> p = memory.pool("jdbc:h2:mem:app",
     * Connection.class, config)}.
     *
     * @param url a connection URL, such as {@code jdbc:h2:mem:app}
     * @param connectionType the type of connection expected; a supertype of the provider's
     *     connection type fits
     * @param config the pool's configuration
     * @param <C> the type of connection
     * @return the open pool
     * @throws ConfigException when no provider accepts the URL, or when the provider found makes
     *     connections of a type that is not {@code connectionType} or a subtype of it; the message
     *     names the provider, the URL's scheme and both types
     * @throws IllegalStateException when this instance is closed
     * @see #pool(String, Properties, Class, PoolConfig)
     */
    <C> Pool<C> pool(String url, Class<C> connectionType, PoolConfig config);

    /**
     * Opens a pool for a connection URL whose connection type the caller need not name.
     *
     * @param url a connection URL
     * @param config the pool's configuration
     * @return the open pool
     * @throws ConfigException when no provider accepts the URL
     * @throws IllegalStateException when this instance is closed
     * @see #pool(String, Properties, Class, PoolConfig)
     */
    Pool<?> pool(String url, PoolConfig config);

    /**
     * Makes a cache. Its eviction strategy comes from the configuration's {@link
     * org.patinox.memory.cache.EvictionPolicy}: a built-in one, one found through {@link
     * org.patinox.memory.spi.EvictionStrategyProvider} by name, or the user's; or, when the
     * configuration names a {@link org.patinox.memory.cache.CacheConfig#backend() backend}, the
     * whole cache comes from that {@link org.patinox.memory.spi.CacheBackendProvider}. The instance
     * closes the cache when it closes, if the caller has not; a cache dropped unclosed is reported as
     * leaked and closed earlier, by the safety net, while the instance stays open (see the class
     * description).
     *
     * @param config the cache's configuration; an empty name is replaced by {@code <instance>-cache-<n>}
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return the open cache
     * @throws ConfigException when no strategy or backend has the name asked for, when two have it,
     *     or when the strategy or backend refuses the configuration
     * @throws IllegalStateException when this instance is closed
     */
    <K, V> Cache<K, V> cache(CacheConfig<K, V> config);

    /**
     * Maps a file into memory; see {@link org.patinox.memory.mapping.MappedFile}. The mapping is
     * a resource of {@link #resources()}: the instance unmaps it when it closes, if the caller has
     * not, and a mapping dropped unclosed is reported as leaked and unmapped (a {@link
     * org.patinox.memory.mapping.MappingConfig.Arena#CONFINED confined} mapping only on the thread
     * that opened it; from another thread its cleanup fails, is reported, and it stays mapped
     * until its opener closes it).
     *
     * @param file the file
     * @param config how to open and map it; an empty name is replaced by {@code <instance>-mapping-<n>}
     * @return the open mapping
     * @throws MappingException of kind {@link MappingException.Kind#IO} when the file cannot be
     *     opened, grown or mapped (its parent directory missing, for one: no mode creates
     *     directories), or is not a regular file: a directory, FIFO, device or socket is refused
     *     before it is opened, so that a FIFO never blocks the call; or when the JVM's open mappings
     *     already hold as many mappings as they may (see {@link
     *     org.patinox.memory.mapping.MappedFile#grow(long)}); a file this call created is
     *     removed then
     * @throws IllegalStateException when this instance is closed
     */
    org.patinox.memory.mapping.MappedFile map(java.nio.file.Path file, org.patinox.memory.mapping.MappingConfig config);

    /** @return whether {@link #close()} has been called */
    boolean isClosed();

    /**
     * Closes the caches and pools this instance opened and still open, then stops the background work, waiting up to {@link UtilityConfig#shutdownTimeout()} for running
     * tasks before interrupting them, then closes the monitors this instance created. Idempotent:
     * a second call, from any thread, returns once the first has finished.
     *
     * <p>Called from one of the instance's own threads (a configuration's subscriber, a cache's
     * refresh, a file's parser, a blocking connection manager), it cannot wait for that thread: it
     * starts the close, which {@link #isClosed()} then reports, and returns at once; the close
     * finishes on another thread once the callback has returned. A second call from such a thread
     * returns at once too, and so does one made from inside the close itself, on the closing thread
     * (a monitor told {@code UTILITIES_CLOSED}, a resource of {@link #resources()} being closed): the
     * close goes on once it returns.
     */
    @Override
    void close();

    /**
     * The instance's own resource registry, named {@code <instance>-resources}, of the default
     * {@link ResourceConfig}: the pools and caches this instance opened are registered in it (so {@link
     * ResourceRegistry#active()} lists those still open, and one dropped unclosed is reported as
     * leaked), and so may the application's own resources be. Closing the instance cleans it up.
     *
     * @return the instance's registry
     * @throws IllegalStateException when this instance is closed
     */
    ResourceRegistry resources();

    /**
     * Makes a resource registry of its own configuration, which the instance closes when it closes,
     * if the caller has not.
     *
     * @param config the registry's configuration; an empty name is replaced by {@code <instance>-resources-<n>}
     * @return the open registry
     * @throws IllegalStateException when this instance is closed
     */
    ResourceRegistry resources(ResourceConfig config);

    /**
     * Shares an immutable value between threads as snapshots, replaced whole by copy-on-write.
     *
     * @param initial the first snapshot, never {@code null}
     * @param config its name and counting; an empty name is replaced by {@code <instance>-shared-<n>}
     * @param <T> the type of the value, immutable
     * @return the shared data
     * @throws IllegalStateException when this instance is closed
     */
    <T> SharedData<T> shared(T initial, ShareConfig config);

    /**
     * Same as {@link #shared(Object, ShareConfig)} with {@link ShareConfig#defaults()}.
     *
     * @param initial the first snapshot, never {@code null}
     * @param <T> the type of the value, immutable
     * @return the shared data
     */
    default <T> SharedData<T> shared(T initial) {
        return shared(initial, ShareConfig.defaults());
    }

    /**
     * Shares mutable state between threads, reached only through callbacks. The implementation
     * calls the factory once or twice: {@code lockfree} keeps two copies (see {@link
     * MutableSharedData}); each call must return a new, equal state.
     *
     * @param factory makes the initial state; never returns {@code null} nor the same object twice
     * @param config its name and counting; an empty name is replaced by {@code <instance>-shared-<n>}
     * @param <T> the type of the state
     * @return the shared state
     * @throws IllegalStateException when this instance is closed, or when the factory returns the
     *     same object twice
     */
    <T> MutableSharedData<T> mutableShared(Supplier<? extends T> factory, ShareConfig config);

    /**
     * Same as {@link #mutableShared(Supplier, ShareConfig)} with {@link ShareConfig#defaults()}.
     *
     * @param factory makes the initial state; never returns {@code null} nor the same object twice
     * @param <T> the type of the state
     * @return the shared state
     */
    default <T> MutableSharedData<T> mutableShared(Supplier<? extends T> factory) {
        return mutableShared(factory, ShareConfig.defaults());
    }

    /**
     * The implementation's best concurrent map, today a {@link java.util.concurrent.ConcurrentHashMap}
     * in both. Unlike a bare one, a mapping function ({@code compute}, {@code computeIfAbsent},
     * {@code computeIfPresent}, {@code merge}) that updates the same map through its own methods
     * ({@code put}, {@code remove}, {@code clear}, {@code compute} ...) is a clear error: an {@link
     * IllegalStateException}, thrown before anything is changed, where a bare {@code ConcurrentHashMap}
     * may corrupt itself, loop or deadlock two such threads. Its views ({@code keySet()}, {@code
     * values()}, {@code entrySet()}, their iterators and entries) are the bare map's and not checked:
     * an update through them from a mapping function is the caller's error, as with a bare {@code
     * ConcurrentHashMap}. Reading the map from a mapping function is allowed. Null keys and values
     * are refused, as by {@code ConcurrentHashMap}.
     *
     * @param <K> the type of keys
     * @param <V> the type of values
     * @return a new empty map
     * @throws IllegalStateException when this instance is closed
     */
    <K, V> ConcurrentMap<K, V> concurrentMap();

    /**
     * Makes a versioned configuration whose first version is {@code initial}. The instance closes
     * it when it closes, if the caller has not.
     *
     * @param initial the first version's value, which must pass the validators
     * @param config its name and file reloading; an empty name is replaced by {@code <instance>-config-<n>}
     * @param validators every rule a value must keep, run in order on each update
     * @param <T> the type of the configuration, immutable
     * @return the configuration at version 1
     * @throws ConfigException when {@code initial} fails a validator
     * @throws NullPointerException when an argument or a validator is {@code null}; the message names
     *     it, a validator by its index ({@code validators[1]})
     * @throws IllegalStateException when this instance is closed
     */
    <T> ConfigData<T> config(T initial, ShareConfig config, List<? extends ConfigData.Validator<? super T>> validators);

    /**
     * Same as {@link #config(Object, ShareConfig, List)} with {@link ShareConfig#defaults()}.
     *
     * @param initial the first version's value, which must pass the validators
     * @param validators every rule a value must keep
     * @param <T> the type of the configuration, immutable
     * @return the configuration at version 1
     */
    default <T> ConfigData<T> config(T initial, List<? extends ConfigData.Validator<? super T>> validators) {
        return config(initial, ShareConfig.defaults(), validators);
    }

    /**
     * Same as {@link #config(Object, ShareConfig, List)} with {@link ShareConfig#defaults()} and no
     * validator.
     *
     * @param initial the first version's value
     * @param <T> the type of the configuration, immutable
     * @return the configuration at version 1
     */
    default <T> ConfigData<T> config(T initial) {
        return config(initial, ShareConfig.defaults(), List.of());
    }
}
