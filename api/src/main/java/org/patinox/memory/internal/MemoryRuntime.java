package org.patinox.memory.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.CleanupException;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.spi.AsyncCleanupProvider;

import org.patinox.memory.share.ConfigData;
import org.patinox.memory.share.MutableSharedData;
import org.patinox.memory.share.ShareConfig;
import org.patinox.memory.share.SharedData;
import org.patinox.memory.spi.BlockingConnectionManager;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.ConnectionManagerProvider;
import org.patinox.memory.spi.MemoryProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.spi.ProviderContext;

/** The {@link MemoryUtilities} every implementation runs in: it owns the background work. */
public final class MemoryRuntime implements MemoryUtilities {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    // After the grace period, interrupted tasks get this long to notice before close gives up on them.
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(1);
    /** What follows the instance's name in the names of its virtual threads, numbered from 0. */
    private static final String WORKER = "-worker-";

    private final String name;
    private final UtilityConfig config;
    private final ProviderSelection selection;
    private final ScheduledThreadPoolExecutor scheduler;
    // An executor counts as terminated a moment before its last thread has exited; close joins them.
    private final List<Thread> schedulerThreads;
    private final ExecutorService blocking;
    private final CombinedMonitor monitor;
    private final Context context;
    private final AtomicInteger poolNumbers = new AtomicInteger();
    private final AtomicInteger cacheNumbers = new AtomicInteger();
    /** The instance's registry: its pools and caches are registered there, and closed through it. */
    private final ResourceRegistry resources;
    private final List<AsyncCleanupProvider> cleanupProviders;
    private final Set<ResourceRegistry> registries = ConcurrentHashMap.newKeySet();
    private final AtomicInteger registryNumbers = new AtomicInteger();
    private final MemoryProvider provider;
    private final AtomicInteger mappingNumbers = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** The thread doing the work of {@link #close()}, for a close made from inside it; see {@link #close()}. */
    private volatile Thread closingThread;
    private final Set<ConfigData<?>> configs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sharedNumbers = new AtomicInteger();
    private final AtomicInteger configNumbers = new AtomicInteger();

    private record Context(String name, UtilityConfig config, ScheduledExecutorService scheduler,
                           ExecutorService blockingExecutor) implements ProviderContext {
    }

    private MemoryRuntime(Context context, ProviderResolver.Choice choice, ScheduledThreadPoolExecutor scheduler,
                          List<Thread> schedulerThreads, CombinedMonitor monitor, List<AsyncCleanupProvider> cleanups,
                          ResourceRegistry resources) {
        this.context = context;
        this.name = context.name();
        this.config = context.config();
        this.provider = choice.provider();
        this.selection = choice.selection();
        this.scheduler = scheduler;
        this.schedulerThreads = schedulerThreads;
        this.blocking = context.blockingExecutor();
        this.monitor = monitor;
        this.cleanupProviders = cleanups;
        this.resources = resources;
    }

    /**
     * Resolves the implementation and starts the background work; see {@link MemoryUtilities#open}.
     *
     * @param config the configuration
     * @return the open instance
     */
    public static MemoryUtilities open(UtilityConfig config) {
        return start(config, ProviderResolver.resolve(config), ProviderResolver.load(MonitorProvider.class).providers());
    }

    static MemoryRuntime start(UtilityConfig config, ProviderResolver.Choice choice, List<MonitorProvider> monitorProviders) {
        String name = "patinox-memory-" + INSTANCES.incrementAndGet();

        List<Thread> schedulerThreads = new CopyOnWriteArrayList<>();
        ThreadFactory platform = Thread.ofPlatform().name(name + "-scheduler").daemon(true).factory();
        ScheduledThreadPoolExecutor scheduler = new LibraryScheduler(task -> {
            Thread t = platform.newThread(task);
            schedulerThreads.add(t);
            return t;
        });
        scheduler.prestartCoreThread();
        ExecutorService blocking = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(name + WORKER, 0).factory());
        Context context = new Context(name, config, scheduler, blocking);

        List<Monitor> owned = new ArrayList<>();
        try {
            guarded("the monitor of provider " + choice.selection().name(), context,
                    choice.provider()::createMonitor).ifPresent(owned::add);
            for (MonitorProvider p : monitorProviders) {
                String what = "monitor provider " + named(p::name) + " (" + p.getClass().getName() + ")";
                guarded(what, context, p::create).ifPresent(m -> {
                    owned.add(m);
                    // Reported as the implementation's choice is: at DEBUG, by name.
                    ProviderResolver.LOG.log(System.Logger.Level.DEBUG, () -> name + " installs the monitor of " + what);
                });
            }
        } catch (RuntimeException | Error e) {
            // Nothing may outlive a failed open: no thread, no monitor.
            owned.forEach(Monitor::close);
            scheduler.shutdownNow();
            blocking.shutdownNow();
            throw e;
        }
        CombinedMonitor combined = new CombinedMonitor(config.monitors(), owned);
        List<AsyncCleanupProvider> cleanups = ProviderResolver.load(AsyncCleanupProvider.class).providers();
        ResourceRegistry resources;
        try {
            resources = choice.provider().createRegistry(ResourceConfig.builder().name(name + "-resources").build(),
                    cleanups, context, combined);
        } catch (RuntimeException | Error e) {
            owned.forEach(Monitor::close);
            scheduler.shutdownNow();
            blocking.shutdownNow();
            throw e;
        }
        MemoryRuntime runtime = new MemoryRuntime(context, choice, scheduler, schedulerThreads, combined, cleanups,
                resources);
        runtime.lifecycle(EventKind.UTILITIES_OPENED, "provider", choice.selection().name(),
                "reason", choice.selection().reason());
        return runtime;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderSelection provider() {
        return selection;
    }

    @Override
    public UtilityConfig config() {
        return config;
    }

    @Override
    public Monitor monitor() {
        return monitor;
    }

    @Override
    public List<Monitor> monitors() {
        return monitor.members();
    }

    @Override
    public <M> Optional<M> monitor(Class<M> type) {
        Objects.requireNonNull(type, "type");
        return monitor.members().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    @Override
    public <C> Pool<C> pool(ConnectionManager<C> manager, PoolConfig poolConfig) {
        // Closed comes first, before any argument or setting is looked at: it is what the caller must hear.
        requireOpen();
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(poolConfig, "config");
        return open(manager, named(poolConfig));
    }

    @Override
    public <C> Pool<C> pool(BlockingConnectionManager<C> manager, PoolConfig poolConfig) {
        requireOpen();
        Objects.requireNonNull(manager, "manager");
        Objects.requireNonNull(poolConfig, "config");
        PoolConfig named = named(poolConfig);
        return open(new BlockingManagerAdapter<>(manager, blocking, named.validationTimeout(), named.name()), named);
    }

    private PoolConfig named(PoolConfig poolConfig) {
        return poolConfig.name().isEmpty()
                ? poolConfig.toBuilder().name(name + "-pool-" + poolNumbers.incrementAndGet()).build()
                : poolConfig;
    }

    private <C> Pool<C> open(ConnectionManager<C> manager, PoolConfig named) {
        Pool<C> made = whileOpen(() -> provider.createPool(manager, named, context, monitor));
        // Registered, so that resources().active() lists it and a pool dropped unclosed is reported
        // as leaked; only the handed-out wrapper holds the guard. A registry already closed
        // closes the pool at once and refuses it.
        ResourceGuard<Pool<C>> guard = registerOwned(made, CLOSE_POOL);
        return new OwnedPool<>(made, p -> closeOwnedPool(made, guard));
    }

    /**
     * Closes a pool on this thread, then its guard without waiting. The guard's cleanup runs on
     * another thread, which cannot tell a close made from inside one of the pool's own callbacks:
     * it would wait for that callback, and the callback for it, until the cleanup timeout. On this
     * thread the pool tells it, shuts and returns at once (finishing on another thread once the
     * callback returns); the cleanup's close, after either, only confirms it.
     */
    private static void closeOwnedPool(Pool<?> pool, ResourceGuard<?> guard) {
        try {
            pool.close();
        } finally {
            guard.closeAsync();
        }
    }

    private static final AsyncCleanup<Pool<?>> CLOSE_POOL = AsyncCleanup.blocking(Pool::close);
    /**
     * A cache's close does not block, and runs on the thread that closes it, as it did before caches
     * were resources: a removal listener that closes its cache runs where the backend (Caffeine)
     * holds its eviction lock, and a close handed to another thread would wait for that lock, held
     * by the thread waiting for the close.
     */
    private static final AsyncCleanup<Cache<?, ?>> CLOSE_CACHE = cache -> {
        cache.close();
        return CompletableFuture.completedFuture(null);
    };

    private <R> ResourceGuard<R> registerOwned(R made, AsyncCleanup<? super R> cleanup) {
        try {
            return resources.register(made, cleanup);
        } catch (CleanupException closedMeanwhile) {
            throw new IllegalStateException(name + " is closed", closedMeanwhile);
        }
    }

    /** Closes a pool or cache through its guard, and throws what its close threw, as before it was a resource. */
    private static void closeOwned(ResourceGuard<?> guard) {
        try {
            guard.close();
        } catch (CleanupException e) {
            if (e.kind() == CleanupException.Kind.FAILED && e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.kind() == CleanupException.Kind.FAILED && e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public <C> Pool<C> pool(String url, Properties connectionProperties, Class<C> connectionType, PoolConfig poolConfig) {
        requireOpen();
        Objects.requireNonNull(connectionType, "connectionType");
        return pool(manager(connectionManagerProvider(url), url, connectionProperties, connectionType), poolConfig);
    }

    @Override
    public <C> Pool<C> pool(String url, Class<C> connectionType, PoolConfig poolConfig) {
        requireOpen();
        return pool(url, new Properties(), connectionType, poolConfig);
    }

    @Override
    public Pool<?> pool(String url, PoolConfig poolConfig) {
        requireOpen();
        return pool(url, new Properties(), madeType(connectionManagerProvider(url), url), poolConfig);
    }

    @Override
    public <K, V> Cache<K, V> cache(CacheConfig<K, V> cacheConfig) {
        requireOpen();
        Objects.requireNonNull(cacheConfig, "config");
        CacheConfig<K, V> named = cacheConfig.name().isEmpty()
                ? cacheConfig.toBuilder().name(name + "-cache-" + cacheNumbers.incrementAndGet()).build()
                : cacheConfig;
        Cache<K, V> made = whileOpen(() -> named.backend().isEmpty()
                ? provider.createCache(named, CacheFactories.strategy(named), context, monitor)
                : CacheFactories.made(CacheFactories.backend(named.backend()), named, context, monitor));
        ResourceGuard<Cache<K, V>> guard = registerOwned(made, CLOSE_CACHE);
        return new OwnedCache<>(made, c -> closeOwned(guard));
    }

    @Override
    public org.patinox.memory.mapping.MappedFile map(java.nio.file.Path file,
                                                     org.patinox.memory.mapping.MappingConfig mappingConfig) {
        requireOpen();
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(mappingConfig, "config");
        org.patinox.memory.mapping.MappingConfig named = mappingConfig.name().isEmpty()
                ? mappingConfig.toBuilder().name(name + "-mapping-" + mappingNumbers.incrementAndGet()).build()
                : mappingConfig;
        org.patinox.memory.mapping.internal.FileMapping made =
                org.patinox.memory.mapping.internal.FileMapping.open(file, named, monitor);
        // Registered by its close path alone, which never reaches the mapping: only the handed-out
        // mapping (and its slices) hold the guard, so that one dropped unclosed is reported as leaked
        // and unmapped. A registry already closed unmaps it at once, on this thread, and refuses it.
        Runnable closer = made.closer();
        ResourceGuard<MappedFileResource> guard = registerOwned(new MappedFileResource(named.name(), closer),
                CLOSE_MAPPING);
        made.closeThrough(() -> {
            if (guard.isClosed()) {
                // Claimed already: closed (then this is a no-op), or a confined mapping the instance or
                // the safety net could not close from its thread, which its opener closes now.
                closer.run();
            } else {
                closeOwned(guard);
            }
        });
        return made;
    }

    /**
     * A mapping as its instance's registry holds it: its close path and, as its type, which
     * mapping it is (by name; its path may say more than a log should).
     */
    private record MappedFileResource(String name, Runnable closer) implements DescribedResource {
        @Override
        public String resourceType() {
            return org.patinox.memory.mapping.MappedFile.class.getName() + "[" + name + "]";
        }
    }

    /**
     * Unmaps on the cleaning thread and completes at once: a confined arena can be closed by its
     * opener only, which the blocking form (run on a virtual thread) would never be. From another
     * thread, a confined mapping's close fails, the registry reports it, and the mapping stays open.
     */
    private static final AsyncCleanup<MappedFileResource> CLOSE_MAPPING = mapping -> {
        mapping.closer().run();
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    };

    private static ConnectionManagerProvider connectionManagerProvider(String url) {
        Objects.requireNonNull(url, "url");
        return connectionManagerProvider(ProviderResolver.load(ConnectionManagerProvider.class), url);
    }

    /**
     * The provider of the highest priority among those that accept the URL. One that throws when
     * asked whether it accepts it, or its priority, is skipped and reported, never fatal to the
     * others (a plugin that parses every URL it is shown could otherwise fail every pool).
     */
    static ConnectionManagerProvider connectionManagerProvider(ProviderResolver.Loaded<ConnectionManagerProvider> loaded,
                                                               String url) {
        List<String> skipped = new ArrayList<>(loaded.failures());
        List<String> found = new ArrayList<>();
        ConnectionManagerProvider best = null;
        int bestPriority = 0;
        for (ConnectionManagerProvider p : loaded.providers()) {
            boolean accepts;
            int priority;
            try {
                found.add(p.name());
                accepts = p.accepts(url);
                priority = accepts ? p.priority() : 0;
            } catch (RuntimeException | LinkageError e) {
                String failure = p.getClass().getName() + " failed when asked whether it accepts URLs of scheme '"
                        + scheme(url) + "': " + e.getClass().getName();
                skipped.add(failure);
                ProviderResolver.LOG.log(System.Logger.Level.WARNING, "Skipped connection manager provider " + failure);
                continue;
            }
            if (accepts && (best == null || priority > bestPriority)) {
                best = p;
                bestPriority = priority;
            }
        }
        if (best != null) {
            ConnectionManagerProvider chosen = best;
            ProviderResolver.LOG.log(System.Logger.Level.DEBUG, () -> "URLs of scheme '" + scheme(url)
                    + "' go to connection manager provider " + named(chosen::name) + " ("
                    + chosen.getClass().getName() + "), of those found " + found);
        } else {
            String scheme = scheme(url);
            // Without a scheme, "scheme ''" would tell nothing: say what is missing, never the URL itself (a secret).
            String what = !scheme.isEmpty() ? "URLs of scheme '" + scheme + "'"
                    : "the URL, which has no scheme (such as jdbc: in jdbc:h2:mem:app)" + (url.isBlank() ? ": it is blank" : "");
            throw new ConfigException("No connection manager provider accepts " + what + "; found " + found + (skipped.isEmpty() ? "" : ", skipped " + skipped)
                    + ". For jdbc: URLs add org.patinox:patinox-memory-jdbc and the database's JDBC driver.");
        }
        return best;
    }

    /**
     * @return the provider's manager for the URL, its connections checked to be of the type asked
     * @throws ConfigException when they are not, or when the provider tells no type or makes no manager
     */
    static <C> ConnectionManager<C> manager(ConnectionManagerProvider found, String url, Properties connectionProperties,
                                            Class<C> connectionType) {
        Class<?> made = madeType(found, url);
        if (!connectionType.isAssignableFrom(made)) {
            throw new ConfigException("Connection manager provider '" + found.name() + "' makes connections of type "
                    + made.getName() + " for URLs of scheme '" + scheme(url) + "', not " + connectionType.getName());
        }
        @SuppressWarnings("unchecked") // checked against connectionType() just above
        // Null means none: a provider is never handed null, which its SPI does not let it expect.
        ConnectionManager<C> manager = (ConnectionManager<C>) found.create(url,
                connectionProperties == null ? new Properties() : connectionProperties);
        if (manager == null) {
            throw new ConfigException("Connection manager provider '" + found.name() + "' (" + found.getClass().getName()
                    + ") made no manager (null) for URLs of scheme '" + scheme(url) + "'");
        }
        return manager;
    }

    /** @return the type of the connections the provider makes, refused by name when it tells none */
    private static Class<?> madeType(ConnectionManagerProvider provider, String url) {
        Class<?> type = provider.connectionType();
        if (type == null) {
            throw new ConfigException("Connection manager provider '" + provider.name() + "' ("
                    + provider.getClass().getName() + ") tells no connection type (null) for URLs of scheme '"
                    + scheme(url) + "'");
        }
        return type;
    }

    /**
     * The scheme of a URL for messages, never the part that may hold a user or a password: {@code
     * redis} for {@code redis://127.0.0.1:6379}, {@code jdbc:postgresql} for {@code
     * jdbc:postgresql://127.0.0.1/app}, {@code jdbc:h2} for {@code jdbc:h2:mem:app}. A scheme is
     * made of letters, digits, {@code +}, {@code -} and {@code .} (RFC 3986); a second such part
     * ending in a colon is a sub-scheme, as in JDBC, unless the first is followed by {@code //}.
     *
     * @param url a connection URL
     * @return its scheme, or an empty string when it has none
     */
    static String scheme(String url) {
        int first = schemeEnd(url, 0);
        if (first <= 0 || first == url.length() || url.charAt(first) != ':') {
            return "";
        }
        if (url.startsWith("//", first + 1)) {
            return url.substring(0, first);
        }
        int second = schemeEnd(url, first + 1);
        return second > first + 1 && second < url.length() && url.charAt(second) == ':'
                ? url.substring(0, second) : url.substring(0, first);
    }

    /** @return the index of the first character from {@code from} that cannot be in a scheme */
    private static int schemeEnd(String url, int from) {
        int i = from;
        while (i < url.length()) {
            char c = url.charAt(i);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!(letter || (i > from && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Makes a component, which may schedule work on the instance's executors: a close running
     * meanwhile has stopped them, and their refusal is the same error as a call after close.
     */
    private <T> T whileOpen(Supplier<T> make) {
        try {
            return make.get();
        } catch (RejectedExecutionException e) {
            if (closing.get()) {
                throw new IllegalStateException(name + " is closed", e);
            }
            throw e;
        }
    }

    private void requireOpen() {
        if (closing.get()) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    @Override
    public boolean isClosed() {
        return closing.get();
    }

    @Override
    public void close() {
        // A callback of this instance (a subscriber, a refresh, a parser) runs on one of the threads
        // the close waits for: waiting there would last the whole shutdown timeout, or for ever
        // without one. Such a close hands the work to a thread of its own and returns at once.
        boolean own = onOwnThread();
        if (!closing.compareAndSet(false, true)) {
            // A close made from inside the close itself (a monitor told UTILITIES_CLOSED, a resource
            // of the instance's registry) runs on the closing thread: waiting would be for ever.
            if (!own && Thread.currentThread() != closingThread) {
                awaitFirstClose();
            }
            return;
        }
        if (own) {
            Thread.ofPlatform().name(name + "-close").start(this::closeNow);
            return;
        }
        closeNow();
    }

    /** @return whether the calling thread is one of this instance's, which its close waits for */
    private boolean onOwnThread() {
        Thread current = Thread.currentThread();
        // The names are unique in the JVM (see name()), and a look at them costs nothing per task.
        return current.isVirtual() ? current.getName().startsWith(name + WORKER) : schedulerThreads.contains(current);
    }

    /** The work of {@link #close()}, done once. */
    private void closeNow() {
        closingThread = Thread.currentThread();
        try {
            closeConfigs();
            closeRegistries();
            boolean forced = stopBackgroundWork();
            lifecycle(EventKind.UTILITIES_CLOSED, "provider", selection.name(), "forced", forced);
        } finally {
            // Whatever failed above, the monitors are closed and later callers released.
            try {
                monitor.close();
            } finally {
                closed.countDown();
            }
        }
    }

    /**
     * Closes the registries made by {@link #resources(ResourceConfig)}, then the instance's own,
     * which closes the caches and pools still open, in the reverse order of their opening.
     */
    private void closeRegistries() {
        for (ResourceRegistry registry : List.copyOf(registries)) {
            try {
                registry.close();
            } catch (RuntimeException e) {
                ProviderResolver.LOG.log(System.Logger.Level.WARNING, name + ": closing resource registry "
                        + registry.name() + " failed", e);
            }
        }
        try {
            resources.close();
        } catch (RuntimeException e) {
            ProviderResolver.LOG.log(System.Logger.Level.WARNING, name + ": closing resource registry "
                    + resources.name() + " failed", e);
        }
    }

    private void closeConfigs() {
        for (ConfigData<?> data : List.copyOf(configs)) {
            try {
                data.close();
            } catch (RuntimeException e) {
                ProviderResolver.LOG.log(System.Logger.Level.WARNING, name + ": closing config " + data.name() + " failed", e);
            }
        }
    }

    /** @return whether tasks had to be interrupted */
    private boolean stopBackgroundWork() {
        scheduler.shutdown();
        blocking.shutdown();
        boolean interrupted = false;
        boolean forced = false;
        try {
            // Compared by difference only, so that even Long.MAX_VALUE ("no limit") cannot overflow it.
            long deadline = System.nanoTime() + Durations.saturatedNanos(config.shutdownTimeout());
            if (!awaitTermination(deadline)) {
                forced = true;
                scheduler.shutdownNow();
                blocking.shutdownNow();
                if (!awaitTermination(System.nanoTime() + AFTER_INTERRUPT.toNanos())) {
                    ProviderResolver.LOG.log(System.Logger.Level.WARNING, name + ": background tasks ignored"
                            + " interruption and are still running after " + config.shutdownTimeout().plus(AFTER_INTERRUPT));
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            forced = true;
            scheduler.shutdownNow();
            blocking.shutdownNow();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return forced;
    }

    private boolean awaitTermination(long deadlineNanos) throws InterruptedException {
        if (!scheduler.awaitTermination(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)
                || !blocking.awaitTermination(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        for (Thread t : schedulerThreads) {
            if (!t.join(Duration.ofNanos(deadlineNanos - System.nanoTime()))) {
                return false;
            }
        }
        return true;
    }

    private void awaitFirstClose() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void lifecycle(EventKind kind, String key1, Object value1, String key2, Object value2) {
        if (monitor.isEnabled(kind)) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put(key1, value1);
            attributes.put(key2, value2);
            monitor.record(new MonitorEvent.Lifecycle(Instant.now(), name, kind, attributes));
        }
    }

    /** @return a provider's name in quotes for a message, or what its {@code name()} threw instead */
    private static String named(Supplier<String> name) {
        try {
            return "'" + name.get() + "'";
        } catch (RuntimeException | LinkageError e) {
            return "(its name() threw " + e.getClass().getName() + ")";
        }
    }

    /** @return the function's result, or empty after reporting what it threw */
    private static <T, R> Optional<R> guarded(String what, T input, Function<T, Optional<R>> function) {
        Optional<R> made;
        try {
            made = function.apply(input);
        } catch (RuntimeException | LinkageError e) {
            ProviderResolver.LOG.log(System.Logger.Level.WARNING, "Skipped " + what + ", which failed: " + e, e);
            return Optional.empty();
        }
        if (made == null) {
            // A broken monitor never keeps the library from opening, whichever way it breaks.
            ProviderResolver.LOG.log(System.Logger.Level.WARNING, "Skipped " + what
                    + ", which returned null rather than an Optional");
            return Optional.empty();
        }
        return made;
    }

    @Override
    public ResourceRegistry resources() {
        requireOpen();
        return resources;
    }

    @Override
    public ResourceRegistry resources(ResourceConfig resourceConfig) {
        requireOpen();
        Objects.requireNonNull(resourceConfig, "config");
        ResourceConfig named = resourceConfig.name().isEmpty()
                ? resourceConfig.toBuilder().name(name + "-resources-" + registryNumbers.incrementAndGet()).build()
                : resourceConfig;
        ResourceRegistry registry = whileOpen(() -> provider.createRegistry(named, cleanupProviders, context, monitor));
        registries.add(registry);
        if (closing.get()) {
            // close() may have taken its list of registries before this one joined it.
            registry.close();
            requireOpen();
        }
        return registry;
    }

    @Override
    public <T> SharedData<T> shared(T initial, ShareConfig shareConfig) {
        requireOpen();
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(shareConfig, "config");
        return provider.createShared(initial, named(shareConfig, "-shared-", sharedNumbers), context, monitor);
    }

    @Override
    public <T> MutableSharedData<T> mutableShared(Supplier<? extends T> factory, ShareConfig shareConfig) {
        requireOpen();
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(shareConfig, "config");
        return provider.createMutableShared(factory, named(shareConfig, "-shared-", sharedNumbers), context, monitor);
    }

    @Override
    public <K, V> ConcurrentMap<K, V> concurrentMap() {
        requireOpen();
        return provider.createConcurrentMap(context);
    }

    @Override
    public <T> ConfigData<T> config(T initial, ShareConfig shareConfig,
                                    List<? extends ConfigData.Validator<? super T>> validators) {
        requireOpen();
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(shareConfig, "config");
        Objects.requireNonNull(validators, "validators");
        // Checked one by one, since List.copyOf's NullPointerException names no element.
        int index = 0;
        for (ConfigData.Validator<? super T> validator : validators) {
            Objects.requireNonNull(validator, "validators[" + index++ + "]");
        }
        List<ConfigData.Validator<? super T>> rules = List.copyOf(validators);
        ConfigData<T> data = whileOpen(() -> provider.createConfig(initial, rules,
                named(shareConfig, "-config-", configNumbers), context, monitor));
        // Those the user closed leave the set when the next one joins it.
        configs.removeIf(ConfigData::isClosed);
        configs.add(data);
        if (closing.get()) {
            // close() may have taken its list of configurations before this one joined it.
            data.close();
            requireOpen();
        }
        return data;
    }

    private ShareConfig named(ShareConfig shareConfig, String infix, AtomicInteger numbers) {
        return shareConfig.name().isEmpty()
                ? shareConfig.toBuilder().name(name + infix + numbers.incrementAndGet()).build()
                : shareConfig;
    }
}
