package org.patinox.memory.standard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The standard cache's read buffer under many readers, platform and virtual threads, and drainers
 * that take a lock as the cache's do, over many rounds, each read tracked on its own: a read is
 * drained exactly once if {@link ReadBuffer#offer} accepted it and never if it dropped it, each
 * thread's reads come out in the order it made them, and the accepted, the dropped and the drained
 * add up to the offers.
 */
@Tag("stress")
final class ReadBufferStressTest {

    @Test
    @Timeout(300)
    void every_accepted_read_is_drained_once_in_order_and_no_dropped_read_is() throws Exception {
        for (int round = 0; round < 600; round++) {
            runRound(round, 2 + round % 7, round % 10 == 0 ? 20_000 : 2_000, round % 3 == 0 ? 1 : 4);
        }
    }

    private static void runRound(int round, int threads, int perThread, int stripes) throws Exception {
        String where = "round " + round + ", " + threads + " threads, " + stripes + " stripes";
        ReadBuffer<Integer> buffer = new ReadBuffer<>(stripes);
        ReentrantLock lock = new ReentrantLock();
        // Per read id (thread * perThread + sequence): 1 when accepted, set by its reader...
        AtomicIntegerArray accepted = new AtomicIntegerArray(threads * perThread);
        // ...and how many times it was drained, counted under the lock.
        int[] drained = new int[threads * perThread];
        int[] lastSeen = new int[threads];
        java.util.Arrays.fill(lastSeen, -1);
        List<String> breaches = new ArrayList<>();
        java.util.function.Consumer<Integer> check = id -> {
            int thread = id / perThread;
            if (id <= lastSeen[thread]) {
                breaches.add("thread " + thread + ": read " + id + " after " + lastSeen[thread]);
            }
            lastSeen[thread] = id;
            drained[id]++;
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
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread.Builder builder = (t + round) % 2 == 0 ? Thread.ofVirtual() : Thread.ofPlatform();
            readers.add(builder.start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    int id = thread * perThread + i;
                    int answer = buffer.offer(id);
                    if (answer >= 1 && answer <= ReadBuffer.RING) {
                        accepted.set(id, 1);
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
            assertTrue(!reader.isAlive(), () -> where + ": " + reader + " is stuck");
        }
        done.set(true);
        drainer.join();
        lock.lock();
        try {
            buffer.drainTo(check);
            assertEquals(List.of(), breaches, where);
            long acceptedCount = 0;
            for (int id = 0; id < drained.length; id++) {
                int expected = accepted.get(id);
                acceptedCount += expected;
                if (drained[id] != expected) {
                    throw new AssertionError(where + ": read " + id + (expected == 1 ? ", accepted," : ", dropped,")
                            + " drained " + drained[id] + " times");
                }
            }
            assertTrue(acceptedCount > 0, where + ": some reads accepted");
            List<Integer> rest = new ArrayList<>();
            buffer.drainTo(rest::add);
            assertEquals(List.of(), rest, where + ": nothing left once drained");
        } finally {
            lock.unlock();
        }
    }
}
