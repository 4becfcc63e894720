package org.patinox.memory.lockfree;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.patinox.memory.PoolException;
import org.patinox.memory.monitor.DestroyReason;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PoolStats;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.ConnectionManager;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;
import org.patinox.memory.support.BoundedCall;
import org.patinox.memory.support.CoarseClock;
import org.patinox.memory.support.HandOffDepth;
import org.patinox.memory.support.Loggers;
import org.patinox.memory.support.PoolCallbacks;
import org.patinox.memory.support.PoolTexts;
import org.patinox.memory.support.StarvingHandOffs;

/**
 * A connection pool whose acquire and return paths take no lock, contended or not.
 *
 * <h2>Structure</h2>
 * <ul>
 *   <li>{@code slots}: a compact array of the open connections, each a {@link Slot} with a
 *       compare-and-set state word. The array is never written in place: a creation or a
 *       destruction publishes a copy by compare-and-set, so storage follows the connections that
 *       exist, not {@code maxSize}, and readers see a consistent snapshot.
 *   <li>Idle hand-out is a scan of that array from the slot that last served the caller ({@link
 *       Home}; at first an index striped by its thread id), claiming the first idle slot by
 *       compare-and-set. A running caller does so even while others wait
 *       (barging, as HikariCP and Stormpot do): with more threads than connections, a hand-off to
 *       a parked thread per cycle would cost a context switch per cycle.
 *   <li>{@code waiters}: a lock-free FIFO of {@link Waiter}s, for asynchronous and blocking
 *       callers alike, served in order among themselves. A returned connection goes straight to
 *       the oldest waiter if that is an asynchronous one; otherwise it is made idle and the oldest
 *       waiter, if blocking, is woken to take it, unless a running caller takes it first, in which
 *       case the waiter keeps its place and parks again ({@link #release}). A blocking waiter
 *       that has waited past {@link #STARVING_NANOS} is handed the connection instead, but only
 *       while fewer than {@link StarvingHandOffs#maxInTransit} such hand-offs have yet to wake: with far
 *       more threads than connections every waiter soon starves, and a hand-off per return would
 *       cost a context switch per cycle. One half-way to its timeout ({@link Waiter#urgent}) is
 *       handed the connection whatever the bound, so that a queue too long for the pace at which
 *       parked waiters wake still drains before they time out.
 *   <li>{@code size}: open plus creating plus being destroyed, the number checked against {@code
 *       maxSize}; a unit is freed only when a destruction has finished or a creation given up.
 * </ul>
 *
 * <h2>The hand-off handshake</h2>
 * A returning thread writes {@code IDLE} and then reads the waiter queue; a waiter enqueues (or,
 * when woken, clears its wake-up flag) and then scans the slots. Both are volatile, so at least
 * one of them sees the other: no waiter sleeps beside an idle connection. The same handshake, with
 * {@code closed} in place of the queue, guarantees that close finds every slot made idle
 * concurrently with it.
 *
 * <p>No task of the pool does user-visible work on the instance's scheduler thread: timers only
 * hop to a virtual thread of the blocking executor, which then fails a waiter, gives up a
 * manager call or runs maintenance (and its monitor events).
 */
final class LockFreePool<C> implements Pool<C> {

    static final System.Logger LOG = Loggers.named("org.patinox.memory.lockfree.pool");


    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_TICK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long close waits past its bounds for destructions that ignore them; see {@link #close()}. */
    private static final long CLOSE_SLACK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * How often a blocking acquire that finds every connection out yields and looks again before
     * it queues; see {@link #takeFreshAfterYielding}. A few microseconds at most.
     */
    static final int YIELDS_BEFORE_QUEUEING = 4;
    /**
     * How long a blocking waiter may wait before returns are handed to it directly rather than
     * made idle for whoever comes first (as Go's mutex turns to hand-offs after 1 ms): barging
     * callers may overtake a waiter, never starve it.
     */
    static final long STARVING_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The longest duration the pool tells apart from "no limit"; see {@link #saturatedNanos}. */
    private static final long MAX_NANOS = Long.MAX_VALUE / 2;
    private static final Duration MAX_DURATION = Duration.ofNanos(MAX_NANOS);

    private static final VarHandle CLOSED;
    private static final VarHandle SLOTS;
    @SuppressWarnings("rawtypes")
    private static final Slot[] NO_SLOTS = new Slot[0];

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CLOSED = lookup.findVarHandle(LockFreePool.class, "closed", boolean.class);
            SLOTS = lookup.findVarHandle(LockFreePool.class, "slots", Slot[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConnectionManager<C> manager;
    private final PoolConfig config;
    private final String name;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService blocking;
    private final Monitor monitor;

    // The configuration in nanoseconds, read on every path.
    private final int maxSize;
    private final int minSize;
    private final long acquireTimeoutNanos;
    private final long createTimeoutNanos;
    private final long idleTimeoutNanos;
    private final long maxLifetimeNanos;
    private final long healthCheckNanos;
    private final boolean validateOnAcquire;
    private final long validationThresholdNanos;
    private final long validationTimeoutNanos;
    private final long leakThresholdNanos;
    private final long graceNanos;
    /** Whether a return records the time of use: some setting (idle, lifetime, validation) reads it. */
    private final boolean returnNeedsTime;
    /**
     * The hot path's clock (time of use on return, the acquire's validation check) when every
     * setting it serves is long enough; else {@code null}, exact time. See {@link CoarseClock}.
     */
    private final CoarseClock coarseClock;
    /** {@link #coarseClock} if the acquire's validation check may use it (a threshold it ticks for), else {@code null}. */
    private final CoarseClock validationClock;

    /**
     * The open connections, compact and never written in place: a creation or destruction
     * publishes a copy by compare-and-set, so that storage follows the connections that exist
     * (not {@code maxSize}) and the hot path reads one volatile field and then plain elements.
     */
    @SuppressWarnings("unused") // written through SLOTS
    private volatile Slot<C>[] slots;
    private final ConcurrentLinkedQueue<Waiter<C>> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger creating = new AtomicInteger();
    private final AtomicInteger pending = new AtomicInteger();
    /**
     * Creations whose manager call is still running, given up or not: close waits for them too, so
     * that a connection one yields late is destroyed before close returns (then, the instance's
     * executor may already refuse its destruction).
     */
    private final AtomicInteger createsRunning = new AtomicInteger();
    /** Validations of stale connections on their way to waiters, so that one waiter causes one. */
    private final AtomicInteger validating = new AtomicInteger();
    private final Set<BoundedCall<C>> creations = ConcurrentHashMap.newKeySet();
    /**
     * Starving blocking waiters handed a connection that have yet to wake and take it: at most
     * {@link #maxInTransit} at a time; see {@link #release(Slot, boolean)}.
     */
    private final AtomicInteger inTransit = new AtomicInteger();
    private final int maxInTransit;

    private final LongAdder created = new LongAdder();
    private final LongAdder destroyed = new LongAdder();
    // Acquisitions are counted by the slots' words, which count borrows at no extra cost on the hot
    // path (see acquired()); these two hold what the words in the array no longer show.
    /** The borrows of slots destroyed, added when their slot leaves the array. */
    private final LongAdder retiredBorrows = new LongAdder();
    /** Hand-offs whose caller had completed the future itself: borrows that were never acquisitions. */
    private final LongAdder borrowsNotAcquired = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder creationFailures = new LongAdder();
    private final LongAdder validationFailures = new LongAdder();
    private final LongAdder leaksSuspected = new LongAdder();
    private final LongAdder totalWaitNanos = new LongAdder();
    private final AtomicLong maxWaitNanos = new AtomicLong();

    /** The last creation failure since the last success; the cause of an acquire timeout. */
    private volatile Throwable lastCreationFailure;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    /** While set, creations wait for {@code retryAtNanos}, when a scheduled retry calls {@link #fill()}. */
    private volatile boolean backingOff;
    private volatile long retryAtNanos;

    @SuppressWarnings("unused") // accessed through CLOSED
    private volatile boolean closed;
    private volatile Thread closer;
    private final CompletableFuture<Void> closeDone = new CompletableFuture<>();
    private volatile ScheduledFuture<?> maintenance;
    /** Set while a maintenance run is scheduled or running, so that runs never overlap. */
    private final AtomicBoolean maintaining = new AtomicBoolean();
    /** Touched only by the maintenance task, which never overlaps itself. */
    private long nextHealthCheckNanos;

    private LockFreePool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context, Monitor monitor) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.config = Objects.requireNonNull(config, "config");
        this.name = config.name();
        this.scheduler = context.scheduler();
        this.blocking = context.blockingExecutor();
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.maxSize = config.maxSize();
        this.minSize = config.minSize();
        this.maxInTransit = StarvingHandOffs.maxInTransit(maxSize, Runtime.getRuntime().availableProcessors());
        // Each saturated: a duration past a long of nanoseconds means "no limit" (see saturatedNanos).
        this.acquireTimeoutNanos = saturatedNanos(config.acquireTimeout());
        this.createTimeoutNanos = saturatedNanos(config.createTimeout());
        this.idleTimeoutNanos = saturatedNanos(config.idleTimeout());
        this.maxLifetimeNanos = saturatedNanos(config.maxLifetime());
        this.healthCheckNanos = saturatedNanos(config.healthCheckInterval());
        this.validateOnAcquire = config.validateOnAcquire();
        this.validationThresholdNanos = saturatedNanos(config.validationIdleThreshold());
        this.validationTimeoutNanos = saturatedNanos(config.validationTimeout());
        this.leakThresholdNanos = saturatedNanos(config.leakDetectionThreshold());
        this.graceNanos = saturatedNanos(config.closeGracePeriod());
        this.returnNeedsTime = maxLifetimeNanos > 0 || idleTimeoutNanos > 0 || validateOnAcquire;
        this.coarseClock = CoarseClock.forDurations(maxLifetimeNanos, idleTimeoutNanos,
                validateOnAcquire ? validationThresholdNanos : 0L);
        // A threshold of zero validates every hand-out: two readings within one tick would say no time passed.
        this.validationClock = validateOnAcquire && validationThresholdNanos > 0 ? coarseClock : null;
        @SuppressWarnings("unchecked")
        Slot<C>[] none = (Slot<C>[]) NO_SLOTS;
        this.slots = none;
    }

    /** Creates a pool, starts its maintenance and its filling to the minimum size. */
    static <C> LockFreePool<C> open(ConnectionManager<C> manager, PoolConfig config, ProviderContext context,
                                    Monitor monitor) {
        LockFreePool<C> pool = new LockFreePool<>(manager, config, context, monitor);
        pool.start();
        return pool;
    }

    private void start() {
        if (coarseClock != null) {
            coarseClock.start(scheduler, () -> closed);
        }
        long now = System.nanoTime();
        nextHealthCheckNanos = now + healthCheckNanos;
        long tick = MAX_TICK_NANOS;
        for (long d : new long[] {idleTimeoutNanos, maxLifetimeNanos, healthCheckNanos, leakThresholdNanos}) {
            if (d > 0) {
                // A quarter of the shortest period keeps each deadline's lateness to a quarter of it.
                tick = Math.min(tick, d / 4);
            }
        }
        tick = Math.max(tick, MIN_TICK_NANOS);
        // The tick only hops to a virtual thread: maintenance reports to monitors, which are user code.
        maintenance = scheduler.scheduleWithFixedDelay(() -> {
            if (maintaining.compareAndSet(false, true)) {
                try {
                    blocking.execute(this::maintain);
                } catch (RejectedExecutionException e) {
                    maintaining.set(false); // the instance is closing
                }
            }
        }, tick, tick, TimeUnit.NANOSECONDS);
        if (monitor.isEnabled(EventKind.POOL_OPENED)) {
            emit(EventKind.POOL_OPENED, null, "minSize", minSize, "maxSize", maxSize);
        }
        fill();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PoolConfig config() {
        return config;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- acquire

    @Override
    public CompletableFuture<PooledConnection<C>> acquire() {
        if (closed) {
            return CompletableFuture.failedFuture(closedException());
        }
        Throwable site = leakSite();
        // Barging: a running caller takes an idle connection even while others wait.
        Handle<C> h = takeFresh(site);
        if (h != null) {
            return CompletableFuture.completedFuture(h);
        }
        long now = System.nanoTime();
        Waiter<C> w = enqueue(now, now + acquireTimeoutNanos, site, null);
        if (!w.isDone()) {
            try {
                // The timer only hops to a virtual thread: the caller's continuations run there,
                // never on the scheduler thread every pool and cache of the instance shares.
                w.timeout = scheduler.schedule(() -> offScheduler(() -> timeOut(w, acquireTimeoutNanos)),
                        acquireTimeoutNanos, TimeUnit.NANOSECONDS);
                if (w.isDone()) {
                    w.timeout.cancel(false);
                }
            } catch (RejectedExecutionException e) {
                // The library is closing, and this pool with it: close fails the waiter.
            }
        }
        return w;
    }

    @Override
    public PooledConnection<C> acquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before acquiring from pool " + name);
        }
        if (closed) {
            throw closedException();
        }
        Throwable site = leakSite();
        Handle<C> h = takeFresh(site);
        if (h == null && pending.get() < size.get()) {
            h = takeFreshAfterYielding(site);
        }
        if (h != null) {
            return h;
        }
        long timeoutNanos = timeout.isNegative() ? 0 : saturatedNanos(timeout);
        long now = System.nanoTime();
        return await(enqueue(now, now + timeoutNanos, site, Thread.currentThread()), timeoutNanos);
    }

    /**
     * The wait of a queued blocking caller: it looks for an idle connection itself each time a
     * return wakes it, and parks again if a running thread took it first, keeping its place.
     * Clearing the wake-up flag before looking is its half of the handshake with {@link #release}:
     * a connection made idle after the look finds the flag clear and wakes it again.
     */
    private PooledConnection<C> await(Waiter<C> w, long timeoutNanos) throws InterruptedException {
        while (true) {
            if (w.isSettled()) {
                return handedOff(w); // served by a hand-off, or failed by close
            }
            w.clearSignal();
            Handle<C> h = takeFresh(w.site);
            if (h != null) {
                if (w.settle()) {
                    waiters.remove(w);
                    recordWait(w);
                    // A return that found this waiter woken already woke no one, and may have left
                    // a connection idle for it: the next waiter's turn now. Otherwise, waking the
                    // next would cost a context switch per cycle while running threads barge.
                    if (w.passOn()) {
                        serveHead();
                    }
                    return h;
                }
                // Served by a hand-off or failed by close meanwhile: this borrow is no acquisition.
                borrowsNotAcquired.increment();
                h.giveBackUnused();
                return handedOff(w);
            }
            if (validateOnAcquire) {
                validateStaleForWaiters();
            }
            long left = w.deadlineNanos - System.nanoTime();
            if (left <= 0) {
                if (!w.settle()) {
                    return handedOff(w); // served (or closed) just in time
                }
                waiters.remove(w);
                serveHead();
                throw timedOut(timeoutNanos);
            }
            // Looked at again just before parking: the work above may have parked on a lock (a
            // validation's start schedules its timer), which consumes the permit of a wake-up.
            if (w.isSettled() || w.isSignalled()) {
                continue;
            }
            // A virtual thread unmounts here.
            long untilUrgent = w.urgentAt - System.nanoTime();
            LockSupport.parkNanos(this, w.urgent || untilUrgent <= 0 ? left : Math.min(left, untilUrgent));
            if (!w.urgent && System.nanoTime() - w.urgentAt >= 0) {
                w.urgent = true; // returns read it, at the head of the queue, rather than the clock
            }
            if (Thread.interrupted()) {
                if (w.settle()) {
                    waiters.remove(w);
                    serveHead();
                } else if (w.isSettled()) {
                    try {
                        // Handed a connection just before the interrupt: it goes back, uncounted,
                        // so that acquired() counts only what callers received.
                        if (handedOff(w) instanceof Handle<C> served) {
                            borrowsNotAcquired.increment();
                            served.giveBackUnused();
                        }
                    } catch (PoolException closedMeanwhile) {
                        // Nothing was handed over.
                    }
                }
                throw new InterruptedException("Interrupted while acquiring from pool " + name);
            }
        }
    }

    /**
     * @return the connection a hand-off completed a settled blocking waiter with; the hand-off
     *     completes the future right after settling it, so this returns at once
     * @throws PoolException if close settled it instead
     */
    private PooledConnection<C> handedOff(Waiter<C> w) {
        endTransit(w);
        try {
            return w.join();
        } catch (CancellationException | CompletionException e) {
            throw closedException();
        }
    }

    /** @return whether {@code w} became one of the starving waiters a connection is on its way to */
    private boolean claimTransit(Waiter<C> w) {
        for (int n; (n = inTransit.get()) < maxInTransit; ) {
            if (inTransit.compareAndSet(n, n + 1)) {
                w.inTransit = true;
                return true;
            }
        }
        return false;
    }

    /** The waiter a connection was on its way to has woken (or was not served): the next may be. */
    private void endTransit(Waiter<C> w) {
        if (w.inTransit && w.endTransit()) {
            inTransit.decrementAndGet();
        }
    }

    private void recordWait(Waiter<C> w) {
        long waited = System.nanoTime() - w.startNanos;
        totalWaitNanos.add(waited);
        if (waited > maxWaitNanos.get()) {
            maxWaitNanos.accumulateAndGet(waited, Math::max);
        }
    }

    /** Runs a task of the pool on a virtual thread: a timer's work must not run on the scheduler. */
    private void offScheduler(Runnable task) {
        try {
            blocking.execute(task);
        } catch (RejectedExecutionException e) {
            // The instance is closing: closing its pools fails their waiters and ends their work.
        }
    }

    /**
     * @return a duration in nanoseconds, at most {@code Long.MAX_VALUE / 2} (146 years, no limit
     *     in practice), so that a deadline {@code now + d} compared by subtraction never overflows
     *     and a sum of two such durations stays positive
     */
    static long saturatedNanos(Duration d) {
        if (d.compareTo(MAX_DURATION) >= 0) {
            return MAX_NANOS;
        }
        return d.toNanos();
    }

    /** @return {@code a + b} for non-negative values, or {@code Long.MAX_VALUE} past it */
    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /**
     * Claims a fresh idle slot: one that needs no validation. A stale one is left to {@link
     * #serveHead} and {@link #validateStaleForWaiters}, which validate it for the waiters.
     *
     * @return the handle of the slot claimed, or {@code null} if none was fresh and idle
     */
    private Handle<C> takeFresh(Throwable site) {
        Slot<C>[] all = slots;
        int n = all.length;
        if (n == 0) {
            return null;
        }
        Home home = HOME.get();
        int start = home.slot;
        if (start >= n) {
            start = stripe(n);
        }
        // Coarse time when the threshold is long enough (CoarseClock): an idle time read within a
        // tick or so of the real one, and no clock read on the borrow-and-return cycle.
        long now = !validateOnAcquire ? 0L : validationClock != null ? validationClock.nanos() : System.nanoTime();
        for (int i = 0; i < n; i++) {
            int index = start + i < n ? start + i : start + i - n;
            Slot<C> s = all[index];
            long w = s.word();
            // Last use read after the IDLE word: at least as recent as the release that wrote it.
            if (Slot.kind(w) == Slot.IDLE
                    && (!validateOnAcquire || now - s.lastUsed() <= validationThresholdNanos)) {
                long borrowed = Slot.next(w, Slot.BORROWED);
                if (s.cas(w, borrowed)) {
                    home.slot = index;
                    return handOut(s, borrowed, site);
                }
            }
        }
        return null;
    }

    /**
     * Looks for a fresh idle slot a few more times, yielding the processor before each look. With
     * more threads than processors every connection is out mostly because a holder lost its
     * processor between its acquire and its return; yielding lets it run and return, which is much
     * cheaper than parking in the queue and being woken. Only while fewer callers wait than the pool
     * has connections: past that, yielders outnumber holders among the runnable threads, and with
     * 256 threads on 8 connections a hundred of them took processor time from the holders (cycles
     * per µs 40-50 yielding, 52-58 queueing at once; at 16 threads, where the queue stays short,
     * 70-79 yielding and 34-40 queueing at once).
     */
    private Handle<C> takeFreshAfterYielding(Throwable site) {
        for (int i = 0; i < YIELDS_BEFORE_QUEUEING; i++) {
            Thread.yield();
            if (closed) {
                return null;
            }
            Handle<C> h = takeFresh(site);
            if (h != null) {
                return h;
            }
        }
        return null;
    }

    /** Claims any idle slot for the pool itself ({@code RESERVED}). */
    private Slot<C> claimIdle() {
        Slot<C>[] all = slots;
        int n = all.length;
        int start = stripe(n);
        for (int i = 0; i < n; i++) {
            int index = start + i < n ? start + i : start + i - n;
            Slot<C> s = all[index];
            if (s.move(Slot.IDLE, Slot.RESERVED) != -1L) {
                return s;
            }
        }
        return null;
    }

    private int idleCount() {
        int idle = 0;
        for (Slot<C> s : slots) {
            if (s.state() == Slot.IDLE) {
                idle++;
            }
        }
        return idle;
    }

    /** @return whether some slot is idle */
    private boolean anyIdle() {
        for (Slot<C> s : slots) {
            if (s.state() == Slot.IDLE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a thread's borrow scan starts: the index of the slot that last served it, so that it
     * finds its own last connection first, as in HikariCP and Stormpot. Two threads running at once
     * that started from a fixed point each read the slot the other was cycling, and took it when it
     * was idle, passing its cache line between the processors on every cycle. One {@code ThreadLocal}
     * for every lock-free pool: an index past a pool's slots sends the scan to {@link #stripe}.
     */
    private static final class Home {
        int slot = Integer.MAX_VALUE;
    }

    private static final ThreadLocal<Home> HOME = ThreadLocal.withInitial(Home::new);

    /**
     * The scan's first starting index for a thread not yet served: spreads threads over the array by
     * their ids (a virtual thread has its own id).
     */
    private static int stripe(int n) {
        long h = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L;
        return (int) (((h >>> 32) * n) >>> 32);
    }

    private Throwable leakSite() {
        return leakThresholdNanos > 0
                ? new PoolTexts.AcquireSite(name)
                : null;
    }

    /** Makes a handle for a slot now {@code BORROWED} with the word {@code stamp}. */
    private Handle<C> handOut(Slot<C> s, long stamp, Throwable site) {
        if (leakThresholdNanos > 0) {
            Handle<C> h = new Handle<>(this, s, stamp, new LeakWatch(site, System.nanoTime()));
            s.holder(h);
            return h;
        }
        return new Handle<>(this, s, stamp, null);
    }

    /**
     * Queues a waiter, then does its half of the hand-off handshake: a blocking one looks for
     * itself in {@link #await}; for an asynchronous one, idle connections go to the oldest waiters.
     *
     * @param thread the blocking caller, or {@code null} for an asynchronous acquire
     */
    private Waiter<C> enqueue(long now, long deadline, Throwable site, Thread thread) {
        Waiter<C> w = new Waiter<>(now, deadline, site, pending, thread);
        pending.incrementAndGet();
        if (thread == null) {
            w.whenComplete((h, e) -> waiterDone(w, e));
        }
        waiters.offer(w);
        if (closed) {
            // close() may have drained the queue before this waiter joined it.
            if (w.settle()) {
                waiters.remove(w);
                w.completeExceptionally(closedException());
            }
            return w;
        }
        if (thread == null) {
            serveHead();
        }
        fill();
        return w;
    }

    /** An asynchronous waiter's future completed: served, timed out, cancelled or failed by close. */
    private void waiterDone(Waiter<C> w, Throwable error) {
        // Settled already, unless a user completed the future directly; that still ends the wait.
        w.settle();
        ScheduledFuture<?> t = w.timeout;
        if (t != null) {
            t.cancel(false);
        }
        if (error != null) {
            // Served waiters left the queue when they were served; the others leave it here, and
            // whatever was meant for them goes to the next.
            waiters.remove(w);
            serveHead();
        }
    }

    /** An asynchronous waiter's deadline passed; runs on a virtual thread. */
    private void timeOut(Waiter<C> w, long timeoutNanos) {
        if (w.settle()) {
            w.completeExceptionally(timedOut(timeoutNanos));
        }
    }

    /**
     * Counts and reports a timeout, before the caller learns of it, and makes its exception; worded
     * as the {@code standard} pool words it.
     */
    private PoolException timedOut(long timeoutNanos) {
        timeouts.increment();
        PoolStats stats = stats();
        Throwable cause = lastCreationFailure;
        if (monitor.isEnabled(EventKind.ACQUIRE_TIMEOUT)) {
            emit(EventKind.ACQUIRE_TIMEOUT, cause, "timeoutMillis", TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                    "total", stats.total(), "idle", stats.idle(), "active", stats.active(),
                    "pending", stats.pending(), "creating", stats.creating());
        }
        return new PoolException(PoolException.Kind.TIMEOUT, name, "Pool " + name + " had no connection within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: " + stats.describe()
                + (cause == null ? "" : "; last creation failure: " + cause), cause);
    }

    /** @return the oldest waiter still waiting, after dropping settled ones from the queue's head */
    private Waiter<C> head() {
        Waiter<C> w;
        while ((w = waiters.peek()) != null && w.isSettled()) {
            waiters.remove(w); // by identity: never a live waiter that replaced it at the head
        }
        return w;
    }

    /**
     * Gives idle connections to the oldest waiters: hands them to asynchronous ones, and wakes a
     * blocking one, which takes one itself. Run by a new asynchronous waiter (its half of the
     * handshake) and whenever a waiter leaves, so that an idle connection left for it passes on.
     */
    private void serveHead() {
        while (!closed) {
            Waiter<C> w = head();
            if (w == null) {
                return;
            }
            if (w.thread != null) {
                if (anyIdle()) {
                    // An asynchronous waiter behind awake ones is served by the next return, or
                    // by the serving of the one this marks.
                    wakeNext();
                }
                return;
            }
            // Waiters already covered by a validation in flight need no second connection: each
            // validation ends in a hand-off, or in a failure that serves again.
            if (pending.get() <= validating.get()) {
                return;
            }
            Slot<C> s = claimIdle();
            if (s == null || !release(s, false)) {
                return;
            }
        }
    }

    /**
     * For queued blocking callers that found only connections idle past the validation threshold:
     * validates them, one per waiter not yet covered by a validation, for the oldest waiters.
     */
    private void validateStaleForWaiters() {
        while (pending.get() > validating.get()) {
            Slot<C> s = claimIdle();
            if (s == null) {
                return;
            }
            if (!release(s, false)) {
                return;
            }
        }
    }

    // ---------------------------------------------------------------- return

    /** A holder closed its handle, which was live while the slot's word was {@code stamp}. */
    void returned(Slot<C> s, long stamp) {
        if (!s.cas(stamp, Slot.next(stamp, Slot.RESERVED))) {
            return; // closed already, or destroyed by close after its grace period
        }
        if (closed) {
            destroy(s, DestroyReason.CLOSED);
            return;
        }
        CompletableFuture<Void> recycle;
        s.recycler = Thread.currentThread(); // a callback: see close()
        try {
            recycle = BoundedCall.toFuture(Objects.requireNonNull(manager.recycle(s.connection), PoolTexts.RECYCLE_RETURNED_NULL));
        } catch (Throwable t) {
            recycleFailed(s, t);
            return;
        } finally {
            s.recycler = null;
        }
        if (recycle.isDone()) {
            // The usual case: nothing to reset, or reset on this thread. No allocation, no hop.
            Throwable failure = BoundedCall.failureOf(recycle);
            if (failure == null) {
                recycled(s);
            } else {
                recycleFailed(s, failure);
            }
            return;
        }
        // A stage still running is bounded by the validation timeout.
        BoundedCall.inline(PoolTexts.recycling(name), () -> recycle, validationTimeoutNanos, blocking, scheduler,
                (v, e) -> {
                    if (e == null) {
                        recycled(s);
                    } else {
                        recycleFailed(s, e);
                    }
                });
    }

    private void recycled(Slot<C> s) {
        // No clock read when no setting looks at the time of use, and a coarse one when every
        // setting that does is long enough (CoarseClock).
        if (returnNeedsTime) {
            long now = coarseClock != null ? coarseClock.nanos() : System.nanoTime();
            if (maxLifetimeNanos > 0 && now - s.createdNanos >= maxLifetimeNanos) {
                destroy(s, DestroyReason.MAX_LIFETIME);
                return;
            }
            s.lastUsed(now);
        }
        release(s);
    }

    private void recycleFailed(Slot<C> s, Throwable e) {
        LOG.log(System.Logger.Level.WARNING, PoolTexts.recycleFailed(name), e);
        destroy(s, DestroyReason.RECYCLE_FAILED);
    }

    /**
     * Completes, off the releasing thread, the hand-off {@link #release(Slot, boolean)} began; as it
     * would have: a future the caller completed itself gives the connection back to the next waiter.
     */
    private void completeLater(Waiter<C> w, Handle<C> h, Slot<C> s, long stamp, boolean checked) {
        if (!handOver(w, h, s, stamp)) {
            release(s, checked);
        }
    }

    /**
     * Completes a waiter's future with the handle of a slot now {@code BORROWED} with the word
     * {@code stamp}, and wakes it.
     *
     * @return {@code false} if the caller had completed the future itself and the slot is back in
     *     the pool's hands ({@code RESERVED}), to be released again; {@code true} otherwise (handed
     *     over, or taken by close meanwhile)
     */
    private boolean handOver(Waiter<C> w, Handle<C> h, Slot<C> s, long stamp) {
        if (w.complete(h)) {
            w.wake();
            return true;
        }
        borrowsNotAcquired.increment();
        return !s.cas(stamp, Slot.next(stamp, Slot.RESERVED));
    }

    /** A borrow its caller never received (closed meanwhile): back without a reset. */
    void returnedUnused(Slot<C> s, long stamp) {
        if (s.cas(stamp, Slot.next(stamp, Slot.RESERVED))) {
            release(s);
        }
    }

    /** A holder invalidated its handle. */
    void invalidated(Slot<C> s, long stamp) {
        if (s.cas(stamp, Slot.next(stamp, Slot.RESERVED))) {
            destroy(s, DestroyReason.INVALIDATED);
        }
    }

    /** Frees a slot the caller owns; see {@link #release(Slot, boolean)}. */
    private void release(Slot<C> s) {
        release(s, false);
    }

    /**
     * Frees a slot the caller owns ({@code RESERVED}): straight to the oldest waiter if that is an
     * asynchronous one, else idle, waking the oldest waiter if it is a blocking one (it takes the
     * connection itself unless a running thread takes it first). No wake-up when nobody waits. See
     * the class description for why the idle write is followed by a second look at the queue.
     *
     * @param checked whether the connection was just validated; if not, and it has been unused
     *     past the validation threshold, a waiter gets it only through a validation, as an acquire
     *     that found it idle would
     * @return whether the slot went to a waiter, a validation or a destruction; {@code false} if it
     *     was left idle
     */
    private boolean release(Slot<C> s, boolean checked) {
        // The asynchronous waiter wakeNext found at the head of the queue, to be handed this connection.
        Waiter<C> target = null;
        while (true) {
            if (closed) {
                destroy(s, DestroyReason.CLOSED);
                return true;
            }
            Waiter<C> w = target != null && !target.isSettled() ? target : head();
            target = null;
            if (w != null) {
                // The acquire's clock (coarse when the threshold allows): with more threads than
                // connections somebody nearly always waits, and this runs on every return.
                if (!checked && validateOnAcquire && (validationClock != null ? validationClock.nanos()
                        : System.nanoTime()) - s.lastUsed() > validationThresholdNanos) {
                    validateThenRelease(s);
                    return true;
                }
                // A connection just validated or created goes straight to a blocking waiter too: it
                // was made ready for it, and with a threshold of zero it would look stale to its scan.
                // So does any connection to a blocking waiter starving: one that has waited past
                // STARVING_NANOS, losing each time it was woken to running callers that barged.
                // Starving waiters are handed at most maxInTransit connections at a time: while
                // that many have yet to wake, returns go idle for the running callers instead,
                // unless the waiter is half-way to its timeout (urgent).
                boolean starving = w.thread != null && !checked && (w.urgent || inTransit.get() < maxInTransit
                        && System.nanoTime() - w.startNanos > STARVING_NANOS && claimTransit(w));
                if (w.thread == null || checked || starving) {
                    if (!w.settle()) {
                        if (starving) {
                            endTransit(w);
                        }
                        continue; // timed out, cancelled or closed: the next waiter's turn
                    }
                    waiters.remove(w);
                    recordWait(w);
                    // BORROWED before the future completes: its callbacks may use and return it at once.
                    long stamp = s.set(Slot.BORROWED);
                    Handle<C> h = handOut(s, stamp, w.site);
                    if (HandOffDepth.tooDeep()) {
                        // Deep in a chain of continuations that each returned their connection to
                        // the next waiter: complete this one on a virtual thread, from a fresh stack.
                        boolean recheck = checked;
                        BoundedCall.offload(blocking, () -> completeLater(w, h, s, stamp, recheck));
                        return true;
                    }
                    boolean done;
                    int[] depth = HandOffDepth.enter();
                    try {
                        done = handOver(w, h, s, stamp);
                    } finally {
                        HandOffDepth.exit(depth);
                    }
                    if (done) {
                        return true;
                    }
                    continue; // the caller completed the future itself: the next waiter's turn
                }
            }
            s.set(Slot.IDLE);
            if (closed) {
                if (s.move(Slot.IDLE, Slot.RESERVED) != -1L) {
                    destroy(s, DestroyReason.CLOSED);
                }
                return true;
            }
            if (waiters.isEmpty()) {
                return false; // nobody waits: no wake-up
            }
            // The common case with more threads than connections: the oldest waiter, read before
            // the idle write, is woken already and has yet to look, so it will see this connection
            // (it clears its flag before looking). Checked after the write, with no queue walk.
            if (w != null && w.thread != null && w.isSignalled() && !w.isSettled()) {
                w.markMissed();
                return false;
            }
            target = wakeNext();
            if (target == null || s.move(Slot.IDLE, Slot.RESERVED) == -1L) {
                return false; // a blocking waiter woken, or every one awake already; or somebody took it
            }
        }
    }

    /**
     * For a connection just made idle: wakes the oldest waiter if it is a blocking one not awake
     * yet, or returns it if it is an asynchronous one, which needs a hand-off. Only the oldest is
     * ever woken: several awake at once would race each other, and a waiter could then be overtaken
     * by more than the other connections allow, which bends FIFO past what the TCK accepts. If it
     * woke no one, the awake waiter wakes the next once served ({@link Waiter#passOn()}), so that a
     * connection left idle is not forgotten.
     *
     * @return the asynchronous waiter to hand the connection to, or {@code null}
     */
    private Waiter<C> wakeNext() {
        Waiter<C> w = head();
        if (w == null || w.thread == null) {
            return w;
        }
        if (!w.trySignal()) {
            w.markMissed();
        }
        return null;
    }

    // ---------------------------------------------------------------- create, validate, destroy

    /**
     * Starts the creations the pool needs: up to {@code minSize}, and one per waiter beyond the
     * creations and validations already in flight for waiters, never past {@code maxSize}. Cheap and non-blocking, so any path may call it.
     */
    private void fill() {
        while (!closed) {
            if (backingOff && retryAtNanos - System.nanoTime() > 0) {
                return; // the scheduled retry calls again
            }
            int s = size.get();
            if (s >= maxSize) {
                return;
            }
            if (s >= minSize) {
                // Waiters not covered by a creation or validation in flight, nor by an idle
                // connection a woken blocking waiter is about to take.
                int uncovered = pending.get() - creating.get() - validating.get();
                if (uncovered <= 0 || uncovered <= idleCount()) {
                    return;
                }
            }
            if (size.compareAndSet(s, s + 1)) {
                creating.incrementAndGet();
                startCreation();
            }
        }
    }

    private void startCreation() {
        BoundedCall<C>[] self = newCallHolder();
        BoundedCall<C> call = BoundedCall.of(PoolTexts.creating(name), manager::create, createTimeoutNanos,
                (c, e) -> {
                    creations.remove(self[0]);
                    created(c, e);
                }, this::destroyLate, this::createOver).callbackOf(this);
        self[0] = call;
        createsRunning.incrementAndGet();
        // Registered before it starts, so that close() can give up every creation in flight.
        creations.add(call);
        call.start(blocking, scheduler);
        if (closed) {
            call.abandon(closedException());
        }
    }

    @SuppressWarnings("unchecked") // an array of one, to let the callback see the call it belongs to
    private static <C> BoundedCall<C>[] newCallHolder() {
        return (BoundedCall<C>[]) new BoundedCall<?>[1];
    }

    private void created(C connection, Throwable error) {
        creating.decrementAndGet();
        if (error == null && connection == null) {
            error = PoolTexts.createdNull();
        }
        if (error != null) {
            releaseCapacity();
            if (closed) {
                return; // given up by close: not a failure of the manager
            }
            creationFailed(error);
            return;
        }
        lastCreationFailure = null;
        consecutiveFailures.set(0);
        backingOff = false;
        created.increment();
        Slot<C> s = new Slot<>(connection, System.nanoTime());
        insert(s);
        if (monitor.isEnabled(EventKind.CONNECTION_CREATED)) {
            emit(EventKind.CONNECTION_CREATED, null);
        }
        release(s, true); // brand new: nothing to validate
        fill();
    }

    private void insert(Slot<C> s) {
        while (true) {
            Slot<C>[] old = slots;
            Slot<C>[] next = Arrays.copyOf(old, old.length + 1);
            next[old.length] = s;
            if (SLOTS.compareAndSet(this, old, next)) {
                return;
            }
        }
    }

    private void remove(Slot<C> s) {
        while (true) {
            Slot<C>[] old = slots;
            int i = 0;
            while (i < old.length && old[i] != s) {
                i++;
            }
            if (i == old.length) {
                return;
            }
            Slot<C>[] next = Arrays.copyOf(old, old.length - 1);
            System.arraycopy(old, i + 1, next, i, old.length - 1 - i);
            if (SLOTS.compareAndSet(this, old, next)) {
                return;
            }
        }
    }

    private void creationFailed(Throwable error) {
        creationFailures.increment();
        lastCreationFailure = error;
        int n = consecutiveFailures.incrementAndGet();
        long backoff = Math.min(MAX_BACKOFF_NANOS, MIN_BACKOFF_NANOS << Math.min(n - 1, 16));
        retryAtNanos = System.nanoTime() + backoff;
        backingOff = true;
        LOG.log(PoolTexts.creationFailureLoud(n) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                PoolTexts.creationFailed(name, n), error);
        if (monitor.isEnabled(EventKind.CONNECTION_CREATION_FAILED)) {
            emit(EventKind.CONNECTION_CREATION_FAILED, error, "consecutiveFailures", n,
                    "retryMillis", TimeUnit.NANOSECONDS.toMillis(backoff));
        }
        try {
            scheduler.schedule(this::retry, backoff, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The library is closing: no retry is wanted.
            LOG.log(System.Logger.Level.DEBUG, PoolTexts.noRetry(name), e);
        }
    }

    private void retry() {
        try {
            backingOff = false;
            fill();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, PoolTexts.taskFailed(name, "retrying creation"), e);
        }
    }

    /** A creation's manager call is over: the last one lets a waiting close go on. */
    private void createOver() {
        if (createsRunning.decrementAndGet() == 0 && closed) {
            Thread t = closer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    /**
     * A connection that arrived after its creation was given up: never the pool's, closed at once.
     * It takes a unit of size until destroyed, taken before its creation counts as over, so that
     * close, which waits for both, cannot return in between.
     */
    private void destroyLate(C connection) {
        LOG.log(System.Logger.Level.DEBUG, () -> PoolTexts.destroyingLate(name));
        size.incrementAndGet();
        BoundedCall.of(PoolTexts.destroying(name), () -> manager.destroy(connection), createTimeoutNanos,
                (v, e) -> {
                    if (e != null) {
                        LOG.log(System.Logger.Level.WARNING, PoolTexts.destroyLateFailed(name), e);
                    }
                    releaseCapacity();
                    fill();
                }, v -> { }).callbackOf(this).start(PoolTexts.destructions(blocking), scheduler);
    }

    /** Validates a slot the caller owns and frees it for the oldest waiter, or destroys it. */
    private void validateThenRelease(Slot<C> s) {
        validating.incrementAndGet();
        BoundedCall.of(PoolTexts.validating(name), () -> manager.validate(s.connection), validationTimeoutNanos,
                (ok, e) -> {
                    validating.decrementAndGet();
                    if (e == null && Boolean.TRUE.equals(ok)) {
                        s.lastUsed(System.nanoTime());
                        release(s, true);
                    } else {
                        validationFailed(s, e);
                    }
                    // A waiter that counted on this validation (it was in flight when the waiter
                    // last looked) may have been served otherwise: idle connections go on to the
                    // next waiter, or the one this was for is served by another.
                    serveHead();
                }, ok -> { }).callbackOf(this).start(blocking, scheduler);
    }

    /** Validates an idle slot the maintenance task reserved, leaving its idle time as it was. */
    private void healthCheck(Slot<C> s) {
        BoundedCall.of(PoolTexts.validating(name), () -> manager.validate(s.connection), validationTimeoutNanos,
                (ok, e) -> {
                    if (e == null && Boolean.TRUE.equals(ok)) {
                        release(s, true);
                    } else {
                        validationFailed(s, e);
                    }
                }, ok -> { }).callbackOf(this).start(blocking, scheduler);
    }

    private void validationFailed(Slot<C> s, Throwable error) {
        validationFailures.increment();
        if (monitor.isEnabled(EventKind.CONNECTION_VALIDATION_FAILED)) {
            emit(EventKind.CONNECTION_VALIDATION_FAILED, error, "reason", PoolTexts.validationFailure(error));
        }
        // Routine: the pool replaces the connection, and the event carries the failure.
        LOG.log(System.Logger.Level.DEBUG, () -> PoolTexts.validationFailed(name, error), error);
        destroy(s, DestroyReason.VALIDATION_FAILED);
    }

    /**
     * Destroys a slot the caller owns. It leaves the array and the counts at once; its unit of
     * size is freed when the manager has finished, so that open connections never exceed the maximum.
     */
    private void destroy(Slot<C> s, DestroyReason reason) {
        long w = s.set(Slot.REMOVED);
        // stats() skips a REMOVED slot, so its borrows are never counted twice; they are missed only
        // between these two lines.
        retiredBorrows.add(Slot.borrows(w));
        remove(s);
        destroyed.increment();
        if (monitor.isEnabled(EventKind.CONNECTION_DESTROYED)) {
            emit(EventKind.CONNECTION_DESTROYED, null, "reason", reason);
        }
        BoundedCall.of(PoolTexts.destroying(name), () -> manager.destroy(s.connection), createTimeoutNanos,
                (v, e) -> {
                    if (e != null) {
                        LOG.log(System.Logger.Level.WARNING, PoolTexts.destroyFailed(name, reason), e);
                    }
                    releaseCapacity();
                    fill();
                }, v -> { }).callbackOf(this).start(PoolTexts.destructions(blocking), scheduler);
    }

    private void releaseCapacity() {
        if (size.decrementAndGet() == 0 && closed) {
            Thread t = closer;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    // ---------------------------------------------------------------- maintenance

    /** The periodic task: short, never blocking, never throwing (a throw would end the schedule). */
    private void maintain() {
        try {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            boolean healthDue = healthCheckNanos > 0 && now - nextHealthCheckNanos >= 0;
            if (healthDue) {
                nextHealthCheckNanos = now + healthCheckNanos;
            }
            Slot<C>[] all = slots;
            int open = all.length;
            for (Slot<C> s : all) {
                int state = s.state();
                if (state == Slot.IDLE) {
                    if (maxLifetimeNanos > 0 && now - s.createdNanos >= maxLifetimeNanos) {
                        if (s.move(Slot.IDLE, Slot.RESERVED) != -1L) {
                            open--;
                            destroy(s, DestroyReason.MAX_LIFETIME);
                        }
                    } else if (idleTimeoutNanos > 0 && open > minSize && now - s.lastUsed() >= idleTimeoutNanos) {
                        if (s.move(Slot.IDLE, Slot.RESERVED) != -1L) {
                            open--;
                            destroy(s, DestroyReason.IDLE_TIMEOUT);
                        }
                    } else if (healthDue && s.move(Slot.IDLE, Slot.RESERVED) != -1L) {
                        healthCheck(s);
                    }
                } else if (state == Slot.BORROWED && leakThresholdNanos > 0) {
                    Handle<C> h = s.holder();
                    LeakWatch leak = h == null ? null : h.leak;
                    if (leak != null && h.slot == s && !h.isEnded() && now - leak.borrowedNanos >= leakThresholdNanos
                            && leak.markReported()) {
                        leaksSuspected.increment();
                        long heldMillis = TimeUnit.NANOSECONDS.toMillis(now - leak.borrowedNanos);
                        LOG.log(System.Logger.Level.WARNING, PoolTexts.leakSuspected(name, heldMillis), leak.site);
                        if (monitor.isEnabled(EventKind.LEAK_SUSPECTED)) {
                            emit(EventKind.LEAK_SUSPECTED, leak.site, "heldMillis", heldMillis);
                        }
                    }
                }
            }
            fill();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, PoolTexts.taskFailed(name, "housekeeping"), e);
        } finally {
            maintaining.set(false);
        }
    }

    // ---------------------------------------------------------------- stats, close

    @Override
    public PoolStats stats() {
        int idle = 0;
        int busy = 0;
        for (Slot<C> s : slots) {
            int state = s.state();
            if (state == Slot.IDLE) {
                idle++;
            } else if (state != Slot.REMOVED) {
                busy++; // borrowed, or held by the pool for a return, a validation or a hand-off
            }
        }
        return new PoolStats(name, idle + busy, idle, busy, Math.max(0, pending.get()), Math.max(0, creating.get()),
                created.sum(), destroyed.sum(), acquired(), timeouts.sum(), creationFailures.sum(),
                validationFailures.sum(), leaksSuspected.sum(), Duration.ofNanos(totalWaitNanos.sum()),
                Duration.ofNanos(maxWaitNanos.get()));
    }

    /**
     * @return the acquisitions so far: the borrows counted by every slot's word, those of the slots
     *     already destroyed, less the hand-offs nobody took. Like the other counters, not a
     *     snapshot: a slot being destroyed at this moment may be missed until it has left the array.
     */
    private long acquired() {
        long sum = retiredBorrows.sum() - borrowsNotAcquired.sum();
        for (Slot<C> s : slots) {
            long w = s.word();
            if (Slot.kind(w) != Slot.REMOVED) {
                sum += Slot.borrows(w);
            }
        }
        return Math.max(0, sum);
    }

    private PoolException closedException() {
        return new PoolException(PoolException.Kind.CLOSED, name, "Pool " + name + " is closed", null);
    }

    /**
     * Closes the pool; see {@link Pool#close()}. Blocks for at most the grace period plus the bounds
     * of the calls it then waits for. An interrupt ends the grace period early and is kept.
     */
    @Override
    public void close() {
        // From inside a callback of this pool (a creation, a validation, a destroy, a monitor's
        // record, a return's recycle), close would wait for the call it is made from: it shuts the
        // pool, and the wait and the last destroys go on on another thread once the callback has
        // returned. Recycle runs on every return, so it is told by its slot, not by PoolCallbacks.
        boolean inside = PoolCallbacks.inside(this) || recycling(Thread.currentThread());
        if (!CLOSED.compareAndSet(this, false, true)) {
            if (!inside) {
                awaitFirstClose();
            }
            return;
        }
        if (inside) {
            try {
                shut();
            } finally {
                BoundedCall.offload(blocking, this::finishClose);
            }
            return;
        }
        closer = Thread.currentThread();
        try {
            shut();
        } finally {
            finishClose();
        }
    }

    /** @return whether the thread is inside the manager's recycle of one of the open connections */
    private boolean recycling(Thread thread) {
        for (Slot<C> s : slots) {
            if (s != null && s.recycler == thread) {
                return true;
            }
        }
        return false;
    }

    /** The part of {@link #close()} that never waits: fails the waiters, gives up creations, destroys idle connections. */
    private void shut() {
        ScheduledFuture<?> m = maintenance;
        if (m != null) {
            m.cancel(false);
        }
        PoolException ex = closedException();
        for (Waiter<C> w; (w = waiters.poll()) != null; ) {
            if (w.settle()) {
                w.completeExceptionally(ex);
                w.wake(); // a blocking waiter sees it settled and throws
            }
        }
        for (BoundedCall<C> c : creations) {
            c.abandon(ex);
        }
        for (Slot<C> s : slots) {
            if (s.move(Slot.IDLE, Slot.RESERVED) != -1L) {
                destroy(s, DestroyReason.CLOSED);
            }
        }
    }

    /** The part of {@link #close()} that waits: for borrowed connections, then for destroys and creations. */
    private void finishClose() {
        closer = Thread.currentThread();
        boolean interrupted = false;
        try {
            reportCloseWaiting();
            long now = System.nanoTime();
            interrupted = awaitEmpty(now + graceNanos, true);
            if (!empty()) {
                for (Slot<C> s : slots) {
                    if (s.move(Slot.BORROWED, Slot.RESERVED) != -1L) {
                        destroy(s, DestroyReason.CLOSE_GRACE_EXPIRED);
                    }
                }
                // Every call still running is bounded: a return's recycle and validation by the
                // validation timeout, then its destruction by the creation timeout.
                long bound = saturatedAdd(saturatedAdd(validationTimeoutNanos, createTimeoutNanos), CLOSE_SLACK_NANOS);
                interrupted |= awaitEmpty(System.nanoTime() + bound, false);
                if (!empty()) {
                    LOG.log(System.Logger.Level.WARNING, PoolTexts.closeGaveUp(name, size.get(), createsRunning.get()));
                }
            }
            if (monitor.isEnabled(EventKind.POOL_CLOSED)) {
                emit(EventKind.POOL_CLOSED, null, "created", created.sum(), "destroyed", destroyed.sum());
            }
        } finally {
            closeDone.complete(null);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * When close has to wait for borrowed connections, says so once, in the log and to the monitor,
     * with where each was acquired when leak detection recorded it (the wording is the standard
     * pool's): a close that waits out its grace period for a leaked connection should not be silent.
     */
    private void reportCloseWaiting() {
        int borrowed = 0;
        List<Throwable> sites = new ArrayList<>();
        for (Slot<C> s : slots) {
            if (s.state() == Slot.BORROWED) {
                borrowed++;
                Handle<C> h = s.holder();
                if (h != null && h.slot == s && !h.isEnded() && h.leak != null && h.leak.site != null) {
                    sites.add(h.leak.site);
                }
            }
        }
        if (borrowed == 0) {
            return;
        }
        long graceMillis = TimeUnit.NANOSECONDS.toMillis(graceNanos);
        String message = PoolTexts.closeWaiting(name, graceMillis, borrowed, leakThresholdNanos > 0);
        Throwable where = null;
        if (!sites.isEmpty()) {
            where = new StillBorrowed(message);
            sites.forEach(where::addSuppressed);
        }
        LOG.log(System.Logger.Level.WARNING, message, where);
        if (monitor.isEnabled(EventKind.POOL_CLOSE_WAITING)) {
            emit(EventKind.POOL_CLOSE_WAITING, where, "borrowed", borrowed, "graceMillis", graceMillis);
        }
    }

    /** What close reports it waits for: the acquire stacks are its suppressed exceptions; no stack of its own. */
    static final class StillBorrowed extends Throwable {
        private static final long serialVersionUID = 1L;

        StillBorrowed(String message) {
            super(message, null, true, false);
        }
    }

    /** @return whether the thread was interrupted while waiting */
    private boolean awaitEmpty(long deadlineNanos, boolean interruptEndsWait) {
        boolean interrupted = false;
        while (!empty()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                break;
            }
            // releaseCapacity() unparks this thread when size reaches 0, createOver() when the last creation ends.
            LockSupport.parkNanos(this, left);
            if (Thread.interrupted()) {
                interrupted = true;
                if (interruptEndsWait) {
                    break;
                }
            }
        }
        return interrupted;
    }

    /** @return whether nothing is left for close to wait for: no unit of size, no creation still running */
    private boolean empty() {
        return size.get() == 0 && createsRunning.get() == 0;
    }

    private void awaitFirstClose() {
        boolean interrupted = false;
        while (true) {
            try {
                closeDone.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- events

    private void emit(EventKind kind, Throwable error, Object... keysAndValues) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            attributes.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        Object mark = PoolCallbacks.enter(this);
        try {
            monitor.record(new MonitorEvent.PoolEvent(Instant.now(), name, kind, attributes, Optional.ofNullable(error)));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, PoolTexts.monitorFailed(name, kind), e);
        } finally {
            PoolCallbacks.exit(mark);
        }
    }

    @Override
    public String toString() {
        return "LockFreePool[" + name + ", " + stats().describe() + "]";
    }
}
