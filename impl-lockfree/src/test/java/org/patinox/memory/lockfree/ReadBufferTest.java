package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read buffer on its own: its answers, its counts, and under many producers and a concurrent
 * consumer, over several rounds: every record is handed over exactly once, one thread's records in
 * a stripe come out in the order offered, and records and drops add up to the offers.
 */
final class ReadBufferTest {

    @Test
    void the_number_of_stripes_is_a_power_of_two() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ReadBuffer(6));
        assertTrue(e.getMessage().contains("stripes") && e.getMessage().contains("6"), e.getMessage());
        int stripes = ReadBuffer.defaultStripes();
        assertEquals(1, Integer.bitCount(stripes));
        assertTrue(stripes >= 4 && stripes <= 64, () -> "stripes " + stripes);
    }

    @Test
    void one_thread_is_told_when_its_record_fills_the_stripe_and_then_dropped() {
        ReadBuffer buffer = new ReadBuffer(4);
        for (int i = 1; i <= ReadBuffer.RING; i++) {
            int expected = i < ReadBuffer.RING ? ReadBuffer.RECORDED : ReadBuffer.RECORDED_DRAIN;
            assertEquals(expected, buffer.offer(i), "offer " + i);
        }
        assertEquals(ReadBuffer.FULL, buffer.offer(0));
        assertEquals(ReadBuffer.RING + 1, buffer.offered(), "the drop is counted as an offer");
        List<Object> drained = new ArrayList<>();
        buffer.drain(buffer.stripe(), drained::add);
        assertEquals(ReadBuffer.RING, drained.size());
        for (int i = 0; i < drained.size(); i++) {
            assertEquals(i + 1, drained.get(i), "in the order offered");
        }
        assertEquals(ReadBuffer.RECORDED, buffer.offer(-1), "room again once drained");
        assertEquals(ReadBuffer.RING + 2, buffer.offered());
    }

    @Test
    void drops_cost_nothing_when_not_counted() {
        ReadBuffer buffer = new ReadBuffer(1, false);
        for (int i = 0; i < ReadBuffer.RING * 3; i++) {
            buffer.offer(i);
        }
        assertEquals(ReadBuffer.RING, buffer.offered(), "the records only");
    }

    @Test
    @Timeout(60)
    void many_producers_and_a_consumer_hand_over_every_record_once_in_order_and_count_every_offer()
            throws InterruptedException {
        int producers = 8;
        int perProducer = 200_000;
        for (int round = 0; round < 5; round++) {
            ReadBuffer buffer = new ReadBuffer(round % 2 == 0 ? 2 : ReadBuffer.defaultStripes());
            AtomicIntegerArray seen = new AtomicIntegerArray(producers * perProducer);
            int stripes = buffer.stripes();
            int[][] lastSeen = new int[stripes][producers];
            for (int[] last : lastSeen) {
                Arrays.fill(last, -1);
            }
            LongAdder recorded = new LongAdder();
            AtomicBoolean producing = new AtomicBoolean(true);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                Thread.Builder builder = p % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
                threads.add(builder.start(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < perProducer; i++) {
                        int answer = buffer.offer(producer * perProducer + i);
                        if (answer == ReadBuffer.RECORDED || answer == ReadBuffer.RECORDED_DRAIN) {
                            recorded.increment();
                        }
                    }
                }));
            }
            // The consumer: one thread, as the cache's lock makes it. Within a stripe, each
            // producer's records come out in the order it offered them.
            Runnable drainAll = () -> {
                for (int stripe = 0; stripe < stripes; stripe++) {
                    int[] last = lastSeen[stripe];
                    buffer.drain(stripe, item -> {
                        int id = (Integer) item;
                        assertEquals(0, seen.getAndIncrement(id), "handed over twice: " + id);
                        int producer = id / perProducer;
                        assertTrue(id > last[producer], () -> "out of order in its stripe: " + id);
                        last[producer] = id;
                    });
                }
            };
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread consumer = Thread.ofPlatform().start(() -> {
                try {
                    while (producing.get()) {
                        drainAll.run();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            producing.set(false);
            consumer.join();
            if (failure.get() != null) {
                throw new AssertionError("the consumer failed", failure.get());
            }
            drainAll.run();
            long handedOver = 0;
            for (int i = 0; i < seen.length(); i++) {
                handedOver += seen.get(i);
            }
            assertEquals(recorded.sum(), handedOver, "every record handed over, once");
            assertEquals((long) producers * perProducer, buffer.offered(), "records and drops add up to the offers");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
