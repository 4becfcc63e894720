package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The background drain's state machine, stepped deterministically: the clock is the test's, a
 * sleep moves it on (and may act at a chosen sleep), and tasks run only when the test runs them.
 */
@Timeout(60)
final class DrainTest {

    /** An executor whose tasks wait in a queue until the test runs them; it refuses them once shut down. */
    private static final class StepExecutor implements Executor {
        final ArrayDeque<Runnable> queued = new ArrayDeque<>();
        boolean shutDown;

        @Override
        public void execute(Runnable task) {
            if (shutDown) {
                throw new RejectedExecutionException("shut down");
            }
            queued.add(task);
        }

        /** Runs the oldest queued task on the calling thread. */
        void runNext() {
            Runnable task = queued.poll();
            assertTrue(task != null, "a task is queued");
            task.run();
        }
    }

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final StepExecutor executor = new StepExecutor();
    private final AtomicInteger maintained = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Throwable> failures = new ArrayList<>();
    /** Sleeps so far, counted by the fake sleep. */
    private final AtomicInteger sleeps = new AtomicInteger();
    /** What the fake sleep does after moving the clock, given the number of the sleep (1 for the first). */
    private volatile java.util.function.IntConsumer atSleep = n -> { };
    /** What one maintenance does besides counting itself. */
    private volatile Runnable work = () -> { };

    private final LongConsumer sleep = nanos -> {
        clock.addAndGet(nanos);
        atSleep.accept(sleeps.incrementAndGet());
    };

    private Drain drain(Executor on) {
        return new Drain(on, () -> {
            maintained.incrementAndGet();
            work.run();
        }, closed::get, failures::add, clock::get, sleep);
    }

    @AfterEach
    void clear_the_interrupt() {
        Thread.interrupted(); // a test that interrupts the running task runs it on this thread
    }

    @Test
    void a_request_queues_one_run_and_requests_before_it_starts_add_none() {
        Drain drain = drain(executor);
        assertEquals(Drain.IDLE, drain.status());
        drain.request();
        drain.request();
        drain.request();
        assertEquals(1, executor.queued.size());
        assertEquals(Drain.SCHEDULED, drain.status());
        assertEquals(0, maintained.get(), "nothing runs on the requesting thread");
    }

    @Test
    void a_run_maintains_then_lingers_a_millisecond_and_ends_idle() {
        Drain drain = drain(executor);
        drain.request();
        long start = clock.get();
        executor.runNext();
        assertEquals(1, maintained.get());
        assertEquals(Drain.IDLE, drain.status());
        assertTrue(executor.queued.isEmpty(), "nothing queued after a run without requests");
        assertEquals(Drain.LINGER / Drain.PACE + 1, sleeps.get(), "slept a pace at a time until past the linger");
        assertTrue(clock.get() - start > Drain.LINGER);
        drain.request();
        assertEquals(1, executor.queued.size(), "a later request queues a new run");
    }

    @Test
    void a_request_while_lingering_is_maintained_by_the_same_run() {
        Drain drain = drain(executor);
        atSleep = n -> {
            if (n == 3 || n == 10) {
                assertEquals(Drain.LINGERING, drain.status());
                drain.request();
                assertEquals(Drain.REQUESTED, drain.status());
            }
        };
        drain.request();
        executor.runNext();
        assertEquals(3, maintained.get(), "once for the run, once per request while lingering");
        assertTrue(executor.queued.isEmpty(), "no run queued for a request the running one took");
        assertEquals(Drain.IDLE, drain.status());
    }

    @Test
    void after_a_millisecond_of_work_a_run_with_a_request_pending_queues_itself_again() {
        Drain drain = drain(executor);
        long slice = Drain.TASK_SLICE;
        work = () -> {
            clock.addAndGet(slice / 4); // each maintenance takes a quarter of the slice
            drain.request(); // and a request comes during every one
        };
        drain.request();
        long start = clock.get();
        executor.runNext();
        // Maintenances at 0, 1/4 + pace, 2/4 + 2 paces, 3/4 + 3 paces: past the slice after the fourth.
        assertEquals(4, maintained.get());
        assertTrue(clock.get() - start > slice);
        assertEquals(3, sleeps.get(), "no sleep once past the slice");
        assertEquals(1, executor.queued.size(), "queued again behind the executor's other tasks");
        assertEquals(Drain.SCHEDULED, drain.status());
        drain.request();
        assertEquals(1, executor.queued.size(), "the queued run answers further requests");

        atSleep = n -> { };
        work = () -> { };
        executor.runNext();
        assertEquals(5, maintained.get(), "the queued run maintains what was asked");
        assertEquals(Drain.IDLE, drain.status());
        assertTrue(executor.queued.isEmpty());
    }

    @Test
    void after_a_millisecond_of_work_a_run_without_a_request_ends_idle() {
        Drain drain = drain(executor);
        work = () -> clock.addAndGet(Drain.TASK_SLICE + 1);
        drain.request();
        executor.runNext();
        assertEquals(1, maintained.get());
        assertEquals(0, sleeps.get(), "past the slice at once: no lingering");
        assertEquals(Drain.IDLE, drain.status());
        assertTrue(executor.queued.isEmpty());
    }

    @Test
    void an_interrupted_run_stops_lingering_and_ends_idle() {
        Drain drain = drain(executor);
        atSleep = n -> {
            if (n == 2) {
                Thread.currentThread().interrupt(); // as an executor's shutdownNow() does
            }
        };
        drain.request();
        executor.runNext();
        assertTrue(Thread.interrupted(), "the interrupt is left to the executor's thread");
        assertEquals(2, sleeps.get(), "no sleep after the interrupt");
        assertEquals(1, maintained.get());
        assertEquals(Drain.IDLE, drain.status());
        assertTrue(executor.queued.isEmpty(), "not queued again");
        drain.request();
        assertEquals(1, executor.queued.size(), "a later request queues a new run");
    }

    @Test
    void an_interrupted_run_hands_a_pending_request_to_a_new_run() {
        Drain drain = drain(executor);
        atSleep = n -> {
            if (n == 1) {
                drain.request();
                Thread.currentThread().interrupt();
            }
        };
        drain.request();
        executor.runNext();
        // The request came with the interrupt: the run maintained it, then found the interrupt.
        assertEquals(2, maintained.get());
        assertTrue(Thread.interrupted());
        assertEquals(Drain.IDLE, drain.status());

        maintained.set(0);
        atSleep = n -> { };
        work = () -> {
            if (maintained.get() == 1) {
                drain.request(); // asked again while maintaining, and interrupted
                Thread.currentThread().interrupt();
            }
        };
        drain.request();
        executor.runNext();
        assertTrue(Thread.interrupted());
        assertEquals(1, maintained.get(), "the interrupted thread does not maintain again");
        assertEquals(1, executor.queued.size(), "the pending request is handed to a new run");
        assertEquals(Drain.SCHEDULED, drain.status());
        executor.runNext(); // the new run, on a thread not interrupted
        assertEquals(2, maintained.get());
        assertEquals(Drain.IDLE, drain.status());
    }

    @Test
    void a_shut_down_executor_leaves_the_drain_idle_for_the_next_writer() {
        Drain drain = drain(executor);
        executor.shutDown = true;
        drain.request();
        assertEquals(Drain.IDLE, drain.status());
        assertEquals(0, maintained.get());
        executor.shutDown = false;
        drain.request();
        assertEquals(Drain.SCHEDULED, drain.status(), "a refusal leaves nothing stuck");
    }

    @Test
    void a_closed_cache_stops_the_lingering_run_and_asks_for_none() {
        Drain drain = drain(executor);
        atSleep = n -> {
            if (n == 4) {
                closed.set(true);
            }
        };
        drain.request();
        executor.runNext();
        assertEquals(1, maintained.get());
        assertEquals(4, sleeps.get());
        assertEquals(Drain.IDLE, drain.status());
        drain.request();
        assertTrue(executor.queued.isEmpty(), "nothing is queued for a closed cache");
    }

    @Test
    void run_on_the_thread_that_asked_it_maintains_without_lingering() {
        Drain drain = drain(Runnable::run);
        atSleep = n -> {
            throw new AssertionError("an inline run must not sleep");
        };
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        work = () -> {
            ranOn.set(Thread.currentThread());
            if (maintained.get() == 1) {
                drain.request(); // asked again while maintaining: maintained again, at once
            }
        };
        drain.request();
        assertSame(Thread.currentThread(), ranOn.get());
        assertEquals(2, maintained.get());
        assertEquals(Drain.IDLE, drain.status());
        drain.request();
        assertEquals(3, maintained.get(), "every request is maintained within the call");
    }

    @Test
    void a_failing_maintenance_is_handed_over_and_leaves_the_drain_idle() {
        Drain drain = drain(executor);
        IllegalStateException broken = new IllegalStateException("maintenance broke");
        work = () -> {
            throw broken;
        };
        drain.request();
        executor.runNext();
        assertEquals(List.of(broken), failures);
        assertEquals(Drain.IDLE, drain.status());
        drain.request();
        assertEquals(1, executor.queued.size(), "the next request queues a run");
    }

    /**
     * Many threads request at once, on virtual threads and the real clock: maintenances never
     * overlap, and every request is followed by a maintenance that began after it.
     */
    @Test
    void concurrent_requests_are_each_followed_by_a_maintenance_and_runs_never_overlap() throws Exception {
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            AtomicLong requests = new AtomicLong();
            AtomicLong covered = new AtomicLong();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicLong runs = new AtomicLong();
            Drain drain = new Drain(threads, () -> {
                if (running.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                runs.incrementAndGet();
                covered.accumulateAndGet(requests.get(), Math::max); // every request counted so far is served
                Thread.onSpinWait();
                running.decrementAndGet();
            }, () -> false, e -> {
                throw new AssertionError(e);
            });
            int workers = 8;
            for (int round = 0; round < 20; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Thread> started = new ArrayList<>();
                for (int w = 0; w < workers; w++) {
                    started.add(Thread.ofPlatform().start(() -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            return;
                        }
                        for (int i = 0; i < 2_000; i++) {
                            requests.incrementAndGet();
                            drain.request();
                            if (i % 256 == 0) {
                                Thread.yield();
                            }
                        }
                    }));
                }
                start.countDown();
                for (Thread t : started) {
                    t.join();
                }
                long asked = requests.get();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (covered.get() < asked && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertEquals(asked, covered.get(), "round " + round + ": a request was left without a maintenance");
                // Let the round's run linger out now and then, so that the next round queues a new one.
                if (round % 4 == 3) {
                    long idleBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (drain.status() != Drain.IDLE && System.nanoTime() < idleBy) {
                        Thread.sleep(1);
                    }
                    assertEquals(Drain.IDLE, drain.status(), "idle once requests stop");
                }
            }
            assertEquals(0, overlaps.get(), "two maintenances ran at once");
            assertFalse(runs.get() == 0);
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
