package org.patinox.memory.standard;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.cache.RemovalListener;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.ProviderContext;

/** What the cache tests share: a context of their own, a ticker, a listener and strategies. */
final class CacheFixtures {

    private CacheFixtures() {
    }

    /** A provider context with its own one-thread scheduler (cancelled tasks leave its queue) and virtual threads. */
    static final class TestContext implements ProviderContext, AutoCloseable {
        final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "test-cache-scheduler");
            t.setDaemon(true);
            return t;
        });
        private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();

        TestContext() {
            scheduler.setRemoveOnCancelPolicy(true);
        }

        @Override
        public String name() {
            return "test";
        }

        @Override
        public UtilityConfig config() {
            return UtilityConfig.defaults();
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }

        @Override
        public ExecutorService blockingExecutor() {
            return blocking;
        }

        @Override
        public void close() {
            scheduler.shutdownNow();
            blocking.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
                blocking.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A ticker that moves only when told; thread-safe. */
    static final class ManualTicker implements LongSupplier {
        // Far from zero, so that a timestamp of 0 would not pass for a recent one.
        private final AtomicLong nanos = new AtomicLong(5_000_000_000_000L);

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        void advance(long by) {
            nanos.addAndGet(by);
        }
    }

    /** One removal notification. */
    record Note<K, V>(K key, V value, RemovalCause cause, Thread thread) {
    }

    /** A listener that keeps every notification; thread-safe. */
    static final class Notes<K, V> implements RemovalListener<K, V> {
        private final ConcurrentLinkedQueue<Note<K, V>> notes = new ConcurrentLinkedQueue<>();

        @Override
        public void onRemoval(K key, V value, RemovalCause cause) {
            notes.add(new Note<>(key, value, cause, Thread.currentThread()));
        }

        List<Note<K, V>> all() {
            return List.copyOf(notes);
        }

        List<K> keys(RemovalCause cause) {
            return notes.stream().filter(n -> n.cause() == cause).map(Note::key).toList();
        }

        Map<RemovalCause, Integer> counts() {
            Map<RemovalCause, Integer> counts = new EnumMap<>(RemovalCause.class);
            notes.forEach(n -> counts.merge(n.cause(), 1, Integer::sum));
            return counts;
        }
    }

    /** Exact LRU, as the built-in, for tests that hold the strategy in their hands. */
    static class Lru<K, V> implements EvictionStrategy<K, V> {
        final EntryList<K, V> order = new EntryList<>();

        @Override
        public void onInsert(CacheEntry<K, V> entry) {
            order.addLast(entry);
        }

        @Override
        public void onAccess(CacheEntry<K, V> entry) {
            order.moveToLast(entry);
        }

        @Override
        public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
            order.moveToLast(entry);
        }

        @Override
        public void onRemove(CacheEntry<K, V> entry) {
            order.remove(entry);
        }

        @Override
        public CacheEntry<K, V> victim() {
            return order.first();
        }
    }
}
