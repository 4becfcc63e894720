package org.patinox.memory.support;

import java.lang.ref.ReferenceQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.patinox.memory.CleanupException;
import org.patinox.memory.internal.BlockingAsyncCleanup;
import org.patinox.memory.internal.Durations;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.resource.CleanupReport;
import org.patinox.memory.resource.LeakDetection;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceInfo;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.resource.ResourceStats;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.spi.AsyncCleanupProvider;
import org.patinox.memory.spi.BlockingCleanup;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

/**
 * What both implementations' registries do alike: the exactly-once hand-over of each resource to
 * its cleanup (whoever wins the resource's {@link #claim} runs it), bounded cleanups on the
 * instance's virtual threads, the safety net, forced cleanup, counters, events and log lines. An
 * implementation supplies only the set of tracked resources, its hot path: {@link #add}, {@link
 * #claim}, {@link #forEachTracked} and {@link #activeCount}.
 *
 * <p>The safety net: each guard is the referent of its {@link Tracked} state, a phantom reference
 * on this registry's queue. Every {@value #DRAIN_PERIOD_MILLIS} ms the scheduler polls the queue
 * and, when a dropped guard is there, hands the drain to a virtual thread, which claims, reports
 * and cleans each: no cleanup, log handler or monitor runs on the scheduler thread. This is {@link
 * java.lang.ref.Cleaner}'s mechanism without its thread, so that the registry starts no thread of
 * its own and closes with its instance.
 *
 * <p>An asynchronous cleanup is called on the thread that cleans (the closing thread, the caller
 * of a forced cleanup, the safety net's virtual thread), as its contract says it only starts the
 * work, and its stage is bounded by the timeout; a blocking cleanup always runs on the instance's
 * virtual threads, bounded by a timer that interrupts it. A resource made for a consumer that gave
 * up is cleaned on a virtual thread, as the thread that completed its making is unknown.
 *
 * <p>Shared by the first-party implementations: not part of the API.
 */
public abstract class RegistryCore implements ResourceRegistry {

    static final System.Logger LOG = Loggers.named("org.patinox.memory.resource");
    /** How often the scheduler looks for dropped guards. */
    public static final long DRAIN_PERIOD_MILLIS = 50;

    /** 128 bytes between counters: a cache line and the one the processor fetches with it. */
    private static final int SPREAD = 16;
    /** Where {@link #counters} keeps the id counter. */
    private static final int IDS = SPREAD;
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** The resource whose cleanup this thread is calling, if any; see {@link #cleaningOnThisThread}. */
    private static final ThreadLocal<Tracked> CLEANING = new ThreadLocal<>();
    private static final String BY_CLOSE = "close";
    private static final String BY_CLEANUP_ALL = "cleanupAll";
    private static final String BY_LEAK = "leak";
    private static final String BY_CLOSED_REGISTRY = "closedRegistry";
    private static final String BY_CANCELLED = "cancelledConsumer";

    private final String name;
    private final ResourceConfig config;
    private final CleanupResolver resolver;
    private final ProviderContext context;
    private final Monitor monitor;
    private final long timeoutNanos;
    /**
     * Whether the monitor wants an event that carries a cleanup's duration: the monitor's kinds are
     * fixed at installation, and without one of those a close reads no clock (two reads of {@code
     * System.nanoTime()} were a third of a register-and-close).
     */
    private final boolean timed;
    private final LeakDetection level;
    private final int samplingInterval;
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    /**
     * The counters that threads write on every registration or close, each with 128 bytes of the
     * array on either side, so that no other field shares its cache lines and is pulled from core
     * to core with it: at {@link #IDS} the id counter, which every registration increments; after
     * it, per stripe, the cleanups that succeeded, counted in the cleaning thread's own ({@link
     * #homeStripe}): a {@code LongAdder} moves a thread to another cell only when a
     * compare-and-set fails, so two threads can share one cell for good.
     */
    private final AtomicLongArray counters = new AtomicLongArray((stripeCount() + 3) * SPREAD);
    private final int stripeMask = stripeCount() - 1;
    private final LongAdder failed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder leaked = new LongAdder();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;
    private volatile ScheduledFuture<?> drainTask;
    /**
     * The wall clock as of the safety net's last look, every {@value #DRAIN_PERIOD_MILLIS} ms: a
     * registration reads it (one volatile load) instead of the clock; a creation time may be that
     * much early. Read exactly while no timer runs (before {@link #start()}, or when refused).
     */
    private volatile long clockMillis;
    private volatile boolean clockTicks;

    /**
     * @param config the configuration, with its name assigned
     * @param cleanups the cleanup providers found, for {@link #register(Object)}
     * @param context the instance's background work
     * @param monitor where events go
     */
    protected RegistryCore(ResourceConfig config, List<AsyncCleanupProvider> cleanups, ProviderContext context,
                           Monitor monitor) {
        this.config = Objects.requireNonNull(config, "config");
        this.name = config.name();
        this.resolver = new CleanupResolver(cleanups, config);
        this.context = Objects.requireNonNull(context, "context");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.timeoutNanos = Durations.saturatedNanos(config.cleanupTimeout());
        this.timed = monitor.isEnabled(EventKind.RESOURCE_CLEANED) || monitor.isEnabled(EventKind.RESOURCE_CLEANUP_FAILED)
                || monitor.isEnabled(EventKind.RESOURCE_CLEANUP_TIMED_OUT);
        this.level = config.leakDetection();
        this.samplingInterval = config.samplingInterval();
        counters.set(IDS, 1);
    }

    /** Starts the safety net's look at the queue; call once, after construction. */
    protected final void start() {
        try {
            clockMillis = System.currentTimeMillis();
            drainTask = context.scheduler().scheduleWithFixedDelay(this::lookForLeaks, DRAIN_PERIOD_MILLIS,
                    DRAIN_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            clockTicks = true;
        } catch (RejectedExecutionException e) {
            // The instance is closing: close() drains the queue itself.
        }
    }

    /**
     * @return which node the implementation keeps each resource in ({@link Tracked.Linked} or {@link
     *     Tracked.DoublyLinked} for an intrusive list); the default, {@link Tracked.Shape#PLAIN}, saves
     *     the links' bytes
     */
    protected Tracked.Shape shape() {
        return Tracked.Shape.PLAIN;
    }

    /**
     * @return how many stripes an implementation spreads its resources over: a power of two,
     *     about four per processor, so that threads registering at once rarely share one
     */
    protected static int stripeCount() {
        return Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 4 - 1) << 1;
    }

    /**
     * @return the calling thread's own stripe, so that a thread that registers and closes its
     *     resources keeps its stripe's cache lines in its own core's cache (threads' ids are
     *     consecutive, so threads started together get stripes of their own)
     */
    protected final int homeStripe() {
        return (int) Thread.currentThread().threadId() & stripeMask;
    }

    /** @param tracked a resource just registered, to keep until its {@link #claim} */
    protected abstract void add(Tracked tracked);

    /**
     * Claims a resource's cleanup and forgets the resource: of all that race for it (its close, a
     * forced cleanup, the safety net), exactly one caller gets {@code true} and runs the cleanup.
     * {@link Tracked#claim()} is the compare-and-set that decides; an implementation that takes a
     * lock to forget the resource anyway may decide under it ({@link Tracked#claimUnderLock()}).
     *
     * @param tracked a resource added before
     * @return whether the caller won the claim
     */
    protected abstract boolean claim(Tracked tracked);

    /** @param action called for every resource added and not yet claimed, in any order */
    protected abstract void forEachTracked(Consumer<Tracked> action);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ResourceConfig config() {
        return config;
    }

    @Override
    public final <T> ResourceGuard<T> register(T resource, AsyncCleanup<? super T> cleanup) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(cleanup, "cleanup");
        return register(resource, cleanup, site());
    }

    @Override
    public final <T> ResourceGuard<T> register(T resource) {
        Objects.requireNonNull(resource, "resource");
        return register(resource, resolver.cleanupFor(resource.getClass()), site());
    }

    /**
     * @param type a class of resource
     * @return the name of the cleanup provider {@link #register(Object)} uses for it
     */
    public final String cleanupProviderFor(Class<?> type) {
        return resolver.providerFor(type);
    }

    private <T> ResourceGuard<T> register(T resource, AsyncCleanup<?> cleanup, CreationSite.Frames site) {
        long now = clockTicks ? clockMillis : System.currentTimeMillis();
        Guard<T> guard = new Guard<>(queue, this, resource, cleanup, counters.getAndIncrement(IDS), now, site);
        Tracked t = guard.tracked();
        if (closed) {
            throw handOverToClosed(t);
        }
        add(t);
        if (closed) {
            // close() may have listed the resources before this one joined.
            if (claim(t)) {
                t.clear();
                run(t, BY_CLOSED_REGISTRY, true);
            }
            throw closedException(t);
        }
        return guard;
    }

    private CleanupException handOverToClosed(Tracked t) {
        t.claim(); // never added: no one else can claim it
        t.clear();
        run(t, BY_CLOSED_REGISTRY, true);
        return closedException(t);
    }

    private CleanupException closedException(Tracked t) {
        return new CleanupException(CleanupException.Kind.CLOSED, name, t.id, "Resource registry " + name
                + " is closed: resource " + t.info().describe() + " was handed to its cleanup at once, not registered", null);
    }

    private CreationSite.Frames site() {
        return switch (level) {
            case DISABLED -> null;
            case PARANOID -> CreationSite.capture();
            case SAMPLED -> samplingInterval == 1 || ThreadLocalRandom.current().nextInt(samplingInterval) == 0
                    ? CreationSite.capture() : null;
        };
    }

    @Override
    public final <T> CompletableFuture<ResourceGuard<T>> registerWhenMade(CompletionStage<? extends T> making,
                                                                          AsyncCleanup<? super T> cleanup) {
        Objects.requireNonNull(making, "making");
        Objects.requireNonNull(cleanup, "cleanup");
        CreationSite.Frames site = site();
        CompletableFuture<ResourceGuard<T>> result = new CompletableFuture<>();
        making.whenComplete((resource, error) -> {
            if (error != null) {
                result.completeExceptionally(BoundedCall.unwrap(error));
                return;
            }
            if (resource == null) {
                result.completeExceptionally(new NullPointerException("the stage made a null resource"));
                return;
            }
            ResourceGuard<T> guard;
            try {
                guard = register(resource, cleanup, site);
            } catch (CleanupException closedMeanwhile) {
                result.completeExceptionally(closedMeanwhile);
                return;
            }
            if (!result.complete(guard)) {
                // The consumer gave up first: nobody will close this guard, so clean it now, off this thread.
                Tracked t = ((Guard<T>) guard).tracked();
                if (claim(t)) {
                    t.clear();
                    run(t, BY_CANCELLED, false);
                }
            }
        });
        return result;
    }

    /**
     * Whether this thread is inside the call of this resource's cleanup: a resource whose close
     * method closes its own guard (a wrapper registered with the {@code AutoCloseable} cleanup) gets
     * there, and waiting for the outcome would wait for itself.
     */
    static boolean cleaningOnThisThread(Tracked t) {
        return CLEANING.get() == t;
    }

    /** Calls the resource's cleanup with this thread marked as inside it ({@link #cleaningOnThisThread}). */
    private static CompletionStage<Void> inside(Tracked t, Supplier<? extends CompletionStage<Void>> cleanup) {
        Tracked outer = CLEANING.get();
        CLEANING.set(t);
        try {
            return cleanup.get();
        } finally {
            CLEANING.set(outer);
        }
    }

    /** Claims and runs the cleanup for an explicit close; a no-op if it was claimed already. */
    final void closeGuard(Tracked t, boolean inline) {
        if (claim(t)) {
            t.clear();
            run(t, BY_CLOSE, inline);
        }
    }

    private void run(Tracked t, String by, boolean inline) {
        // From the hand-over to the end, for the events' durationNanos.
        long started = timed ? System.nanoTime() : 0;
        Tracked.Handover handover = t.release();
        AsyncCleanup<Object> c = handover.cleanup();
        Object resource = handover.resource();
        if (c instanceof BlockingAsyncCleanup<Object> blocking) {
            BlockingCleanup<Object> body = blocking.delegate();
            bounded(t, by, started, () -> inside(t, () -> {
                try {
                    body.cleanup(resource);
                    return DONE;
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            }));
            return;
        }
        if (!inline) {
            bounded(t, by, started, () -> inside(t, () -> c.cleanup(resource)));
            return;
        }
        CompletionStage<Void> stage;
        try {
            stage = inside(t, () -> c.cleanup(resource));
        } catch (Throwable e) {
            finish(t, by, started, e);
            return;
        }
        if (stage == null) {
            finish(t, by, started, new NullPointerException("the cleanup returned null instead of a stage"));
            return;
        }
        CompletableFuture<Void> f = BoundedCall.toFuture(stage);
        if (f.isDone()) {
            finish(t, by, started, BoundedCall.failureOf(f));
        } else {
            bounded(t, by, started, () -> f);
        }
    }

    private void bounded(Tracked t, String by, long started, Supplier<? extends CompletionStage<Void>> call) {
        BoundedCall.start("the cleanup of resource #" + t.id + " of registry " + name, call, timeoutNanos,
                this::execute, context.scheduler(), (v, e) -> finish(t, by, started, e), late -> { });
    }

    /**
     * Runs a task on the instance's virtual threads or, once they are shut down with the instance,
     * on a virtual thread of its own: a cleanup handed over during shutdown is never dropped, and
     * never runs on the scheduler thread.
     */
    private void execute(Runnable task) {
        try {
            context.blockingExecutor().execute(task);
        } catch (RejectedExecutionException e) {
            Thread.ofVirtual().name(name + "-late-cleanup").start(task);
        }
    }

    private void finish(Tracked t, String by, long started, Throwable error) {
        long nanos = timed ? System.nanoTime() - started : 0;
        CleanupException failure = null;
        if (error == null) {
            counters.getAndIncrement(IDS + (homeStripe() + 1) * SPREAD);
            if (monitor.isEnabled(EventKind.RESOURCE_CLEANED)) {
                event(EventKind.RESOURCE_CLEANED, t, by, nanos, null);
            }
        } else if (error instanceof TimeoutException) {
            timedOut.increment();
            failure = new CleanupException(CleanupException.Kind.TIMEOUT, name, t.id, "Resource registry " + name
                    + ": the cleanup of resource " + t.info().describe() + " did not complete within "
                    + Durations.format(config.cleanupTimeout()), error);
            LOG.log(System.Logger.Level.WARNING, failure.getMessage());
            event(EventKind.RESOURCE_CLEANUP_TIMED_OUT, t, by, nanos, error);
        } else {
            failed.increment();
            failure = new CleanupException(CleanupException.Kind.FAILED, name, t.id, "Resource registry " + name
                    + ": the cleanup of resource " + t.info().describe() + " failed: " + error, error);
            LOG.log(System.Logger.Level.WARNING, failure.getMessage(), error);
            event(EventKind.RESOURCE_CLEANUP_FAILED, t, by, nanos, error);
        }
        t.settle(failure);
    }

    private void event(EventKind kind, Tracked t, String by, long nanos, Throwable error) {
        if (!monitor.isEnabled(kind)) {
            return;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("id", t.id);
        attributes.put("type", t.type());
        attributes.put("by", by);
        attributes.put("durationNanos", Math.max(0, nanos));
        monitor.record(new MonitorEvent.ResourceEvent(Instant.now(), name, kind, attributes, Optional.ofNullable(error)));
    }

    // -- the safety net

    private void lookForLeaks() {
        clockMillis = System.currentTimeMillis();
        if (draining.get()) {
            return;
        }
        Object first = queue.poll();
        if (first != null) {
            draining.set(true);
            // A leak report reaches log handlers and monitors, and the cleanup is the user's: never on the scheduler.
            execute(() -> drain((Tracked) first));
        }
    }

    private void drain(Tracked first) {
        try {
            Tracked t = first;
            while (t != null) {
                leaked(t);
                t = (Tracked) queue.poll();
            }
        } finally {
            draining.set(false);
        }
    }

    private void leaked(Tracked t) {
        if (!claim(t)) {
            return;
        }
        leaked.increment();
        ResourceInfo info = t.info();
        CreationSite.Frames frames = t.site();
        CreationSite site = frames == null ? null
                : CreationSite.of("resource " + info.describe() + " was created here", frames);
        String text = "Resource registry " + name + ": resource " + info.describe() + " was not closed; its guard was"
                + " collected and the resource handed to its cleanup" + (site == null ? " (its creation site was not"
                + " recorded: set " + ResourceConfig.LEAK_DETECTION + "=paranoid to record every one)" : "");
        LOG.log(System.Logger.Level.WARNING, text, site);
        if (monitor.isEnabled(EventKind.RESOURCE_LEAKED)) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("id", info.id());
            attributes.put("type", info.type());
            attributes.put("thread", info.thread());
            attributes.put("ageMillis", info.age().toMillis());
            monitor.record(new MonitorEvent.ResourceEvent(Instant.now(), name, EventKind.RESOURCE_LEAKED, attributes,
                    Optional.ofNullable(site)));
        }
        run(t, BY_LEAK, true);
    }

    // -- listing, forced cleanup, closing

    private List<Tracked> activeTracked() {
        List<Tracked> all = new ArrayList<>();
        forEachTracked(t -> {
            if (t.isActive()) {
                all.add(t);
            }
        });
        all.sort(Comparator.comparingLong(Tracked::id));
        return all;
    }

    @Override
    public final List<ResourceInfo> active() {
        return activeTracked().stream().map(Tracked::info).toList();
    }

    @Override
    public final CleanupReport cleanupAll(Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        long start = System.nanoTime();
        long budget = deadline.isNegative() ? 0 : Durations.saturatedNanos(deadline);
        List<Tracked> all = activeTracked().reversed();
        List<ResourceInfo> done = new ArrayList<>();
        List<CleanupReport.Failure> failures = new ArrayList<>();
        List<ResourceInfo> late = new ArrayList<>();
        boolean interrupted = false;
        for (Tracked t : all) {
            if (!claim(t)) {
                continue; // closed, collected or forced by someone else meanwhile: theirs to report
            }
            t.clear();
            long left = budget - (System.nanoTime() - start);
            run(t, BY_CLEANUP_ALL, true);
            if (left <= 0 || interrupted) {
                // Reached past the deadline: started, never dropped, and reported as not finished by it.
                late.add(t.info());
                continue;
            }
            Object outcome = t.outcomeIfDone();
            if (outcome == null) {
                try {
                    t.outcome().get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    late.add(t.info());
                    continue;
                } catch (InterruptedException e) {
                    interrupted = true;
                    late.add(t.info());
                    continue;
                } catch (ExecutionException e) {
                    // the outcome is read below
                }
                outcome = t.outcomeIfDone();
            }
            if (Tracked.isSuccess(outcome)) {
                done.add(t.info());
            } else if (outcome instanceof CleanupException e && e.kind() == CleanupException.Kind.TIMEOUT) {
                late.add(t.info());
            } else if (outcome instanceof CleanupException e) {
                failures.add(new CleanupReport.Failure(t.info(), e.getCause() == null ? e : e.getCause()));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new CleanupReport(done, failures, late, Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public final ResourceStats stats() {
        // Every registration, refused ones included, took one id, from 1.
        return new ResourceStats(name, counters.get(IDS) - 1, activeCount(), cleanedCount(), failed.sum(), timedOut.sum(),
                leaked.sum());
    }

    private long cleanedCount() {
        long n = 0;
        for (int stripe = 0; stripe <= stripeMask; stripe++) {
            n += counters.get(IDS + (stripe + 1) * SPREAD);
        }
        return n;
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    @Override
    public final void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        ScheduledFuture<?> task = drainTask;
        if (task != null) {
            clockTicks = false;
            task.cancel(false);
        }
        // Guards dropped before the close are reported as the leaks they are, not just cleaned.
        Object dropped;
        while ((dropped = queue.poll()) != null) {
            leaked((Tracked) dropped);
        }
        cleanupAll(config.cleanupTimeout());
    }

    @Override
    public String toString() {
        return "ResourceRegistry[" + stats().describe() + "]";
    }
}
