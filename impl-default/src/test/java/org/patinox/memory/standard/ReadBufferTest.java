package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The standard cache's lossy read buffer, alone. */
@Timeout(120)
final class ReadBufferTest {

    @Test
    void one_thread_gets_its_reads_back_in_order_and_a_full_ring_drops() {
        ReadBuffer<Integer> buffer = new ReadBuffer<>(4);
        List<Integer> drained = new ArrayList<>();
        int next = 0;
        // Many rounds, so that the ring wraps around its slots.
        for (int round = 0; round < 3 * (ReadBuffer.RING + 3); round++) {
            List<Integer> kept = new ArrayList<>();
            int count = round % (ReadBuffer.RING + 3);
            for (int i = 0; i < count; i++) {
                int answer = buffer.offer(next);
                if (i < ReadBuffer.RING) {
                    assertEquals(i + 1, answer, "the count of reads held");
                    kept.add(next);
                } else {
                    assertEquals(ReadBuffer.FULL, answer, "dropped, the ring being full");
                }
                next++;
            }
            drained.clear();
            buffer.drainTo(drained::add);
            assertEquals(kept, drained);
        }
        drained.clear();
        buffer.drainTo(drained::add);
        assertEquals(List.of(), drained, "a drained buffer is empty");
    }

    @Test
    void a_failing_consumer_loses_only_the_read_it_failed_on() {
        ReadBuffer<Integer> buffer = new ReadBuffer<>(2);
        for (int i = 0; i < 5; i++) {
            buffer.offer(i);
        }
        List<Integer> drained = new ArrayList<>();
        assertThrows(IllegalStateException.class, () -> buffer.drainTo(read -> {
            if (read == 2) {
                throw new IllegalStateException("consumer");
            }
            drained.add(read);
        }));
        buffer.drainTo(drained::add);
        assertEquals(List.of(0, 1, 3, 4), drained);
        assertEquals(1, buffer.offer(5), "the ring is empty again");
    }

    @Test
    void stripes_are_a_power_of_two_at_least_twice_the_processors() {
        int stripes = new ReadBuffer<>().stripes();
        assertEquals(1, Integer.bitCount(stripes));
        assertTrue(stripes >= Math.min(ReadBuffer.MAX_STRIPES, 2 * Runtime.getRuntime().availableProcessors()));
        assertThrows(IllegalArgumentException.class, () -> new ReadBuffer<>(3));
    }

    /**
     * Readers on more threads than stripes offer while a drainer under a lock empties the buffer:
     * every read accepted is drained exactly once, nothing else is, and each thread's reads come
     * out in the order it made them.
     */
    @Test
    void concurrent_readers_and_drainers_lose_no_accepted_read_and_duplicate_none() throws Exception {
        int threads = 8;
        int perThread = 200_000;
        for (int round = 0; round < 5; round++) {
            ReadBuffer<long[]> buffer = new ReadBuffer<>(4);
            ReentrantLock lock = new ReentrantLock();
            long[] lastSeen = new long[threads];
            java.util.Arrays.fill(lastSeen, -1);
            long[] drainedPerThread = new long[threads];
            List<String> breaches = new ArrayList<>();
            LongAdder accepted = new LongAdder();
            AtomicBoolean done = new AtomicBoolean();
            // Under the lock: each read is {thread, sequence}; a sequence must rise per thread.
            java.util.function.Consumer<long[]> check = read -> {
                int thread = (int) read[0];
                if (read[1] <= lastSeen[thread]) {
                    breaches.add("thread " + thread + ": " + read[1] + " after " + lastSeen[thread]);
                }
                lastSeen[thread] = read[1];
                drainedPerThread[thread]++;
            };
            Runnable drain = () -> {
                if (lock.tryLock()) {
                    try {
                        buffer.drainTo(check);
                    } finally {
                        lock.unlock();
                    }
                }
            };
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                readers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (long i = 0; i < perThread; i++) {
                        int answer = buffer.offer(new long[] {thread, i});
                        if (answer >= 1 && answer <= ReadBuffer.RING) {
                            accepted.increment();
                        }
                        if (answer >= ReadBuffer.DRAIN_AT) {
                            drain.run();
                        }
                    }
                }));
            }
            Thread drainer = Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    drain.run();
                    Thread.onSpinWait();
                }
            });
            start.countDown();
            for (Thread reader : readers) {
                reader.join(TimeUnit.MINUTES.toMillis(1));
                assertTrue(!reader.isAlive(), reader + " is stuck");
            }
            done.set(true);
            drainer.join();
            lock.lock();
            try {
                buffer.drainTo(check);
                assertEquals(List.of(), breaches);
                assertEquals(accepted.sum(), java.util.Arrays.stream(drainedPerThread).sum(),
                        "every accepted read drained once");
            } finally {
                lock.unlock();
            }
        }
    }
}
