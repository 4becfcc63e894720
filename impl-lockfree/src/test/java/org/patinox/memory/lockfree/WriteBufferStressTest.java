package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cache's write buffer under many producers (platform and virtual threads) and one consumer
 * that holds the lock, over many rounds: every write is handed over exactly once and none is ever
 * dropped (a producer that finds the ring full waits, as a cache writer takes the lock), each
 * producer's writes come out in the order it claimed them, the claims outstanding never pass the
 * capacity, and the lock holder's claim, made with none of its own outstanding, always succeeds.
 */
@Tag("stress")
final class WriteBufferStressTest {

    /** What the consumer fills its own (holder's) claims with. */
    private record HolderWrite(long sequence) { }

    /** A producer's write: who and its sequence. */
    private record Write(int producer, int sequence) { }

    @Test
    @Timeout(300)
    void producers_and_a_lock_holder_hand_over_every_write_once_in_order_and_never_overfill() throws Exception {
        // Small rings are full most of the time; the default one mostly is not.
        int[] capacities = {2, 4, 16, WriteBuffer.defaultCapacity()};
        for (int round = 0; round < 200; round++) {
            int capacity = capacities[round % capacities.length];
            int producers = 2 + round % 5;
            int perProducer = round % 40 == 0 ? 2_000 : 150;
            runRound(new WriteBuffer(capacity), producers, perProducer, round);
        }
    }

    private static void runRound(WriteBuffer buffer, int producers, int perProducer, int round) throws Exception {
        String where = "round " + round + ", capacity " + buffer.capacity() + ", " + producers + " producers";
        int[] next = new int[producers]; // consumer only: the sequence each producer's next write must have
        LongAdder overfills = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch produced = new CountDownLatch(producers);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread.Builder builder = (p + round) % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        long index;
                        while ((index = buffer.claim(false)) < 0) {
                            Thread.yield(); // full: the consumer frees a slot
                        }
                        if (i % 7 == 0) {
                            Thread.yield(); // claimed and not yet filled for a while: the consumer sees UNFILLED
                        }
                        buffer.fill(index, new Write(producer, i));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    produced.countDown();
                }
            }));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] holder = new long[3]; // claims made, claims refused, holder writes consumed
        Thread consumer = Thread.ofPlatform().start(() -> {
            try {
                long consumed = 0;
                long expected = (long) producers * perProducer;
                boolean ownOutstanding = false;
                while (consumed < expected || ownOutstanding) {
                    // Exact here: only this thread moves the consumer index, which outstanding() reads first.
                    if (buffer.outstanding() > buffer.capacity()) {
                        overfills.increment();
                    }
                    Object item = buffer.peek();
                    if (item == null || item == WriteBuffer.UNFILLED) {
                        Thread.onSpinWait();
                        continue;
                    }
                    boolean ofProducer = false;
                    if (item instanceof HolderWrite own) {
                        assertEquals(holder[2], own.sequence(), "the holder's writes in order");
                        holder[2]++;
                        ownOutstanding = false;
                    } else {
                        Write write = (Write) item;
                        assertEquals(next[write.producer()], write.sequence(),
                                () -> "producer " + write.producer() + "'s writes once each and in order");
                        next[write.producer()]++;
                        consumed++;
                        ofProducer = true;
                    }
                    buffer.advance();
                    // Now and then, as a lock holder writing itself: with none of its own outstanding,
                    // the last slot is always left for it.
                    if (ofProducer && !ownOutstanding && consumed % 13 == 0) {
                        long index = buffer.claim(true);
                        if (index < 0) {
                            holder[1]++;
                        } else {
                            buffer.fill(index, new HolderWrite(holder[0]++));
                            ownOutstanding = true;
                        }
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        start.countDown();
        assertTrue(produced.await(60, TimeUnit.SECONDS), () -> where + ": producers stuck");
        consumer.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(consumer.isAlive(), () -> where + ": consumer stuck");
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(where, failure.get());
        }
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, next[p], where + ": producer " + p + "'s writes all handed over");
        }
        assertEquals(0, holder[1], where + ": the holder's claims refused");
        assertEquals(holder[0], holder[2], where + ": the holder's writes all handed over");
        assertEquals(0, overfills.sum(), where + ": more claims outstanding than the capacity");
        assertEquals(0, buffer.outstanding(), where + ": nothing left");
        assertEquals(null, buffer.peek(), where);
        assertFalse(buffer.headFilled(), where);
    }
}
