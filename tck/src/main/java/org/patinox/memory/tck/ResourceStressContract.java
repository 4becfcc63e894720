package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.patinox.memory.tck.ResourceTesting.await;
import static org.patinox.memory.tck.ResourceTesting.collectUntil;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.CleanupException;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.resource.LeakDetection;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.resource.ResourceGuard;
import org.patinox.memory.resource.ResourceRegistry;
import org.patinox.memory.resource.ResourceStats;
import org.patinox.memory.tck.ResourceTesting.Counted;
import org.patinox.memory.tck.ResourceTesting.CountingCleanup;

/**
 * A {@link ResourceRegistry} under races: many threads closing guards, forcing cleanup and
 * dropping guards for the collector, round after round; guards closed by other threads than the
 * ones that registered them; a hundred thousand guards dropped at once;
 * the race between a consumer that gives up and the resource it asked for; registrations racing the
 * instance's close. Whatever the interleaving, every resource is cleaned exactly once and the
 * counters add up. Separate from {@link ResourceRegistryContract} so that builds can tag ({@code
 * stress}) or time it apart.
 */
@Tag("stress")
@Timeout(300)
public abstract class ResourceStressContract {

    private RecordingMonitor monitor;
    private MemoryUtilities memory;
    private LogCapture log;

    /** @return the name of the implementation under test, such as {@code standard} */
    protected abstract String providerName();

    @BeforeEach
    void open_a_fresh_instance() {
        log = LogCapture.library();
        monitor = new RecordingMonitor(Set.of(EventKind.RESOURCE_LEAKED));
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).addMonitor(monitor)
                .shutdownTimeout(Duration.ofSeconds(10)).build());
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

    @Test
    void threads_racing_close_cleanup_all_and_collection_clean_each_resource_exactly_once() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        for (int round = 0; round < 10; round++) {
            ResourceRegistry registry = memory.resources(ResourceConfig.builder().name("race-" + round)
                    .leakDetection(LeakDetection.SAMPLED).samplingInterval(64).build());
            CountingCleanup cleanup = new CountingCleanup(false);
            List<Counted> all = new CopyOnWriteArrayList<>();
            CyclicBarrier start = new CyclicBarrier(threads + 1);
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                workers.add(Thread.ofPlatform().name("race-" + t).start(() -> {
                    try {
                        start.await();
                        List<ResourceGuard<Counted>> kept = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            Counted c = new Counted(base + i);
                            all.add(c);
                            ResourceGuard<Counted> g = registry.register(c, cleanup);
                            switch (ThreadLocalRandom.current().nextInt(3)) {
                                case 0 -> g.close();
                                case 1 -> kept.add(g); // closed below, racing cleanupAll
                                default -> { } // dropped for the collector
                            }
                            if ((i & 255) == 0) {
                                System.gc();
                            }
                        }
                        for (ResourceGuard<Counted> g : kept) {
                            if (ThreadLocalRandom.current().nextBoolean()) {
                                g.closeAsync();
                            } else {
                                g.close();
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            start.await();
            for (int i = 0; i < 5; i++) {
                registry.cleanupAll(Duration.ofSeconds(10));
                System.gc();
            }
            PoolContract.joinAll(workers);
            assertEquals(List.of(), failures);
            registry.cleanupAll(Duration.ofSeconds(30));
            int expected = threads * perThread;
            await("every cleanup has ended", () -> {
                ResourceStats s = registry.stats();
                return s.cleaned() + s.failed() + s.timedOut() == expected;
            });
            ResourceStats s = registry.stats();
            assertEquals(expected, all.size());
            for (Counted c : all) {
                assertEquals(1, c.cleanups.get(), c + " cleaned once, " + s.describe());
            }
            assertEquals(expected, cleanup.calls.get());
            assertEquals(new ResourceStats("race-" + round, expected, 0, expected, 0, 0, s.leaked()), s, s.describe());
            assertTrue(cleanup.threads.stream().noneMatch(n -> n.endsWith("-scheduler")), cleanup.threads::toString);
        }
    }

    @Test
    void guards_closed_on_other_threads_than_their_registration_leave_nothing_listed() throws Exception {
        int producers = 4;
        int perProducer = 5_000;
        for (int round = 0; round < 5; round++) {
            ResourceRegistry registry = memory.resources(ResourceConfig.builder().name("handed-" + round).build());
            CountingCleanup cleanup = new CountingCleanup(false);
            BlockingQueue<ResourceGuard<Counted>> handed = new LinkedBlockingQueue<>();
            List<Counted> all = new CopyOnWriteArrayList<>();
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < producers; t++) {
                int base = t * perProducer;
                threads.add(Thread.ofPlatform().name("registering-" + t).start(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        Counted c = new Counted(base + i);
                        all.add(c);
                        handed.add(registry.register(c, cleanup));
                    }
                }));
                threads.add(Thread.ofPlatform().name("closing-" + t).start(() -> {
                    try {
                        for (int i = 0; i < perProducer; i++) {
                            ResourceGuard<Counted> g = handed.take();
                            if ((i & 1) == 0) {
                                g.close();
                            } else {
                                g.closeAsync().join();
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            PoolContract.joinAll(threads);
            assertEquals(List.of(), failures);
            int expected = producers * perProducer;
            assertEquals(expected, all.size());
            for (Counted c : all) {
                assertEquals(1, c.cleanups.get(), c + " cleaned once");
            }
            assertEquals(0, registry.activeCount(), registry.stats().describe());
            assertEquals(List.of(), registry.active());
            assertEquals(new ResourceStats("handed-" + round, expected, 0, expected, 0, 0, 0), registry.stats());
        }
    }

    @Test
    void a_hundred_thousand_dropped_guards_are_collected_and_cleaned_once_each_with_sampled_reports_naming_the_creating_method() {
        int count = 100_000;
        ResourceTesting.LeakCounter leaks = new ResourceTesting.LeakCounter("dropped");
        memory.close();
        memory = MemoryUtilities.open(UtilityConfig.builder().provider(providerName()).addMonitor(leaks)
                .shutdownTimeout(Duration.ofSeconds(10)).build());
        ResourceRegistry registry = memory.resources(ResourceConfig.builder().name("dropped")
                .leakDetection(LeakDetection.SAMPLED).samplingInterval(128).build());
        CountingCleanup cleanup = new CountingCleanup(false);
        List<Counted> resources = registerAndDropMany(registry, cleanup, count);
        collectUntil("every dropped guard is collected and reported", () -> registry.stats().leaked() == count);
        await("every cleanup has ended", () -> registry.stats().cleaned() == count);
        assertEquals(count, cleanup.calls.get());
        for (Counted c : resources) {
            assertEquals(1, c.cleanups.get(), c::toString);
        }
        assertEquals(count, leaks.leaks.sum());
        List<Throwable> sites = List.copyOf(leaks.sites);
        // One in 128 on average: 781 expected; the bounds are many standard deviations wide.
        assertTrue(sites.size() > 500 && sites.size() < 1_100, "sampled sites: " + sites.size());
        for (Throwable site : sites) {
            assertEquals("registerAndDropMany", site.getStackTrace()[0].getMethodName());
        }
        assertEquals(0, registry.activeCount());
        assertTrue(cleanup.threads.stream().noneMatch(n -> n.endsWith("-scheduler")), cleanup.threads::toString);
    }

    private static List<Counted> registerAndDropMany(ResourceRegistry registry, CountingCleanup cleanup, int count) {
        List<Counted> resources = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Counted c = new Counted(i);
            resources.add(c);
            registry.register(c, cleanup);
        }
        return resources;
    }

    @Test
    void a_consumer_giving_up_while_its_resource_is_made_never_leaks_it() throws Exception {
        ResourceRegistry registry = memory.resources(ResourceConfig.builder().name("cancel-race").build());
        CountingCleanup cleanup = new CountingCleanup(false);
        int iterations = 20_000;
        List<Counted> made = new ArrayList<>(iterations);
        AtomicInteger handedOver = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        for (int i = 0; i < iterations; i++) {
            Counted c = new Counted(i);
            made.add(c);
            CompletableFuture<Counted> making = new CompletableFuture<>();
            CompletableFuture<ResourceGuard<Counted>> consumer = registry.registerWhenMade(making, cleanup);
            CountDownLatch go = new CountDownLatch(1);
            Thread maker = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                making.complete(c);
            });
            Thread canceller = Thread.ofVirtual().start(() -> {
                awaitQuietly(go);
                consumer.cancel(true);
            });
            go.countDown();
            maker.join();
            canceller.join();
            if (consumer.isCancelled()) {
                cancelled.incrementAndGet();
            } else {
                handedOver.incrementAndGet();
                consumer.join().close();
            }
        }
        await("every made resource is cleaned", () -> made.stream().allMatch(c -> c.cleanups.get() == 1));
        for (Counted c : made) {
            assertEquals(1, c.cleanups.get(), c::toString);
        }
        assertEquals(iterations, handedOver.get() + cancelled.get());
        assertEquals(0, registry.activeCount());
        assertEquals(0, registry.stats().leaked(), "nothing was left to the safety net");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void registrations_racing_the_instance_close_are_never_dropped() throws Exception {
        for (int round = 0; round < 20; round++) {
            MemoryUtilities instance = MemoryUtilities.open(UtilityConfig.builder().provider(providerName())
                    .shutdownTimeout(Duration.ofSeconds(10)).build());
            ResourceRegistry registry = instance.resources(ResourceConfig.builder().name("handover").build());
            CountingCleanup cleanup = new CountingCleanup(false);
            Set<Counted> offered = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            CountDownLatch started = new CountDownLatch(4);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 1_000_000;
                workers.add(Thread.ofPlatform().start(() -> {
                    started.countDown();
                    for (int i = 0; i < 100_000 && refused.get() < 100; i++) {
                        Counted c = new Counted(base + i);
                        offered.add(c);
                        try {
                            registry.register(c, cleanup);
                        } catch (CleanupException e) {
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            started.await();
            Thread.sleep(2);
            instance.close();
            PoolContract.joinAll(workers);
            await("every offered resource is cleaned", () -> offered.stream().allMatch(c -> c.cleanups.get() == 1));
            for (Counted c : offered) {
                assertEquals(1, c.cleanups.get(), c::toString);
            }
            assertEquals(offered.size(), cleanup.calls.get());
        }
    }
}
