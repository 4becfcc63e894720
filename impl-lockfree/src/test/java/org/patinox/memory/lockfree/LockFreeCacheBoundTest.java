package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.cache.CacheConfig;

/**
 * The documented overshoot bound: under a storm of writes the cache's weight never exceeds the
 * maximum by more than the write buffer's capacity in writes.
 *
 * <p>Writers put new keys from many threads while a sampler, again and again, takes the eviction
 * lock itself, so that no maintenance runs, and waits until the writers are stopped by the full
 * buffer: every claimed slot filled, and either every slot open to them claimed or every writer
 * still writing queued for the lock (a writer that reads the buffer's indices while they move may
 * find it full a slot early, and errs that way). The
 * map is then still, so its count is exact (a {@code ConcurrentHashMap}'s count is a sum of cells
 * read one after another, not a snapshot, while writes go on), and it is as far over the maximum
 * as the writers could take it. The sampler then lets go, plainly, and the writers, one of them as
 * the lock's holder, drain the buffer and evict.
 */
@Timeout(120)
final class LockFreeCacheBoundTest {

    private static final int CAPACITY = 16;
    private static final int SAMPLES = 50;
    private final CacheTesting.Context context = new CacheTesting.Context();

    @AfterEach
    void close() {
        context.close();
    }

    @Test
    void the_number_of_entries_never_exceeds_the_maximum_by_more_than_the_write_buffer() throws Exception {
        int maximum = 50;
        LockFreeCache<Integer, String> cache = CacheTesting.cache(CacheConfig.<Integer, String>builder()
                .maximumSize(maximum), new CacheTesting.Lru<>(), context, CacheTesting.quiet(), 8, CAPACITY);
        Storm storm = storm(cache, () -> cache.size());
        assertEquals(List.of(), storm.breaches(maximum + CAPACITY));
        assertTrue(storm.highest > maximum,
                () -> "the writers never ran ahead of the maintainer (highest " + storm.highest + "): the test saw nothing");
        cache.cleanUp();
        assertEquals(maximum, cache.size());
        cache.close();
    }

    @Test
    void the_weight_never_exceeds_the_maximum_by_more_than_the_weight_of_the_write_buffer() throws Exception {
        int maximum = 120;
        int heaviest = 4;
        LockFreeCache<Integer, String> cache = CacheTesting.cache(CacheConfig.<Integer, String>builder()
                .maximumWeight(maximum).weigher((k, v) -> v.length() % heaviest + 1), new CacheTesting.Lru<>(), context,
                CacheTesting.quiet(), 8, CAPACITY);
        Storm storm = storm(cache, () -> cache.asMap().values().stream().mapToLong(v -> v.length() % heaviest + 1).sum());
        assertEquals(List.of(), storm.breaches(maximum + (long) CAPACITY * heaviest));
        assertTrue(storm.highest > maximum, () -> "the storm never ran ahead (highest " + storm.highest + ")");
        cache.cleanUp();
        long total = cache.asMap().values().stream().mapToLong(v -> v.length() % heaviest + 1).sum();
        assertTrue(total <= maximum, () -> "after cleanUp, weight " + total);
        assertEquals(total, cache.weightedSize());
        cache.close();
    }

    /** What the sampler saw. */
    private static final class Storm {
        final List<Long> samples = new ArrayList<>();
        final List<Integer> outstanding = new ArrayList<>();
        long highest;

        List<String> breaches(long bound) {
            List<String> breaches = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i) > bound || outstanding.get(i) > CAPACITY) {
                    breaches.add("sample " + i + ": " + samples.get(i) + " over " + bound + " with "
                            + outstanding.get(i) + " writes outstanding");
                }
            }
            return breaches;
        }
    }

    private static Storm storm(LockFreeCache<Integer, String> cache, java.util.function.LongSupplier measure)
            throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger writing = new AtomicInteger(12);
        AtomicLong keys = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        Storm storm = new Storm();
        List<Future<?>> writers = new ArrayList<>();
        try (ExecutorService platform = Executors.newFixedThreadPool(4);
             ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 12; t++) {
                writers.add((t < 4 ? platform : virtual).submit(() -> {
                    start.await();
                    try {
                        while (!done.get()) {
                            long key = keys.incrementAndGet();
                            cache.put((int) key, "v".repeat((int) (key % 7) + 1));
                        }
                    } catch (RuntimeException | Error e) {
                        failures.add(e);
                    } finally {
                        writing.decrementAndGet();
                    }
                    return null;
                }));
            }
            Thread sampler = Thread.ofPlatform().start(() -> {
                while (storm.samples.size() < SAMPLES && writing.get() > 0) {
                    cache.evictionLock().lock();
                    try {
                        while (writing.get() > 0 && !(cache.writesFilled() == cache.writesOutstanding()
                                && (cache.writesOutstanding() >= CAPACITY - 1
                                    || cache.evictionLock().getQueueLength() >= writing.get()))) {
                            Thread.yield(); // the writers run into the full buffer
                        }
                        if (writing.get() > 0) {
                            long sample = measure.getAsLong();
                            storm.samples.add(sample);
                            storm.outstanding.add(cache.writesOutstanding());
                            storm.highest = Math.max(storm.highest, sample);
                        }
                    } finally {
                        cache.evictionLock().unlock();
                    }
                    while (writing.get() > 0 && cache.writesOutstanding() >= CAPACITY - 1) {
                        Thread.yield(); // until a writer, as the lock's holder, has drained the buffer
                    }
                }
                done.set(true);
            });
            start.countDown();
            try {
                sampler.join(TimeUnit.SECONDS.toMillis(100));
                for (Future<?> writer : writers) {
                    writer.get(10, TimeUnit.SECONDS);
                }
            } finally {
                done.set(true);
                sampler.join();
            }
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(SAMPLES, storm.samples.size(), () -> "only " + storm.samples.size() + " samples");
        return storm;
    }
}
