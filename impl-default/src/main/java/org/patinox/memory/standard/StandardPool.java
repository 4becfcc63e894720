package org.patinox.memory.standard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
 * The {@code standard} pool: a main {@link ReentrantLock} guards the waiters, the capacity and
 * everything but the idle connections, which sit in a few lock-protected stripes so that two
 * threads borrowing and returning at once do not share a lock. Every decision is still taken under
 * a lock, so that the invariants can be read off the code.
 *
 * <h2>State</h2>
 * <ul>
 *   <li>Under the main lock: {@link #open}, every open connection (idle, borrowed or being
 *       validated); {@link #queue}, the waiting callers, oldest first; {@link #creations},
 *       creations in flight; {@link #destroying}, destroys in flight; the counters.
 *   <li>{@link #stripes}: the idle connections, each stripe a stack (most recently returned on top)
 *       under its own lock. Each connection has a stripe of its own ({@link Slot#stripe}), the one
 *       owning the fewest when it was made, and returns there. A thread borrows first from its
 *       home stripe ({@link Home}), then from the others in turn when its own is empty or held,
 *       making the stripe that served it its home. Locks are taken main then stripe,
 *       never the other way round; the borrow-and-return path takes a stripe's lock alone.
 *   <li>Capacity: {@code open + creations + destroying <= maxSize}. A connection being destroyed
 *       still holds its place until the manager has closed it, so the manager never sees more than
 *       {@code maxSize} connections.
 *   <li>Barging: an acquirer takes an idle connection from the stripes, without the main lock,
 *       even while others wait, as HikariCP's and Stormpot's do; only one that finds none queues.
 *       Waiters are first come, first served among themselves: a returned connection goes idle on
 *       the returner's stripe, and only if somebody waits does the returner give the oldest waiter
 *       its turn. A running thread never hands its connection to a parked one and then parks in
 *       turn, which would cost two context switches a cycle once more threads than connections
 *       keep a queue alive.
 * </ul>
 *
 * <h2>Waking a waiter</h2>
 * The oldest waiter gets its turn in {@link #wakeHeadLocked}: an asynchronous one is served at once
 * from the stripes (it has no thread to wake); a blocking one is woken ({@link #woken}) and, once it
 * runs, takes an idle connection itself, unless a barger took it first, in which case it keeps its
 * place and waits again until its deadline. One waiter is woken at a time: while it has yet to
 * look ({@link #wakePending}), returners wake nobody, so a stream of returns costs one wake-up, not
 * one per return. The woken waiter gives up the wake-up before it looks, and passes it on when it
 * leaves or when a connection is still idle after it took one.
 *
 * <p>Barging alone can starve a waiter: with many more runnable threads than processors, the woken
 * waiter may not get a processor before the running threads have taken every connection again,
 * and the queue then drains more slowly than it fills. So a waiter that has waited a quarter of its
 * timeout, or 20 ms ({@link Waiter#starvesAt}), is, at the head of the queue, handed the next
 * connection returned, kept for it however late it runs ({@link #headStarvesAt} tells returners).
 * At most {@link StarvingHandOffs#maxInTransit} such connections at a time ({@link #inTransit}): while
 * that many have yet to be picked up, the next starving waiter is only woken to compete, as one
 * that does not starve. With hundreds of threads on a few connections every queued waiter starves,
 * and a connection kept for each in turn made every cycle a park and an unpark; bounded, the
 * others serve the running threads while the queue moves on at the pace its waiters wake. A served
 * waiter picks its connection up without the main lock, and a caller that finds that lock held on
 * its way into the queue yields and looks at the stripes again, a few times, before parking for it: parked
 * callers get the lock one after another, each once the one before it has been scheduled, which
 * with hundreds of threads on two processors made waits of seconds. A waiter half-way to its
 * timeout ({@link Waiter#urgentAt}) is handed the next connection returned regardless ({@link
 * #headUrgent}), so that a queue too long for that pace still drains before its waiters time out.
 *
 * <h2>The handshake between a returner and a waiter</h2>
 * A returner puts its connection on its stripe (under the stripe's lock), then reads {@link
 * #waiters} and {@link #wakePending} and, if somebody waits and nobody is woken, wakes the oldest
 * under the main lock, or, finding it held, has its holder do so ({@link #wake}). A waiter joins the queue and writes {@link #waiters} (under the main lock),
 * then looks at every stripe, each under its lock; a woken waiter clears {@link #wakePending}, then
 * looks. Take the stripe the returner used. If the look locked it after the returner unlocked it,
 * it finds the connection. Otherwise it locked it before the returner did, so the write that
 * precedes the look happens before the returner's reads, which see a waiter and nobody woken, and
 * wake one. Either way no waiter sleeps while a connection lies idle and nobody is on the way to
 * it. A connection put in a stripe under the main lock (a health check's, a withdrawn waiter's)
 * needs no second look, as the same section wakes the oldest waiter. The count may stay above the
 * queue's size for a moment; that only costs a returner a look under the main lock.
 *
 * <h2>Threads</h2>
 * Nothing foreign runs under a lock: a locked section records what must follow (completing a
 * caller's future, launching a manager call) in a list of tasks run after unlocking. Manager calls
 * run on the blocking executor, bounded by a {@link BoundedCall}; the scheduler only runs short
 * bookkeeping and hops to a virtual thread for anything else.
 *
 * @param <C> the type of connection
 */
final class StandardPool<C> implements Pool<C> {

    /** Each thread's home stripe ({@link Home}), shared by every standard pool. */
    private static final ThreadLocal<Home> HOME = ThreadLocal.withInitial(Home::new);
    private static final System.Logger LOG = Loggers.named(StandardPool.class.getName());
    private static final long MIN_BACKOFF = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MIN_HOUSEKEEPING = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_HOUSEKEEPING = TimeUnit.SECONDS.toNanos(1);
    // After the grace period, destroys are bounded by createTimeout; this covers their last hop.
    private static final long DESTROY_SLACK = TimeUnit.SECONDS.toNanos(1);
    /** The most stripes a pool has; see {@link #stripeCount}. */
    private static final int MAX_STRIPES = 16;
    /**
     * How many times a blocking acquire that found every connection out yields and looks again
     * before it queues, and again while the main lock is held before it parks for it: each yield
     * costs well under a microsecond on an idle processor, and with hundreds of threads on a few
     * processors it lets holders run and return rather than join the main lock's convoy (256
     * threads on 8 connections: 24 to 34 cycles per microsecond with 4, 34 to 55 with 64).
     */
    private static final int YIELDS_BEFORE_QUEUEING = 64;

    private final ConnectionManager<C> manager;
    private final PoolConfig config;
    private final String name;
    private final ProviderContext context;
    private final Monitor monitor;
    private final boolean validateOnAcquire;
    private final long validationIdleThreshold;
    private final long acquireTimeout;
    private final long idleTimeout;
    private final long maxLifetime;
    private final long leakThreshold;
    /** Whether a return records the time of use: some setting (idle, lifetime, validation) reads it. */
    private final boolean returnNeedsTime;
    /**
     * The hot path's clock (time of use on return, the acquire's validation check) when every
     * setting it serves is long enough; else {@code null}, exact time. See {@link CoarseClock}.
     */
    private final CoarseClock coarseClock;
    /** {@link #coarseClock} if the borrow fast path may read it: a threshold it ticks for and no leak detection. */
    private final CoarseClock borrowClock;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled, once the pool is closing, whenever a connection, creation or destroy goes away. */
    private final Condition changed = lock.newCondition();
    private final ArrayList<Slot<C>> open = new ArrayList<>();
    /** The idle connections, in stripes; see the class comment. */
    private final Stripe<C>[] stripes;
    private final int stripeMask;
    /** Under the main lock: how many open connections each stripe owns ({@link Slot#stripe}). */
    private final int[] ownedByStripe;
    private final ArrayDeque<Waiter<C>> queue = new ArrayDeque<>();
    /**
     * The size of {@link #queue}, published for the lock-free side of the handshake (see the class
     * comment): written under the main lock after every change of the queue, and read without it.
     */
    private volatile int waiters;
    /** What {@link #takeFast} answers when the connection it found is due for validation. */
    private final Slot<C> stale = new Slot<>(null, 0, 0);
    /**
     * When the head of the queue starts to starve ({@link Waiter#starvesAt}): from then on returners
     * hand it a connection instead of leaving it to barging. Written with {@link #waiters}, before it.
     */
    private volatile long headStarvesAt;
    /**
     * Whether the head of the queue was urgent ({@link Waiter#urgentAt}) when the queue last changed
     * or an urgent waiter woke to say so; written with {@link #headStarvesAt}. Returners read it
     * rather than the clock, which they read only while the hand-offs in transit are below their bound.
     */
    private volatile boolean headUrgent;
    /**
     * The blocking waiter woken to take a connection made idle, which has yet to look; {@code null}
     * when none. At most one at a time: see {@link #wakeHeadLocked}.
     */
    private Waiter<C> woken;
    /** Whether {@link #woken} is set, published for returners, which read it without the main lock. */
    private volatile boolean wakePending;
    /** A returner asked for {@link #wakeHeadLocked} while the main lock was held: see {@link #wake}. */
    private volatile boolean wakeRequested;
    /**
     * How many starving blocking waiters were handed a connection that they have yet to pick up
     * ({@link Waiter#inTransit}), at most {@link #maxInTransit} (class comment). Raised under the main lock;
     * lowered by such a waiter, without it, when it picks the connection up, or under it when it
     * gives the connection back.
     */
    private final AtomicInteger inTransit = new AtomicInteger();
    private final int maxInTransit;
    private final ArrayList<Waiter<C>> validating = new ArrayList<>();
    private final ArrayList<BoundedCall<C>> creations = new ArrayList<>();
    private final List<ScheduledFuture<?>> periodic = new ArrayList<>();
    private int destroying;
    /**
     * Creations whose manager call is still running, given up or not: close waits for them too, so
     * that a connection one yields late is destroyed before close returns (then, the instance's
     * executor may already refuse its destruction).
     */
    private int createsRunning;
    private volatile boolean closed;
    private boolean closeDone;
    private boolean healthCheckRunning;
    private Throwable lastCreationFailure;
    private int failuresInRow;
    private ScheduledFuture<?> retry;

    private long created;
    private long destroyed;
    private long acquired;
    private long timeouts;
    private long creationFailures;
    private long validationFailures;
    private long leaksSuspected;
    private long totalWait;
    private long maxWait;

    private StandardPool(ConnectionManager<C> manager, PoolConfig config, ProviderContext context, Monitor monitor) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.config = Objects.requireNonNull(config, "config");
        this.name = config.name();
        this.context = Objects.requireNonNull(context, "context");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.validateOnAcquire = config.validateOnAcquire();
        this.validationIdleThreshold = nanos(config.validationIdleThreshold());
        this.acquireTimeout = nanos(config.acquireTimeout());
        this.idleTimeout = nanos(config.idleTimeout());
        this.maxLifetime = nanos(config.maxLifetime());
        this.leakThreshold = nanos(config.leakDetectionThreshold());
        this.returnNeedsTime = maxLifetime > 0 || idleTimeout > 0 || validateOnAcquire;
        this.coarseClock = CoarseClock.forDurations(maxLifetime, idleTimeout,
                validateOnAcquire ? validationIdleThreshold : 0L);
        // The fast path's time is the validation check's and leak detection's: the latter keeps exact time.
        this.borrowClock = validateOnAcquire && validationIdleThreshold > 0 && leakThreshold <= 0 ? coarseClock : null;
        this.maxInTransit = StarvingHandOffs.maxInTransit(config.maxSize(), Runtime.getRuntime().availableProcessors());
        int count = stripeCount(config.maxSize());
        @SuppressWarnings("unchecked")
        Stripe<C>[] made = (Stripe<C>[]) new Stripe<?>[count];
        for (int i = 0; i < count; i++) {
            // Nothing sized for max-size, which may be Integer.MAX_VALUE: the stacks are linked through the slots.
            made[i] = new Stripe<>();
        }
        this.stripes = made;
        this.stripeMask = count - 1;
        this.ownedByStripe = new int[count];
    }

    /**
     * As many stripes as connections, at most 16, so that a thread whose home follows one connection
     * rarely shares its stripe with a thread running at the same time; a power of two, so that a home
     * picks its stripe with a mask.
     */
    static int stripeCount(int maxSize) {
        return Integer.highestOneBit(Math.clamp(maxSize, 1, MAX_STRIPES));
    }

    /**
     * A thread's home stripe: where it borrows first, first picked by its id, then the stripe that
     * last served it when its own was empty or held. Two threads running at once on one stripe pass
     * its lock's cache line back and forth on every cycle; with homes that follow the connections,
     * which return to stripes of their own, each settles on a connection of its own, as in HikariCP
     * and Stormpot. Not masked, so that pools of different stripe counts share it.
     */
    private static final class Home {
        int stripe = (int) Thread.currentThread().threadId();
    }

    /** @return an open pool, already filling to its minimum size and running its maintenance */
    static <C> StandardPool<C> open(ConnectionManager<C> manager, PoolConfig config, ProviderContext context, Monitor monitor) {
        StandardPool<C> pool = new StandardPool<>(manager, config, context, monitor);
        pool.start();
        return pool;
    }

    private void start() {
        if (coarseClock != null) {
            coarseClock.start(context.scheduler(), () -> closed);
        }
        if (monitor.isEnabled(EventKind.POOL_OPENED)) {
            report(EventKind.POOL_OPENED, null, "minSize", config.minSize(), "maxSize", config.maxSize());
        }
        List<Runnable> later = new ArrayList<>();
        lock.lock();
        try {
            long housekeeping = housekeepingPeriod();
            if (housekeeping > 0) {
                periodic.add(context.scheduler().scheduleWithFixedDelay(onVirtualThread(this::housekeep), housekeeping,
                        housekeeping, TimeUnit.NANOSECONDS));
            }
            long health = nanos(config.healthCheckInterval());
            if (health > 0) {
                // No more often than the lockfree pool's tick: a period of nanoseconds would keep the
                // shared scheduler thread, and a core, busy validating idle connections.
                health = Math.max(health, MIN_HOUSEKEEPING);
                periodic.add(context.scheduler().scheduleWithFixedDelay(onVirtualThread(this::healthCheck), health, health,
                        TimeUnit.NANOSECONDS));
            }
            planCreations(later);
        } finally {
            unlock();
        }
        runAll(later);
    }

    /**
     * A periodic task as the scheduler runs it: a hop to a virtual thread, at most one run at a time.
     * The tasks take the pool's locks, which callers may hold, and report suspected leaks to the log
     * and the monitors, user code, which must never run on (nor hold up) the instance's scheduler.
     */
    private Runnable onVirtualThread(Runnable task) {
        AtomicBoolean running = new AtomicBoolean();
        return () -> {
            if (running.compareAndSet(false, true)) {
                try {
                    context.blockingExecutor().execute(() -> {
                        try {
                            task.run();
                        } finally {
                            running.set(false);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    running.set(false); // the instance is closing
                }
            }
        };
    }

    /** A quarter of the shortest timed limit, so that a limit is acted on at most a quarter late. */
    private long housekeepingPeriod() {
        long shortest = Long.MAX_VALUE;
        for (long limit : new long[] {idleTimeout, maxLifetime, leakThreshold}) {
            if (limit > 0) {
                shortest = Math.min(shortest, limit);
            }
        }
        return shortest == Long.MAX_VALUE ? 0 : Math.clamp(shortest / 4, MIN_HOUSEKEEPING, MAX_HOUSEKEEPING);
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

    // ---------------------------------------------------------------------------------------------
    // Acquire

    @Override
    public CompletableFuture<PooledConnection<C>> acquire() {
        PoolTexts.AcquireSite site = leakThreshold > 0 ? acquireSite() : null;
        // Barging: a running caller takes an idle connection even while others wait (class comment).
        Slot<C> fast = takeFast(fastNow(), site);
        if (fast != null && fast != stale) {
            return CompletableFuture.completedFuture(new Handle<>(this, fast));
        }
        long start = System.nanoTime();
        Waiter<C> w = null;
        Slot<C> immediate = null;
        List<Runnable> later = new ArrayList<>(2); // the async path allocates its future anyway
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(closedException());
            }
            Slot<C> s = pollAnyLocked();
            if (s != null && !needsValidation(s, start)) {
                // As in acquire(Duration): found idle, so no wait and no clock read; the handle comes after unlocking.
                borrowLocked(s, start, start, site);
                immediate = s;
            } else {
                Waiter<C> waiter = new Waiter<>(start, acquireTimeout, site, new CompletableFuture<>(), null);
                // The timer first: if the scheduler refuses it, the waiter has not joined anything yet.
                waiter.timer = context.scheduler().schedule(() -> BoundedCall.offload(context.blockingExecutor(), () -> expire(waiter)),
                        acquireTimeout, TimeUnit.NANOSECONDS);
                w = waiter;
                if (s != null) {
                    validateForLocked(w, s, later);
                } else {
                    enqueueLocked(w, false, later);
                }
            }
        } catch (RejectedExecutionException e) {
            // The scheduler is shut down: the pool's MemoryUtilities is closed, and so, in effect, is the pool.
            return CompletableFuture.failedFuture(
                    new PoolException(PoolException.Kind.CLOSED, name, "Pool " + name + " is closed", e));
        } finally {
            unlock();
        }
        if (immediate != null) {
            return CompletableFuture.completedFuture(new Handle<>(this, immediate));
        }
        Waiter<C> waiting = w;
        // Cancellation (or any completion but ours) gives up the place; our own completions need
        // nothing more. Ours is the only one that follows SERVED (volatile, set before the future
        // completes): a caller's complete(...), normal or not, must leave the queue too, or the
        // waiter stays counted as pending and every hand-off to it is lost for a round.
        waiting.future.whenComplete((handle, error) -> {
            if (error != null || waiting.state != Waiter.SERVED) {
                withdraw(waiting);
            }
        });
        runAll(later);
        return waiting.future;
    }

    @Override
    public PooledConnection<C> acquire(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before acquiring from pool " + name);
        }
        PoolTexts.AcquireSite site = leakThreshold > 0 ? acquireSite() : null;
        // The fast path: no main lock, no future, no timer, no waiter, taken even while others
        // wait (barging, class comment). It reads no clock under a lock (a connection found idle
        // was waited for not at all, so its wait is zero), no exact clock unless a setting needs
        // one (fastNow), and allocates the handle after unlocking: the shorter the section, the
        // rarer a thread parks.
        Slot<C> fast = takeFast(fastNow(), site);
        if (fast != null && fast != stale) {
            return new Handle<>(this, fast);
        }
        // The wait, and its timeout, start here: past the first look, before any yield.
        long start = System.nanoTime();
        // Every connection out: with more threads than processors, mostly because holders lost
        // their processor. Yielding lets them run and return, at less cost than parking in the
        // queue; the asynchronous acquire never yields, as it must not hold its caller.
        for (int i = 0; fast == null && i < YIELDS_BEFORE_QUEUEING; i++) {
            Thread.yield();
            fast = takeFast(start, site);
        }
        if (fast != null && fast != stale) {
            return new Handle<>(this, fast);
        }
        // Queueing takes the main lock. Parked behind others for it, a caller waits for each of them
        // to be scheduled in turn, which with hundreds of threads on two processors took seconds;
        // while it is held, the caller yields and looks at the stripes again instead, a bounded
        // number of times: without a bound, virtual threads yielding here kept the carriers from the lock's holder,
        // unmounted on a stripe lock, for ever.
        for (int i = 0; !lock.tryLock(); i++) {
            if (i == YIELDS_BEFORE_QUEUEING) {
                lock.lock();
                break;
            }
            Thread.yield();
            fast = takeFast(start, site);
            if (fast != null && fast != stale) {
                return new Handle<>(this, fast);
            }
        }
        Slot<C> s;
        Waiter<C> w = null;
        List<Runnable> later = null;
        try {
            if (closed) {
                throw closedException();
            }
            s = pollAnyLocked();
            if (s != null && !needsValidation(s, start)) {
                borrowLocked(s, start, start, site);
            } else {
                w = new Waiter<>(start, Math.max(0, nanos(timeout)), site, null, Thread.currentThread());
                later = new ArrayList<>(2);
                if (s != null) {
                    validateForLocked(w, s, later);
                } else {
                    enqueueLocked(w, false, later);
                }
            }
        } finally {
            unlock();
        }
        if (w == null) {
            return new Handle<>(this, s);
        }
        runAll(later);
        return await(w);
    }

    private PooledConnection<C> await(Waiter<C> w) throws InterruptedException {
        List<Runnable> later = new ArrayList<>(2);
        while (true) {
            // Served: the usual end, seen without the main lock, for which callers that missed the
            // fast path queue; a served waiter queued behind them would keep its connection idle.
            if (w.state == Waiter.SERVED) {
                pickedUp(w);
                return new Handle<>(this, w.slot);
            }
            long park = 0;
            PoolException timeout = null;
            PoolStats snapshot = null;
            lock.lock();
            try {
                w.signalled = false;
                if (woken == w) {
                    // Woken for a connection made idle: take one if no barger was first, else wait
                    // on. Looked at again, as the look may wake this same waiter once more.
                    takeWokenLocked(w, later);
                } else if (w.state == Waiter.FAILED) {
                    throw closedException();
                } else if (w.state != Waiter.SERVED) {
                    long now = System.nanoTime();
                    long left = w.timeoutNanos - (now - w.start);
                    long untilUrgent = w.urgentAt - now;
                    if (left <= 0) {
                        withdrawLocked(w, later);
                        timeouts++;
                        snapshot = statsLocked();
                        timeout = timeoutException(w.timeoutNanos, snapshot);
                    } else if (untilUrgent <= 0 && !w.urgentTold && w.state == Waiter.WAITING) {
                        // Half-way to its timeout: returners are told, so that they hand it the next return.
                        w.urgentTold = true;
                        queueChangedLocked();
                        wakeHeadLocked(later);
                    } else {
                        park = w.urgentTold || untilUrgent <= 0 ? left : Math.min(left, untilUrgent);
                    }
                }
            } finally {
                unlock();
            }
            // A validation to launch, a future to complete or a waiter to unpark cannot wait for this one.
            runAll(later);
            later.clear();
            if (timeout != null) {
                reportTimeout(snapshot, w.timeoutNanos);
                throw timeout;
            }
            // Looked at again just before parking: the work above may have parked on a lock (a
            // validation's start, a returner's wake-up served on the way out), using up the unpark.
            if (park > 0 && !w.signalled) {
                LockSupport.parkNanos(this, park);
                if (Thread.interrupted()) {
                    withdraw(w); // what was handed to it meanwhile goes back: no capacity is lost
                    throw new InterruptedException("Interrupted while acquiring from pool " + name);
                }
            }
        }
    }

    /**
     * The woken waiter's turn (class comment): it gives up the wake-up, so that returners wake
     * again, then looks at the stripes; whatever it does, the next waiter is woken if a connection
     * is still idle. Only the waiter at the head is woken, so waiters stay first come, first served.
     */
    private void takeWokenLocked(Waiter<C> w, List<Runnable> later) {
        clearWokenLocked();
        if (w.state == Waiter.WAITING) {
            Slot<C> s = pollAnyLocked();
            if (s != null) {
                queue.remove(w);
                queueChangedLocked();
                long now = System.nanoTime();
                if (needsValidation(s, now)) {
                    validateForLocked(w, s, later);
                } else {
                    serveLocked(w, s, now, later);
                }
            }
        }
        wakeHeadLocked(later);
    }

    /** An asynchronous waiter's deadline passed; runs on a virtual thread. */
    private void expire(Waiter<C> w) {
        List<Runnable> later = new ArrayList<>(2);
        PoolException timeout;
        PoolStats snapshot;
        lock.lock();
        try {
            if (w.state != Waiter.WAITING && w.state != Waiter.VALIDATING) {
                return;
            }
            withdrawLocked(w, later);
            timeouts++;
            snapshot = statsLocked();
            timeout = timeoutException(w.timeoutNanos, snapshot);
        } finally {
            unlock();
        }
        // Reported before the caller learns of it, so that the event is there when the caller looks.
        reportTimeout(snapshot, w.timeoutNanos);
        w.future.completeExceptionally(timeout);
        runAll(later);
    }

    /** A waiter gives up: an asynchronous one's future completed from outside, a blocking one was interrupted. */
    private void withdraw(Waiter<C> w) {
        List<Runnable> later = new ArrayList<>(2);
        lock.lock();
        try {
            withdrawLocked(w, later);
        } finally {
            unlock();
        }
        runAll(later);
    }

    /** The waiter gives up: out of the queue, and what it was given or is validating goes back. */
    private void withdrawLocked(Waiter<C> w, List<Runnable> later) {
        switch (w.state) {
            case Waiter.WAITING -> {
                queue.remove(w);
                queueChangedLocked();
                if (woken == w) {
                    // It was woken for a connection it will not take: the next waiter gets the turn.
                    clearWokenLocked();
                    wakeHeadLocked(later);
                }
            }
            case Waiter.VALIDATING -> validating.remove(w); // the validation's end returns the slot
            case Waiter.SERVED -> {
                if (w.future == null) {
                    // A blocking waiter served but interrupted before it woke; an async one is handled in deliver.
                    pickedUp(w);
                    unborrowLocked(w);
                    offerLocked(w.slot, System.nanoTime(), false, later);
                }
                return;
            }
            default -> {
                return;
            }
        }
        w.state = Waiter.GONE;
        if (w.timer != null) {
            w.timer.cancel(false);
        }
    }

    /**
     * The time of the borrow fast path, which only a validation check and leak detection read:
     * none when neither is on, coarse when only the check is and its threshold allows ({@link
     * CoarseClock}), else exact.
     */
    private long fastNow() {
        if (borrowClock != null) {
            return borrowClock.nanos();
        }
        return validateOnAcquire || leakThreshold > 0 ? System.nanoTime() : 0L;
    }

    /** The threshold is the idle time below which a connection goes out unchecked; at or above it, it is checked. */
    private boolean needsValidation(Slot<C> s, long now) {
        return validateOnAcquire && now - s.checkedAt >= validationIdleThreshold;
    }

    // ---------------------------------------------------------------------------------------------
    // Stripes and queue

    /**
     * The borrow path without the main lock, waiters or not (barging): the top of its home stripe,
     * else of the others in turn, passing over any held at that moment, the one that serves it
     * becoming its home. Returns null, sending the caller to the main lock, when the pool is closed,
     * no stripe free had a connection, or the top found is due for validation.
     */
    private Slot<C> takeFast(long start, PoolTexts.AcquireSite site) {
        Home home = HOME.get();
        int first = home.stripe;
        for (int i = 0; i < stripes.length; i++) {
            Stripe<C> stripe = stripes[(first + i) & stripeMask];
            // A stripe another thread holds is passed over: with more threads than processors that
            // thread may have lost its processor inside, and waiting for it is a park and an unpark.
            // The slow path looks at every stripe under its lock.
            if (!stripe.tryLock()) {
                continue;
            }
            try {
                // Closed is read under the stripe's lock because close sets it before emptying each
                // stripe under that lock: a connection taken here was taken before close came by.
                if (closed) {
                    return null;
                }
                Slot<C> s = stripe.peekTop();
                if (s != null) {
                    if (needsValidation(s, start)) {
                        return stale;
                    }
                    stripe.popTop();
                    markBorrowed(s, start, site);
                    stripe.acquired++;
                    if (i != 0) {
                        home.stripe = first + i;
                    }
                    return s;
                }
            } finally {
                stripe.unlock();
            }
        }
        return null;
    }

    /** Under the main lock: the top of this thread's home stripe, else of the others; null when all are empty. */
    private Slot<C> pollAnyLocked() {
        int home = HOME.get().stripe;
        for (int i = 0; i < stripes.length; i++) {
            Stripe<C> stripe = stripes[(home + i) & stripeMask];
            stripe.lock();
            try {
                Slot<C> s = stripe.popTop();
                if (s != null) {
                    return s;
                }
            } finally {
                stripe.unlock();
            }
        }
        return null;
    }

    /**
     * Under the main lock, with nobody queued: a free connection goes into its own stripe, on top,
     * or at the bottom for one that keeps its idle time. A waiter registers only under the main lock
     * and then scans the stripes, so it will find this one.
     */
    private void pushIdleLocked(Slot<C> s, long idleSince, boolean bottom) {
        Stripe<C> stripe = stripes[s.stripe];
        stripe.lock();
        try {
            s.idleSince = idleSince;
            s.setState(Slot.IDLE);
            if (bottom) {
                stripe.pushBottom(s);
            } else {
                stripe.pushTop(s);
            }
        } finally {
            stripe.unlock();
        }
    }

    /** Under the main lock: the stripe owning the fewest open connections, the first of them on a tie. */
    private int leastOwningStripeLocked() {
        int least = 0;
        for (int i = 1; i < ownedByStripe.length; i++) {
            if (ownedByStripe[i] < ownedByStripe[least]) {
                least = i;
            }
        }
        return least;
    }

    /** Under the main lock: takes this idle slot out of whichever stripe holds it. */
    private boolean removeIdleLocked(Slot<C> s) {
        for (Stripe<C> stripe : stripes) {
            stripe.lock();
            try {
                if (stripe.remove(s)) {
                    return true;
                }
            } finally {
                stripe.unlock();
            }
        }
        return false;
    }

    /**
     * The waiter's half of the handshake (class comment): it joins the queue and publishes the count
     * first, then looks at the stripes for connections returned before the returner could see it.
     */
    private void enqueueLocked(Waiter<C> w, boolean first, List<Runnable> later) {
        if (first) {
            queue.addFirst(w); // a waiter whose validation failed keeps its place
        } else {
            queue.addLast(w);
        }
        queueChangedLocked();
        if (first) {
            // Back at the head, it is next: a waiter behind it woken meanwhile just waits on.
            clearWokenLocked();
        }
        wakeHeadLocked(later);
        planCreations(later);
    }

    /** Takes the oldest waiter out of the queue, handing its wake-up, if it had one, to the next. */
    private Waiter<C> dequeueLocked(List<Runnable> later) {
        Waiter<C> w = queue.pollFirst();
        if (w != null) {
            queueChangedLocked();
            if (woken == w) {
                clearWokenLocked();
                wakeHeadLocked(later);
            }
        }
        return w;
    }

    /**
     * Gives the oldest waiter its turn at the connections idle in the stripes, once: an asynchronous
     * one is served at once (it has no thread to wake), a blocking one is woken ({@link #woken}) to
     * take one itself, unless a barger is first. Does nothing while a woken waiter has yet to look,
     * so that a stream of returns wakes one waiter, not one per return. Called whenever a connection
     * may have become idle, a waiter joined, or the woken waiter left.
     */
    private void wakeHeadLocked(List<Runnable> later) {
        long now = 0;
        while (!queue.isEmpty()) {
            Waiter<C> head = queue.peekFirst();
            if (head.future == null) {
                if (now == 0) {
                    now = System.nanoTime();
                }
                if (now - head.starvesAt < 0 || (inTransit.get() >= maxInTransit && now - head.urgentAt < 0)) {
                    if (woken != null || !anyIdleLocked()) {
                        return;
                    }
                    woken = head;
                    wakePending = true;
                    head.signalled = true;
                    later.add(() -> LockSupport.unpark(head.thread));
                    return;
                }
            }
            // An asynchronous head, or a blocking one that has waited too long for barging: a
            // connection is kept for it here, so that it is served even if it cannot run for a while.
            Slot<C> s = pollAnyLocked();
            if (s == null) {
                return;
            }
            queue.pollFirst();
            queueChangedLocked();
            if (woken == head) {
                clearWokenLocked();
            }
            if (now == 0) {
                now = System.nanoTime();
            }
            if (needsValidation(s, now)) {
                validateForLocked(head, s, later);
            } else {
                if (head.future == null && inTransit.get() < maxInTransit) {
                    head.inTransit = true; // an urgent one may be served past the bound, uncounted
                    inTransit.incrementAndGet();
                }
                serveLocked(head, s, now, later);
            }
        }
    }

    /** Publishes the queue's size and when its head starves, for returners, after every change of the queue. */
    private void queueChangedLocked() {
        Waiter<C> head = queue.peekFirst();
        headStarvesAt = head == null ? 0 : head.starvesAt;
        headUrgent = head != null && System.nanoTime() - head.urgentAt >= 0;
        waiters = queue.size();
    }

    /** On the waiter's own thread: the connection kept for it is picked up (or given back); the next starving waiter may be handed one. */
    private void pickedUp(Waiter<C> w) {
        if (w.inTransit) {
            w.inTransit = false;
            inTransit.decrementAndGet();
        }
    }

    /** The woken waiter has looked at the stripes (or left): returners wake the next one again. */
    private void clearWokenLocked() {
        woken = null;
        wakePending = false;
    }

    /** Under the main lock: whether any stripe holds an idle connection. */
    private boolean anyIdleLocked() {
        for (Stripe<C> stripe : stripes) {
            stripe.lock();
            try {
                if (!stripe.isEmpty()) {
                    return true;
                }
            } finally {
                stripe.unlock();
            }
        }
        return false;
    }

    /**
     * The stack of an acquire, recorded when leak detection is on. It is kept until the borrow ends,
     * so that close can say where a connection it waits for was taken, and marks whether it was
     * reported as a suspected leak, so that a leak is reported once.
     */
    private PoolTexts.AcquireSite acquireSite() {
        return new PoolTexts.AcquireSite(name);
    }

    /** What close reports it waits for: the acquire stacks are its suppressed exceptions; it has no stack of its own. */
    static final class StillBorrowed extends Throwable {
        private static final long serialVersionUID = 1L;

        StillBorrowed(String message) {
            super(message, null, true, false);
        }
    }

    private void borrowLocked(Slot<C> s, long start, long now, PoolTexts.AcquireSite site) {
        markBorrowed(s, now, site);
        acquired++;
        long wait = now - start;
        totalWait += wait;
        if (wait > maxWait) {
            maxWait = wait;
        }
    }

    /**
     * Under the main lock or the lock of the stripe the slot was taken from. Housekeeping reads
     * these fields under the main lock only, after reading the volatile state: the release store of
     * BORROWED, last, publishes them to it. A leak report racing with a return may see the borrow
     * just ending, which is inherent to leak detection and harmless.
     */
    private static <C> void markBorrowed(Slot<C> s, long now, PoolTexts.AcquireSite site) {
        s.borrowedAt = now;
        s.acquiredAt = site;
        s.setState(Slot.BORROWED);
    }

    /** Undoes the count of a hand-out the waiter never took. */
    private void unborrowLocked(Waiter<C> w) {
        acquired--;
        totalWait -= w.slot.borrowedAt - w.start;
        w.slot.acquiredAt = null;
    }

    /** Hands a connection to a waiter; the caller has taken the waiter out of the queue. */
    private void serveLocked(Waiter<C> w, Slot<C> s, long now, List<Runnable> later) {
        borrowLocked(s, w.start, now, w.site);
        w.slot = s;
        w.state = Waiter.SERVED;
        if (w.future == null) {
            w.signalled = true;
            if (w.thread != Thread.currentThread()) {
                later.add(() -> LockSupport.unpark(w.thread));
            }
        } else {
            later.add(() -> deliver(w));
        }
    }

    /**
     * Completes an asynchronous waiter outside the lock: the caller's continuations run here, unless
     * this thread is already deep in a chain of continuations that each returned their connection
     * to the next waiter; then on a virtual thread, so that the chain cannot overflow the stack.
     */
    private void deliver(Waiter<C> w) {
        if (HandOffDepth.tooDeep()) {
            BoundedCall.offload(context.blockingExecutor(), () -> deliver(w));
            return;
        }
        // Counted across the give-back below too, which may deliver to the next waiter.
        int[] depth = HandOffDepth.enter();
        try {
            if (w.future.complete(new Handle<>(this, w.slot))) {
                w.timer.cancel(false);
                return;
            }
            // Cancelled between the hand-out and now: the connection goes back unused.
            List<Runnable> later = new ArrayList<>(2);
            lock.lock();
            try {
                if (w.slot.state == Slot.BORROWED) {
                    unborrowLocked(w);
                    offerLocked(w.slot, System.nanoTime(), false, later);
                }
            } finally {
                unlock();
            }
            runAll(later);
        } finally {
            HandOffDepth.exit(depth);
        }
    }

    /**
     * A free connection, under the main lock. A {@code fresh} one (just created or validated, which
     * waiters called for) goes straight to the oldest waiter, unchecked; any other goes idle on this
     * thread's stripe and the oldest waiter gets its turn ({@link #wakeHeadLocked}), validating it
     * when the idle threshold says so: with a threshold of zero, every hand-out is checked.
     */
    private void offerLocked(Slot<C> s, long now, boolean fresh, List<Runnable> later) {
        if (closed) {
            destroyLocked(s, DestroyReason.CLOSED, null, later);
            return;
        }
        Waiter<C> w = fresh ? dequeueLocked(later) : null;
        if (w == null) {
            pushIdleLocked(s, now, false);
            wakeHeadLocked(later);
        } else {
            serveLocked(w, s, now, later);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Validation on acquire

    private void validateForLocked(Waiter<C> w, Slot<C> s, List<Runnable> later) {
        s.setState(Slot.CHECKING);
        w.slot = s;
        w.state = Waiter.VALIDATING;
        validating.add(w);
        later.add(() -> validate(s, (ok, error) -> validatedFor(w, s, ok, error)));
    }

    private void validate(Slot<C> s, java.util.function.BiConsumer<Boolean, Throwable> onDone) {
        BoundedCall.of(PoolTexts.validating(name), () -> manager.validate(s.connection),
                nanos(config.validationTimeout()), onDone, ignored -> { })
                .callbackOf(this).start(context.blockingExecutor(), context.scheduler());
    }

    private void validatedFor(Waiter<C> w, Slot<C> s, Boolean ok, Throwable error) {
        boolean good = error == null && Boolean.TRUE.equals(ok);
        long now = System.nanoTime();
        List<Runnable> later = new ArrayList<>(2);
        lock.lock();
        try {
            validating.remove(w);
            boolean alive = s.state != Slot.DEAD; // a close past its grace period may have destroyed it
            if (!good) {
                validationFailures++;
                destroyLocked(s, DestroyReason.VALIDATION_FAILED, error, later);
            } else {
                s.checkedAt = now;
            }
            if (w.state == Waiter.VALIDATING) {
                if (good && alive) {
                    serveLocked(w, s, now, later);
                } else {
                    // Same caller, same deadline, same place: the head of the queue.
                    w.slot = null;
                    w.state = Waiter.WAITING;
                    enqueueLocked(w, true, later);
                }
            } else if (good && alive) {
                offerLocked(s, now, true, later); // the waiter gave up meanwhile
            }
        } finally {
            unlock();
        }
        if (!good) {
            reportValidationFailure(error);
        }
        runAll(later);
    }

    // ---------------------------------------------------------------------------------------------
    // Return

    /** The holder closed its handle: recycle on this thread, then give the connection to the next. */
    void release(Slot<C> s) {
        if (s.state != Slot.BORROWED) {
            return; // destroyed by a close that stopped waiting for it
        }
        // No clock read when no setting looks at the time of use, and a coarse one when every
        // setting that does is long enough (CoarseClock): the return path's time only ever errs
        // towards validating sooner and retiring later.
        long now = returnNeedsTime ? (coarseClock != null ? coarseClock.nanos() : System.nanoTime()) : 0L;
        if (maxLifetime > 0 && now - s.createdAt >= maxLifetime) {
            discard(s, DestroyReason.MAX_LIFETIME, null);
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
                checkIn(s, now);
            } else {
                recycleFailed(s, failure);
            }
            return;
        }
        // A stage still running is bounded by the validation timeout.
        BoundedCall.inline(PoolTexts.recycling(name), () -> recycle, nanos(config.validationTimeout()),
                context.blockingExecutor(), context.scheduler(), (ignored, error) -> {
                    if (error == null) {
                        checkIn(s, returnNeedsTime ? System.nanoTime() : 0L);
                    } else {
                        recycleFailed(s, error);
                    }
                });
    }

    private void checkIn(Slot<C> s, long now) {
        // The fast path, waiters or not: onto the top of its own stripe, or of the first other one
        // free, without the main lock (see takeFast for why a held stripe is passed over).
        int own = s.stripe;
        Stripe<C> stripe = stripes[own];
        for (int i = 1; !stripe.tryLock(); i++) {
            if (i == stripes.length) {
                stripe.lock();
                break;
            }
            stripe = stripes[(own + i) & stripeMask];
        }
        boolean kept = false;
        try {
            // See takeFast: open here means close has not emptied this stripe yet, so it will
            // find the slot there, and nothing but this holder can have ended the borrow.
            if (!closed && s.state == Slot.BORROWED) {
                s.acquiredAt = null;
                s.checkedAt = now;
                s.idleSince = now;
                s.setState(Slot.IDLE);
                stripe.pushTop(s);
                kept = true;
            }
        } finally {
            stripe.unlock();
        }
        // The returner's half of the handshake (class comment): the slot is in its stripe, then
        // the waiter count and the wake-up are read. Somebody waits and nobody is woken: wake the
        // oldest. A woken waiter still to look will find this slot, unless a barger takes it.
        if (kept) {
            if (waiters != 0 && (!wakePending || headUrgent || (inTransit.get() < maxInTransit && System.nanoTime() - headStarvesAt >= 0))) {
                wake();
            }
            return;
        }
        List<Runnable> later = new ArrayList<>(2);
        lock.lock();
        try {
            if (s.state != Slot.BORROWED) {
                return;
            }
            s.acquiredAt = null;
            s.checkedAt = now;
            offerLocked(s, now, false, later);
        } finally {
            unlock();
        }
        runAll(later);
    }

    /**
     * Gives the oldest waiter its turn, for a returner that found waiters and nobody woken, without
     * queueing for the main lock: with many more threads than connections, returners that did so
     * formed a convoy on it, each parked until the one before it had been scheduled. If the lock is
     * held, its holder does it on the way out ({@link #unlock}).
     */
    private void wake() {
        wakeRequested = true;
        serveWakeRequest();
    }

    /** Releases the main lock, then serves a wake-up that a returner asked for meanwhile ({@link #wake}). */
    private void unlock() {
        lock.unlock();
        if (wakeRequested && !lock.isHeldByCurrentThread()) {
            serveWakeRequest();
        }
    }

    /**
     * The request is written before the lock is tried, and read after it is released, so that
     * either the requester gets the lock or the holder sees the request: none is lost.
     */
    private void serveWakeRequest() {
        while (wakeRequested && lock.tryLock()) {
            List<Runnable> later = new ArrayList<>(2);
            try {
                wakeRequested = false;
                wakeHeadLocked(later);
            } finally {
                lock.unlock();
            }
            runAll(later);
        }
    }

    private void recycleFailed(Slot<C> s, Throwable error) {
        LOG.log(System.Logger.Level.WARNING, PoolTexts.recycleFailed(name), error);
        discard(s, DestroyReason.RECYCLE_FAILED, error);
    }

    /** The holder invalidated its handle. */
    void invalidate(Slot<C> s) {
        discard(s, DestroyReason.INVALIDATED, null);
    }

    private void discard(Slot<C> s, DestroyReason reason, Throwable cause) {
        List<Runnable> later = new ArrayList<>(1);
        lock.lock();
        try {
            if (s.state == Slot.BORROWED) {
                s.acquiredAt = null;
                destroyLocked(s, reason, cause, later);
            }
        } finally {
            unlock();
        }
        runAll(later);
    }

    // ---------------------------------------------------------------------------------------------
    // Creation and destruction

    /** Starts the creations that waiters and the minimum size call for, as far as capacity allows. */
    private void planCreations(List<Runnable> later) {
        if (closed || retry != null) {
            return; // a failed creation is retried after a back-off, not on every acquire
        }
        int room = config.maxSize() - open.size() - creations.size() - destroying;
        int forWaiters = queue.size() - creations.size();
        int forMinimum = config.minSize() - open.size() - creations.size();
        int count = Math.min(room, Math.max(forWaiters, forMinimum));
        for (int i = 0; i < count; i++) {
            @SuppressWarnings("unchecked") // an array of one, to let the callback see the call it belongs to
            BoundedCall<C>[] self = (BoundedCall<C>[]) new BoundedCall<?>[1];
            BoundedCall<C> call = BoundedCall.of(PoolTexts.creating(name), manager::create, nanos(config.createTimeout()),
                    (connection, error) -> created(self[0], connection, error), this::destroyLate, this::createOver)
                    .callbackOf(this);
            self[0] = call;
            creations.add(call);
            createsRunning++;
            later.add(() -> call.start(context.blockingExecutor(), context.scheduler()));
        }
    }

    private void created(BoundedCall<C> call, C connection, Throwable error) {
        Throwable failure = error == null && connection == null
                ? PoolTexts.createdNull()
                : error;
        long now = System.nanoTime();
        List<Runnable> later = new ArrayList<>(2);
        boolean counted = false;
        int inRow = 0;
        lock.lock();
        try {
            creations.remove(call);
            if (failure == null) {
                failuresInRow = 0;
                lastCreationFailure = null;
                created++;
                Slot<C> s = new Slot<>(connection, now, leastOwningStripeLocked());
                ownedByStripe[s.stripe]++;
                open.add(s);
                offerLocked(s, now, true, later);
                planCreations(later);
            } else if (!closed) {
                counted = true;
                creationFailures++;
                lastCreationFailure = failure;
                inRow = ++failuresInRow;
                scheduleRetryLocked();
            }
            if (closed) {
                changed.signalAll();
            }
        } finally {
            unlock();
        }
        if (failure == null) {
            if (monitor.isEnabled(EventKind.CONNECTION_CREATED)) {
                report(EventKind.CONNECTION_CREATED, null);
            }
        } else if (counted) {
            // Logged in full when a failure streak starts and then at powers of two, so that a dead server does not flood the log.
            LOG.log(PoolTexts.creationFailureLoud(inRow) ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    PoolTexts.creationFailed(name, inRow), failure);
            if (monitor.isEnabled(EventKind.CONNECTION_CREATION_FAILED)) {
                report(EventKind.CONNECTION_CREATION_FAILED, failure, "consecutiveFailures", inRow,
                        "retryMillis", TimeUnit.NANOSECONDS.toMillis(backoff(inRow)));
            }
        }
        runAll(later);
    }

    /** @return the wait before the next creation after {@code inRow} failures in a row */
    private static long backoff(int inRow) {
        return Math.min(MAX_BACKOFF, MIN_BACKOFF << Math.min(inRow - 1, 20));
    }

    private void scheduleRetryLocked() {
        if (retry != null) {
            return;
        }
        long delay = backoff(failuresInRow);
        try {
            // A hop: the retry takes the main lock, which callers may hold while the scheduler has other timers to run.
            retry = context.scheduler().schedule(() -> BoundedCall.offload(context.blockingExecutor(), this::retryCreations),
                    delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(System.Logger.Level.DEBUG, PoolTexts.noRetry(name), e);
        }
    }

    /** Runs on a virtual thread once the back-off has passed: only launches, which hand the work to other virtual threads. */
    private void retryCreations() {
        List<Runnable> later = new ArrayList<>(2);
        lock.lock();
        try {
            retry = null;
            planCreations(later);
        } finally {
            unlock();
        }
        runAll(later);
    }

    /** A connection created after its creation was abandoned: nobody waits for it. */
    private void destroyLate(C connection) {
        LOG.log(System.Logger.Level.DEBUG, () -> PoolTexts.destroyingLate(name));
        // Counted as being destroyed before its creation counts as over, so that close, which waits
        // for both, cannot return in between.
        lock.lock();
        try {
            destroying++;
        } finally {
            unlock();
        }
        BoundedCall.of(PoolTexts.destroying(name), () -> manager.destroy(connection), nanos(config.createTimeout()),
                (ignored, error) -> {
                    if (error != null) {
                        LOG.log(System.Logger.Level.WARNING, PoolTexts.destroyLateFailed(name), error);
                    }
                    lateDestroyed();
                }, ignored -> { })
                .callbackOf(this).start(PoolTexts.destructions(context.blockingExecutor()), context.scheduler());
    }

    private void lateDestroyed() {
        List<Runnable> later = new ArrayList<>(2);
        lock.lock();
        try {
            destroying--;
            planCreations(later);
            if (closed) {
                changed.signalAll();
            }
        } finally {
            unlock();
        }
        runAll(later);
    }

    /** A creation's manager call is over, given up or not: close waits for the last one. */
    private void createOver() {
        lock.lock();
        try {
            createsRunning--;
            if (closed) {
                changed.signalAll();
            }
        } finally {
            unlock();
        }
    }

    /**
     * Takes a connection out of the pool and destroys it. Its place stays taken ({@link #destroying})
     * until the manager is done, so that the manager never holds more than {@code maxSize}.
     */
    private void destroyLocked(Slot<C> s, DestroyReason reason, Throwable cause, List<Runnable> later) {
        if (s.state == Slot.DEAD) {
            return;
        }
        s.setState(Slot.DEAD);
        open.remove(s);
        ownedByStripe[s.stripe]--;
        destroying++;
        destroyed++;
        if (closed) {
            changed.signalAll();
        }
        later.add(() -> BoundedCall.of(PoolTexts.destroying(name), () -> manager.destroy(s.connection),
                nanos(config.createTimeout()), (ignored, error) -> destroyedDone(reason, cause, error), ignored -> { })
                .callbackOf(this).start(PoolTexts.destructions(context.blockingExecutor()), context.scheduler()));
    }

    private void destroyedDone(DestroyReason reason, Throwable cause, Throwable error) {
        List<Runnable> later = new ArrayList<>(2);
        lock.lock();
        try {
            destroying--;
            planCreations(later);
            if (closed) {
                changed.signalAll();
            }
        } finally {
            unlock();
        }
        if (error != null) {
            LOG.log(System.Logger.Level.WARNING, PoolTexts.destroyFailed(name, reason), error);
        }
        if (monitor.isEnabled(EventKind.CONNECTION_DESTROYED)) {
            report(EventKind.CONNECTION_DESTROYED, error != null ? error : cause, "reason", reason);
        }
        runAll(later);
    }

    // ---------------------------------------------------------------------------------------------
    // Maintenance

    /** Runs on a virtual thread, periodically: retires idle connections and reports leaks, launching work elsewhere. */
    private void housekeep() {
        try {
            List<Runnable> later = new ArrayList<>(2);
            List<Slot<C>> leaks = new ArrayList<>(0);
            List<Throwable> sites = new ArrayList<>(0);
            long now = System.nanoTime();
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                for (Stripe<C> stripe : stripes) {
                    stripe.lock();
                    try {
                        // Oldest idle first (the bottom of the stack): they are the first to go above the minimum size.
                        for (Slot<C> s = stripe.bottom(), next; s != null; s = next) {
                            next = s.above;
                            if (maxLifetime > 0 && now - s.createdAt >= maxLifetime) {
                                stripe.remove(s);
                                destroyLocked(s, DestroyReason.MAX_LIFETIME, null, later);
                            } else if (idleTimeout > 0 && now - s.idleSince >= idleTimeout
                                    && open.size() > config.minSize()) {
                                stripe.remove(s);
                                destroyLocked(s, DestroyReason.IDLE_TIMEOUT, null, later);
                            }
                        }
                    } finally {
                        stripe.unlock();
                    }
                }
                if (leakThreshold > 0) {
                    for (Slot<C> s : open) {
                        PoolTexts.AcquireSite site = s.acquiredAt;
                        if (s.state == Slot.BORROWED && site != null && now - s.borrowedAt >= leakThreshold
                                && site.markReported()) {
                            leaksSuspected++;
                            leaks.add(s);
                            sites.add(site);
                        }
                    }
                }
                planCreations(later);
            } finally {
                unlock();
            }
            for (int i = 0; i < leaks.size(); i++) {
                long heldMillis = TimeUnit.NANOSECONDS.toMillis(now - leaks.get(i).borrowedAt);
                LOG.log(System.Logger.Level.WARNING, PoolTexts.leakSuspected(name, heldMillis), sites.get(i));
                if (monitor.isEnabled(EventKind.LEAK_SUSPECTED)) {
                    report(EventKind.LEAK_SUSPECTED, sites.get(i), "heldMillis", heldMillis);
                }
            }
            runAll(later);
        } catch (RuntimeException | Error e) {
            // The scheduler would cancel a periodic task that throws; housekeeping must go on.
            LOG.log(System.Logger.Level.ERROR, PoolTexts.taskFailed(name, "housekeeping"), e);
        }
    }

    /** Runs on a virtual thread, periodically: starts validating the idle connections one after the other. */
    private void healthCheck() {
        try {
            List<Slot<C>> toCheck;
            lock.lock();
            try {
                if (closed || healthCheckRunning) {
                    return;
                }
                toCheck = new ArrayList<>();
                for (Stripe<C> stripe : stripes) {
                    stripe.lock();
                    try {
                        stripe.copyTo(toCheck);
                    } finally {
                        stripe.unlock();
                    }
                }
                if (toCheck.isEmpty()) {
                    return;
                }
                healthCheckRunning = true;
            } finally {
                unlock();
            }
            checkNext(toCheck, 0);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, PoolTexts.taskFailed(name, "the health check"), e);
        }
    }

    /** Validates the next slot still idle; one at a time, so that acquirers find the others free. */
    private void checkNext(List<Slot<C>> toCheck, int from) {
        Slot<C> s = null;
        int i = from;
        lock.lock();
        try {
            while (s == null && i < toCheck.size() && !closed) {
                Slot<C> candidate = toCheck.get(i++);
                // Borrowed and returned since the snapshot, it may sit in another stripe, or be out again.
                if (candidate.state == Slot.IDLE && removeIdleLocked(candidate)) {
                    candidate.setState(Slot.CHECKING);
                    s = candidate;
                }
            }
            if (s == null) {
                healthCheckRunning = false;
                return;
            }
        } finally {
            unlock();
        }
        Slot<C> checking = s;
        int next = i;
        validate(checking, (ok, error) -> {
            checked(checking, ok, error);
            checkNext(toCheck, next);
        });
    }

    private void checked(Slot<C> s, Boolean ok, Throwable error) {
        boolean good = error == null && Boolean.TRUE.equals(ok);
        List<Runnable> later = new ArrayList<>(2);
        lock.lock();
        try {
            if (s.state == Slot.DEAD) {
                return;
            }
            if (!good) {
                validationFailures++;
                destroyLocked(s, DestroyReason.VALIDATION_FAILED, error, later);
            } else if (closed) {
                destroyLocked(s, DestroyReason.CLOSED, null, later);
            } else {
                s.checkedAt = System.nanoTime();
                Waiter<C> w = dequeueLocked(later);
                if (w == null) {
                    // Back at the bottom of a stack, with its idle time running on.
                    pushIdleLocked(s, s.idleSince, true);
                } else {
                    serveLocked(w, s, s.checkedAt, later);
                }
            }
        } finally {
            unlock();
        }
        if (!good) {
            reportValidationFailure(error);
        }
        runAll(later);
    }

    // ---------------------------------------------------------------------------------------------
    // Stats and close

    /** @return how many idle connections each stripe holds, read under each stripe's lock in turn (for tests) */
    int[] idleByStripe() {
        int[] idle = new int[stripes.length];
        for (int i = 0; i < stripes.length; i++) {
            Stripe<C> stripe = stripes[i];
            stripe.lock();
            try {
                idle[i] = stripe.size();
            } finally {
                stripe.unlock();
            }
        }
        return idle;
    }

    @Override
    public PoolStats stats() {
        lock.lock();
        try {
            return statsLocked();
        } finally {
            unlock();
        }
    }

    private PoolStats statsLocked() {
        int total = open.size();
        int free = 0;
        long borrows = acquired;
        for (Stripe<C> stripe : stripes) {
            stripe.lock();
            try {
                free += stripe.size();
                borrows += stripe.acquired;
            } finally {
                stripe.unlock();
            }
        }
        return new PoolStats(name, total, free, total - free, queue.size() + validating.size(), creations.size(),
                created, destroyed, borrows, timeouts, creationFailures, validationFailures, leaksSuspected,
                Duration.ofNanos(totalWait), Duration.ofNanos(maxWait));
    }

    @Override
    public void close() {
        // From inside a callback of this pool (a creation, a validation, a destroy, a monitor's
        // record, a return's recycle), close would wait for the call it is made from: it shuts the
        // pool, and the wait and the last destroys go on on another thread once the callback has
        // returned. Recycle runs on every return, so it is told by its slot, not by PoolCallbacks.
        boolean inside = PoolCallbacks.inside(this);
        List<Runnable> later = new ArrayList<>();
        List<BoundedCall<C>> abandoned;
        lock.lock();
        try {
            inside = inside || recycling(Thread.currentThread());
            if (closed) {
                while (!closeDone && !inside) {
                    changed.awaitUninterruptibly();
                }
                return;
            }
            closed = true;
            periodic.forEach(task -> task.cancel(false));
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
            failAllLocked(queue, later);
            queue.clear();
            queueChangedLocked();
            clearWokenLocked();
            failAllLocked(validating, later);
            validating.clear();
            // After closed is set: see takeFast for why each stripe is emptied under its own lock.
            for (Stripe<C> stripe : stripes) {
                stripe.lock();
                try {
                    for (Slot<C> s = stripe.bottom(); s != null; s = s.above) {
                        destroyLocked(s, DestroyReason.CLOSED, null, later);
                    }
                    stripe.clear();
                } finally {
                    stripe.unlock();
                }
            }
            abandoned = List.copyOf(creations);
        } finally {
            unlock();
        }
        runAll(later);
        abandoned.forEach(call -> call.abandon(new CancellationException("pool " + name + " closed")));
        if (inside) {
            BoundedCall.offload(context.blockingExecutor(), this::finishClose);
        } else {
            finishClose();
        }
    }

    /** Under the main lock: whether the thread is inside the manager's recycle of one of the open connections. */
    private boolean recycling(Thread thread) {
        for (Slot<C> s : open) {
            if (s.recycler == thread) {
                return true;
            }
        }
        return false;
    }

    /** The part of {@link #close()} that waits: for borrowed connections, then for destroys and creations. */
    private void finishClose() {
        boolean interrupted = false;
        reportCloseWaiting();
        List<Runnable> later = new ArrayList<>();
        lock.lock();
        try {
            // Compared by difference only, so that even a grace period of Long.MAX_VALUE cannot overflow.
            long graceEnd = System.nanoTime() + nanos(config.closeGracePeriod());
            while (!open.isEmpty() && !interrupted) {
                long left = graceEnd - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    interrupted = true; // cuts the grace period short; the flag is restored below
                }
            }
            for (Slot<C> s : List.copyOf(open)) {
                destroyLocked(s, s.state == Slot.BORROWED ? DestroyReason.CLOSE_GRACE_EXPIRED : DestroyReason.CLOSED,
                        null, later);
            }
        } finally {
            unlock();
        }
        runAll(later);

        lock.lock();
        try {
            long destroysEnd = System.nanoTime() + plusNanos(nanos(config.createTimeout()), DESTROY_SLACK);
            while ((destroying > 0 || !creations.isEmpty() || createsRunning > 0) && System.nanoTime() - destroysEnd < 0) {
                try {
                    changed.awaitNanos(destroysEnd - System.nanoTime());
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (destroying > 0 || !creations.isEmpty() || createsRunning > 0) {
                LOG.log(System.Logger.Level.WARNING, PoolTexts.closeGaveUp(name, destroying,
                        Math.max(creations.size(), createsRunning)));
            }
            closeDone = true;
            changed.signalAll();
        } finally {
            unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (monitor.isEnabled(EventKind.POOL_CLOSED)) {
            report(EventKind.POOL_CLOSED, null, "created", created, "destroyed", destroyed);
        }
    }

    /**
     * When close has to wait for borrowed connections, it says so once, in the log and to the
     * monitor, with where each was acquired when leak detection recorded it: a close that waits out
     * its grace period for a leaked connection should not do so silently.
     */
    private void reportCloseWaiting() {
        List<PoolTexts.AcquireSite> sites = new ArrayList<>();
        int borrowed = 0;
        lock.lock();
        try {
            for (Slot<C> s : open) {
                // Validating for a waiter or in a health check, a connection is the pool's: close
                // waits for it too, but nobody holds it.
                if (s.state == Slot.BORROWED) {
                    borrowed++;
                    if (s.acquiredAt != null) {
                        sites.add(s.acquiredAt);
                    }
                }
            }
        } finally {
            unlock();
        }
        if (borrowed == 0) {
            return;
        }
        long graceMillis = TimeUnit.NANOSECONDS.toMillis(nanos(config.closeGracePeriod()));
        String message = PoolTexts.closeWaiting(name, graceMillis, borrowed, leakThreshold > 0);
        Throwable where = null;
        if (!sites.isEmpty()) {
            where = new StillBorrowed(message);
            sites.forEach(where::addSuppressed);
        }
        LOG.log(System.Logger.Level.WARNING, message, where);
        if (monitor.isEnabled(EventKind.POOL_CLOSE_WAITING)) {
            report(EventKind.POOL_CLOSE_WAITING, where, "borrowed", borrowed, "graceMillis", graceMillis);
        }
    }

    private void failAllLocked(Iterable<Waiter<C>> waiters, List<Runnable> later) {
        for (Waiter<C> w : waiters) {
            w.state = Waiter.FAILED;
            if (w.timer != null) {
                w.timer.cancel(false);
            }
            if (w.future == null) {
                w.signalled = true;
                later.add(() -> LockSupport.unpark(w.thread));
            } else {
                later.add(() -> w.future.completeExceptionally(closedException()));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private PoolException closedException() {
        return new PoolException(PoolException.Kind.CLOSED, name, "Pool " + name + " is closed", null);
    }

    /** Called under the lock: the cause is the last creation failure since the last success. */
    private PoolException timeoutException(long timeoutNanos, PoolStats snapshot) {
        return new PoolException(PoolException.Kind.TIMEOUT, name, "Pool " + name + " had no connection within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: " + snapshot.describe()
                + (lastCreationFailure == null ? "" : "; last creation failure: " + lastCreationFailure),
                lastCreationFailure);
    }

    private void reportTimeout(PoolStats s, long timeoutNanos) {
        if (monitor.isEnabled(EventKind.ACQUIRE_TIMEOUT)) {
            report(EventKind.ACQUIRE_TIMEOUT, null, "timeoutMillis", TimeUnit.NANOSECONDS.toMillis(timeoutNanos),
                    "total", s.total(), "idle", s.idle(), "active", s.active(),
                    "pending", s.pending(), "creating", s.creating());
        }
    }

    private void reportValidationFailure(Throwable error) {
        // Routine: the pool replaces the connection, and the event carries the failure.
        LOG.log(System.Logger.Level.DEBUG, () -> PoolTexts.validationFailed(name, error), error);
        if (monitor.isEnabled(EventKind.CONNECTION_VALIDATION_FAILED)) {
            report(EventKind.CONNECTION_VALIDATION_FAILED, error,
                    "reason", PoolTexts.validationFailure(error));
        }
    }

    /** Records an event; callers ask {@code monitor.isEnabled} first, so that nothing is built for nobody. */
    private void report(EventKind kind, Throwable error, Object... keysAndValues) {
        try {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                attributes.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            Object mark = PoolCallbacks.enter(this);
            try {
                monitor.record(new MonitorEvent.PoolEvent(Instant.now(), name, kind, attributes, Optional.ofNullable(error)));
            } finally {
                PoolCallbacks.exit(mark);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, PoolTexts.monitorFailed(name, kind), e);
        }
    }

    /** Runs what a locked section left to do, each task isolated from the others' failures. */
    private static void runAll(List<Runnable> later) {
        if (later == null) {
            return;
        }
        for (int i = 0; i < later.size(); i++) {
            try {
                later.get(i).run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "A pool task failed", e);
            }
        }
    }

    /** @return the duration in nanoseconds, saturated rather than overflowing for very long ones */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** @return the sum of two non-negative nanosecond counts, Long.MAX_VALUE ("no limit") past it */
    private static long plusNanos(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return "StandardPool[" + name + "]";
    }
}
