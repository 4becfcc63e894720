package org.patinox.memory.caffeine.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.patinox.memory.CacheException;
import org.patinox.memory.ConfigException;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.cache.RemovalListener;
import org.patinox.memory.cache.Weigher;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.spi.LoadCoordinator;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.support.CacheMapOperations;
import org.patinox.memory.support.CacheMapView;
import org.patinox.memory.support.CacheEvents;
import org.patinox.memory.support.CacheLoading;
import org.patinox.memory.support.CallbackWrites;
import org.patinox.memory.support.Loggers;

/**
 * A {@link Cache} on a Caffeine cache; see {@link CaffeineBackendProvider} for how the contract
 * maps onto Caffeine.
 *
 * <p>Counts: hits and misses are counted here, around reads through Caffeine's map view, which
 * count nothing in Caffeine's stats (its {@code computeIfAbsent} would count a miss and a load,
 * and the contract's view counts nothing); loads are the {@link LoadCoordinator}'s; evictions for
 * the bound and their weight come from Caffeine's {@link StatsCounter#recordEviction}; expirations
 * are counted from the removal listener, since Caffeine reports some expired entries (met by a
 * write or a removal) to the listener alone.
 */
final class CaffeineCache<K, V> implements Cache<K, V>, CacheMapOperations<K, V> {

    private static final System.Logger LOG = Loggers.named("org.patinox.memory.caffeine");

    /** The configuration's default listener and ticker, told apart by identity to skip a wrapper. */
    private static final RemovalListener<?, ?> NO_LISTENER = CacheConfig.builder().build().removalListener();
    /** A value no entry holds: {@code remove(key, NONE)} removes a key's entry only when it has expired. */
    private static final Object NONE = new Object();
    /** How far back the sweeping thread's clock reads, so that no entry looks expired to it (~36 years). */
    private static final long SWEEP_SHIFT = 1L << 60;

    private final CacheConfig<K, V> config;
    private final String name;
    /** Whether hits and misses are counted: {@link CacheConfig#recordStats()}. */
    private final boolean recordStats;
    private final ProviderContext context;
    private final boolean evictionEvents;
    private final CacheEvents events;
    /** Runs the mapping functions, the expiry and the weigher, and refuses their writes to this cache. */
    private final CallbackWrites callbacks;
    private final boolean hasListener;
    private final Weigher<? super K, ? super V> weigher;
    private final Counts counts = new Counts();
    private final LoadCoordinator<K, V> loads;
    private final Maintenance maintenance = new Maintenance();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock sweepLock = new ReentrantLock();
    /** The thread listing every entry for {@link #cleanUp()}, expired ones included; see there. */
    private volatile Thread sweeper;
    private final com.github.benmanes.caffeine.cache.Cache<K, V> cache;
    /** Caffeine's own map view: its reads count nothing in the stats. */
    private final ConcurrentMap<K, V> map;
    private final CacheMapView<K, V> view;

    CaffeineCache(CacheConfig<K, V> config, ProviderContext context, Monitor monitor) {
        this.config = config;
        this.name = config.name();
        this.recordStats = config.recordStats();
        this.context = context;
        this.events = new CacheEvents(name, monitor, LOG);
        this.callbacks = new CallbackWrites(name);
        this.evictionEvents = events.wantsEvictions();
        this.hasListener = config.removalListener() != NO_LISTENER;
        this.weigher = config.weigher();
        this.loads = new LoadCoordinator<>(name, config.ticker());
        this.loading = new CacheLoading<>(config, loads, context.blockingExecutor(), events, this::replaceIfUnchanged);
        if (config.expiry() != null && config.refreshes()) {
            // Refreshes read the entries' write times from Caffeine's expireAfterWrite, which
            // Caffeine does not combine with a variable expiry.
            throw new ConfigException(CacheConfig.EXPIRY + " and " + CacheConfig.REFRESH_AFTER_WRITE + " ("
                    + config.refreshAfterWrite() + ") cannot be combined on the "
                    + CaffeineBackendProvider.NAME + " backend; the standard and lockfree caches combine them");
        }
        this.cache = build(config);
        this.writeAges = config.refreshes() ? cache.policy().expireAfterWrite().orElseThrow() : null;
        this.map = cache.asMap();
        this.view = new CacheMapView<>(this, loading);
        if (events.wants(EventKind.CACHE_OPENED)) {
            events.record(EventKind.CACHE_OPENED, null, "maximumWeight", config.maximumWeight(),
                    "policy", config.policy().name(), "backend", CaffeineBackendProvider.NAME);
        }
    }

    private com.github.benmanes.caffeine.cache.Cache<K, V> build(CacheConfig<K, V> config) {
        // Same thread: the listener runs on the thread that caused the removal, and closing the
        // cache leaves no task of Caffeine's queued on some executor.
        Caffeine<K, V> builder = Caffeine.newBuilder()
                .executor(Runnable::run)
                .removalListener(this::removed)
                .recordStats(() -> counts);
        if (config.weighted()) {
            // Unbounded too (Long.MAX_VALUE): Caffeine calls a weigher only with a maximum weight,
            // and the weigher must still be asked, and refuse a write, as in the other caches.
            builder.maximumWeight(config.maximumWeight()).weigher(this::weigh);
        } else if (config.bounded()) {
            builder.maximumSize(config.maximumWeight());
        }
        if (!config.expireAfterWrite().isZero()) {
            builder.expireAfterWrite(config.expireAfterWrite());
        }
        if (!config.expireAfterAccess().isZero()) {
            builder.expireAfterAccess(config.expireAfterAccess());
        }
        if (config.expiry() != null) {
            builder.expireAfter(new VariableExpiry<>(config.expiry(), events, callbacks));
        }
        if (config.expires() || config.refreshes()) {
            LongSupplier ticker = config.ticker();
            builder.ticker(() -> {
                long now = ticker.getAsLong();
                return Thread.currentThread() != sweeper ? now : now - SWEEP_SHIFT;
            });
        }
        if (config.expires()) {
            builder.scheduler(maintenance);
        }
        if (config.refreshes() && config.expireAfterWrite().isZero()) {
            // For the entries' write times (ageOf), which refreshes read; they never expire by it.
            builder.expireAfterWrite(CacheConfig.LONGEST_EXPIRY);
        }
        return builder.build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CacheConfig<K, V> config() {
        return config;
    }

    @Override
    public V getIfPresent(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return read(key);
    }

    /** Looks the key up, counting a hit or a miss. */
    private V read(K key) {
        V value = map.get(key);
        if (value != null && writeAges != null) {
            refreshIfDue(key, value);
        }
        if (recordStats) {
            (value != null ? counts.hits : counts.misses).increment();
        }
        return value;
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> loader) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        V value = read(key);
        if (value != null) {
            return value;
        }
        callbacks.check(key); // before the load: its waiters must not be handed this caller's refusal
        return loads.load(key, map::get, loader, this::store, this::unstore);
    }

    @Override
    public CompletableFuture<V> getAsync(K key, Function<? super K, ? extends V> loader) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        V value = read(key);
        if (value != null) {
            return CompletableFuture.completedFuture(value);
        }
        // The miss is counted already: load directly rather than through get, which would count
        // another. A failed future holds what the loader threw, not a CompletionException around it.
        return loads.loadAsync(key, context.blockingExecutor(), () -> loads.load(key, map::get, loader, this::store, this::unstore));
    }

    /** The load's store step: the loaded value unless the key has one by now, and what is cached. */
    private V store(K key, V loaded) {
        requireOpen();
        callbacks.check(key);
        V present = map.putIfAbsent(key, loaded);
        dropIfClosed(key);
        return present != null ? present : loaded;
    }

    /** A load's value taken out again after a removal that came while it loaded ({@link LoadCoordinator}). */
    private void unstore(K key, V loaded) {
        replaceIfUnchanged(key, loaded, null, () -> true);
    }

    @Override
    public void put(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        loading.written(key);
        map.put(key, value);
        dropIfClosed(key);
    }

    /** A write that raced with {@link #close()} leaves nothing behind in the closed cache. */
    private void dropIfClosed(K key) {
        if (closed.get()) {
            map.remove(key);
        }
    }

    @Override
    public V remove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        callbacks.check(key);
        loading.removed(key);
        return map.remove(key);
    }

    @Override
    public void invalidateAll() {
        requireOpen();
        callbacks.check(null);
        loading.removedAll();
        cache.invalidateAll();
    }

    @Override
    public long size() {
        requireOpen();
        return cache.estimatedSize();
    }

    @Override
    public CacheStats stats() {
        if (!recordStats) {
            return CacheStats.empty(name);
        }
        return new CacheStats(name, counts.hits.sum(), counts.misses.sum(), loads.loadSuccessCount(),
                loads.loadFailureCount(), loads.totalLoadTimeNanos(), counts.evictions.sum(),
                counts.evictionWeight.sum(), counts.expirations.sum());
    }

    @Override
    public void cleanUp() {
        requireOpen();
        cache.cleanUp();
        if (config.expires()) {
            removeExpiredLeftBehind();
        }
    }

    /**
     * Caffeine's maintenance removes expired entries from the head of each of its queues and stops
     * at the first live one, and those queues are not strictly in time order (W-TinyLFU moves
     * entries between its access-order queues, writers' timestamps and queue order can cross, and
     * reads may be dropped), so an expired entry may be left behind a live one: absent to every
     * read, but still in the map and counted by {@code size()}. The contract's clean-up removes every
     * expired entry, so when the map holds more entries than are live, every key is listed, by a
     * thread whose clock Caffeine reads far in the past, so that no entry looks expired to it, and
     * each is removed only if expired: {@code remove(key, NONE)}, which Caffeine honours for an
     * expired entry whatever the value, reported and counted as EXPIRED like any other.
     */
    private void removeExpiredLeftBehind() {
        long live = 0;
        for (Iterator<K> keys = map.keySet().iterator(); keys.hasNext(); keys.next()) {
            live++;
        }
        if (live == cache.estimatedSize()) {
            return;
        }
        List<K> every = new ArrayList<>();
        sweepLock.lock();
        try {
            sweeper = Thread.currentThread();
            every.addAll(map.keySet());
        } finally {
            sweeper = null;
            sweepLock.unlock();
        }
        for (K key : every) {
            map.remove(key, NONE);
        }
    }

    @Override
    public ConcurrentMap<K, V> asMap() {
        requireOpen();
        return view;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Nothing scheduled runs from now on; the listener, seeing the flag, hears of none of
        // the entries dropped here.
        maintenance.cancelAll();
        cache.invalidateAll();
        loads.close(); // whoever waits for a load in flight ends now, as closed
        if (events.wants(EventKind.CACHE_CLOSED)) {
            events.record(EventKind.CACHE_CLOSED, null);
        }
    }

    /** @throws CacheException of kind CLOSED once the cache is closed */
    // ---- the map view's operations (CacheMapView) ----------------------------------------------
    // Caffeine's own map view already keeps the contract (its reads count nothing, its writes are
    // bounded and reported, its atomic operations are Caffeine's, expired entries are absent); the
    // cache adds that every call on a closed cache is refused, that a null is refused naming the
    // argument as the other caches name it (Caffeine's own messages are the JDK's), and that a put of
    // the value already there is reported as a replacement, as the cache's own put is.

    @Override
    public long viewSize() {
        requireOpen();
        if (!config.expires()) {
            return map.size();
        }
        // Caffeine's size counts the expired entries it has not removed yet, which its iterators
        // skip: counted as the other caches count, so that the view's size is what it holds.
        long live = 0;
        for (java.util.Iterator<K> keys = map.keySet().iterator(); keys.hasNext(); keys.next()) {
            live++;
        }
        return live;
    }

    @Override
    public boolean viewContainsKey(Object key) {
        requireOpen();
        return map.containsKey(key);
    }

    @Override
    public V viewGet(Object key) {
        requireOpen();
        V value = map.get(key);
        if (value != null && writeAges != null) {
            @SuppressWarnings("unchecked") // the key of a live entry
            K k = (K) key;
            refreshIfDue(k, value);
        }
        return value;
    }

    @Override
    public V viewPut(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        return map.put(key, value);
    }

    @Override
    public V viewPutIfAbsent(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        return map.putIfAbsent(key, value);
    }

    @Override
    public V viewRemove(Object key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        callbacks.check(key);
        return map.remove(key);
    }

    @Override
    public boolean viewRemove(Object key, Object value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        if (value != null) { // else nothing is written, as in the other caches
            callbacks.check(key);
        }
        return map.remove(key, value);
    }

    @Override
    public V viewReplace(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        return map.replace(key, value);
    }

    @Override
    public boolean viewReplace(K key, V oldValue, V newValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        callbacks.check(key);
        return map.replace(key, oldValue, newValue);
    }

    @Override
    public V viewCompute(K key, java.util.function.BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        callbacks.check(key);
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return map.compute(key, (k, v) -> callbacks.call(() -> remappingFunction.apply(k, v)));
    }

    @Override
    public V viewComputeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        callbacks.check(key);
        Objects.requireNonNull(mappingFunction, "mappingFunction");
        return map.computeIfAbsent(key, k -> callbacks.call(() -> mappingFunction.apply(k)));
    }

    @Override
    public V viewComputeIfPresent(K key, java.util.function.BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        callbacks.check(key);
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return map.computeIfPresent(key, (k, v) -> callbacks.call(() -> remappingFunction.apply(k, v)));
    }

    @Override
    public V viewMerge(K key, V value, java.util.function.BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        return map.merge(key, value, (held, given) -> callbacks.call(() -> remappingFunction.apply(held, given)));
    }

    @Override
    public void viewClear() {
        requireOpen();
        callbacks.check(null);
        map.clear();
    }

    @Override
    public Iterator<Map.Entry<K, V>> viewEntries() {
        requireOpen();
        return map.entrySet().iterator();
    }

    @Override
    public void checkWrite(Object key) {
        callbacks.check(key);
    }

    @Override
    public void requireOpen() {
        if (closed.get()) {
            throw new CacheException(CacheException.Kind.CLOSED, name, "cache '" + name + "' is closed");
        }
    }

    /** Caffeine's weigher: the configuration's, checked, and reported when it throws. */
    private int weigh(K key, V value) {
        int weight;
        try {
            weight = callbacks.call(() -> weigher.weigh(key, value));
        } catch (Throwable e) {
            // Anything, a checked exception thrown undeclared included, is reported; the write fails with it.
            events.callbackFailed("weigher", "weigh", e);
            throw e;
        }
        if (weight < 0) {
            throw org.patinox.memory.support.CachePolicies.negativeWeight(name, key, weight);
        }
        return weight;
    }

    /** Caffeine's removal listener: every entry that leaves, once, on the thread that removed it. */
    private void removed(K key, V value, com.github.benmanes.caffeine.cache.RemovalCause caffeineCause) {
        if (closed.get()) {
            return;
        }
        RemovalCause cause = switch (caffeineCause) {
            case EXPLICIT -> RemovalCause.EXPLICIT;
            case REPLACED -> RemovalCause.REPLACED;
            case SIZE -> RemovalCause.SIZE;
            case EXPIRED -> RemovalCause.EXPIRED;
            // Only weak or soft references are collected, and this cache holds neither.
            case COLLECTED -> throw new IllegalStateException("cache '" + name + "': Caffeine reported a collected"
                    + " entry, but the cache holds no weak or soft reference");
        };
        if (cause == RemovalCause.EXPIRED) {
            counts.expirations.increment();
            if (evictionEvents) {
                evicted(cause, expiredWeight(key, value));
            }
        }
        if (hasListener) {
            try {
                config.removalListener().onRemoval(key, value, cause);
            } catch (Throwable t) {
                CacheEvents.rethrowFatal(t);
                events.callbackFailed("listener", "onRemoval", t);
            }
        }
    }

    /**
     * The weight of an expired entry, for its event: Caffeine tells the listener no weight, so a
     * weighed cache asks its weigher again; only when a monitor wants eviction events.
     */
    private int expiredWeight(K key, V value) {
        if (!config.weighted()) {
            return 1;
        }
        try {
            return weigher.weigh(key, value);
        } catch (Throwable e) {
            events.callbackFailed("weigher", "weigh", e);
            return 0;
        }
    }

    private void evicted(RemovalCause cause, int weight) {
        if (!closed.get()) {
            events.evicted(cause, weight);
        }
    }

    @Override
    public String toString() {
        return "CaffeineCache[" + name + ", backend=" + CaffeineBackendProvider.NAME + ", policy="
                + config.policy().name() + ", size=" + cache.estimatedSize() + "]";
    }

    /**
     * The cache's counts, as striped counters, and Caffeine's stats counter, of which only {@code
     * recordEviction} is taken: see the class description.
     */
    private final class Counts implements StatsCounter {
        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();
        final LongAdder evictions = new LongAdder();
        final LongAdder evictionWeight = new LongAdder();
        final LongAdder expirations = new LongAdder();

        @Override
        public void recordHits(int count) {
            // Only the map view's computeIfAbsent counts here, and the view counts nothing.
        }

        @Override
        public void recordMisses(int count) {
            // As recordHits: the cache's own reads are counted by read().
        }

        @Override
        public void recordLoadSuccess(long loadTime) {
            // As recordHits: the cache's loads are the LoadCoordinator's.
        }

        @Override
        public void recordLoadFailure(long loadTime) {
            // As recordLoadSuccess.
        }

        @Override
        public void recordEviction(int weight, com.github.benmanes.caffeine.cache.RemovalCause cause) {
            // Called after the map's lock is released, just before the listener hears of the
            // entry. Expirations are counted by the listener, which hears of all of them.
            if (cause == com.github.benmanes.caffeine.cache.RemovalCause.SIZE) {
                evictions.increment();
                evictionWeight.add(weight);
                if (evictionEvents) {
                    evicted(RemovalCause.SIZE, weight);
                }
            }
        }

        @Override
        public com.github.benmanes.caffeine.cache.stats.CacheStats snapshot() {
            return com.github.benmanes.caffeine.cache.stats.CacheStats.of(hits.sum(), misses.sum(), 0, 0, 0,
                    evictions.sum(), evictionWeight.sum());
        }
    }

    /**
     * Caffeine's scheduler: its pacer's next maintenance is timed on the shared scheduler and run
     * on a virtual thread, since it may wait for Caffeine's eviction lock and runs the listener,
     * while the shared scheduler's one thread must never block. Closing the cache cancels what is
     * scheduled, and a run that starts after it does nothing.
     */
    private final class Maintenance implements Scheduler {
        private final Set<Future<?>> scheduled = ConcurrentHashMap.newKeySet();

        @Override
        public Future<?> schedule(Executor executor, Runnable command, long delay, TimeUnit unit) {
            scheduled.removeIf(Future::isDone);
            if (closed.get()) {
                return CompletableFuture.completedFuture(null);
            }
            Future<?> future;
            try {
                future = context.scheduler().schedule(() -> hop(command), delay, unit);
            } catch (RejectedExecutionException e) {
                // The MemoryUtilities is closing, and closes this cache with it.
                return CompletableFuture.completedFuture(null);
            }
            scheduled.add(future);
            if (closed.get()) {
                // close() may have cancelled the others before this one joined them.
                future.cancel(false);
            }
            return future;
        }

        private void hop(Runnable command) {
            try {
                if (!closed.get()) {
                    context.blockingExecutor().execute(() -> run(command));
                }
            } catch (RuntimeException e) {
                // Rejected: the MemoryUtilities is closing. Never let the shared scheduler's task throw.
                LOG.log(System.Logger.Level.DEBUG, "cache '" + name + "': background maintenance not started", e);
            }
        }

        private void run(Runnable command) {
            if (closed.get()) {
                return;
            }
            try {
                command.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.WARNING, "cache '" + name + "': background maintenance failed", e);
            }
        }

        void cancelAll() {
            for (Future<?> future : scheduled) {
                future.cancel(false);
            }
            scheduled.clear();
        }
    }

    /**
     * The configuration's {@link org.patinox.memory.cache.Expiry} as Caffeine's {@code
     * expireAfter}: Caffeine keeps variable expiry in its own timer wheel. Durations of zero or less
     * are given as 0 (expired at once), those of {@link org.patinox.memory.cache.Expiry#LONGEST} or
     * more as {@link Long#MAX_VALUE}, which Caffeine caps to its own longest (2<sup>62</sup> - 1
     * nanoseconds, about 146 years) and then counts down like any other. So the time an entry has
     * left, handed to {@code expireAfterUpdate} and {@code expireAfterRead}, is given as {@link
     * Long#MAX_VALUE} (never, as the other caches give it) from {@value #NEVER_FROM} nanoseconds
     * (about 73 years) on: an entry that never expires reads as such for 73 years of the ticker, and
     * one whose expiry keeps that duration is set to never again. What is left of the difference:
     * an entry neither read nor written for 146 years of the ticker expires here, not in the other
     * caches. What the expiry throws is reported as a failed {@code expiry} callback and fails the
     * operation, as in the other caches.
     */
    private record VariableExpiry<K, V>(org.patinox.memory.cache.Expiry<? super K, ? super V> expiry,
                                        CacheEvents events, CallbackWrites callbacks) implements com.github.benmanes.caffeine.cache.Expiry<K, V> {

        /** Half of Caffeine's longest: a time left from here on is what remains of "never". */
        static final long NEVER_FROM = 1L << 61;

        @Override
        public long expireAfterCreate(K key, V value, long currentTime) {
            try {
                return caffeine(callbacks.call(() -> expiry.expireAfterCreate(key, value, currentTime)));
            } catch (RuntimeException | Error e) {
                events.callbackFailed("expiry", "expireAfterCreate", e);
                throw e;
            }
        }

        @Override
        public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
            try {
                long left = ours(currentDuration);
                return caffeine(callbacks.call(() -> expiry.expireAfterUpdate(key, value, currentTime, left)));
            } catch (RuntimeException | Error e) {
                events.callbackFailed("expiry", "expireAfterUpdate", e);
                throw e;
            }
        }

        @Override
        public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
            try {
                long left = ours(currentDuration);
                return caffeine(callbacks.call(() -> expiry.expireAfterRead(key, value, currentTime, left)));
            } catch (RuntimeException | Error e) {
                events.callbackFailed("expiry", "expireAfterRead", e);
                throw e;
            }
        }

        /** @return the time left Caffeine gives, as the contract gives it: {@link Long#MAX_VALUE} for never */
        private static long ours(long currentDuration) {
            return currentDuration >= NEVER_FROM ? Long.MAX_VALUE : currentDuration;
        }

        private static long caffeine(long duration) {
            if (duration <= 0) {
                return 0;
            }
            return duration >= org.patinox.memory.cache.Expiry.LONGEST ? Long.MAX_VALUE : duration;
        }
    }

    // ---- loading: get(key), getAll, refresh ----------------------------------------------------
    // get(key), getAll and refreshes run as on the other caches, through the LoadCoordinator and the
    // shared CacheLoading, so that they count, fail, report and drop reloads alike (DECISIONS:
    // "Loading caches"); Caffeine keeps the entries' write times, by its expiry after write.

    /** The loader's features; set in the constructor. */
    private final CacheLoading<K, V> loading;

    @Override
    public V get(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return get(key, loading.loader("get(key)"));
    }

    @Override
    public Map<K, V> getAll(Iterable<? extends K> keys,
            Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
        requireOpen();
        return loading.getAll(keys, bulkLoader, this::getIfPresent, this::store);
    }

    @Override
    public Map<K, V> getAll(Iterable<? extends K> keys) {
        requireOpen();
        return getAll(keys, loading.bulkLoader());
    }

    @Override
    public CompletableFuture<V> refresh(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        // Quietly, as Caffeine's own refresh and the other caches take it: a refresh is no read, which
        // would move the entry's expiry after read and its order.
        return loading.refresh(key, cache.policy().getIfPresentQuietly(key));
    }

    /** The write times of the entries, from Caffeine's expiry after write, when entries are refreshed. */
    private final com.github.benmanes.caffeine.cache.Policy.FixedExpiration<K, V> writeAges;

    /** A read found the value: starts its refresh if it is due, from its age in Caffeine. */
    private void refreshIfDue(K key, V value) {
        java.util.OptionalLong age = writeAges.ageOf(key, TimeUnit.NANOSECONDS);
        if (age.isPresent()) {
            long now = config.ticker().getAsLong();
            loading.refreshIfDue(key, value, now - age.getAsLong(), now);
        }
    }

    /**
     * A refresh's store: the reloaded value, only if the key still holds the very value it
     * reloaded (or, for {@code expected == null}, still none), in one compute of Caffeine's.
     */
    private void replaceIfUnchanged(K key, V expected, V fresh, java.util.function.BooleanSupplier current) {
        requireOpen();
        callbacks.check(key);
        if (expected == null) {
            if (fresh != null) {
                map.computeIfAbsent(key, k -> current.getAsBoolean() ? fresh : null);
            }
        } else {
            map.computeIfPresent(key, (k, held) -> held == expected && current.getAsBoolean() ? fresh : held);
        }
        dropIfClosed(key);
    }

    // ---- policy inspection and the maximum at run time (CachePolicy) ----------------------------
    // Caffeine's own Policy.Eviction, present for a bounded cache: its coldest and hottest are in
    // its W-TinyLFU order, taken after its maintenance, without expired entries; its setMaximum
    // evicts at once on the calling thread (the executor runs tasks there), each eviction reported
    // with cause SIZE through this cache's listener.

    /** The eviction policy, {@code null} for an unbounded cache, made once. */
    private volatile Inspection inspection;

    @Override
    public java.util.Optional<org.patinox.memory.cache.CachePolicy<K, V>> policy() {
        requireOpen();
        Inspection made = inspection;
        if (made == null) {
            com.github.benmanes.caffeine.cache.Policy.Eviction<K, V> eviction = cache.policy().eviction().orElse(null);
            if (eviction == null || !config.bounded()) { // an unbounded weighed cache is bounded in Caffeine only to weigh
                return java.util.Optional.empty();
            }
            made = new Inspection(eviction);
            inspection = made; // racing callers may each make one; they behave alike
        }
        return java.util.Optional.of(made);
    }

    /** The {@link org.patinox.memory.cache.CachePolicy} of a bounded Caffeine cache. */
    private final class Inspection implements org.patinox.memory.cache.CachePolicy<K, V> {
        private final com.github.benmanes.caffeine.cache.Policy.Eviction<K, V> eviction;

        Inspection(com.github.benmanes.caffeine.cache.Policy.Eviction<K, V> eviction) {
            this.eviction = eviction;
        }

        @Override
        public long maximum() {
            requireOpen();
            return eviction.getMaximum();
        }

        @Override
        public void setMaximum(long value) {
            requireOpen();
            eviction.setMaximum(org.patinox.memory.support.CachePolicies.checkMaximum(name, config, value));
        }

        @Override
        public long weightedSize() {
            requireOpen();
            cache.cleanUp();
            return eviction.weightedSize().orElseGet(cache::estimatedSize);
        }

        @Override
        public java.util.SequencedMap<K, V> coldest(int limit) {
            requireOpen();
            org.patinox.memory.support.CachePolicies.checkLimit(name, limit);
            return java.util.Collections.unmodifiableSequencedMap(new java.util.LinkedHashMap<>(eviction.coldest(limit)));
        }

        @Override
        public java.util.SequencedMap<K, V> hottest(int limit) {
            requireOpen();
            org.patinox.memory.support.CachePolicies.checkLimit(name, limit);
            return java.util.Collections.unmodifiableSequencedMap(new java.util.LinkedHashMap<>(eviction.hottest(limit)));
        }

        @Override
        public String toString() {
            return "CachePolicy[" + name + ", caffeine, maximum " + eviction.getMaximum() + "]";
        }
    }
}
