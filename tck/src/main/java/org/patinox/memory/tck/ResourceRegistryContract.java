package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.patinox.memory.tck.ResourceTesting.await;
import static org.patinox.memory.tck.ResourceTesting.collectUntil;

import java.lang.foreign.Arena;
import java.lang.ref.WeakReference;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.patinox.memory.CleanupException;
import org.patinox.memory.ConfigException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.mapping.MappableType;
import org.patinox.memory.mapping.MappedFile;
import org.patinox.memory.mapping.MappingConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.resource.CleanupReport;
import org.patinox.memory.resource.LeakDetection;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceInfo;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.resource.ResourceStats;
import org.patinox.memory.spi.AsyncCleanup;
import org.patinox.memory.tck.ResourceTesting.Counted;
import org.patinox.memory.tck.ResourceTesting.CountingCleanup;

/**
 * The contract of a {@link ResourceRegistry}: cleanup exactly once by close, forced cleanup or the
 * safety net; failures and hangs bounded and reported with the resource's info; forced cleanup in
 * reverse order within its deadline; leaks reported with the creation site; the built-in cleanups
 * found by type; the instance's pools, caches and mappings registered as resources. Extend it with the
 * implementation's name; {@link ResourceStressContract} holds the races.
 */
@Timeout(120)
public abstract class ResourceRegistryContract {

    private RecordingMonitor monitor;
    private MemoryUtilities memory;
    private LogCapture log;

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    @BeforeEach
    void open_a_fresh_instance() {
        log = LogCapture.library();
        monitor = new RecordingMonitor();
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).addMonitor(monitor)
                .shutdownTimeout(Duration.ofSeconds(5)).build());
    }

    @AfterEach
    void close_the_instance() {
        try {
            memory.close();
        } finally {
            log.close();
        }
        assertEquals(List.of(), monitor.eventsOnScheduler(), "events recorded on the scheduler thread");
    }

    private ResourceRegistry registry(ResourceConfig.Builder config) {
        return memory.resources(config.build());
    }

    private ResourceRegistry registry() {
        return registry(ResourceConfig.builder().name("contract"));
    }

    private List<MonitorEvent> events(EventKind kind) {
        return monitor.events().stream().filter(e -> e.kind() == kind).toList();
    }

    @Test
    void closing_a_guard_runs_its_cleanup_once_and_get_then_throws() {
        ResourceRegistry registry = registry();
        CountingCleanup cleanup = new CountingCleanup(false);
        Counted resource = new Counted(1);
        ResourceGuard<Counted> guard = registry.register(resource, cleanup);
        assertSame(resource, guard.get());
        assertFalse(guard.isClosed());
        assertEquals(1, registry.activeCount());
        guard.close();
        guard.close();
        guard.closeAsync().join();
        assertTrue(guard.isClosed());
        assertEquals(1, resource.cleanups.get());
        IllegalStateException e = assertThrows(IllegalStateException.class, guard::get);
        assertTrue(e.getMessage().contains("#" + guard.info().id()) && e.getMessage().contains("closed"), e.getMessage());
        assertEquals(0, registry.activeCount());
        ResourceStats s = registry.stats();
        assertEquals(new ResourceStats("contract", 1, 0, 1, 0, 0, 0), s, s.describe());
    }

    @Test
    void a_throwing_cleanup_fails_once_every_caller_sees_that_failure_and_it_is_reported_with_the_resource() {
        ResourceRegistry registry = registry();
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("injected cleanup failure");
        ResourceGuard<String> guard = registry.register("a resource", r -> {
            calls.incrementAndGet();
            throw boom;
        });
        long id = guard.info().id();
        CleanupException first = assertThrows(CleanupException.class, guard::close);
        CleanupException second = assertThrows(CleanupException.class, guard::close);
        assertSame(first, second, "every caller sees the one outcome");
        ExecutionException async = assertThrows(ExecutionException.class, () -> guard.closeAsync().get());
        assertSame(first, async.getCause());
        assertEquals(CleanupException.Kind.FAILED, first.kind());
        assertEquals("contract", first.registryName());
        assertEquals(id, first.resourceId());
        assertSame(boom, first.getCause());
        assertTrue(first.getMessage().contains("#" + id + " java.lang.String"), first.getMessage());
        assertEquals(1, calls.get());
        assertEquals(1, registry.stats().failed());
        assertTrue(log.has(Level.WARNING, "the cleanup of resource #" + id + " java.lang.String"), log.text());
        MonitorEvent event = events(EventKind.RESOURCE_CLEANUP_FAILED).getFirst();
        assertEquals("contract", event.source());
        assertEquals(id, event.attributes().get("id"));
        assertEquals("java.lang.String", event.attributes().get("type"));
        assertEquals("close", event.attributes().get("by"));
        assertSame(boom, event.error().orElseThrow());
    }

    @Test
    void a_cleanup_whose_stage_never_completes_is_bounded_by_the_timeout_and_cancelled() {
        ResourceRegistry registry = registry(ResourceConfig.builder().cleanupTimeout(Duration.ofMillis(200)));
        CompletableFuture<Void> never = new CompletableFuture<>();
        ResourceGuard<String> guard = registry.register("hangs", r -> never);
        long start = System.nanoTime();
        CleanupException e = assertThrows(CleanupException.class, guard::close);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "waited for the bound");
        assertEquals(CleanupException.Kind.TIMEOUT, e.kind());
        assertTrue(e.getMessage().contains("did not complete within 200ms"), e.getMessage());
        assertTrue(never.isCancelled(), "the stage is cancelled at the bound");
        assertEquals(1, registry.stats().timedOut());
        assertEquals(1, events(EventKind.RESOURCE_CLEANUP_TIMED_OUT).size());
    }

    /** A stage that breaks {@code toCompletableFuture()}: answers {@code null}, or throws. */
    private static final class BrokenStage extends CompletableFuture<Void> {
        private final boolean throwing;

        BrokenStage(boolean throwing) {
            this.throwing = throwing;
            complete(null);
        }

        @Override
        public CompletableFuture<Void> toCompletableFuture() {
            if (throwing) {
                throw new IllegalStateException("injected: toCompletableFuture refused");
            }
            return null;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }

    @Test
    void a_cleanup_whose_stage_breaks_to_completable_future_settles_once_and_later_closes_do_not_wait() {
        ResourceRegistry registry = registry(ResourceConfig.builder().name("contract")
                .cleanupTimeout(Duration.ofSeconds(30)));
        ResourceGuard<String> answersNull = registry.register("answers null", r -> new BrokenStage(false));
        ResourceGuard<String> throwing = registry.register("throws", r -> new BrokenStage(true));
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            // A stage that answers no future is still followed through its own callbacks.
            answersNull.close();
            answersNull.close();
            CleanupException first = assertThrows(CleanupException.class, throwing::close);
            assertEquals(CleanupException.Kind.FAILED, first.kind());
            assertInstanceOf(IllegalStateException.class, first.getCause());
            assertSame(first, assertThrows(CleanupException.class, throwing::close), "every caller sees the one outcome");
        });
        assertTrue(answersNull.isClosed() && throwing.isClosed());
        assertEquals(new ResourceStats("contract", 2, 0, 1, 1, 0, 0), registry.stats(), registry.stats().describe());
        assertTrue(log.has(Level.WARNING, "injected: toCompletableFuture refused"), log.text());
    }

    @Test
    void a_blocking_cleanup_runs_on_a_virtual_thread_and_is_interrupted_at_the_timeout() {
        ResourceRegistry registry = registry(ResourceConfig.builder().cleanupTimeout(Duration.ofMillis(200)));
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        ResourceGuard<String> guard = registry.register("blocks", AsyncCleanup.blocking(r -> {
            ranOn.set(Thread.currentThread());
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }));
        CleanupException e = assertThrows(CleanupException.class, guard::close);
        assertEquals(CleanupException.Kind.TIMEOUT, e.kind());
        assertTrue(ranOn.get().isVirtual(), ranOn.get()::toString);
        assertTrue(ranOn.get().getName().startsWith(memory.name()), ranOn.get()::toString);
        await("the blocking cleanup is interrupted", interrupted::get);
    }

    @Test
    void a_blocking_cleanup_that_returns_cleans_and_close_waits_for_it() {
        ResourceRegistry registry = registry();
        AtomicBoolean done = new AtomicBoolean();
        ResourceGuard<String> guard = registry.register("blocks a little", AsyncCleanup.blocking(r -> {
            Thread.sleep(50);
            done.set(true);
        }));
        guard.close();
        assertTrue(done.get(), "close returns once the cleanup has");
        assertEquals(1, registry.stats().cleaned());
    }

    @Test
    @SuppressWarnings("MustBeClosedChecker") // the arena is handed to the registry, which closes it
    void registering_by_type_finds_the_built_in_cleanups(@TempDir Path dir) throws Exception {
        ResourceRegistry registry = registry(ResourceConfig.builder().cleanupTimeout(Duration.ofSeconds(10)));
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("file.txt"), "x");
        Files.writeString(dir.resolve("tree/top.txt"), "y");
        Path file = Files.writeString(dir.resolve("single.txt"), "z");
        ExecutorService executor = Executors.newFixedThreadPool(1);
        executor.submit(() -> { });
        AtomicBoolean closed = new AtomicBoolean();
        AutoCloseable closeable = () -> closed.set(true);
        Arena arena = Arena.ofShared();
        Process process = new ProcessBuilder("sleep", "60").start();

        List<ResourceGuard<?>> guards = List.of(registry.register(dir.resolve("tree")), registry.register(file),
                registry.register(executor), registry.register(closeable), registry.register(arena),
                registry.register(process));
        assertEquals(6, registry.activeCount());
        for (ResourceGuard<?> g : guards) {
            g.close();
        }
        assertFalse(Files.exists(dir.resolve("tree")), "the directory tree is deleted");
        assertFalse(Files.exists(file));
        assertTrue(executor.isTerminated());
        assertTrue(closed.get());
        assertFalse(arena.scope().isAlive());
        assertFalse(process.isAlive());
        assertEquals(6, registry.stats().cleaned(), registry.stats().describe());
    }

    @Test
    void a_type_no_provider_handles_is_refused_naming_it() {
        ConfigException e = assertThrows(ConfigException.class, () -> registry().register(new StringBuilder("x")));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.AutoCloseable (auto-closeable)"), e.getMessage());
        assertEquals(0, registry().activeCount());
    }

    @Test
    void a_more_specific_built_in_wins_over_a_general_one() throws Exception {
        // An ExecutorService is an AutoCloseable too: the executor-service cleanup, not close(), is used.
        ResourceRegistry registry = registry(ResourceConfig.builder().cleanupTimeout(Duration.ofMillis(400)));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatchTask stuck = new CountDownLatchTask();
        executor.submit(stuck);
        stuck.started.await();
        // close() would wait for the task forever; the built-in waits half the timeout, then interrupts it.
        registry.register(executor).close();
        assertTrue(executor.isTerminated());
        assertTrue(stuck.interrupted.get(), "shutdownNow interrupted the running task");
    }

    /** An {@code AutoCloseable} whose close hangs, ignores its interruption, and returns only when released. */
    private static final class HangingCloseable implements AutoCloseable {
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final AtomicInteger closes = new AtomicInteger();
        final AtomicInteger interrupts = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    interrupts.incrementAndGet();
                }
            }
        }
    }

    @Test
    void a_built_in_close_that_hangs_is_bounded_by_the_timeout_reported_once_and_never_run_twice() {
        ResourceRegistry registry = registry(ResourceConfig.builder().name("contract")
                .cleanupTimeout(Duration.ofMillis(200)));
        HangingCloseable byGuard = new HangingCloseable();
        HangingCloseable byCloseAsync = new HangingCloseable();
        HangingCloseable byCleanupAll = new HangingCloseable();
        ResourceGuard<HangingCloseable> guard = registry.register(byGuard);
        ResourceGuard<HangingCloseable> asyncGuard = registry.register(byCloseAsync);
        AtomicReference<CompletableFuture<Void>> async = new AtomicReference<>();
        AtomicReference<CleanupReport> report = new AtomicReference<>();
        List<HangingCloseable> all = List.of(byGuard, byCloseAsync, byCleanupAll);
        CleanupException e;
        try {
            // Each call returns by the cleanup timeout (or the deadline), however long close() hangs.
            e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                async.set(asyncGuard.closeAsync());
                CleanupException thrown = assertThrows(CleanupException.class, guard::close);
                registry.register(byCleanupAll);
                report.set(registry.cleanupAll(Duration.ofMillis(100)));
                return thrown;
            });
        } catch (AssertionError | RuntimeException failed) {
            all.forEach(r -> r.release.countDown()); // so that the instance's close does not hang as well
            throw failed;
        }
        assertEquals(CleanupException.Kind.TIMEOUT, e.kind());
        assertEquals(guard.info().id(), e.resourceId());
        assertTrue(e.getMessage().contains("did not complete within 200ms"), e.getMessage());
        CompletionException asyncFailure = assertThrows(CompletionException.class, () -> async.get().join());
        assertEquals(CleanupException.Kind.TIMEOUT, ((CleanupException) asyncFailure.getCause()).kind());
        assertEquals(1, report.get().timedOut().size(), report.get()::describe);
        await("the hung cleanups are all timed out", () -> registry.stats().timedOut() == 3);
        await("each hung close was interrupted at its bound",
                () -> byGuard.interrupts.get() > 0 && byCloseAsync.interrupts.get() > 0 && byCleanupAll.interrupts.get() > 0);
        // The closes return late: not run again, not reported again.
        all.forEach(r -> r.release.countDown());
        assertThrows(CleanupException.class, guard::close, "the one outcome stays the timeout");
        assertEquals(new ResourceStats("contract", 3, 0, 0, 0, 3, 0), registry.stats(), registry.stats().describe());
        for (HangingCloseable r : all) {
            assertEquals(1, r.closes.get(), "closes of one resource");
        }
        assertEquals(3, events(EventKind.RESOURCE_CLEANUP_TIMED_OUT).size());
        assertEquals(List.of(), events(EventKind.RESOURCE_CLEANED));
        assertTrue(log.has(Level.WARNING, "the cleanup of resource #" + guard.info().id()), log.text());
    }

    /** A resource whose close closes another's guard. */
    private static final class Linked implements AutoCloseable {
        ResourceGuard<Linked> other;

        @Override
        public void close() {
            other.close();
        }
    }

    @Test
    void two_resources_whose_closes_close_each_other_s_guard_end_at_the_timeout() {
        ResourceRegistry registry = registry(ResourceConfig.builder().name("contract")
                .cleanupTimeout(Duration.ofMillis(300)));
        Linked a = new Linked();
        Linked b = new Linked();
        ResourceGuard<Linked> guardOfA = registry.register(a);
        b.other = guardOfA;
        a.other = registry.register(b);
        // Each close waits for the other's outcome: on one thread that waited for ever, now each ends at its bound.
        CleanupException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(CleanupException.class, guardOfA::close));
        assertEquals(CleanupException.Kind.TIMEOUT, e.kind());
        // The other ends at its own bound, or fails with this timeout when that reaches it first.
        await("both cleanups are settled", () -> registry.stats().timedOut() + registry.stats().failed() == 2);
        assertEquals(0, registry.activeCount());
        assertTrue(log.has(Level.WARNING, "did not complete within 300ms"), log.text());
    }

    @Test
    void closing_the_instance_does_not_wait_for_a_built_in_close_that_hangs() {
        MemoryUtilities closing = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                .shutdownTimeout(Duration.ofMillis(200)).build());
        HangingCloseable hangs = new HangingCloseable();
        try {
            closing.resources(ResourceConfig.builder().cleanupTimeout(Duration.ofMillis(300)).build()).register(hangs);
            org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), closing::close,
                    "the instance's close ends at its bounds");
            assertEquals(1, hangs.closes.get());
        } finally {
            hangs.release.countDown();
        }
        assertTrue(log.has(Level.WARNING, "did not complete within 300ms"), log.text());
    }

    private static final class CountDownLatchTask implements Runnable {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();

        @Override
        public void run() {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }
    }

    /** A wrapper whose close closes its own guard, the usual way to give a resource both. */
    private static final class SelfClosing implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();
        ResourceGuard<SelfClosing> guard;

        @Override
        public void close() {
            closes.incrementAndGet();
            guard.close();
        }
    }

    @Test
    void a_resource_whose_close_closes_its_own_guard_is_cleaned_once_by_every_path_without_waiting_for_itself() {
        ResourceRegistry registry = registry(ResourceConfig.builder().name("contract").cleanupTimeout(Duration.ofSeconds(30)));
        // Through its guard, through the resource's own close, through cleanupAll, with a blocking
        // cleanup, and through the registry's close: each ends at once, each cleanup ran once.
        SelfClosing byGuard = new SelfClosing();
        byGuard.guard = registry.register(byGuard);
        SelfClosing byItself = new SelfClosing();
        byItself.guard = registry.register(byItself);
        SelfClosing byCleanupAll = new SelfClosing();
        byCleanupAll.guard = registry.register(byCleanupAll);
        SelfClosing blocking = new SelfClosing();
        blocking.guard = registry.register(blocking, AsyncCleanup.blocking(SelfClosing::close));
        SelfClosing byRegistryClose = new SelfClosing();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            byGuard.guard.close();
            byItself.close();
            blocking.guard.close();
            CleanupReport report = registry.cleanupAll(Duration.ofSeconds(10));
            assertEquals(List.of(byCleanupAll.guard.info().id()), report.cleaned().stream().map(ResourceInfo::id).toList(),
                    report::toString);
            byRegistryClose.guard = registry.register(byRegistryClose);
            registry.close();
        });
        for (SelfClosing r : List.of(byGuard, byItself, byCleanupAll, blocking, byRegistryClose)) {
            assertEquals(1, r.closes.get() - (r == byItself ? 1 : 0), "cleanups of one resource");
            assertTrue(r.guard.isClosed());
            r.guard.close(); // once its cleanup is done, a later close returns as usual
        }
        assertEquals(new ResourceStats("contract", 5, 0, 5, 0, 0, 0), registry.stats(), registry.stats().describe());
    }

    @Test
    void active_lists_resources_in_order_of_registration_with_their_info() {
        ResourceRegistry registry = registry(ResourceConfig.builder().leakDetection(LeakDetection.PARANOID));
        CountingCleanup cleanup = new CountingCleanup(false);
        ResourceGuard<Counted> a = registry.register(new Counted(1), cleanup);
        ResourceGuard<Counted> b = registry.register(new Counted(2), cleanup);
        ResourceGuard<Counted> c = registry.register(new Counted(3), cleanup);
        b.close();
        List<ResourceInfo> active = registry.active();
        assertEquals(List.of(a.info().id(), c.info().id()), active.stream().map(ResourceInfo::id).toList());
        assertTrue(a.info().id() < b.info().id() && b.info().id() < c.info().id());
        ResourceInfo info = active.getFirst();
        assertEquals(Counted.class.getName(), info.type());
        assertEquals(Thread.currentThread().getName(), info.thread());
        assertFalse(info.age().isNegative());
        assertEquals("active_lists_resources_in_order_of_registration_with_their_info",
                info.creationSite().getFirst().getMethodName(), "the site starts at the user's frame");
        assertEquals(getClass().getSuperclass().getName(), info.creationSite().getFirst().getClassName());
        assertTrue(registry(ResourceConfig.builder().leakDetection(LeakDetection.DISABLED)).register(new Counted(4), cleanup)
                .info().creationSite().isEmpty(), "nothing is recorded when disabled");
    }

    @Test
    void cleanup_all_cleans_in_reverse_order_of_registration_and_reports_it() {
        ResourceRegistry registry = registry();
        CountingCleanup cleanup = new CountingCleanup(true);
        List<ResourceGuard<Counted>> guards = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            guards.add(registry.register(new Counted(i), cleanup));
        }
        guards.get(7).close();
        cleanup.order.clear();
        CleanupReport report = registry.cleanupAll(Duration.ofSeconds(10));
        List<Integer> expected = new ArrayList<>();
        for (int i = 19; i >= 0; i--) {
            if (i != 7) {
                expected.add(i);
            }
        }
        assertEquals(expected, cleanup.order);
        assertTrue(report.isComplete(), report::describe);
        assertEquals(19, report.cleaned().size());
        assertTrue(report.cleaned().getFirst().id() > report.cleaned().getLast().id());
        assertTrue(guards.stream().allMatch(ResourceGuard::isClosed));
        assertEquals(0, registry.activeCount());
        assertTrue(cleanup.threads.stream().noneMatch(t -> t.endsWith("-scheduler")), cleanup.threads::toString);
    }

    @Test
    void cleanup_all_honours_its_deadline_and_reports_what_failed_and_what_it_could_not_finish() {
        ResourceRegistry registry = registry(ResourceConfig.builder().cleanupTimeout(Duration.ofSeconds(20)));
        CountingCleanup counting = new CountingCleanup(true);
        CompletableFuture<Void> never = new CompletableFuture<>();
        ResourceGuard<Counted> reachedLate = registry.register(new Counted(1), counting);
        registry.register("hangs", r -> never);
        registry.register("throws", r -> {
            throw new IllegalArgumentException("injected");
        });
        ResourceGuard<Counted> first = registry.register(new Counted(4), counting);
        long start = System.nanoTime();
        CleanupReport report = registry.cleanupAll(Duration.ofMillis(300));
        long took = System.nanoTime() - start;
        assertTrue(took < TimeUnit.SECONDS.toNanos(10), "the deadline, not the cleanup timeout, bounds the call");
        assertEquals(List.of(first.info().id()), report.cleaned().stream().map(ResourceInfo::id).toList(), report::describe);
        assertEquals(1, report.failed().size());
        assertInstanceOf(IllegalArgumentException.class, report.failed().getFirst().error());
        assertEquals("java.lang.String", report.failed().getFirst().resource().type());
        // The hanging one ran past the deadline; the one after it was started anyway, never dropped.
        assertEquals(2, report.timedOut().size(), report::describe);
        assertFalse(report.isComplete());
        await("the resource reached after the deadline is cleaned", () -> reachedLate.isClosed()
                && counting.order.contains(1));
        assertEquals(0, registry.activeCount());
    }

    @Test
    void a_dropped_guard_is_collected_cleaned_once_and_reported_as_leaked_with_its_creation_site() {
        ResourceRegistry registry = registry(ResourceConfig.builder().name("leaky").leakDetection(LeakDetection.PARANOID));
        CountingCleanup cleanup = new CountingCleanup(false);
        Counted resource = new Counted(9);
        WeakReference<ResourceGuard<Counted>> guard = registerAndDrop(registry, resource, cleanup);
        collectUntil("the dropped guard is reported", () -> registry.stats().leaked() == 1);
        await("its cleanup has run", () -> registry.stats().cleaned() == 1);
        assertEquals(null, guard.get(), "the guard itself was collected");
        assertEquals(1, resource.cleanups.get());
        assertTrue(cleanup.threads.stream().noneMatch(t -> t.endsWith("-scheduler")), cleanup.threads::toString);
        MonitorEvent leak = events(EventKind.RESOURCE_LEAKED).getFirst();
        assertEquals("leaky", leak.source());
        assertEquals(Counted.class.getName(), leak.attributes().get("type"));
        Throwable site = leak.error().orElseThrow();
        assertEquals("registerAndDrop", site.getStackTrace()[0].getMethodName(), "the site names the creating method");
        assertEquals(ResourceRegistryContract.class.getName(), site.getStackTrace()[0].getClassName());
        assertTrue(log.has(Level.WARNING, "was not closed"), log.text());
        assertEquals(0, registry.activeCount());
    }

    private static WeakReference<ResourceGuard<Counted>> registerAndDrop(ResourceRegistry registry, Counted resource,
                                                                         CountingCleanup cleanup) {
        return new WeakReference<>(registry.register(resource, cleanup));
    }

    @Test
    void an_unclosed_guard_stays_collectable_although_its_resource_is_still_referenced() {
        ResourceRegistry registry = registry(ResourceConfig.builder().leakDetection(LeakDetection.DISABLED));
        Counted resource = new Counted(1);
        WeakReference<ResourceGuard<Counted>> guard = registerAndDrop(registry, resource, new CountingCleanup(false));
        collectUntil("the guard is collected", () -> guard.get() == null);
        collectUntil("the safety net cleans it", () -> resource.cleanups.get() == 1);
        assertTrue(events(EventKind.RESOURCE_LEAKED).getFirst().error().isEmpty(), "no site was recorded");
        assertTrue(log.has(Level.WARNING, "its creation site was not recorded"), log.text());
    }

    @Test
    void a_closed_resource_is_not_kept_reachable_by_the_registry_or_its_guard() {
        ResourceRegistry registry = registry();
        List<ResourceGuard<Counted>> live = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            live.add(registry.register(new Counted(i), new CountingCleanup(false)));
        }
        List<WeakReference<Counted>> closed = new ArrayList<>();
        List<ResourceGuard<Counted>> guards = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Counted resource = new Counted(1000 + i);
            closed.add(new WeakReference<>(resource));
            ResourceGuard<Counted> guard = registry.register(resource, new CountingCleanup(false));
            guard.close();
            guards.add(guard);
        }
        // However the registry keeps its entries, once cleaned a resource belongs to no one.
        collectUntil("every closed resource is collected",
                () -> closed.stream().allMatch(reference -> reference.get() == null));
        assertEquals(100, registry.stats().active());
        assertTrue(guards.stream().allMatch(ResourceGuard::isClosed));
        assertThrows(IllegalStateException.class, () -> guards.getFirst().get());
        live.forEach(ResourceGuard::close);
    }

    @Test
    void a_closed_registry_refuses_a_resource_and_cleans_it_at_once() {
        ResourceRegistry registry = registry();
        CountingCleanup cleanup = new CountingCleanup(false);
        ResourceGuard<Counted> open = registry.register(new Counted(1), cleanup);
        registry.close();
        assertTrue(open.isClosed(), "closing the registry cleans what it holds");
        Counted late = new Counted(2);
        CleanupException e = assertThrows(CleanupException.class, () -> registry.register(late, cleanup));
        assertEquals(CleanupException.Kind.CLOSED, e.kind());
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        await("the refused resource is cleaned, not dropped", () -> late.cleanups.get() == 1);
        assertTrue(registry.isClosed());
        // It has the next id and counts as registered then cleaned, never as active.
        assertEquals(open.info().id() + 1, e.resourceId());
        await("the refused resource counted", () -> registry.stats().cleaned() == 2);
        ResourceStats stats = registry.stats();
        assertEquals(List.of(2L, 0L, 2L), List.of(stats.registered(), stats.active(), stats.cleaned()), stats::describe);
    }

    @Test
    void closing_the_instance_cleans_every_registry_it_made() {
        CountingCleanup cleanup = new CountingCleanup(false);
        Counted a = new Counted(1);
        Counted b = new Counted(2);
        registry().register(a, cleanup);
        memory.resources().register(b, cleanup);
        memory.close();
        assertEquals(1, a.cleanups.get());
        assertEquals(1, b.cleanups.get());
    }

    @Test
    void a_cleanup_still_running_when_the_instance_stops_waiting_ends_at_its_bound() throws Exception {
        MemoryUtilities closing = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                .shutdownTimeout(Duration.ofMillis(100)).build());
        ResourceRegistry registry = closing.resources(ResourceConfig.builder().cleanupTimeout(Duration.ofMillis(300))
                .build());
        ResourceGuard<String> first = registry.register("first", r -> new CompletableFuture<>());
        ResourceGuard<String> second = registry.register("second", r -> new CompletableFuture<>());
        // The registry's close waits out the second's bound, then starts the first past its deadline;
        // the instance then stops its scheduler 100 ms later, while the first's bound is still to come.
        closing.close();
        for (ResourceGuard<String> guard : List.of(first, second)) {
            CompletableFuture<Throwable> closed = CompletableFuture.supplyAsync(() -> {
                try {
                    guard.close();
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            CleanupException e = assertInstanceOf(CleanupException.class, closed.get(10, TimeUnit.SECONDS),
                    "the close of " + guard + " ends at the bound");
            assertEquals(CleanupException.Kind.TIMEOUT, e.kind());
        }
        assertEquals(2, registry.stats().timedOut(), registry.stats().describe());
        assertEquals(0, registry.stats().active());
    }

    @Test
    void a_resource_made_after_its_consumer_gave_up_is_cleaned_and_one_made_in_time_is_handed_over() {
        ResourceRegistry registry = registry();
        CountingCleanup cleanup = new CountingCleanup(false);
        CompletableFuture<Counted> making = new CompletableFuture<>();
        CompletableFuture<ResourceGuard<Counted>> consumer = registry.registerWhenMade(making, cleanup);
        consumer.cancel(false);
        assertFalse(making.isCancelled(), "the making goes on, so that its resource is not stranded with the maker");
        Counted late = new Counted(1);
        making.complete(late);
        await("the resource made for nobody is cleaned", () -> late.cleanups.get() == 1);
        Counted made = new Counted(2);
        CompletableFuture<Counted> making3 = new CompletableFuture<>();
        CompletableFuture<ResourceGuard<Counted>> consumer3 = registry.registerWhenMade(making3, cleanup);
        making3.complete(made);
        ResourceGuard<Counted> guard = consumer3.join();
        assertSame(made, guard.get());
        assertEquals(0, made.cleanups.get());
        guard.close();
        assertEquals(1, made.cleanups.get());
        CompletableFuture<Counted> failing = new CompletableFuture<>();
        CompletableFuture<ResourceGuard<Counted>> consumer4 = registry.registerWhenMade(failing, cleanup);
        failing.completeExceptionally(new IllegalStateException("no resource"));
        CompletionException e = assertThrows(CompletionException.class, consumer4::join);
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertThrows(CancellationException.class, consumer::join);
        assertEquals(0, registry.activeCount());
    }

    @Test
    void the_instance_registers_its_pools_and_caches_and_closes_them_through_its_registry() {
        ResourceRegistry resources = memory.resources();
        Pool<TestConnection> pool = memory.pool(new TestConnectionManager(), PoolConfig.builder().name("listed").build());
        Cache<String, String> cache = memory.cache(CacheConfig.<String, String>builder().name("listed-cache")
                .maximumSize(10).build());
        List<String> types = resources.active().stream().map(ResourceInfo::type).toList();
        assertEquals(2, types.size(), types::toString);
        assertEquals(2, resources.activeCount());
        cache.close();
        assertTrue(cache.isClosed());
        assertEquals(1, resources.activeCount());
        memory.close();
        assertTrue(pool.isClosed(), "the instance closed the pool it opened");
        assertEquals(2, resources.stats().cleaned());
    }

    @Test
    void a_pool_dropped_unclosed_is_reported_as_a_leak_and_closed() {
        TestConnectionManager manager = new TestConnectionManager();
        openAndDropAPool(memory, manager);
        collectUntil("the dropped pool is reported", () -> memory.resources().stats().leaked() == 1);
        await("the dropped pool is closed", () -> memory.resources().stats().cleaned() == 1);
        MonitorEvent leak = events(EventKind.RESOURCE_LEAKED).getFirst();
        assertEquals(memory.name() + "-resources", leak.source());
        await("its connections are destroyed", () -> manager.live().isEmpty());
    }

    /**
     * A cache dropped unclosed is not kept until the instance closes: as a dropped pool, it is
     * reported as leaked and closed by the safety net while the instance stays open, as the javadoc
     * of {@link MemoryUtilities#cache} says.
     */
    @Test
    void a_cache_dropped_unclosed_is_reported_as_a_leak_and_closed_while_the_instance_stays_open() {
        openAndDropACache(memory);
        collectUntil("the dropped cache is reported", () -> memory.resources().stats().leaked() == 1);
        await("the dropped cache is closed", () -> memory.resources().stats().cleaned() == 1);
        MonitorEvent leak = events(EventKind.RESOURCE_LEAKED).getFirst();
        assertEquals(memory.name() + "-resources", leak.source());
        assertTrue(log.has(Level.WARNING, "was not closed"), log.text());
        assertEquals(0, memory.resources().activeCount());
        assertFalse(memory.isClosed());
    }

    private static void openAndDropACache(MemoryUtilities memory) {
        memory.cache(org.patinox.memory.cache.CacheConfig.<String, String>builder().name("dropped").maximumSize(10)
                .build()).put("k", "v");
    }

    private static void openAndDropAPool(MemoryUtilities memory, TestConnectionManager manager) {
        memory.pool(manager, PoolConfig.builder().name("dropped").minSize(1).build());
    }

    @Test
    void the_configuration_reads_its_properties_and_names_a_bad_value() {
        Properties p = new Properties();
        p.setProperty(ResourceConfig.CLEANUP_TIMEOUT, "2s");
        p.setProperty(ResourceConfig.LEAK_DETECTION, "paranoid");
        p.setProperty(ResourceConfig.SAMPLING_INTERVAL, "16");
        ResourceConfig config = ResourceConfig.fromProperties(p);
        assertEquals(Duration.ofSeconds(2), config.cleanupTimeout());
        assertEquals(LeakDetection.PARANOID, config.leakDetection());
        assertEquals(16, config.samplingInterval());
        assertEquals(config, ResourceConfig.fromProperties(config.toProperties()));
        p.setProperty(ResourceConfig.LEAK_DETECTION, "sometimes");
        ConfigException e = assertThrows(ConfigException.class, () -> ResourceConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("patinox.memory.resource.leak-detection") && e.getMessage().contains("'sometimes'"),
                e.getMessage());
        ConfigException zero = assertThrows(ConfigException.class,
                () -> ResourceConfig.builder().samplingInterval(0).build());
        assertTrue(zero.getMessage().contains("sampling-interval must be 1 or more, but was 0"), zero.getMessage());
    }

    // -- mappings: resources of the instance's registry

    private static final Path MAPS = Path.of("/proc/self/maps");

    /** @return whether the process maps the file, as far as {@code /proc/self/maps} tells; true elsewhere */
    private static boolean mapped(Path file) {
        if (!Files.isReadable(MAPS)) {
            return true;
        }
        try {
            String name = file.toAbsolutePath().toString();
            return Files.readAllLines(MAPS).stream().anyMatch(line -> line.contains(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void the_instance_lists_an_open_mapping_by_name_and_forgets_it_once_closed(@TempDir Path dir) {
        ResourceRegistry resources = memory.resources();
        MappedFile mapping = memory.map(dir.resolve("listed.bin"),
                MappingConfig.create(4096).toBuilder().name("listed-mapping").build());
        List<String> types = resources.active().stream().map(ResourceInfo::type).toList();
        assertEquals(List.of(MappedFile.class.getName() + "[listed-mapping]"), types);
        mapping.close();
        mapping.close();
        assertFalse(mapping.isOpen());
        assertEquals(0, resources.activeCount());
        assertEquals(1, resources.stats().cleaned(), "closed once, through its guard");
        assertEquals(MappedFile.class.getName() + "[listed-mapping]",
                events(EventKind.RESOURCE_CLEANED).getFirst().attributes().get("type"));
    }

    @Test
    void a_mapping_dropped_unclosed_is_reported_as_a_leak_and_unmapped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dropped.bin");
        mapAndDrop(memory, file);
        assertTrue(mapped(file), "mapped until the safety net finds it");
        collectUntil("the dropped mapping is reported", () -> memory.resources().stats().leaked() == 1);
        await("the dropped mapping is unmapped", () -> memory.resources().stats().cleaned() == 1);
        assertFalse(mapped(file), "no longer in /proc/self/maps");
        Files.delete(file);
        MonitorEvent leak = events(EventKind.RESOURCE_LEAKED).getFirst();
        assertEquals(memory.name() + "-resources", leak.source());
        assertEquals(MappedFile.class.getName() + "[dropped]", leak.attributes().get("type"));
        // The instance's registry samples creation sites: when this one was recorded, it names the caller.
        leak.error().ifPresent(site -> assertEquals("mapAndDrop", site.getStackTrace()[0].getMethodName()));
        assertEquals(1, events(EventKind.MAPPING_CLOSED).size(), "unmapped once");
        assertTrue(log.has(Level.WARNING, "was not closed"), log.text());
        assertEquals(0, memory.resources().activeCount());
    }

    private static void mapAndDrop(MemoryUtilities memory, Path file) {
        memory.map(file, MappingConfig.create(4096).toBuilder().name("dropped").build())
                .slice(MappableType.ofLong(ByteOrder.LITTLE_ENDIAN)).set(0, 1L);
    }

    @Test
    void a_confined_mapping_the_instance_closes_from_another_thread_is_reported_and_its_opener_closes_it(
            @TempDir Path dir) throws Exception {
        Path file = dir.resolve("confined.bin");
        MappedFile mapping = memory.map(file, MappingConfig.create(4096).toBuilder().name("confined")
                .arena(MappingConfig.Arena.CONFINED).build());
        ResourceRegistry resources = memory.resources();
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> onAnotherThread(mapping::close));
        assertTrue(refused.getMessage().contains("confined"), refused.getMessage());
        assertTrue(mapping.isOpen(), "a close refused for the thread leaves it open");
        assertEquals(1, resources.activeCount(), "and registered");
        onAnotherThread(memory::close);
        assertTrue(mapping.isOpen(), "the instance cannot close it from another thread");
        assertTrue(mapped(file));
        assertEquals(1, resources.stats().failed());
        MonitorEvent failed = events(EventKind.RESOURCE_CLEANUP_FAILED).getFirst();
        assertEquals(MappedFile.class.getName() + "[confined]", failed.attributes().get("type"));
        assertInstanceOf(IllegalStateException.class, failed.error().orElseThrow());
        assertTrue(log.has(Level.WARNING, "is confined to thread"), log.text());
        mapping.close();
        assertFalse(mapping.isOpen(), "its opener closes it");
        assertFalse(mapped(file), "unmapped");
        mapping.close();
    }

    /** Runs an action on a platform thread of its own and rethrows what it threw. */
    private static void onAnotherThread(Runnable action) throws InterruptedException {
        AtomicReference<RuntimeException> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        });
        t.join();
        if (thrown.get() != null) {
            throw thrown.get();
        }
    }

    @Test
    void the_cleanup_events_give_how_long_each_cleanup_took() {
        ResourceRegistry registry = registry();
        registry.register("slow", AsyncCleanup.blocking(r -> Thread.sleep(50))).close();
        ResourceGuard<String> failing = registry.register("fails", AsyncCleanup.blocking(r -> {
            Thread.sleep(20);
            throw new IllegalStateException("injected");
        }));
        assertThrows(CleanupException.class, failing::close);
        MonitorEvent cleaned = events(EventKind.RESOURCE_CLEANED).getFirst();
        long cleanedNanos = (Long) cleaned.attributes().get("durationNanos");
        assertTrue(cleanedNanos >= Duration.ofMillis(50).toNanos(), "slept 50ms, took " + cleanedNanos + "ns");
        assertTrue(cleanedNanos < Duration.ofSeconds(60).toNanos(), cleanedNanos + "ns");
        long failedNanos = (Long) events(EventKind.RESOURCE_CLEANUP_FAILED).getFirst().attributes().get("durationNanos");
        assertTrue(failedNanos >= Duration.ofMillis(20).toNanos(), "slept 20ms, took " + failedNanos + "ns");
    }
}
