package org.patinox.memory.standard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.patinox.memory.CacheException;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.CacheStats;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.cache.RemovalListener;
import org.patinox.memory.cache.Weigher;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.LoadCoordinator;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.support.CacheMapOperations;
import org.patinox.memory.support.CacheMapView;
import org.patinox.memory.support.CacheEvents;
import org.patinox.memory.support.Deadlines;
import org.patinox.memory.support.ExpiryPacer;
import org.patinox.memory.support.Loggers;
import org.patinox.memory.support.TimerWheel;
import org.patinox.memory.support.CacheLoading;
import org.patinox.memory.support.CallbackWrites;

/**
 * The {@code standard} cache: a {@link ConcurrentHashMap} of {@link Node}s, and one {@link
 * ReentrantLock} under which every change happens.
 *
 * <h2>State and invariants</h2>
 * Under {@link #lock}: every change of {@link #map} (insert, remove, and the replacement of a
 * node's value, with one exception below), every call to the {@link EvictionStrategy}, the total
 * {@link #weight} and the nodes' strategy fields and {@linkplain Node#alive() alive} flags. A write
 * applies itself and evicts down to the bound before it releases the lock, so at every release:
 * the map holds exactly the alive nodes, the strategy has been told {@code onInsert} of exactly
 * those (and {@code onRemove} of every other it was told of), and {@code weight} is the sum of
 * their weights, at most {@link CacheConfig#maximumWeight()}.
 *
 * <h2>A put over a present entry, in place</h2>
 * In a cache that keeps no time, a {@code put} over a present entry of the same weight changes
 * neither the map, nor the total weight, nor any time: it replaces the value under the node's
 * monitor alone ({@link #replaceInPlace}) and tells the strategy {@code onUpdate} through the read
 * buffer, in order with that thread's reads (and, like them, dropped when its ring is full), as
 * Caffeine records such an update as a read. For that, every other write of a node's value and its
 * retirement also hold the node's monitor, inside the lock: a node found alive under its monitor is
 * in the map until the monitor is released.
 *
 * <h2>Reads</h2>
 * A read takes the node from the map without the lock and offers it to a {@link ReadBuffer}: a ring
 * per stripe of threads, filled without a lock, dropping reads when full, as Caffeine's lossy read
 * buffers do. The reads are replayed to the strategy under the lock: by a reader that leaves its
 * ring half full and finds the lock free ({@link ReentrantLock#tryLock()}, after a look at {@link
 * ReentrantLock#isLocked()} that spares a busy lock's cache line the write), and by every change
 * before it applies itself ({@link #lockForChange()}), {@link #cleanUp()} and the sweep included. A
 * reader therefore never waits, the lock and the strategy's structures move between cores once per
 * batch rather than once per read, and a cache used from one thread, whose ring is drained at half
 * and never fills, still drives its strategy with every read, in program order, before each write
 * decides anything. Reads made while the reading thread itself holds the lock (in a {@code
 * compute} function) are only buffered, never replayed in the middle of that change. The alive
 * flag, read under the lock, keeps a replayed read that raced with a removal from reaching the
 * strategy after its {@code onRemove}; a node enters the map and is told to the strategy in one
 * hold of the lock, so no read can be told before its {@code onInsert}.
 *
 * <h2>Callbacks</h2>
 * The strategy and the weigher of a {@code compute} run under the lock; nothing else foreign does.
 * Removal notifications, monitor events and reports of failed callbacks are collected in {@link
 * #pendingRemovals} and {@link #pendingFailures} while the lock is held and delivered by the thread
 * that releases it last ({@link #unlockAndDeliver()}).
 *
 * <h2>Expiry</h2>
 * Each expiring entry has a deadline ({@link Deadlines}: the configuration's {@link
 * org.patinox.memory.cache.Expiry} or its fixed durations), set by its writes and, when reads move
 * it, by its reads, and is scheduled under the lock in a {@link TimerWheel} by that deadline: on
 * insert, on update, on each replayed read that may have moved it, and descheduled on removal. A
 * read that finds an expired entry treats it as absent and removes it if the lock is free. A
 * background run, timed by the wheel's next bucket ({@link ExpiryPacer}) rather than a period,
 * advances the wheel and removes what came due: its work grows with the entries that expire, not
 * with those cached; {@link #cleanUp()} removes every entry whose deadline passed. A strategy
 * {@link EvictionStrategy#usesTime() using time} has no deadline to schedule, so a periodic sweep
 * looks at the map for it, at most {@link #SWEEP_BUDGET} entries per run, resuming where it
 * stopped (except for the {@code ttl} policy, whose condemnation is its {@code expireAfterWrite}).
 * The shared scheduler only times these runs: each is handed to a virtual thread of the
 * instance's {@link ProviderContext#blockingExecutor()} ({@link #hopToSweep()}), since they call
 * the strategy and the listener, which may block, and no callback of the user's ever runs on the
 * scheduler's one thread.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class StandardCache<K, V> implements Cache<K, V>, CacheMapOperations<K, V> {

    private static final System.Logger LOG = Loggers.named(StandardCache.class.getName());
    private static final long MIN_SWEEP_PERIOD = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_SWEEP_PERIOD = TimeUnit.SECONDS.toNanos(1);
    /** Entries a background sweep looks at per run, so that a run holds its virtual thread briefly. */
    static final int SWEEP_BUDGET = 16_384;
    /** Entries judged per hold of the lock during a sweep, so that writers wait at most that long. */
    private static final int SWEEP_CHUNK = 128;

    /** A removal to report once the lock is released. */
    private record Removal<K, V>(K key, V value, RemovalCause cause, int weight) {
    }

    /** A failed callback to report once the lock is released. */
    private record Failure(String callback, String call, Throwable error) {
    }

    private final CacheConfig<K, V> config;
    private final String name;
    private final EvictionStrategy<K, V> strategy;
    private final ProviderContext context;
    /** The weigher, or {@code null} for the unit weigher, which is not called. */
    private final Weigher<? super K, ? super V> weigher;
    private final RemovalListener<? super K, ? super V> listener;
    private final LongSupplier ticker;
    /** The bound; written under {@link #lock} by {@code policy().setMaximum}, read by the eviction under it. */
    private volatile long maximum;
    private final long expireAfterWrite;
    private final long expireAfterAccess;
    /** Whether entries expire by the configuration. */
    private final boolean expires;
    /** Whether the strategy is asked {@code shouldEvict}. */
    private final boolean strategyTime;
    /**
     * Whether nodes keep timestamps: {@link #expires}, {@link #strategyTime} or refresh. Without them
     * a put over a present entry of the same weight replaces its value in place.
     */
    private final boolean timed;
    private final CacheEvents events;
    /** Runs the mapping functions, the expiry and the weigher, and refuses their writes to this cache. */
    private final CallbackWrites callbacks;
    /** The entries' deadlines, or {@code null} when they do not expire. */
    private final Deadlines<K, V> deadlines;
    /** Whether reads move deadlines, so that a replayed read reschedules its entry. */
    private final boolean readsMove;
    /** Under the lock: the expiring entries by deadline, or {@code null} when they do not expire. */
    private final TimerWheel<Node.Timed<K, V>> wheel;
    /** Times the background runs of the wheel, or {@code null} when entries do not expire. */
    private final ExpiryPacer pacer;
    private final TimerWheel.Expirer<Node.Timed<K, V>> expirer = this::expireTimer;
    /**
     * Whether the periodic sweep runs: for a strategy using time, whose {@code shouldEvict} has no
     * deadline, but not for the {@code ttl} policy, whose condemnation is its {@code expireAfterWrite}.
     */
    private final boolean sweepsStrategy;

    private final ConcurrentHashMap<K, Node<K, V>> map = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Reads (nodes) and {@link Updated}s not yet told to the strategy; replayed under {@link #lock}. */
    private final ReadBuffer<Object> reads = new ReadBuffer<>();
    /** Tells the strategy of one replayed read; one object, so that a drain allocates nothing. */
    private final java.util.function.Consumer<Object> replay = this::replay;
    /** Under the lock: the sum of the weights of the map's nodes. */
    private long weight;
    /** Under the lock: what the holder must report after releasing it, or {@code null}. */
    private ArrayList<Removal<K, V>> pendingRemovals;
    private ArrayList<Failure> pendingFailures;

    private final LoadCoordinator<K, V> loads;
    /** Whether hits and misses are counted: {@link CacheConfig#recordStats()}. */
    private final boolean recordStats;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder evictedWeight = new LongAdder();
    private final LongAdder expirations = new LongAdder();

    private volatile boolean closed;
    private volatile ScheduledFuture<?> sweeper;
    /** Where the background sweep resumes; touched only by the sweep, whose runs never overlap ({@link #sweeping}). */
    private Iterator<Node<K, V>> sweepCursor;
    /** Whether a background sweep is queued or running on a virtual thread. */
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final Runnable sweepTask = this::sweepInBackground;
    private final CacheMapView<K, V> view;

    private StandardCache(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy, ProviderContext context,
                          Monitor monitor) {
        this.config = Objects.requireNonNull(config, "config");
        this.name = config.name();
        this.recordStats = config.recordStats();
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.context = Objects.requireNonNull(context, "context");
        this.weigher = config.weighted() ? config.weigher() : null;
        this.listener = config.removalListener();
        this.ticker = config.ticker();
        this.maximum = org.patinox.memory.support.CachePolicies.startingMaximum(config);
        this.expireAfterWrite = nanos(config.expireAfterWrite());
        this.expireAfterAccess = nanos(config.expireAfterAccess());
        this.expires = config.expires();
        this.events = new CacheEvents(name, monitor, LOG);
        boolean usesTime;
        try {
            usesTime = strategy.usesTime();
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            usesTime = false;
            reportFailure(new Failure("strategy", "usesTime", e));
        }
        this.strategyTime = usesTime;
        this.timed = expires || usesTime || config.refreshes();
        this.sweepsStrategy = usesTime && !(config.policy() instanceof org.patinox.memory.cache.EvictionPolicy.TimeToLive);
        this.callbacks = new CallbackWrites(name);
        this.deadlines = Deadlines.of(config, (call, e) -> failed("expiry", call, e), callbacks);
        this.readsMove = deadlines != null && deadlines.readsMove();
        this.wheel = expires ? new TimerWheel<>(ticker.getAsLong()) : null;
        this.pacer = expires ? new ExpiryPacer(context.scheduler(), context.blockingExecutor(), this::expireInBackground,
                () -> { }) : null;
        this.loads = new LoadCoordinator<>(name, ticker);
        this.refreshes = config.refreshes();
        this.loading = new CacheLoading<>(config, loads, context.blockingExecutor(), events, this::replaceIfUnchanged);
        this.view = new CacheMapView<>(this, loading);
    }

    /**
     * @return an open cache, its background sweep scheduled when it expires entries or its strategy
     *     uses time
     */
    static <K, V> StandardCache<K, V> open(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy,
                                           ProviderContext context, Monitor monitor) {
        StandardCache<K, V> cache = new StandardCache<>(config, strategy, context, monitor);
        cache.start();
        return cache;
    }

    private void start() {
        if (sweepsStrategy) {
            long period = sweepPeriod();
            try {
                sweeper = context.scheduler().scheduleWithFixedDelay(this::hopToSweep, period, period,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "Cache " + name
                        + ": the scheduler refused the expiry sweep; expired entries go on reads and cleanUp() only", e);
            }
        }
        if (events.wants(EventKind.CACHE_OPENED)) {
            events.record(EventKind.CACHE_OPENED, null, "maximumWeight", maximum, "policy", config.policy().name(),
                    "backend", StandardMemoryProvider.NAME);
        }
    }

    /** Half the shortest expiry, within 10 ms and 1 s; 1 s for a strategy's time alone. */
    long sweepPeriod() {
        long shortest = Long.MAX_VALUE;
        for (long expiry : new long[] {expireAfterWrite, expireAfterAccess}) {
            if (expiry > 0) {
                shortest = Math.min(shortest, expiry);
            }
        }
        return shortest == Long.MAX_VALUE ? MAX_SWEEP_PERIOD : Math.clamp(shortest / 2, MIN_SWEEP_PERIOD, MAX_SWEEP_PERIOD);
    }

    /** @return the duration in nanoseconds, {@link Long#MAX_VALUE} for one too long to count so */
    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    // ---- Cache ---------------------------------------------------------------------------------

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
        V value = read(key);
        if (value == null) {
            countMiss();
        } else {
            countHit();
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
            countHit();
            return value;
        }
        countMiss();
        callbacks.check(key); // before the load: its waiters must not be handed this caller's refusal
        return loads.load(key, this::peek, loader, this::storeLoaded, this::unstore);
    }

    @Override
    public CompletableFuture<V> getAsync(K key, Function<? super K, ? extends V> loader) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        V value = read(key);
        if (value != null) {
            countHit();
            return CompletableFuture.completedFuture(value);
        }
        // Counted here, as every implementation counts it: the load on the virtual thread does not look up again.
        countMiss();
        return loads.loadAsync(key, context.blockingExecutor(),
                () -> loads.load(key, this::peek, loader, this::storeLoaded, this::unstore));
    }

    @Override
    public void put(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        loading.written(key);
        int w = weigh(key, value);
        if (!timed && replaceInPlace(key, value, w)) {
            return;
        }
        write(key, value, w, false);
    }

    @Override
    public V remove(K key) {
        return removeKey(key);
    }

    @Override
    public void invalidateAll() {
        requireOpen();
        callbacks.check(null);
        loading.removedAll();
        lockForChange();
        try {
            requireOpen();
            long now = now();
            for (Node<K, V> node : map.values()) {
                remove(node, expires && expired(node, now) ? RemovalCause.EXPIRED : RemovalCause.EXPLICIT);
            }
        } finally {
            unlockAndDeliver();
        }
    }

    @Override
    public long size() {
        requireOpen();
        return map.mappingCount();
    }

    private void countHit() {
        if (recordStats) {
            hits.increment();
        }
    }

    private void countMiss() {
        if (recordStats) {
            misses.increment();
        }
    }

    @Override
    public CacheStats stats() {
        if (!recordStats) {
            return CacheStats.empty(name);
        }
        return new CacheStats(name, hits.sum(), misses.sum(), loads.loadSuccessCount(), loads.loadFailureCount(),
                loads.totalLoadTimeNanos(), evictions.sum(), evictedWeight.sum(), expirations.sum());
    }

    @Override
    public void cleanUp() {
        requireOpen();
        lockForChange();
        try {
            requireOpen();
            evictToBound();
            if (wheel != null) {
                wheel.expireDue(ticker.getAsLong(), expirer);
            }
        } finally {
            unlockAndDeliver();
        }
        if (sweepsStrategy) {
            sweep(map.values().iterator(), Integer.MAX_VALUE);
        }
    }

    @Override
    public ConcurrentMap<K, V> asMap() {
        requireOpen();
        return view;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            // Dropped without a word to the listener or the strategy: the cache is gone.
            reads.drainTo(node -> { });
            if (!timed) {
                for (Node<K, V> node : map.values()) {
                    synchronized (node) { // a put in place racing the close then finds it closed
                        node.retire();
                    }
                }
            }
            map.clear();
            weight = 0;
            if (wheel != null) {
                wheel.clear();
            }
        } finally {
            lock.unlock();
        }
        loads.close(); // whoever waits for a load in flight ends now, as closed
        ScheduledFuture<?> task = sweeper;
        if (task != null) {
            task.cancel(false);
        }
        if (pacer != null) {
            pacer.close();
        }
        if (events.wants(EventKind.CACHE_CLOSED)) {
            events.record(EventKind.CACHE_CLOSED, null);
        }
    }

    @Override
    public String toString() {
        return "StandardCache[" + name + ", provider " + StandardMemoryProvider.NAME + ", policy "
                + config.policy().name() + ", size " + map.mappingCount() + (closed ? ", closed]" : "]");
    }

    // ---- reads ---------------------------------------------------------------------------------

    /**
     * Reads the key's live value and offers the access to the strategy; counts nothing.
     *
     * @return the value, or {@code null} when the key has no live entry
     */
    V read(Object key) {
        Node<K, V> node = map.get(key);
        if (node == null) {
            return null;
        }
        V value = node.value;
        long now = 0;
        if (timed) {
            now = ticker.getAsLong();
            if (expires && expired(node, now)) {
                expireIfFree(node, now);
                return null;
            }
            node.read(now);
            if (readsMove) {
                node.deadline(deadlines.read(node.key, value, now, node.deadline(), node.writeTime()));
            }
            if (refreshes) {
                loading.refreshIfDue(node.key, value, node.writeTime(), now);
            }
        }
        buffer(node);
        return value;
    }

    /**
     * Offers a read, or an {@link Updated}, to the read buffer; a thread that leaves its ring half
     * full and finds the lock free replays the buffer.
     */
    private void buffer(Object item) {
        if (reads.offer(item) >= ReadBuffer.DRAIN_AT && !lock.isLocked() && lock.tryLock()) {
            try {
                replayReads();
            } finally {
                unlockAndDeliver();
            }
        }
    }

    /**
     * A put over a present entry of the same weight, in a cache that keeps no time: the map, the
     * total weight and the times stay as they are, so the value is replaced under the node's monitor
     * alone, and the strategy hears of it when the read buffer is replayed.
     *
     * @return {@code false} when the key has no entry, its node left the map or the value weighs
     *     otherwise: the caller writes under the lock instead
     */
    private boolean replaceInPlace(K key, V value, int w) {
        Node<K, V> node = map.get(key);
        if (node == null) {
            return false;
        }
        V old;
        synchronized (node) {
            if (!node.alive() || node.weight() != w) {
                return false;
            }
            old = node.value;
            node.value = value;
        }
        buffer(new Updated<>(node));
        if (old != value) {
            notifyListener(new Removal<>(key, old, RemovalCause.REPLACED, w));
        }
        return true;
    }

    /**
     * A read-buffer record of a put that replaced a value in place: replayed as {@code onUpdate}, in
     * order with the writer's reads.
     */
    private record Updated<K, V>(Node<K, V> node) {
    }

    /**
     * Under the lock: tells the strategy of the buffered reads, in the order each thread made
     * them. Every change calls it first (through {@link #lockForChange()}), so that a cache used
     * from one thread drives its strategy exactly in program order.
     */
    void replayReads() {
        if (!closed) {
            reads.drainTo(replay);
        }
    }

    /** Under the lock: one replayed read or {@link Updated}, told only of a node still cached. */
    @SuppressWarnings("unchecked")
    private void replay(Object item) {
        if (item instanceof Updated<?, ?> updated) {
            Node<K, V> node = (Node<K, V>) updated.node();
            if (node.alive()) {
                try {
                    // Its weight now: a write under the lock since then has told the strategy of its own.
                    strategy.onUpdate(node, node.weight());
                } catch (Throwable e) {
                    CacheEvents.rethrowFatal(e);
                    failed("strategy", "onUpdate", e);
                }
            }
            return;
        }
        Node<K, V> node = (Node<K, V>) item;
        if (!node.alive()) {
            return;
        }
        try {
            strategy.onAccess(node);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "onAccess", e);
        }
        if (readsMove) {
            wheel.reschedule(timed(node)); // the read may have moved its deadline
        }
        if (strategyTime && condemned(node, ticker.getAsLong())) {
            remove(node, RemovalCause.EXPIRED);
        }
    }

    /**
     * Takes the lock for a change and replays the pending reads, so that the strategy hears of
     * them before the change; the caller releases with {@link #unlockAndDeliver()}.
     */
    void lockForChange() {
        lock.lock();
        try {
            replayReads();
        } catch (RuntimeException | Error e) {
            unlockAndDeliver();
            throw e;
        }
    }

    /** @return the key's live value, without recording the read or counting it */
    V peek(Object key) {
        Node<K, V> node = map.get(key);
        if (node == null) {
            return null;
        }
        V value = node.value;
        return expires && expired(node, ticker.getAsLong()) ? null : value;
    }

    /** A reader found the node expired: it removes it if nobody holds the lock. */
    private void expireIfFree(Node<K, V> node, long now) {
        if (!lock.isLocked() && lock.tryLock()) {
            try {
                replayReads();
                if (node.alive() && !closed && expired(node, now)) {
                    remove(node, RemovalCause.EXPIRED);
                }
            } finally {
                unlockAndDeliver();
            }
        }
    }

    /** @return whether the node's deadline passed; for caches whose entries expire */
    private boolean expired(Node<K, V> node, long now) {
        return Deadlines.expired(node.deadline(), now);
    }

    /** @return the node as the wheel holds it; every node of an expiring cache is timed */
    private static <K, V> Node.Timed<K, V> timed(Node<K, V> node) {
        return (Node.Timed<K, V>) node;
    }

    /** Under the lock: whether the strategy condemns the node. */
    private boolean condemned(Node<K, V> node, long now) {
        try {
            return strategy.shouldEvict(node, now);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "shouldEvict", e);
            return false;
        }
    }

    // ---- writes --------------------------------------------------------------------------------

    /** Caches the value; with {@code onlyIfAbsent} only for a key without a live entry. */
    V write(K key, V value, boolean onlyIfAbsent) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        return write(key, value, weigh(key, value), onlyIfAbsent);
    }

    /** {@link #write(Object, Object, boolean)} of a value already weighed {@code w}. */
    private V write(K key, V value, int w, boolean onlyIfAbsent) {
        lockForChange();
        try {
            requireOpen();
            long now = now();
            Node<K, V> node = live(key, now);
            if (node == null) {
                insert(key, value, w, now);
                return null;
            }
            return onlyIfAbsent ? node.value : update(node, value, w, now);
        } finally {
            unlockAndDeliver();
        }
    }

    /** The store step of a load: caches the value unless the key has one, and returns the cached one. */
    private V storeLoaded(K key, V value) {
        V present = write(key, value, true);
        return present != null ? present : value;
    }

    /** A load's value taken out again after a removal that came while it loaded ({@link LoadCoordinator}). */
    private void unstore(K key, V value) {
        replaceIfUnchanged(key, value, null, () -> true);
    }

    /** Removes the key's live entry as {@link RemovalCause#EXPLICIT}; returns its value or {@code null}. */
    V removeKey(Object key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        callbacks.check(key);
        loading.removed(key);
        if (!map.containsKey(key)) {
            return null;
        }
        lockForChange();
        try {
            requireOpen();
            Node<K, V> node = live(key, now());
            return node == null ? null : remove(node, RemovalCause.EXPLICIT);
        } finally {
            unlockAndDeliver();
        }
    }

    /**
     * Under the lock: the key's node if it is live; an expired one is removed as {@link
     * RemovalCause#EXPIRED}, and {@code null} returned.
     */
    Node<K, V> live(Object key, long now) {
        Node<K, V> node = map.get(key);
        if (node != null && expires && expired(node, now)) {
            remove(node, RemovalCause.EXPIRED);
            return null;
        }
        return node;
    }

    /** Under the lock: a new entry for a key without one, offered to the strategy, then the bound kept. */
    void insert(K key, V value, int w, long now) {
        Node<K, V> node = timed ? Node.timed(key, value, w, now) : Node.plain(key, value, w);
        if (deadlines != null) {
            node.deadline(deadlines.created(key, value, now)); // first, so that a throwing expiry changes nothing
        }
        boolean admitted;
        try {
            admitted = strategy.admit(node);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "admit", e);
            admitted = true;
        }
        if (!admitted) {
            node.retire();
            evictions.increment();
            evictedWeight.add(w);
            removed(new Removal<>(key, value, RemovalCause.SIZE, w));
            return;
        }
        map.put(key, node);
        weight += w;
        try {
            strategy.onInsert(node);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "onInsert", e);
        }
        if (wheel != null) {
            if (wheel.size() == 0) {
                wheel.advance(now, expirer); // an idle wheel's time is stale: catch up, at no cost while empty
            }
            wheel.schedule(timed(node));
            pace();
        }
        if (w > maximum) {
            // Alone over the bound: evicting others for it would be in vain.
            remove(node, evictionCause(node, now));
        }
        evictToBound();
    }

    /**
     * Under the lock: a new value for a live entry; the old one is reported {@link RemovalCause#REPLACED}
     * unless it is the same object.
     *
     * @return the old value
     */
    V update(Node<K, V> node, V value, int w, long now) {
        // First, so that a throwing expiry changes nothing.
        long deadline = deadlines == null ? 0 : deadlines.updated(node.key, value, now, node.deadline());
        V old;
        int oldWeight;
        synchronized (node) { // against a put in place
            old = node.value;
            oldWeight = node.weight();
            node.value = value;
            node.weight(w);
        }
        node.written(now);
        weight += w - oldWeight;
        if (wheel != null) {
            node.deadline(deadline);
            wheel.reschedule(timed(node));
            pace();
        }
        try {
            strategy.onUpdate(node, oldWeight);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "onUpdate", e);
        }
        if (old != value) {
            // The same value written again leaves nothing: it is not reported replaced (as in Caffeine).
            removed(new Removal<>(node.key, old, RemovalCause.REPLACED, oldWeight));
        }
        if (w > maximum) {
            remove(node, evictionCause(node, now));
        }
        evictToBound();
        return old;
    }

    /**
     * Under the lock: takes a live node out of the map and the strategy, counts and reports it.
     *
     * @return the node's value
     */
    V remove(Node<K, V> node, RemovalCause cause) {
        int w = node.weight();
        map.remove(node.key, node);
        V value;
        synchronized (node) { // against a put in place, which reports the value it replaces
            value = node.value;
            node.retire();
        }
        weight -= w;
        if (wheel != null) {
            wheel.deschedule(timed(node));
        }
        try {
            strategy.onRemove(node);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "onRemove", e);
        }
        if (cause == RemovalCause.SIZE) {
            evictions.increment();
            evictedWeight.add(w);
        } else if (cause == RemovalCause.EXPIRED) {
            expirations.increment();
        }
        removed(new Removal<>(node.key, value, cause, w));
        return value;
    }

    /** Under the lock: evicts the strategy's victims until the total weight is within the bound. */
    private void evictToBound() {
        while (weight > maximum) {
            Node<K, V> victim = victim();
            if (victim == null) {
                return;
            }
            remove(victim, evictionCause(victim, now()));
        }
    }

    /**
     * @return why a node the bound takes out leaves: {@link RemovalCause#EXPIRED} when it is past
     *     its expiry already (a victim, or an entry expired at once that is heavier than the bound),
     *     as in the lockfree cache; {@link RemovalCause#SIZE} otherwise
     */
    private RemovalCause evictionCause(Node<K, V> node, long now) {
        return expires && expired(node, now) ? RemovalCause.EXPIRED : RemovalCause.SIZE;
    }

    /**
     * Under the lock: the strategy's victim if it is an entry of this cache; otherwise, the failure
     * reported, any entry, so that the bound holds whatever the strategy does.
     */
    private Node<K, V> victim() {
        CacheEntry<K, V> chosen;
        Throwable failure = null;
        try {
            chosen = strategy.victim();
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            chosen = null;
            failure = e;
        }
        if (chosen instanceof Node<K, V> node && node.alive() && map.get(node.key) == node) {
            return node;
        }
        if (failure == null) {
            failure = CacheEvents.badVictim(name, chosen, weight, maximum);
        }
        failed("strategy", "victim", failure);
        Iterator<Node<K, V>> any = map.values().iterator();
        return any.hasNext() ? any.next() : null;
    }

    /** @return the weight of the value, from the weigher */
    int weigh(K key, V value) {
        if (weigher == null) {
            return 1;
        }
        int w;
        try {
            w = callbacks.call(() -> weigher.weigh(key, value));
        } catch (Throwable e) {
            failed("weigher", "weigh", e);
            throw e;
        }
        if (w < 0) {
            throw org.patinox.memory.support.CachePolicies.negativeWeight(name, key, w);
        }
        return w;
    }

    long now() {
        return timed ? ticker.getAsLong() : 0;
    }

    // ---- expiry --------------------------------------------------------------------------------

    /**
     * The periodic task, on the shared scheduler's thread: it only hands a run of the sweep to a
     * virtual thread. A run still going (a listener that blocks) is not joined by another: the
     * next one starts at the first period after it ends.
     */
    private void hopToSweep() {
        if (closed || !sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            context.blockingExecutor().execute(sweepTask);
        } catch (RejectedExecutionException e) {
            sweeping.set(false); // the instance is closing
        }
    }

    /** One background run, on a virtual thread: a bounded part of the sweep, never throwing. */
    private void sweepInBackground() {
        try {
            if (closed) {
                return;
            }
            Iterator<Node<K, V>> cursor = sweepCursor;
            if (cursor == null || !cursor.hasNext()) {
                cursor = map.values().iterator();
            }
            sweep(cursor, SWEEP_BUDGET);
            sweepCursor = cursor.hasNext() ? cursor : null;
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "Cache " + name + ": the expiry sweep failed; it runs again", e);
        } finally {
            sweeping.set(false);
        }
    }

    /**
     * Removes, as {@link RemovalCause#EXPIRED}, the entries among the next {@code budget} of the
     * iterator that expired or that the strategy condemns, taking the lock for {@link #SWEEP_CHUNK}
     * entries at a time. Without a strategy using time, entries are judged first without the lock,
     * so that a sweep that finds nothing expired never takes it.
     */
    private void sweep(Iterator<Node<K, V>> nodes, int budget) {
        List<Node<K, V>> chunk = new ArrayList<>(SWEEP_CHUNK);
        int left = budget;
        while (left > 0 && nodes.hasNext() && !closed) {
            chunk.clear();
            long seen = ticker.getAsLong();
            for (int i = 0; i < SWEEP_CHUNK && left > 0 && nodes.hasNext(); i++, left--) {
                Node<K, V> node = nodes.next();
                if (strategyTime || (expires && expired(node, seen))) {
                    chunk.add(node);
                }
            }
            if (chunk.isEmpty()) {
                continue;
            }
            lockForChange();
            try {
                if (closed) {
                    return;
                }
                long now = ticker.getAsLong();
                for (Node<K, V> node : chunk) {
                    if (node.alive() && ((expires && expired(node, now)) || (strategyTime && condemned(node, now)))) {
                        remove(node, RemovalCause.EXPIRED);
                    }
                }
            } finally {
                unlockAndDeliver();
            }
        }
    }

    /** Under the lock: makes sure a background run is coming for the wheel's timers. */
    private void pace() {
        if (!pacer.scheduled()) {
            pacer.schedule(wheel.nextDelay());
        }
    }

    /** Under the lock, from the wheel: removes the node if its deadline passed, else has it scheduled again. */
    private boolean expireTimer(Node.Timed<K, V> node, long now) {
        if (!node.alive()) {
            return true;
        }
        if (!expired(node, now)) {
            return false;
        }
        remove(node, RemovalCause.EXPIRED);
        return true;
    }

    /**
     * A background run of the wheel, on a virtual thread: advances it to now, removing what came
     * due, delivers, and only then asks for the next run, by the wheel's next bucket (or for none
     * when it is empty), so that a listener that blocks holds up this run alone and is not joined by
     * the next.
     */
    private void expireInBackground() {
        try {
            lockForChange();
            try {
                if (!closed) {
                    wheel.advance(ticker.getAsLong(), expirer);
                }
            } finally {
                unlockAndDeliver();
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "Cache " + name + ": background expiry failed; it runs again", e);
        } finally {
            lock.lock();
            try {
                if (!closed && wheel.size() > 0) {
                    pacer.schedule(wheel.nextDelay());
                } else {
                    pacer.idle();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    // ---- the lock and what follows it ----------------------------------------------------------

    /**
     * Releases the lock; the thread releasing its last hold then delivers what was collected under
     * it: failure reports, then removal notifications and their events, each isolated.
     */
    void unlockAndDeliver() {
        ArrayList<Removal<K, V>> removals = null;
        ArrayList<Failure> failures = null;
        if (lock.getHoldCount() == 1) {
            // Written only when set: every reader reads this object's fields, and a needless store
            // on each release would take their cache line from them.
            removals = pendingRemovals;
            failures = pendingFailures;
            if (removals != null) {
                pendingRemovals = null;
            }
            if (failures != null) {
                pendingFailures = null;
            }
        }
        lock.unlock();
        if (failures != null) {
            for (Failure failure : failures) {
                reportFailure(failure);
            }
        }
        if (removals != null) {
            for (Removal<K, V> removal : removals) {
                notifyListener(removal);
            }
        }
    }

    /** Under the lock: a removal to report. */
    private void removed(Removal<K, V> removal) {
        if (pendingRemovals == null) {
            pendingRemovals = new ArrayList<>(4);
        }
        pendingRemovals.add(removal);
    }

    /** A callback threw: reported at once, or after the lock is released when this thread holds it. */
    private void failed(String callback, String call, Throwable error) {
        Failure failure = new Failure(callback, call, error);
        if (lock.isHeldByCurrentThread()) {
            if (pendingFailures == null) {
                pendingFailures = new ArrayList<>(2);
            }
            pendingFailures.add(failure);
        } else {
            reportFailure(failure);
        }
    }

    private void notifyListener(Removal<K, V> removal) {
        events.removed(listener, removal.key(), removal.value(), removal.cause(), removal.weight());
    }

    private void reportFailure(Failure failure) {
        events.callbackFailed(failure.callback(), failure.call(), failure.error());
    }

    @Override
    public void checkWrite(Object key) {
        callbacks.check(key);
    }

    @Override
    public void requireOpen() {
        if (closed) {
            throw new CacheException(CacheException.Kind.CLOSED, name, "cache '" + name + "' is closed");
        }
    }

    // ---- the map view's operations (CacheMapView) ----------------------------------------------
    // Reads go to the map without the lock and count nothing in the stats, though they are offered
    // to the strategy as the cache's own reads are; writes take the lock as the cache's own do. The
    // functions of computeIfAbsent, computeIfPresent, compute and merge run once, under the lock:
    // they must be short and must not wait for another thread that writes to the cache.

    @Override
    public long viewSize() {
        requireOpen();
        if (!expires) {
            return map.mappingCount();
        }
        long live = 0;
        for (Node<K, V> node : map.values()) {
            if (!expiredNow(node)) {
                live++;
            }
        }
        return live;
    }

    @Override
    public boolean viewContainsKey(Object key) {
        requireOpen();
        return peek(Objects.requireNonNull(key, "key")) != null;
    }

    @Override
    public V viewGet(Object key) {
        requireOpen();
        return read(Objects.requireNonNull(key, "key"));
    }

    @Override
    public V viewPut(K key, V value) {
        return write(key, value, false);
    }

    @Override
    public V viewPutIfAbsent(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        V present = read(key);
        return present != null ? present : write(key, value, true);
    }

    @Override
    public V viewRemove(Object key) {
        return removeKey(key);
    }

    @Override
    public boolean viewRemove(Object key, Object value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return false;
        }
        callbacks.check(key);
        lockForChange();
        try {
            requireOpen();
            Node<K, V> node = live(key, now());
            if (node == null) {
                return false;
            }
            synchronized (node) { // the value compared is the value removed, whatever a put in place does
                if (!value.equals(node.value)) {
                    return false;
                }
                remove(node, RemovalCause.EXPLICIT);
                return true;
            }
        } finally {
            unlockAndDeliver();
        }
    }

    @Override
    public boolean viewReplace(K key, V oldValue, V newValue) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        callbacks.check(key);
        int w = weigh(key, newValue);
        lockForChange();
        try {
            requireOpen();
            long now = now();
            Node<K, V> node = live(key, now);
            if (node == null) {
                return false;
            }
            synchronized (node) { // the value compared is the value replaced, whatever a put in place does
                if (!oldValue.equals(node.value)) {
                    return false;
                }
                update(node, newValue, w, now);
                return true;
            }
        } finally {
            unlockAndDeliver();
        }
    }

    @Override
    public V viewReplace(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        int w = weigh(key, value);
        lockForChange();
        try {
            requireOpen();
            long now = now();
            Node<K, V> node = live(key, now);
            return node == null ? null : update(node, value, w, now);
        } finally {
            unlockAndDeliver();
        }
    }

    @Override
    public V viewComputeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mappingFunction, "mappingFunction");
        callbacks.check(key);
        V present = read(key);
        if (present != null) {
            return present;
        }
        lockForChange();
        try {
            requireOpen();
            Node<K, V> node = live(key, now());
            if (node != null) {
                return node.value;
            }
            V value = callbacks.call(() -> mappingFunction.apply(key));
            return value == null ? null : store(key, null, null, value);
        } finally {
            unlockAndDeliver();
        }
    }

    @Override
    public V viewComputeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        callbacks.check(key);
        if (!map.containsKey(key)) {
            return null;
        }
        lockForChange();
        try {
            requireOpen();
            Node<K, V> node = live(key, now());
            if (node == null) {
                return null;
            }
            synchronized (node) { // so that only this thread's own put can change the value under the function
                V old = node.value;
                return store(key, node, old, callbacks.call(() -> remappingFunction.apply(key, old)));
            }
        } finally {
            unlockAndDeliver();
        }
    }

    @Override
    public V viewCompute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        callbacks.check(key);
        lockForChange();
        try {
            requireOpen();
            Node<K, V> node = live(key, now());
            if (node == null) {
                return store(key, null, null, callbacks.call(() -> remappingFunction.apply(key, null)));
            }
            synchronized (node) { // so that only this thread's own put can change the value under the function
                V old = node.value;
                return store(key, node, old, callbacks.call(() -> remappingFunction.apply(key, old)));
            }
        } finally {
            unlockAndDeliver();
        }
    }

    @Override
    public V viewMerge(K key, V value, BiFunction<? super V, ? super V, ? extends V> remappingFunction) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(remappingFunction, "remappingFunction");
        callbacks.check(key);
        lockForChange();
        try {
            requireOpen();
            Node<K, V> node = live(key, now());
            if (node == null) {
                return store(key, null, null, value);
            }
            synchronized (node) { // so that only this thread's own put can change the value under the function
                V old = node.value;
                return store(key, node, old, callbacks.call(() -> remappingFunction.apply(old, value)));
            }
        } finally {
            unlockAndDeliver();
        }
    }

    /**
     * Under the lock, after a function ran: applies its result to the key, whose live node (or
     * {@code null}) and value were {@code node} and {@code old} before the function ran.
     *
     * @return the result
     * @throws ConcurrentModificationException when the function changed the key's entry itself
     */
    private V store(K key, Node<K, V> node, V old, V result) {
        requireOpen();
        if (map.get(key) != node || (node != null && node.value != old)) {
            throw new ConcurrentModificationException("cache '" + name
                    + "': the function computing key " + key + " changed that key's entry itself");
        }
        if (result == null) {
            if (node != null) {
                remove(node, RemovalCause.EXPLICIT);
            }
            return null;
        }
        int w = weigh(key, result);
        long now = now();
        if (node == null) {
            insert(key, result, w, now);
        } else {
            update(node, result, w, now);
        }
        return result;
    }

    @Override
    public void viewClear() {
        invalidateAll();
    }

    @Override
    public Iterator<Map.Entry<K, V>> viewEntries() {
        requireOpen();
        Iterator<Node<K, V>> nodes = map.values().iterator();
        return new Iterator<>() {
            private Map.Entry<K, V> next;

            @Override
            public boolean hasNext() {
                while (next == null && nodes.hasNext()) {
                    Node<K, V> node = nodes.next();
                    V value = node.value;
                    if (!expiredNow(node)) {
                        next = new java.util.AbstractMap.SimpleImmutableEntry<>(node.key, value);
                    }
                }
                return next != null;
            }

            @Override
            public Map.Entry<K, V> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Map.Entry<K, V> entry = next;
                next = null;
                return entry;
            }
        };
    }

    // ---- for tests -----------------------------------------------------------------------------

    ConcurrentHashMap<K, Node<K, V>> map() {
        return map;
    }

    ReentrantLock lock() {
        return lock;
    }

    boolean expires() {
        return expires;
    }

    /** @return whether the node is expired now; {@code false} for a cache without expiry */
    boolean expiredNow(Node<K, V> node) {
        return expires && expired(node, ticker.getAsLong());
    }

    /** @return the background sweep, or {@code null} when the cache has none */
    ScheduledFuture<?> sweeper() {
        return sweeper;
    }

    /** @return the total weight, read under the lock */
    long weightedSize() {
        lock.lock();
        try {
            return weight;
        } finally {
            lock.unlock();
        }
    }

    // ---- loading: get(key), getAll, refresh (CacheLoading) -------------------------------------

    /** The loader's features; set at the end of the constructor, as is {@link #refreshes}. */
    private final CacheLoading<K, V> loading;
    /** Whether reads start refreshes: {@link CacheConfig#refreshes()}; nodes then keep timestamps. */
    private final boolean refreshes;

    @Override
    public V get(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return get(key, loading.loader("get(key)"));
    }

    @Override
    public Map<K, V> getAll(Iterable<? extends K> keys,
            Function<? super java.util.Set<? extends K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
        requireOpen();
        return loading.getAll(keys, bulkLoader, this::getIfPresent, this::storeLoaded);
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
        return loading.refresh(key, peek(key));
    }

    /** A refresh's store: the reloaded value, only if the key still holds the value it reloaded. */
    private void replaceIfUnchanged(K key, V expected, V fresh, java.util.function.BooleanSupplier current) {
        requireOpen();
        callbacks.check(key);
        int w = fresh == null ? 0 : weigh(key, fresh);
        lockForChange();
        try {
            requireOpen();
            if (!current.getAsBoolean()) {
                return;
            }
            long now = now();
            Node<K, V> node = live(key, now);
            if (expected == null) {
                if (node == null && fresh != null) {
                    insert(key, fresh, w, now);
                }
            } else if (node != null) {
                synchronized (node) { // the value compared is the value replaced, whatever a put in place does
                    if (node.value == expected) {
                        if (fresh == null) {
                            remove(node, RemovalCause.EXPLICIT);
                        } else {
                            update(node, fresh, w, now);
                        }
                    }
                }
            }
        } finally {
            unlockAndDeliver();
        }
    }

    // ---- policy inspection and the maximum at run time (CachePolicy) ----------------------------

    private final Inspection inspection = new Inspection();

    @Override
    public java.util.Optional<org.patinox.memory.cache.CachePolicy<K, V>> policy() {
        requireOpen();
        return config.bounded() ? java.util.Optional.of(inspection) : java.util.Optional.empty();
    }

    /**
     * Under the lock: the strategy's order, {@code coldest} or {@code hottest}; a failure other than
     * not listing is reported as the strategy's other failures are, and reaches the caller.
     */
    private List<CacheEntry<K, V>> order(boolean hottest, int limit) {
        try {
            return org.patinox.memory.support.CachePolicies.order(strategy, hottest, limit);
        } catch (UnsupportedOperationException e) {
            throw e;
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", hottest ? "hottest" : "coldest", e);
            throw e;
        }
    }

    /** A snapshot of the order, under the lock after the buffered reads were replayed. */
    private java.util.SequencedMap<K, V> snapshot(boolean hottest, int limit) {
        requireOpen();
        org.patinox.memory.support.CachePolicies.checkLimit(name, limit);
        lockForChange();
        try {
            requireOpen();
            long now = now();
            return org.patinox.memory.support.CachePolicies.snapshot(name, config.policy().name(),
                    n -> order(hottest, n), e -> e instanceof Node<K, V> node && node.alive()
                            && map.get(node.key) == node && !(expires && expired(node, now)), limit);
        } finally {
            unlockAndDeliver();
        }
    }

    /** The cache's {@link org.patinox.memory.cache.CachePolicy}: every call takes the lock, as a write does. */
    private final class Inspection implements org.patinox.memory.cache.CachePolicy<K, V> {

        @Override
        public long maximum() {
            requireOpen();
            return maximum;
        }

        @Override
        public void setMaximum(long value) {
            requireOpen();
            long checked = org.patinox.memory.support.CachePolicies.checkMaximum(name, config, value);
            lockForChange();
            try {
                requireOpen();
                maximum = checked;
                try {
                    strategy.onMaximumChanged(checked);
                } catch (Throwable e) {
                    CacheEvents.rethrowFatal(e);
                    failed("strategy", "onMaximumChanged", e);
                }
                evictToBound();
            } finally {
                unlockAndDeliver();
            }
        }

        @Override
        public long weightedSize() {
            requireOpen();
            lockForChange();
            try {
                requireOpen();
                return weight;
            } finally {
                unlockAndDeliver();
            }
        }

        @Override
        public java.util.SequencedMap<K, V> coldest(int limit) {
            return snapshot(false, limit);
        }

        @Override
        public java.util.SequencedMap<K, V> hottest(int limit) {
            return snapshot(true, limit);
        }

        @Override
        public String toString() {
            return "CachePolicy[" + name + ", maximum " + maximum + "]";
        }
    }
}
