package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.patinox.memory.spi.AsyncCleanup;

/** What the resource suites share: waiting, collecting garbage, and resources that count their cleanups. */
final class ResourceTesting {

    static final Duration SOON = Duration.ofSeconds(30);

    private ResourceTesting() {
    }

    /** Waits until a condition holds, failing after {@link #SOON}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + SOON + ": " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    /** Collects garbage until a condition holds: the safety net needs the guards collected. */
    static void collectUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + SOON + " of collecting garbage: " + what);
            }
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    /** A resource that counts its cleanups and remembers the threads they ran on. */
    static final class Counted {
        final int number;
        final AtomicInteger cleanups = new AtomicInteger();

        Counted(int number) {
            this.number = number;
        }

        @Override
        public String toString() {
            return "Counted#" + number;
        }
    }

    /** A cleanup of {@link Counted} that records each call. */
    static final class CountingCleanup implements AsyncCleanup<Counted> {
        final List<Integer> order = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();
        final boolean keepOrder;

        CountingCleanup(boolean keepOrder) {
            this.keepOrder = keepOrder;
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> cleanup(Counted resource) {
            resource.cleanups.incrementAndGet();
            calls.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            if (keepOrder) {
                order.add(resource.number);
            }
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
    }

    /**
     * A monitor of leak reports that keeps up with a hundred thousand of them: a count and the
     * sites in a lock-free queue ({@link RecordingMonitor}'s copy-on-write list would copy itself
     * on every event).
     */
    static final class LeakCounter implements org.patinox.memory.spi.Monitor {
        final java.util.concurrent.atomic.LongAdder leaks = new java.util.concurrent.atomic.LongAdder();
        final java.util.Queue<Throwable> sites = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final String source;

        LeakCounter(String source) {
            this.source = source;
        }

        @Override
        public boolean isEnabled(org.patinox.memory.monitor.EventKind kind) {
            return kind == org.patinox.memory.monitor.EventKind.RESOURCE_LEAKED;
        }

        @Override
        public void record(org.patinox.memory.monitor.MonitorEvent event) {
            if (event.source().equals(source)) {
                leaks.increment();
                event.error().ifPresent(sites::add);
            }
        }
    }
}
