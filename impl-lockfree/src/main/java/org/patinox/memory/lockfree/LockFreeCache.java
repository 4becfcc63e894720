package org.patinox.memory.lockfree;

import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
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
 * The {@code lockfree} cache, built as Caffeine's bounded cache is, with the eviction strategy
 * pluggable: the data in a {@link ConcurrentHashMap} of {@link Node}s, reads and writes recorded in
 * buffers, and one maintainer at a time replaying them to the {@link EvictionStrategy}, which is
 * therefore only ever called by one thread at a time.
 *
 * <h2>Reads</h2>
 * A read is a map lookup, an expiry check (a ticker read only when entries keep timestamps), and
 * one offer of the node to the striped, lossy {@link ReadBuffer}; it never waits on a lock, never
 * maintains, and allocates nothing. Hits are counted by the read buffer's own counters of what it
 * recorded and dropped, misses by a {@link LongAdder}. A reader whose record fills its stripe, or
 * who finds it full, makes sure that a background drain is coming ({@link #scheduleDrain()}), and
 * goes on; a full stripe drops reads until the drain empties it, as Caffeine's do while its drain is
 * pending, so that the strategy of a cache read flat out sees a sample of the reads, which its SPI
 * allows. The drain ({@link Drain}) runs on a virtual thread of the instance's {@link
 * ProviderContext#blockingExecutor()} and then lingers for the next request, woken by its own timer
 * every {@link Drain#PACE}: a stream of reads is replayed by one running task, in the order each
 * thread read, instead of by a task queued and a thread woken per full stripe. A cache whose
 * executor runs tasks on the calling thread replays every read of a single thread.
 *
 * <h2>Writes</h2>
 * A write first claims a slot in the bounded {@link WriteBuffer}, then changes the map at once by
 * {@link ConcurrentHashMap#compute} (the weigher runs there, before anything changes), then fills
 * the slot with the node it touched, and then tries the eviction lock to maintain. Writes are
 * never dropped: a writer that finds the buffer full takes the lock (waiting), and writes as its
 * holder, for whom one slot is always kept. Inserts, updates and removals of one node are all
 * recorded as that node; what an occurrence means is decided when it is applied, by the node's
 * {@linkplain Node#life() state word}: a node the strategy does not know yet is inserted (unless it
 * was already removed: then it is forgotten, and the strategy hears neither of it); a known node is
 * updated while in the map, and removed once out of it. So an insert and a remove of one node both
 * pending cost the strategy nothing, and no removal can reach it before the insert. An update
 * that keeps the node's weight, in a cache without timestamps, touches neither the bound nor the
 * buffer: it replaces the value in place and records an update in the writer's read stripe, which
 * is replayed as {@code onUpdate} in order with that thread's reads (and, like them, sampled
 * under contention), as Caffeine records such an update as a read. Every write to a present node
 * and every retirement of a node also hold the node's monitor, so that a {@code put} over a present
 * entry of a cache whose entries all weigh 1 takes only that monitor, not the map's bin lock
 * ({@link #replaceInPlace}): under it, a node not retired is in the map.
 *
 * <h2>Maintenance</h2>
 * Whoever holds the {@link #lock} (a {@link ReentrantLock}, taken by {@code tryLock} on the write
 * path and by the background drain) drains the read buffer (replaying {@code onAccess} for nodes
 * the strategy holds and that are still in the map; an expired or condemned one is removed
 * instead), then the write
 * buffer, one occurrence at a time: apply it, evict down to the bound, and only then free its
 * slot. A writer maintaining after its write replays only its own stripe (its own reads, which must
 * reach the strategy before its write); the background runs and {@link #cleanUp()} replay every
 * stripe. Expiring entries are scheduled by their deadlines ({@link Deadlines}) in a {@link
 * TimerWheel} that only the maintainer touches: on the insert's, the update's and a replayed read's
 * turn, descheduled when they leave the strategy; every maintenance advances it, removing what came
 * due, and a background run, timed by the wheel's next bucket ({@link ExpiryPacer}), maintains when
 * nothing else does, so that the work of expiry grows with the entries that expire. Only a strategy
 * using time (other than the {@code ttl} policy's) still has the map swept periodically for its
 * {@code shouldEvict}, which has no deadline to schedule. A holder that
 * releases the lock looks at the write buffer once more and maintains again if a write is waiting
 * there (a writer that filled its slot and failed to take the lock relies on that); after a few
 * rounds it hands the rest to the background drain instead, so that no caller is kept maintaining
 * under a write storm.
 *
 * <h2>Threads</h2>
 * No callback of the user's (strategy, weigher, listener, monitor) ever runs on the shared
 * scheduler's one thread: its periodic task only hands the run to a virtual thread ({@link
 * #hopToTick()}), and the drain is queued on the virtual threads directly. A listener or strategy
 * that blocks therefore delays no other cache's or pool's timers.
 *
 * <h2>Bound</h2>
 * The entries' total weight exceeds {@link CacheConfig#maximumWeight()} by at most the weight of
 * the writes outstanding in the write buffer, that is, of at most {@link WriteBuffer#capacity()}
 * writes ({@link WriteBuffer#defaultCapacity()}: 128 per processor, the processors rounded up to a
 * power of two, at most 1024; their weights, or that many entries without a weigher), at every
 * instant, during maintenance too: a change enters the map only under a claimed slot, and the slot
 * is freed only after the maintainer has counted the change and evicted for it. After {@link
 * #cleanUp()} on a quiet cache the weight is within the maximum.
 *
 * <h2>Notifications</h2>
 * The removal listener and the monitor's events run after the lock is released, on the thread
 * that removed the entry: the caller for its own explicit removals and replacements, the
 * maintaining thread (a caller, or a background virtual thread) for evictions and
 * expirations. Failed callbacks of the strategy found under the lock are reported the same way.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class LockFreeCache<K, V> implements Cache<K, V>, CacheMapOperations<K, V> {

    static final System.Logger LOG = Loggers.named("org.patinox.memory.lockfree.cache");

    /** Rounds a releasing holder maintains for writes that arrived meanwhile before it hands off. */
    static final int MAX_ROUNDS = 4;
    /** Entries judged per hold of the lock in a background sweep, so that writers wait at most that long. */
    static final int SWEEP_CHUNK = 4096;
    /** Entries removed per hold of the lock by {@link #invalidateAll()}. */
    static final int INVALIDATE_CHUNK = 4096;
    private static final long MIN_PERIOD = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_PERIOD = TimeUnit.SECONDS.toNanos(1);

    /** A write's decision to change nothing. */
    private static final Object KEEP = new Object();
    /** The write buffer's marker of a write that changed nothing. */
    private static final Object NOTHING = new Object();

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
    /** The bound; written under {@link #lock} by {@code policy().setMaximum}, read by the maintainer under it. */
    private volatile long maximum;
    private final long expireAfterWrite;
    private final long expireAfterAccess;
    /** Whether entries expire by the configuration. */
    private final boolean expires;
    /** Whether the strategy is asked {@code shouldEvict}. */
    private final boolean usesTime;
    /** Whether nodes keep timestamps: {@link #expires} or {@link #usesTime}. */
    private final boolean timed;
    private final CacheEvents events;
    /** Runs the mapping functions, the expiry and the weigher, and refuses their writes to this cache. */
    private final CallbackWrites callbacks;
    /** The entries' deadlines, or {@code null} when they do not expire. */
    private final Deadlines<K, V> deadlines;
    /** Whether reads move deadlines, so that a replayed read reschedules its entry. */
    private final boolean readsMove;
    /** The maintainer's: the expiring entries by deadline, or {@code null} when they do not expire. */
    private final TimerWheel<TimerWheel.Timer> wheel;
    /** Times the background runs of the wheel, or {@code null} when entries do not expire. */
    private final ExpiryPacer pacer;
    private final TimerWheel.Expirer<TimerWheel.Timer> expirer = this::expireTimer;
    /**
     * Whether the periodic sweep runs: for a strategy using time, whose {@code shouldEvict} has no
     * deadline, but not for the {@code ttl} policy, whose condemnation is its {@code expireAfterWrite}.
     */
    private final boolean sweepsStrategy;

    private final ConcurrentHashMap<K, Node<K, V>> data = new ConcurrentHashMap<>();
    private final ReadBuffer readBuffer;
    private final WriteBuffer writeBuffer;
    private final ReentrantLock lock = new ReentrantLock();

    // The maintainer's state: read and written only by the holder of the lock.
    /** The weight of the nodes the strategy holds, as counted by applying the write buffer. */
    private long weightedSize;
    private ArrayList<Removal<K, V>> pendingRemovals;
    private ArrayList<Failure> pendingFailures;
    /** Where the background sweep resumes. */
    private Iterator<Node<K, V>> sweepCursor;
    /** The ticker when the current read drain began. */
    private long replayNow;
    private final Unmapper unmapper = new Unmapper();
    private final Consumer<Object> replay = this::replayRead;

    private final LoadCoordinator<K, V> loads;
    private final Function<K, V> peekLive = this::peekLive;
    private final BiFunction<K, V, V> storeLoaded = this::storeLoaded;
    private final BiConsumer<K, V> unstore = this::unstore;
    /** Whether hits and misses are counted: {@link CacheConfig#recordStats()}. */
    private final boolean recordStats;
    private final LongAdder misses = new LongAdder();
    /** Records offered to the read buffer that are not hits: map-view reads, and updates. */
    private final LongAdder uncountedReads = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder evictedWeight = new LongAdder();
    private final LongAdder expirations = new LongAdder();

    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;
    private volatile ScheduledFuture<?> periodic;
    /** Whether a periodic run is queued or running on a virtual thread. */
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final Runnable tickTask = this::tick;
    /** Threads delivering what background maintenance removed; {@link #cleanUp()} waits for them. */
    private final Set<Thread> backgroundDeliverers = ConcurrentHashMap.newKeySet();
    private final CacheMapView<K, V> view;
    /** The background drain, which readers whose stripe fills ask for. */
    private final Drain drain;

    LockFreeCache(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy, ProviderContext context,
                  Monitor monitor, int readStripes, int writeCapacity) {
        this.config = Objects.requireNonNull(config, "config");
        this.name = config.name();
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
        boolean strategyTime;
        try {
            strategyTime = strategy.usesTime();
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            strategyTime = false;
            failed("strategy", "usesTime", e);
        }
        this.usesTime = strategyTime;
        this.timed = expires || strategyTime || config.refreshes();
        this.sweepsStrategy = strategyTime
                && !(config.policy() instanceof org.patinox.memory.cache.EvictionPolicy.TimeToLive);
        // What the expiry throws is reported where it is caught: after the write's compute, or by the reader.
        this.callbacks = new CallbackWrites(name);
        this.deadlines = Deadlines.of(config, (call, e) -> { }, callbacks);
        this.readsMove = deadlines != null && deadlines.readsMove();
        this.wheel = expires ? new TimerWheel<>(ticker.getAsLong()) : null;
        this.pacer = expires ? new ExpiryPacer(context.scheduler(), context.blockingExecutor(), this::expireInBackground,
                () -> { }) : null;
        this.recordStats = config.recordStats();
        this.readBuffer = new ReadBuffer(readStripes, recordStats);
        this.writeBuffer = new WriteBuffer(writeCapacity);
        this.loads = new LoadCoordinator<>(name, ticker);
        this.drain = new Drain(context.blockingExecutor(), this::maintainInBackground, () -> closed,
                e -> LOG.log(System.Logger.Level.ERROR, "Cache " + name + ": background maintenance failed", e));
        this.refreshes = config.refreshes();
        this.loading = new CacheLoading<>(config, loads, context.blockingExecutor(), events, this::replaceIfUnchanged);
        this.view = new CacheMapView<>(this, loading);
    }

    /**
     * @return an open cache with buffers sized for this machine, its background maintenance
     *     scheduled when anything can expire
     */
    static <K, V> LockFreeCache<K, V> open(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy,
                                           ProviderContext context, Monitor monitor) {
        return open(config, strategy, context, monitor, ReadBuffer.defaultStripes(), WriteBuffer.defaultCapacity());
    }

    /** As {@link #open(CacheConfig, EvictionStrategy, ProviderContext, Monitor)}, with the buffers' sizes given. */
    static <K, V> LockFreeCache<K, V> open(CacheConfig<K, V> config, EvictionStrategy<K, V> strategy,
                                           ProviderContext context, Monitor monitor, int readStripes,
                                           int writeCapacity) {
        LockFreeCache<K, V> cache = new LockFreeCache<>(config, strategy, context, monitor, readStripes, writeCapacity);
        cache.start();
        return cache;
    }

    private void start() {
        if (sweepsStrategy) {
            long period = period();
            try {
                periodic = context.scheduler().scheduleWithFixedDelay(this::hopToTick, period, period,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                LOG.log(System.Logger.Level.WARNING, "Cache " + name
                        + ": the scheduler refused the periodic maintenance; expired entries go on reads and cleanUp() only", e);
            }
        }
        if (events.wants(EventKind.CACHE_OPENED)) {
            events.record(EventKind.CACHE_OPENED, null, "maximumWeight", maximum, "policy", config.policy().name(),
                    "backend", LockFreeMemoryProvider.NAME, "writeBufferCapacity", writeBuffer.capacity());
        }
    }

    /** @return half the shortest expiry, within 10 ms and 1 s; 1 s for a strategy's time alone */
    long period() {
        long shortest = shortestExpiry();
        return shortest == 0 ? MAX_PERIOD : Math.clamp(shortest / 2, MIN_PERIOD, MAX_PERIOD);
    }

    private long shortestExpiry() {
        long shortest = Long.MAX_VALUE;
        for (long expiry : new long[] {expireAfterWrite, expireAfterAccess}) {
            if (expiry > 0) {
                shortest = Math.min(shortest, expiry);
            }
        }
        return shortest == Long.MAX_VALUE ? 0 : shortest;
    }

    private static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    // ---------------------------------------------------------------- the Cache

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
        return lookup(key, true);
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> loader) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        V value = lookup(key, true);
        if (value != null) {
            return value;
        }
        callbacks.check(key); // before the load: its waiters must not be handed this caller's refusal
        return loads.load(key, peekLive, loader, storeLoaded, unstore);
    }

    @Override
    public CompletableFuture<V> getAsync(K key, Function<? super K, ? extends V> loader) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        V value = lookup(key, true);
        if (value != null) {
            return CompletableFuture.completedFuture(value);
        }
        // The miss is counted; the load on the virtual thread does not look up again.
        return loads.loadAsync(key, context.blockingExecutor(), () -> loads.load(key, peekLive, loader, storeLoaded, unstore));
    }

    @Override
    public void put(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        callbacks.check(key);
        loading.written(key);
        if (!timed && weigher == null && replaceInPlace(key, value)) {
            return;
        }
        write(new Write(key) {
            @Override
            Object decide(V present) {
                return value;
            }
        });
    }

    @Override
    public V remove(K key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        callbacks.check(key);
        loading.removed(key);
        return write(new Write(key) {
            @Override
            Object decide(V present) {
                return null;
            }
        }).present;
    }

    @Override
    public void invalidateAll() {
        requireOpen();
        callbacks.check(null);
        loading.removedAll();
        Iterator<Node<K, V>> nodes = data.values().iterator();
        boolean more = true;
        while (more && !closed) {
            lock.lock();
            try {
                long now = now();
                int removed = 0;
                while (removed < INVALIDATE_CHUNK && (more = nodes.hasNext())) {
                    Node<K, V> node = nodes.next();
                    if (!unmap(node)) {
                        continue;
                    }
                    removed++;
                    if (held(node)) {
                        leavePolicy(node);
                    }
                    // else its insert is still buffered, and will find it retired: the strategy hears nothing.
                    if (expires && expired(node, now)) {
                        removed(node, RemovalCause.EXPIRED);
                    } else {
                        pending(new Removal<>(node.key, node.value, RemovalCause.EXPLICIT, node.writtenWeight()));
                    }
                }
            } finally {
                releaseAndRecheck(false);
            }
        }
    }

    @Override
    public long size() {
        requireOpen();
        return data.mappingCount();
    }

    @Override
    public CacheStats stats() {
        if (!recordStats) {
            return CacheStats.empty(name);
        }
        // Uncounted reads first: every one of them is in the buffer's counters read afterwards.
        long uncounted = uncountedReads.sum();
        long hits = readBuffer.offered() - uncounted;
        return new CacheStats(name, Math.max(0, hits), misses.sum(), loads.loadSuccessCount(),
                loads.loadFailureCount(), loads.totalLoadTimeNanos(), evictions.sum(), evictedWeight.sum(),
                expirations.sum());
    }

    /**
     * Runs maintenance to completion on the calling thread, waiting for the lock if another thread
     * holds it: replays the recorded reads, applies every buffered write (waiting for writes in
     * flight to fill their slots), evicts to the bound, removes every expired entry; then waits for
     * background maintenance to finish delivering what it removed, so that once this returns on a
     * quiet cache every removal has been reported.
     */
    @Override
    public void cleanUp() {
        requireOpen();
        lock.lock();
        try {
            maintain(true);
            if (wheel != null && !closed) {
                wheel.expireDue(ticker.getAsLong(), expirer);
            }
            if (sweepsStrategy && !closed) {
                sweep(data.values().iterator(), Integer.MAX_VALUE);
            }
        } finally {
            releaseAndRecheck(false);
        }
        awaitBackgroundDeliveries();
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
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        loads.close(); // whoever waits for a load in flight ends now, as closed
        ScheduledFuture<?> task = periodic;
        if (task != null) {
            task.cancel(false);
        }
        if (pacer != null) {
            pacer.close();
        }
        lock.lock();
        try {
            if (wheel != null) {
                wheel.clear();
            }
            data.clear();
            readBuffer.clear();
            pendingRemovals = null;
            pendingFailures = null;
            sweepCursor = null;
            weightedSize = 0;
        } finally {
            lock.unlock();
        }
        if (events.wants(EventKind.CACHE_CLOSED)) {
            events.record(EventKind.CACHE_CLOSED, null, "backend", LockFreeMemoryProvider.NAME);
        }
    }

    @Override
    public String toString() {
        return "LockFreeCache[" + name + ", backend " + LockFreeMemoryProvider.NAME + ", policy "
                + config.policy().name() + ", size " + data.mappingCount() + (closed ? ", closed" : "") + "]";
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

    private long now() {
        return timed ? ticker.getAsLong() : 0L;
    }

    private boolean expired(Node<K, V> node, long now) {
        return expires && Deadlines.expired(node.deadline(), now);
    }

    // ---------------------------------------------------------------- reads

    /**
     * The read path: the live value, its read recorded for the strategy.
     *
     * @param counted whether the read counts in the stats (not for the map view)
     */
    private V lookup(Object key, boolean counted) {
        Node<K, V> node = data.get(key);
        if (node != null) {
            V value = node.value;
            if (!timed) {
                record(node, counted);
                return value;
            }
            long now = ticker.getAsLong();
            if (!expired(node, now)) {
                node.accessed(now);
                if (readsMove) {
                    moveOnRead(node, value, now);
                }
                record(node, counted);
                if (refreshes) {
                    loading.refreshIfDue(node.key, value, node.writeTime(), now);
                }
                return value;
            }
        }
        if (counted && recordStats) {
            misses.increment();
        }
        return null;
    }

    /** A read at {@code now} moves the node's deadline, as the expiry says; what it throws is reported and rethrown. */
    private void moveOnRead(Node<K, V> node, V value, long now) {
        long deadline;
        try {
            deadline = deadlines.read(node.key, value, now, node.deadline(), node.writeTime());
        } catch (RuntimeException | Error e) {
            failed("expiry", "expireAfterRead", e);
            throw e;
        }
        node.deadline(deadline);
    }

    /** @param item a node read, or an {@link Updated} */
    private void record(Object item, boolean counted) {
        int answer = readBuffer.offer(item);
        if (!counted && recordStats) {
            uncountedReads.increment();
        }
        if (answer == ReadBuffer.RECORDED_DRAIN || answer == ReadBuffer.FULL) {
            scheduleDrain();
        }
    }

    /**
     * A put over a present entry of a cache whose entries all weigh 1 and keep no time: the bound,
     * the write buffer and the times stay as they are, so the value is replaced in place under the
     * node's monitor alone, without the map's bin lock, and the strategy hears it through the read
     * buffer, as a write that keeps its weight always does here (see {@link Write#updatedInPlace}).
     * Every change of a node's value and its retirement happen under its monitor, so a node found
     * not retired there is in the map until the monitor is released.
     *
     * @return {@code false} when the key has no entry, or its node left the map: the caller writes
     *     through the map instead
     */
    private boolean replaceInPlace(K key, V value) {
        requireOpen();
        Node<K, V> current = data.get(key);
        if (current == null) {
            return false;
        }
        V old;
        synchronized (current) {
            if ((current.life() & Node.RETIRED) != 0) {
                return false;
            }
            old = current.value;
            current.write(value, 1, 0L, 0L);
        }
        record(new Updated<>(current), false);
        if (old != value) {
            notifyRemoval(new Removal<>(current.key, old, RemovalCause.REPLACED, 1));
        }
        return true;
    }

    /** @return the key's live value, read without counting or recording: the loader's second look */
    private V peekLive(K key) {
        Node<K, V> node = data.get(key);
        return node != null && !expired(node, now()) ? node.value : null;
    }

    /** Stores a loaded value unless the key has a live one by now; returns what the cache holds. */
    private V storeLoaded(K key, V value) {
        V present = write(new Write(key) {
            @Override
            Object decide(V present) {
                return present != null ? KEEP : value;
            }
        }).present;
        return present != null ? present : value;
    }

    /** A load's value taken out again after a removal that came while it loaded ({@link LoadCoordinator}). */
    private void unstore(K key, V value) {
        replaceIfUnchanged(key, value, null, () -> true);
    }

    // ---------------------------------------------------------------- writes

    /**
     * One write to one key, run as the remapping function of {@link ConcurrentHashMap#compute}
     * under the key's bin lock. It claims its write-buffer slot there, just before it changes
     * anything (and only if it does), then changes the map, the node's value, weight and times, and
     * the node's state word; it records what it did for the caller, who fills the slot and reports
     * the removal after the compute returns. When the buffer is full it changes nothing and says so,
     * and the caller writes again as the lock's holder: its decision is run again, which is why a
     * write whose decision runs a user's function ({@link #userFunction}) claims its slot before
     * the compute instead, so that the function runs once.
     */
    abstract class Write implements BiFunction<K, Node<K, V>, Node<K, V>> {
        final K key;
        /** Whether {@link #decide} runs a function of the user's. */
        final boolean userFunction;
        long now;
        /** The claimed slot, or -1. */
        long slot = -1;
        /** Whether the slot could not be claimed: nothing changed, the write must run again as the holder. */
        boolean full;
        /** The node the maintainer must be handed, or {@code null} when nothing changed. */
        Node<K, V> touched;
        /** The live value found, {@code null} when absent or expired. */
        V present;
        /** The value mapped afterwards, or {@code null}. */
        V mapped;
        /** Whether the map changed for the decision (not counting the removal of an expired entry). */
        boolean changed;
        /** The removal or replacement to report, or {@code null}. */
        Removal<K, V> removal;
        /** Whether an expired entry was removed, so that the write must run again. */
        boolean again;
        /** What the weigher threw, to tell it from what a user's function threw. */
        Throwable weigherFailure;
        /** What the expiry threw, and in which call, reported after the compute. */
        Throwable expiryFailure;
        String expiryCall;
        /** A node whose value was replaced in place, its weight kept: recorded as a read-like update. */
        Node<K, V> updatedInPlace;
        /** Whether the map ran this write's function in the latest compute, and whether it returned. */
        boolean ran;
        boolean returned;

        Write(K key) {
            this(key, false);
        }

        Write(K key, boolean userFunction) {
            this.key = key;
            this.userFunction = userFunction;
        }

        /**
         * @param present the live value, or {@code null}
         * @return {@link #KEEP} to change nothing, {@code null} to have no mapping, or the new value
         */
        abstract Object decide(V present);

        /** Forgets one attempt's outcome (not a slot claimed before the compute). */
        final void reset() {
            full = false;
            touched = null;
            present = null;
            mapped = null;
            changed = false;
            removal = null;
            again = false;
            weigherFailure = null;
            expiryFailure = null;
            expiryCall = null;
            updatedInPlace = null;
        }

        /** @return whether this write holds a slot, claiming one now if needed */
        private boolean claim() {
            if (slot < 0) {
                slot = writeBuffer.claim(lock.isHeldByCurrentThread());
                full = slot < 0;
            }
            return slot >= 0;
        }

        @Override
        public final Node<K, V> apply(K k, Node<K, V> current) {
            ran = true;
            Node<K, V> result;
            if (current == null) {
                result = applyTo(k, null);
            } else {
                // The node's monitor too, as the put that replaces a value in place takes only that one.
                synchronized (current) {
                    result = applyTo(k, current);
                }
            }
            returned = true;
            return result;
        }

        private Node<K, V> applyTo(K k, Node<K, V> current) {
            reset();
            if (current != null && expired(current, now)) {
                // Expired counts as absent: remove it first, as its own change, and run again.
                if (!claim()) {
                    return current;
                }
                current.retire();
                touched = current;
                removal = new Removal<>(current.key, current.value, RemovalCause.EXPIRED, current.writtenWeight());
                again = true;
                return null;
            }
            V live = current == null ? null : current.value;
            present = live;
            Object decision = decide(live);
            if (decision == KEEP) {
                mapped = live;
                return current;
            }
            if (decision == null) {
                if (current != null) {
                    if (!claim()) {
                        return current;
                    }
                    current.retire();
                    touched = current;
                    changed = true;
                    removal = new Removal<>(current.key, live, RemovalCause.EXPLICIT, current.writtenWeight());
                }
                return null;
            }
            @SuppressWarnings("unchecked") // decide answers KEEP, null or a value
            V value = (V) decision;
            int weight = weigh(k, value, this);
            long deadline = deadline(k, value, current, this); // before anything changes
            if (current != null && !timed && slot < 0 && weight == current.writtenWeight()) {
                // The weight and (untimed) the times stay: the bound is not touched, so the update
                // needs no slot; the strategy hears it through the read buffer (see updatedInPlace).
                current.write(value, weight, now, deadline);
                changed = true;
                mapped = value;
                updatedInPlace = current;
                if (value != live) {
                    removal = new Removal<>(current.key, live, RemovalCause.REPLACED, weight);
                }
                return current;
            }
            if (!claim()) {
                return current;
            }
            changed = true;
            mapped = value;
            if (current == null) {
                Node<K, V> node = Node.of(k, value, weight, now, weigher != null, timed);
                node.deadline(deadline);
                touched = node;
                return node;
            }
            int previousWeight = current.writtenWeight();
            current.write(value, weight, now, deadline);
            touched = current;
            if (value != live) {
                // The same value written again leaves nothing: it is not reported replaced (as in Caffeine).
                removal = new Removal<>(current.key, live, RemovalCause.REPLACED, previousWeight);
            }
            return current;
        }
    }

    /** @return the deadline of the key's new value, 0 when entries do not expire; inside the write's compute */
    private long deadline(K key, V value, Node<K, V> current, Write write) {
        if (deadlines == null) {
            return 0;
        }
        try {
            return current == null ? deadlines.created(key, value, write.now)
                    : deadlines.updated(key, value, write.now, current.deadline());
        } catch (RuntimeException | Error e) {
            write.expiryFailure = e;
            write.expiryCall = current == null ? "expireAfterCreate" : "expireAfterUpdate";
            throw e;
        }
    }

    private int weigh(K key, V value, Write write) {
        if (weigher == null) {
            return 1;
        }
        int weight;
        try {
            weight = callbacks.call(() -> weigher.weigh(key, value));
        } catch (Throwable e) {
            write.weigherFailure = e;
            throw e;
        }
        if (weight < 0) {
            throw org.patinox.memory.support.CachePolicies.negativeWeight(name, key, weight);
        }
        return weight;
    }

    /**
     * Runs a write to completion: its rounds (two when an expired entry had to go first), each
     * reported to the listener by this thread once every lock is released.
     */
    private <W extends Write> W write(W write) {
        callbacks.check(write.key);
        for (;;) {
            requireOpen();
            write.now = now();
            round(write);
            Removal<K, V> removal = write.removal;
            if (removal != null) {
                if (removal.cause() == RemovalCause.EXPIRED) {
                    expirations.increment();
                }
                notifyRemoval(removal);
            }
            if (!write.again) {
                return write;
            }
        }
    }

    /**
     * One round of a write: the compute, its slot filled, and maintenance. A write that finds the
     * buffer full takes the lock (waiting) and writes as the holder, who may take the last slot
     * and drains the buffer whenever even that is taken.
     */
    private void round(Write write) {
        write.slot = write.userFunction ? writeBuffer.claim(false) : -1;
        if (!write.userFunction || write.slot >= 0) {
            boolean wrote = false;
            try {
                wrote = compute(write);
            } finally {
                if (write.slot >= 0 || write.full) {
                    tryMaintain(); // nothing to maintain for a write that changed nothing
                }
            }
            if (wrote) {
                return;
            }
        }
        lock.lock();
        try {
            do {
                // A closed cache drains no more, so room never comes: give up rather than spin
                // holding the lock that close() is waiting for.
                requireOpen();
                if (write.userFunction) {
                    while ((write.slot = writeBuffer.claim(true)) < 0) {
                        drainWrites(true);
                        requireOpen();
                    }
                } else if (write.full) {
                    drainWrites(true);
                }
            } while (!compute(write));
            maintainFor(readBuffer.stripe());
        } finally {
            releaseAndRecheck(false);
        }
    }

    /** @return {@code false} when the write found the buffer full and changed nothing */
    private boolean compute(Write write) {
        if (!write.userFunction) {
            write.slot = -1;
        }
        write.ran = false;
        write.returned = false;
        try {
            data.compute(write.key, write);
        } catch (Throwable e) {
            if (e == write.weigherFailure) {
                failed("weigher", "weigh", e);
            } else if (e == write.expiryFailure) {
                failed("expiry", write.expiryCall, e);
            } else if (e instanceof IllegalStateException refused && (!write.ran || write.returned)) {
                throw recursiveWrite(write, refused);
            }
            throw e;
        } finally {
            // After the compute, so that the node is in the map (or out of it) when the maintainer sees it.
            if (write.slot >= 0) {
                writeBuffer.fill(write.slot, write.touched != null ? write.touched : NOTHING);
            }
        }
        if (write.updatedInPlace != null) {
            record(new Updated<>(write.updatedInPlace), false);
        }
        return !write.full;
    }

    /**
     * The map itself refused a write: something this cache runs inside the map's compute wrote to
     * the cache, to a key in the bin that compute holds, which {@link ConcurrentHashMap} refuses as
     * a "Recursive update". The mapping functions, the expiry and the weigher cannot get this far
     * ({@link CallbackWrites} refuses their writes first, whatever the key); this is what is left
     * for code they do not cover, such as a key's own {@code hashCode}. Either
     * the write from the function was refused before its own compute ran, or the function's write
     * went through and the map refused the outer one after its function returned a new node; that
     * node was never linked, so it is not handed to the maintainer, whose bookkeeping would
     * otherwise count its weight for ever.
     *
     * @return the exception to throw: a {@link ConcurrentModificationException}, as the {@code
     *     standard} cache's when a function changes its own key's entry
     */
    private RuntimeException recursiveWrite(Write write, IllegalStateException refused) {
        if (write.returned && write.present == null && !write.again) {
            write.touched = null; // the new node the map did not link
        }
        return new ConcurrentModificationException("cache '" + name + "': " + (write.ran
                ? "the function computing key " + write.key + " wrote to this cache itself, which the map under the"
                        + " cache refuses: the compute's result for key " + write.key + " is not stored"
                : "key " + write.key + " was written from a function computing another key of this cache, which the"
                        + " map under the cache refuses: nothing is stored for key " + write.key)
                + ". A mapping function of asMap(), an expiry or a weigher must not write to the cache", refused);
    }

    /**
     * A read-buffer record of an update that kept its node's weight: replayed as {@code onUpdate},
     * in order with the writer's reads. As in Caffeine, which records such an update as a read,
     * it is sampled like the reads when the buffer is full.
     */
    private record Updated<K, V>(Node<K, V> node) {
    }

    // ---------------------------------------------------------------- the map view's operations

    /** @return the live value, recorded for the strategy but not counted */
    @Override
    public V viewGet(Object key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        return lookup(key, false);
    }

    /** @return whether the key has a live entry; nothing is recorded */
    @Override
    public boolean viewContainsKey(Object key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Node<K, V> node = data.get(key);
        return node != null && !expired(node, now());
    }

    /** @return the number of live entries: the map's size, or a count when entries expire */
    @Override
    public long viewSize() {
        requireOpen();
        if (!expires) {
            return data.mappingCount();
        }
        long now = now();
        long live = 0;
        for (Node<K, V> node : data.values()) {
            if (!expired(node, now)) {
                live++;
            }
        }
        return live;
    }

    @Override
    public V viewPut(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return write(new Write(key) {
            @Override
            Object decide(V present) {
                return value;
            }
        }).present;
    }

    @Override
    public V viewPutIfAbsent(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        V present = presentRead(key);
        if (present != null) {
            return present;
        }
        return write(new Write(key) {
            @Override
            Object decide(V present) {
                return present != null ? KEEP : value;
            }
        }).present;
    }

    /**
     * The first step of {@code putIfAbsent} and {@code computeIfAbsent}: a present key is read, not
     * written, as in Caffeine and the standard cache, so that its access time, its expiry after read,
     * its place in the strategy's order and a refresh due move as a read through the view moves them;
     * the write in the cache's functions is refused first all the same.
     *
     * @return the key's live value, read but not counted; {@code null} when it has none
     */
    private V presentRead(K key) {
        callbacks.check(key);
        return lookup(key, false);
    }

    @Override
    public V viewReplace(K key, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return write(new Write(key) {
            @Override
            Object decide(V present) {
                return present == null ? KEEP : value;
            }
        }).present;
    }

    @Override
    public boolean viewReplace(K key, V expected, V value) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expected, "oldValue");
        Objects.requireNonNull(value, "newValue");
        return write(new Write(key) {
            @Override
            Object decide(V present) {
                return present != null && present.equals(expected) ? value : KEEP;
            }
        }).changed;
    }

    @Override
    public V viewRemove(Object key) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        @SuppressWarnings("unchecked") // a key of another type finds no entry and changes nothing
        K k = (K) key;
        return remove(k);
    }

    @Override
    public boolean viewRemove(Object key, Object expected) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        if (expected == null) {
            return false;
        }
        @SuppressWarnings("unchecked") // a key of another type finds no entry and changes nothing
        K k = (K) key;
        return write(new Write(k) {
            @Override
            Object decide(V present) {
                return present != null && present.equals(expected) ? null : KEEP;
            }
        }).changed;
    }

    @Override
    public V viewCompute(K key, BiFunction<? super K, ? super V, ? extends V> function) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(function, "remappingFunction");
        return write(new Write(key, true) {
            @Override
            Object decide(V present) {
                return callbacks.call(() -> function.apply(key, present));
            }
        }).mapped;
    }

    @Override
    public V viewComputeIfAbsent(K key, Function<? super K, ? extends V> function) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(function, "mappingFunction");
        V present = presentRead(key);
        if (present != null) {
            return present;
        }
        return write(new Write(key, true) {
            @Override
            Object decide(V present) {
                return present != null ? KEEP : callbacks.call(() -> function.apply(key));
            }
        }).mapped;
    }

    @Override
    public V viewComputeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> function) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(function, "remappingFunction");
        return write(new Write(key, true) {
            @Override
            Object decide(V present) {
                return present == null ? KEEP : callbacks.call(() -> function.apply(key, present));
            }
        }).mapped;
    }

    @Override
    public V viewMerge(K key, V value, BiFunction<? super V, ? super V, ? extends V> function) {
        requireOpen();
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(function, "remappingFunction");
        return write(new Write(key, true) {
            @Override
            Object decide(V present) {
                return present == null ? value : callbacks.call(() -> function.apply(present, value));
            }
        }).mapped;
    }

    @Override
    public void viewClear() {
        invalidateAll();
    }

    @Override
    public Iterator<Map.Entry<K, V>> viewEntries() {
        Iterator<Node<K, V>> nodes = liveNodes();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return nodes.hasNext();
            }

            @Override
            public Map.Entry<K, V> next() {
                Node<K, V> node = nodes.next();
                return new java.util.AbstractMap.SimpleImmutableEntry<>(node.key, node.value);
            }
        };
    }

    /** @return the nodes live when reached, from the map's weakly consistent iterator */
    private Iterator<Node<K, V>> liveNodes() {
        requireOpen();
        Iterator<Node<K, V>> nodes = data.values().iterator();
        long now = now();
        return new Iterator<>() {
            private Node<K, V> next = advance();

            private Node<K, V> advance() {
                while (nodes.hasNext()) {
                    Node<K, V> node = nodes.next();
                    if (!expired(node, now)) {
                        return node;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Node<K, V> next() {
                Node<K, V> node = next;
                if (node == null) {
                    throw new java.util.NoSuchElementException();
                }
                next = advance();
                return node;
            }
        };
    }

    // ---------------------------------------------------------------- maintenance

    /** Maintains after a write if the lock is free; never waits. */
    private void tryMaintain() {
        if (closed || lock.isHeldByCurrentThread() || !lock.tryLock()) {
            return;
        }
        try {
            maintainFor(readBuffer.stripe());
        } finally {
            releaseAndRecheck(false);
        }
    }

    /**
     * A caller's maintenance, under the lock: replays the calling thread's own stripe (so that one
     * thread's reads reach the strategy before its write, in order), applies the buffered writes,
     * evicts. Other threads' reads are left to them and to the background drain, so that a writer never
     * replays the reads of many.
     */
    private void maintainFor(int stripe) {
        if (closed) {
            return;
        }
        replayNow = now();
        readBuffer.drain(stripe, replay);
        drainWrites(false);
        evictToBound();
        expireTimers();
    }

    /**
     * Replays the reads, applies the writes, evicts to the bound; under the lock.
     *
     * @param complete whether to wait for writes in flight to fill their slots, and apply everything
     */
    private void maintain(boolean complete) {
        if (closed) {
            return;
        }
        replayNow = now();
        readBuffer.drain(replay);
        drainWrites(complete);
        evictToBound();
        expireTimers();
    }

    /**
     * Under the lock: advances the wheel to now, removing what came due (nothing but a comparison
     * while no bucket boundary was crossed), and makes sure a background run is coming while it
     * holds timers.
     */
    private void expireTimers() {
        if (wheel == null || closed) {
            return;
        }
        wheel.advance(ticker.getAsLong(), expirer);
        if (wheel.size() > 0 && !pacer.scheduled()) {
            pacer.schedule(wheel.nextDelay());
        }
    }

    /** Under the lock, from the wheel: removes the node if its deadline passed, else has it scheduled again. */
    private boolean expireTimer(TimerWheel.Timer timer, long now) {
        Node<K, V> node = node(timer);
        if (node.life() != Node.IN_POLICY) {
            return true; // removed meanwhile; its buffered removal finds it out of the wheel
        }
        if (!expired(node, now)) {
            return false;
        }
        expire(node);
        return true;
    }

    /**
     * A background run of the wheel, on a virtual thread: maintains (which advances the wheel),
     * delivers, and only then asks for the next run, by the wheel's next bucket (or for none when it
     * is empty), so that a listener that blocks holds up this run alone and is not joined by the next.
     */
    private void expireInBackground() {
        try {
            lock.lock();
            try {
                maintain(false);
            } finally {
                releaseAndRecheck(true);
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

    /**
     * Applies the write buffer, each write followed by the evictions it makes necessary, and frees
     * each slot only then; under the lock.
     *
     * @param complete whether to wait for claimed slots to be filled and go on to the end; otherwise
     *     stop at the first unfilled slot (its writer maintains after filling it) and after one
     *     buffer's worth
     */
    private void drainWrites(boolean complete) {
        int budget = complete ? Integer.MAX_VALUE : writeBuffer.capacity();
        int spins = 0;
        while (budget > 0 && !closed) {
            Object item = writeBuffer.peek();
            if (item == null) {
                return;
            }
            if (item == WriteBuffer.UNFILLED) {
                if (!complete) {
                    return;
                }
                spins = backOff(spins);
                continue;
            }
            spins = 0;
            if (item != NOTHING) {
                applyWrite(node(item));
                evictToBound();
            }
            writeBuffer.advance();
            budget--;
        }
    }

    @SuppressWarnings("unchecked") // the buffers hold only this cache's nodes
    private Node<K, V> node(Object item) {
        return (Node<K, V>) item;
    }

    /** @return the node as the wheel holds it: every node of an expiring cache keeps time */
    private static TimerWheel.Timer timer(Node<?, ?> node) {
        return (TimerWheel.Timer) node;
    }

    /** Spins, then yields, then parks briefly: for waits that end as soon as another thread moves on. */
    private static int backOff(int spins) {
        if (spins < 64) {
            Thread.onSpinWait();
        } else if (spins < 128) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(20_000);
        }
        return spins + 1;
    }

    /** Decides what one buffered write of the node means, by its state word now. */
    private void applyWrite(Node<K, V> node) {
        int life = node.life();
        if ((life & Node.DEAD) != 0) {
            return;
        }
        if ((life & Node.IN_POLICY) == 0) {
            if ((life & Node.RETIRED) != 0) {
                node.die(); // inserted and removed before the insert was applied
            } else {
                insert(node);
            }
        } else if ((life & Node.RETIRED) != 0) {
            leavePolicy(node); // a writer removed it
        } else {
            int previous = node.policyWeight();
            int weight = node.writtenWeight();
            node.policyWeight(weight);
            weightedSize += weight - previous;
            if (wheel != null) {
                wheel.reschedule(timer(node)); // the update moved its deadline
            }
            strategyUpdate(node, previous);
            evictIfAloneOverBound(node);
        }
    }

    /**
     * Evicts a node that is heavier than the bound by itself: evicting others for it would be in
     * vain, and would empty the cache before the strategy reached it (as standard and Caffeine, it
     * leaves alone).
     */
    private void evictIfAloneOverBound(Node<K, V> node) {
        if (node.policyWeight() > maximum) {
            evict(node);
        }
    }

    private void insert(Node<K, V> node) {
        node.policyWeight(node.writtenWeight());
        if (!admit(node)) {
            if (unmap(node)) {
                node.die();
                removed(node, RemovalCause.SIZE);
            } else {
                node.die();
            }
            return;
        }
        if (!node.enterPolicy()) {
            node.die(); // removed while being admitted
            return;
        }
        weightedSize += node.policyWeight();
        strategyInsert(node);
        if (wheel != null) {
            wheel.schedule(timer(node));
        }
        evictIfAloneOverBound(node);
    }

    /** Tells the strategy the node left and uncounts its weight; the node is out of the map already. */
    private void leavePolicy(Node<K, V> node) {
        weightedSize -= node.policyWeight();
        if (wheel != null) {
            wheel.deschedule(timer(node));
        }
        node.die();
        strategyRemove(node);
    }

    /** @return whether the strategy holds the node */
    private static boolean held(Node<?, ?> node) {
        return (node.life() & (Node.IN_POLICY | Node.DEAD)) == Node.IN_POLICY;
    }

    /** Counts and reports a removal the cache decided on (or an admission refused). */
    private void removed(Node<K, V> node, RemovalCause cause) {
        int weight = node.writtenWeight();
        if (cause == RemovalCause.SIZE) {
            evictions.increment();
            evictedWeight.add(weight);
        } else if (cause == RemovalCause.EXPIRED) {
            expirations.increment();
        }
        pending(new Removal<>(node.key, node.value, cause, weight));
    }

    private void evictToBound() {
        while (weightedSize > maximum && !closed) {
            Node<K, V> victim = victim();
            if (victim != null) {
                evict(victim);
            } else if (!evictAny()) {
                return; // what is over is removals still buffered, which will uncount it
            }
        }
    }

    /** @return the strategy's victim, or {@code null} (reported) when it chose none the cache holds */
    private Node<K, V> victim() {
        CacheEntry<K, V> chosen;
        try {
            chosen = strategy.victim();
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "victim", e);
            return null;
        }
        if (chosen instanceof Node<?, ?> raw) {
            Node<K, V> node = node(raw);
            // IN_POLICY and DEAD are this maintainer's own marks; RETIRED is a writer's, set under
            // the key's bin lock just before it takes the node out of the map. So the map is read
            // first and the mark after: a node found out of the map is then found retired, while
            // the mark read before the map could predate a removal that the map then shows.
            if ((node.life() & (Node.IN_POLICY | Node.DEAD)) == Node.IN_POLICY
                    && (data.get(node.key) == node || (node.life() & Node.RETIRED) != 0)) {
                return node;
            }
        }
        failed("strategy", "victim", CacheEvents.badVictim(name, chosen, weightedSize, maximum));
        return null;
    }

    private void evict(Node<K, V> victim) {
        if ((victim.life() & Node.RETIRED) != 0 || !unmap(victim)) {
            leavePolicy(victim); // a writer removed it; its buffered removal will find it dead
            return;
        }
        RemovalCause cause = expires && expired(victim, now()) ? RemovalCause.EXPIRED : RemovalCause.SIZE;
        leavePolicy(victim);
        removed(victim, cause);
    }

    /** Evicts some entry the strategy holds, when it chose none: the bound holds whatever the strategy does. */
    private boolean evictAny() {
        for (Node<K, V> node : data.values()) {
            if (node.life() == Node.IN_POLICY) {
                evict(node);
                return true;
            }
        }
        return false;
    }

    private void replayRead(Object item) {
        if (item instanceof Updated<?, ?> updated) {
            Node<K, V> node = node(updated.node());
            if (node.life() == Node.IN_POLICY) {
                strategyUpdate(node, node.policyWeight());
            }
            return;
        }
        Node<K, V> node = node(item);
        if (node.life() != Node.IN_POLICY) {
            return; // not yet inserted, or removed: a read is a sample, and this one is dropped
        }
        if ((expires && expired(node, replayNow)) || (usesTime && condemned(node, replayNow))) {
            expire(node);
        } else {
            if (readsMove) {
                wheel.reschedule(timer(node)); // the read may have moved its deadline
            }
            strategyAccess(node);
        }
    }

    private void expire(Node<K, V> node) {
        if (unmap(node)) {
            leavePolicy(node);
            removed(node, RemovalCause.EXPIRED);
        }
    }

    /**
     * Removes the expired and condemned entries among the next ones of {@code nodes}; under the lock.
     *
     * @return how many entries were looked at
     */
    private int sweep(Iterator<Node<K, V>> nodes, int budget) {
        long now = ticker.getAsLong();
        int visited = 0;
        while (visited < budget && nodes.hasNext() && !closed) {
            Node<K, V> node = nodes.next();
            visited++;
            if (node.life() == Node.IN_POLICY
                    && ((expires && expired(node, now)) || (usesTime && condemned(node, now)))) {
                expire(node);
            }
        }
        return visited;
    }

    /**
     * The periodic task, on the shared scheduler's thread: it only hands the run ({@link #tick()})
     * to a virtual thread, since the run calls the strategy and the listener, which may block. A
     * run still going (a listener that blocks) is not joined by another: the next one starts at the
     * first period after it ends.
     */
    private void hopToTick() {
        if (closed || !ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            context.blockingExecutor().execute(tickTask);
        } catch (RejectedExecutionException e) {
            ticking.set(false); // the instance is closing
        }
    }

    /** A periodic run, on a virtual thread: maintain, and sweep this run's share of the map, a chunk per hold of the lock. */
    private void tick() {
        try {
            long budget = sweepBudget();
            while (budget > 0 && !closed) {
                if (!lock.tryLock()) {
                    return; // the holder maintains; the sweep resumes next time
                }
                boolean passDone;
                try {
                    maintain(false);
                    if (sweepCursor == null) {
                        sweepCursor = data.values().iterator();
                    }
                    budget -= Math.max(1, sweep(sweepCursor, (int) Math.min(budget, SWEEP_CHUNK)));
                    passDone = !sweepCursor.hasNext();
                    if (passDone) {
                        sweepCursor = null;
                    }
                } finally {
                    releaseAndRecheck(true);
                }
                if (passDone) {
                    return;
                }
            }
        } catch (RuntimeException | Error e) {
            // Report, and go on next time.
            LOG.log(System.Logger.Level.ERROR, "Cache " + name + ": background maintenance failed", e);
        } finally {
            ticking.set(false);
        }
    }

    /** @return entries one periodic run looks at: enough to pass over the map once per shortest expiry */
    private long sweepBudget() {
        long period = period();
        long horizon = Math.max(period, shortestExpiry());
        long size = data.mappingCount();
        long share = (long) Math.ceil((double) size * period / horizon);
        return Math.max(SWEEP_CHUNK, share);
    }

    /** One run of the background drain's maintenance: everything recorded, unless another thread maintains. */
    private void maintainInBackground() {
        if (lock.tryLock()) { // else the holder maintains; a request meanwhile brings the drain back
            try {
                maintain(false);
            } finally {
                releaseAndRecheck(true);
            }
        }
    }

    /** Makes sure that a background drain runs after this call: see {@link Drain#request()}. */
    private void scheduleDrain() {
        drain.request();
    }

    /**
     * Releases the lock and delivers what was collected under it; then, as long as a filled write
     * waits at the head of the write buffer (its writer may have failed to take the lock while this
     * thread held it), takes the lock again and maintains, at most {@link #MAX_ROUNDS} times before
     * handing the rest to the background drain.
     *
     * @param background whether this is background maintenance, which {@link #cleanUp()} waits for
     */
    private void releaseAndRecheck(boolean background) {
        release(background);
        if (lock.isHeldByCurrentThread()) {
            return; // an outer hold of this thread's releases and looks again
        }
        for (int round = 1; !closed && writeBuffer.headFilled(); round++) {
            if (round > MAX_ROUNDS) {
                scheduleDrain();
                return;
            }
            if (!lock.tryLock()) {
                return; // the holder looks again after releasing
            }
            try {
                if (background) {
                    maintain(false);
                } else {
                    maintainFor(readBuffer.stripe());
                }
            } finally {
                release(background);
            }
        }
    }

    private void release(boolean background) {
        ArrayList<Removal<K, V>> removals = null;
        ArrayList<Failure> failures = null;
        if (lock.getHoldCount() == 1) {
            removals = pendingRemovals;
            failures = pendingFailures;
            pendingRemovals = null;
            pendingFailures = null;
        }
        boolean register = background && (removals != null || failures != null);
        if (register) {
            backgroundDeliverers.add(Thread.currentThread());
        }
        lock.unlock();
        try {
            if (failures != null) {
                failures.forEach(this::report);
            }
            if (removals != null) {
                removals.forEach(this::notifyRemoval);
            }
        } finally {
            if (register) {
                backgroundDeliverers.remove(Thread.currentThread());
            }
        }
    }

    private void awaitBackgroundDeliveries() {
        Thread me = Thread.currentThread();
        int spins = 0;
        while (othersThan(me)) {
            spins = backOff(spins);
        }
    }

    private boolean othersThan(Thread me) {
        for (Thread thread : backgroundDeliverers) {
            if (thread != me) {
                return true;
            }
        }
        return false;
    }

    private void pending(Removal<K, V> removal) {
        if (pendingRemovals == null) {
            pendingRemovals = new ArrayList<>(4);
        }
        pendingRemovals.add(removal);
    }

    /** Takes the node out of the map if it is still there; under the lock. */
    private boolean unmap(Node<K, V> node) {
        unmapper.target = node;
        unmapper.removed = false;
        try {
            data.computeIfPresent(node.key, unmapper);
            return unmapper.removed;
        } finally {
            unmapper.target = null;
        }
    }

    /** The maintainer's one remapping function, reused: removes its target if the key still maps to it. */
    private final class Unmapper implements BiFunction<K, Node<K, V>, Node<K, V>> {
        Node<K, V> target;
        boolean removed;

        @Override
        public Node<K, V> apply(K key, Node<K, V> current) {
            if (current != target) {
                return current;
            }
            synchronized (current) {
                removed = current.retire();
            }
            return null;
        }
    }

    // ---------------------------------------------------------------- callbacks

    // One method per call rather than one dispatching on a kind: onAccess is on the read drain's path.

    private void strategyInsert(Node<K, V> node) {
        try {
            strategy.onInsert(node);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "onInsert", e);
        }
    }

    private void strategyAccess(Node<K, V> node) {
        try {
            strategy.onAccess(node);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "onAccess", e);
        }
    }

    private void strategyUpdate(Node<K, V> node, int previousWeight) {
        try {
            strategy.onUpdate(node, previousWeight);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "onUpdate", e);
        }
    }

    private void strategyRemove(Node<K, V> node) {
        try {
            strategy.onRemove(node);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "onRemove", e);
        }
    }

    private boolean admit(Node<K, V> node) {
        try {
            return strategy.admit(node);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "admit", e);
            return true;
        }
    }

    private boolean condemned(Node<K, V> node, long now) {
        try {
            return strategy.shouldEvict(node, now);
        } catch (Throwable e) {
            CacheEvents.rethrowFatal(e);
            failed("strategy", "shouldEvict", e);
            return false;
        }
    }

    /** Reports a failed callback: at once, or once the lock is released when this thread holds it. */
    private void failed(String callback, String call, Throwable error) {
        Failure failure = new Failure(callback, call, error);
        if (lock.isHeldByCurrentThread()) {
            if (pendingFailures == null) {
                pendingFailures = new ArrayList<>(2);
            }
            pendingFailures.add(failure);
        } else {
            report(failure);
        }
    }

    private void report(Failure failure) {
        events.callbackFailed(failure.callback(), failure.call(), failure.error());
    }

    /** Tells the listener, unless the cache was closed meanwhile: closing notifies nobody. */
    private void notifyRemoval(Removal<K, V> removal) {
        if (!closed) {
            events.removed(listener, removal.key(), removal.value(), removal.cause(), removal.weight());
        }
    }

    // ---------------------------------------------------------------- for tests

    /** @return the eviction lock, which tests hold to keep writes and reads buffered */
    ReentrantLock evictionLock() {
        return lock;
    }

    /** @return the write buffer's capacity: the most writes ever unaccounted for */
    int writeBufferCapacity() {
        return writeBuffer.capacity();
    }

    /** @return the writes claimed and not yet applied */
    int writesOutstanding() {
        return writeBuffer.outstanding();
    }

    /** @return the writes claimed, filled and not yet applied */
    int writesFilled() {
        return writeBuffer.filled();
    }

    /** @return the weight the maintainer has counted; read it holding the lock, or on a quiet cache */
    long weightedSize() {
        lock.lock();
        try {
            return weightedSize;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- loading: get(key), getAll, refresh

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
            Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> bulkLoader) {
        requireOpen();
        return loading.getAll(keys, bulkLoader, this::getIfPresent, storeLoaded);
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
        return loading.refresh(key, peekLive(key));
    }

    /** A refresh's store: the reloaded value, only if the key still holds the value it reloaded. */
    private void replaceIfUnchanged(K key, V expected, V fresh, java.util.function.BooleanSupplier current) {
        write(new Write(key) {
            @Override
            Object decide(V present) {
                if (!current.getAsBoolean()) {
                    return KEEP;
                }
                if (expected == null) {
                    return present == null && fresh != null ? fresh : KEEP;
                }
                return present == expected ? fresh : KEEP;
            }
        });
    }

    // ---------------------------------------------------------------- policy inspection and the maximum at run time

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
    private java.util.List<CacheEntry<K, V>> order(boolean hottest, int limit) {
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

    /** Takes the lock and maintains to completion, as {@link #cleanUp()} does, so that the strategy has heard of everything. */
    private void lockAndMaintain() {
        lock.lock();
        try {
            requireOpen();
            maintain(true);
        } catch (RuntimeException | Error e) {
            releaseAndRecheck(false);
            throw e;
        }
    }

    /** A snapshot of the order, under the lock after maintenance. */
    private java.util.SequencedMap<K, V> snapshot(boolean hottest, int limit) {
        requireOpen();
        org.patinox.memory.support.CachePolicies.checkLimit(name, limit);
        lockAndMaintain();
        try {
            requireOpen();
            long now = now();
            return org.patinox.memory.support.CachePolicies.snapshot(name, config.policy().name(),
                    n -> order(hottest, n), e -> e instanceof Node<?, ?> raw && held(raw)
                            && data.get(raw.key) == raw && !(expires && expired(node(raw), now)), limit);
        } finally {
            releaseAndRecheck(false);
        }
    }

    /**
     * The cache's {@link org.patinox.memory.cache.CachePolicy}: every call but {@code maximum()}
     * takes the eviction lock and maintains to completion first, as {@link #cleanUp()} does.
     */
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
            lockAndMaintain();
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
                releaseAndRecheck(false);
            }
        }

        @Override
        public long weightedSize() {
            requireOpen();
            lockAndMaintain();
            try {
                requireOpen();
                return weightedSize;
            } finally {
                releaseAndRecheck(false);
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
