package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.patinox.memory.spi.BlockingConnectionManager;

/** How a blocking manager is seen by a pool: failed stages for what it throws, a bounded recycle off the caller. */
final class BlockingManagerAdapterTest {

    private final ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        virtual.shutdownNow();
    }

    /** A manager that keeps the default recycle. */
    private static class Plain implements BlockingConnectionManager<String> {
        final AtomicInteger made = new AtomicInteger();

        @Override
        public String create() throws IOException {
            if (made.incrementAndGet() == 2) {
                throw new IOException("refused by the test");
            }
            return "c" + made.get();
        }

        @Override
        public boolean validate(String connection) throws InterruptedException {
            Thread.sleep(Duration.ofMinutes(1));
            return true;
        }

        @Override
        public void destroy(String connection) {
        }
    }

    private static Throwable failureOf(CompletionStage<?> stage) {
        CompletableFuture<?> f = stage.toCompletableFuture();
        assertTrue(f.isCompletedExceptionally(), () -> "completed normally: " + f);
        return f.exceptionNow();
    }

    @Test
    void a_checked_exception_is_the_failed_stages_own_cause_and_a_value_completes_it() {
        BlockingManagerAdapter<String> adapter = new BlockingManagerAdapter<>(new Plain(), virtual,
                Duration.ofSeconds(5), "p");
        assertEquals("c1", adapter.create().toCompletableFuture().join());
        Throwable failure = failureOf(adapter.create());
        assertInstanceOf(IOException.class, failure);
        assertEquals("refused by the test", failure.getMessage());
    }

    @Test
    void an_interrupted_call_fails_with_its_interruption_and_keeps_the_interrupt_status() {
        BlockingManagerAdapter<String> adapter = new BlockingManagerAdapter<>(new Plain(), virtual,
                Duration.ofSeconds(5), "p");
        Thread.currentThread().interrupt();
        try {
            assertInstanceOf(InterruptedException.class, failureOf(adapter.validate("c1")));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status was swallowed");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void the_default_recycle_costs_no_thread() {
        AtomicInteger tasks = new AtomicInteger();
        BlockingManagerAdapter<String> adapter = new BlockingManagerAdapter<>(new Plain(), task -> {
            tasks.incrementAndGet();
            virtual.execute(task);
        }, Duration.ofSeconds(5), "p");
        assertTrue(adapter.recycle("c1").toCompletableFuture().isDone());
        assertEquals(0, tasks.get());
    }

    @Test
    void a_recycle_runs_on_a_virtual_thread_and_is_done_when_it_returns() {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        BlockingManagerAdapter<String> adapter = new BlockingManagerAdapter<>(new Plain() {
            @Override
            public void recycle(String connection) throws InterruptedException {
                Thread.sleep(50);
                ranOn.set(Thread.currentThread());
            }
        }, virtual, Duration.ofSeconds(30), "p");
        CompletableFuture<Void> done = adapter.recycle("c1").toCompletableFuture();
        assertTrue(done.isDone() && !done.isCompletedExceptionally(), done::toString);
        assertTrue(ranOn.get().isVirtual());
        assertNotSame(Thread.currentThread(), ranOn.get());
    }

    @Test
    void a_hung_recycle_fails_at_its_bound_and_its_thread_is_interrupted() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        BlockingManagerAdapter<String> adapter = new BlockingManagerAdapter<>(new Plain() {
            @Override
            public void recycle(String connection) {
                try {
                    Thread.sleep(Duration.ofMinutes(10));
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
        }, virtual, Duration.ofMillis(200), "orders");
        Throwable failure = failureOf(adapter.recycle("c1"));
        assertInstanceOf(TimeoutException.class, failure);
        assertEquals("recycling a connection of pool orders took longer than 200 ms", failure.getMessage());
        assertTrue(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS), "the recycling thread was not interrupted");
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void the_adapter_shows_the_managers_text() {
        Plain plain = new Plain() {
            @Override
            public String toString() {
                return "sockets to 127.0.0.1";
            }
        };
        assertEquals("sockets to 127.0.0.1", new BlockingManagerAdapter<>(plain, virtual, Duration.ofSeconds(1), "p")
                .toString());
    }
}
