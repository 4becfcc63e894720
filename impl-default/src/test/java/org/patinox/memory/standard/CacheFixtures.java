package org.patinox.memory.standard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /**
     * Wraps a strategy and records every breach of the SPI's promises: overlapping calls, an entry
     * accessed, updated, judged or removed before its insert or after its removal, inserted twice.
     */
    static final class Checked<K, V> implements EvictionStrategy<K, V> {
        private final EvictionStrategy<K, V> delegate;
        final Set<CacheEntry<K, V>> held = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<CacheEntry<K, V>> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        private final List<String> breaches = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean inCall = new AtomicBoolean();
        long inserts;
        long removes;
        long accesses;

        Checked(EvictionStrategy<K, V> delegate) {
            this.delegate = delegate;
        }

        private void enter(String call) {
            if (!inCall.compareAndSet(false, true)) {
                breaches.add(call + " overlapped another call");
            }
        }

        private void exit() {
            inCall.set(false);
        }

        private boolean requireHeld(String call, CacheEntry<K, V> entry) {
            if (held.contains(entry)) {
                return true;
            }
            breaches.add(call + " of an entry " + (gone.contains(entry) ? "removed" : "never inserted") + ": " + entry);
            return false;
        }

        @Override
        public boolean admit(CacheEntry<K, V> candidate) {
            enter("admit");
            try {
                return delegate.admit(candidate);
            } finally {
                exit();
            }
        }

        @Override
        public void onInsert(CacheEntry<K, V> entry) {
            enter("onInsert");
            try {
                if (!held.add(entry) || gone.contains(entry)) {
                    breaches.add("onInsert again: " + entry);
                }
                inserts++;
                delegate.onInsert(entry);
            } finally {
                exit();
            }
        }

        @Override
        public void onAccess(CacheEntry<K, V> entry) {
            enter("onAccess");
            try {
                if (requireHeld("onAccess", entry)) {
                    accesses++;
                    delegate.onAccess(entry);
                }
            } finally {
                exit();
            }
        }

        @Override
        public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
            enter("onUpdate");
            try {
                if (requireHeld("onUpdate", entry)) {
                    delegate.onUpdate(entry, previousWeight);
                }
            } finally {
                exit();
            }
        }

        @Override
        public void onRemove(CacheEntry<K, V> entry) {
            enter("onRemove");
            try {
                if (requireHeld("onRemove", entry)) {
                    held.remove(entry);
                    gone.add(entry);
                    removes++;
                    delegate.onRemove(entry);
                }
            } finally {
                exit();
            }
        }

        @Override
        public CacheEntry<K, V> victim() {
            enter("victim");
            try {
                CacheEntry<K, V> victim = delegate.victim();
                if (victim != null && !held.contains(victim)) {
                    breaches.add("victim not held: " + victim);
                }
                return victim;
            } finally {
                exit();
            }
        }

        @Override
        public boolean usesTime() {
            return delegate.usesTime();
        }

        @Override
        public boolean shouldEvict(CacheEntry<K, V> entry, long now) {
            enter("shouldEvict");
            try {
                requireHeld("shouldEvict", entry);
                return delegate.shouldEvict(entry, now);
            } finally {
                exit();
            }
        }

        List<String> breaches() {
            synchronized (breaches) {
                return List.copyOf(breaches);
            }
        }
    }
}
