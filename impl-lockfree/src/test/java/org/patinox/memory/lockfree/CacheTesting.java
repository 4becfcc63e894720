package org.patinox.memory.lockfree;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.spi.EntryList;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

/** What the cache's unit and stress tests share: a context of their own, and strategies that record. */
final class CacheTesting {

    private CacheTesting() {
    }

    /** A provider context with a one-thread scheduler and virtual threads, closed by the test. */
    static final class Context implements ProviderContext, AutoCloseable {
        final ScheduledThreadPoolExecutor scheduler;
        final ExecutorService blocking;

        Context() {
            this(false);
        }

        /**
         * @param direct whether the blocking executor runs each task on the calling thread: a
         *     cache's background drains then happen within the call that asked for them, as
         *     Caffeine's tests run it on a same-thread executor (and the periodic runs on the
         *     scheduler's thread, which only a test may choose)
         */
        Context(boolean direct) {
            ThreadFactory threads = r -> {
                Thread thread = new Thread(r, "test-scheduler");
                thread.setDaemon(true);
                return thread;
            };
            scheduler = new ScheduledThreadPoolExecutor(1, threads);
            scheduler.setRemoveOnCancelPolicy(true);
            blocking = direct ? new DirectExecutor() : Executors.newVirtualThreadPerTaskExecutor();
        }

        @Override
        public String name() {
            return "cache-test";
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
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An executor that runs each task at once, on the calling thread. */
    private static final class DirectExecutor extends AbstractExecutorService {
        private volatile boolean shutDown;

        @Override
        public void execute(Runnable task) {
            if (shutDown) {
                throw new RejectedExecutionException("the test's executor is shut down");
            }
            task.run();
        }

        @Override
        public void shutdown() {
            shutDown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutDown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutDown;
        }

        @Override
        public boolean isTerminated() {
            return shutDown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return shutDown;
        }
    }

    /**
     * @return a cache of the configuration (named "test" unless it has a name) on the strategy,
     *     with the given buffers
     */
    static <K, V> LockFreeCache<K, V> cache(CacheConfig.Builder<K, V> config, EvictionStrategy<K, V> strategy,
                                            Context context, Monitor monitor, int stripes, int writeCapacity) {
        CacheConfig<K, V> built = config.build();
        if (built.name().isEmpty()) {
            built = built.toBuilder().name("test").build();
        }
        return LockFreeCache.open(built, strategy, context, monitor, stripes, writeCapacity);
    }

    /** @return a monitor that wants nothing */
    static Monitor quiet() {
        return new Monitor() {
            @Override
            public void record(org.patinox.memory.monitor.MonitorEvent event) {
            }

            @Override
            public boolean isEnabled(org.patinox.memory.monitor.EventKind kind) {
                return false;
            }
        };
    }

    /**
     * Exact LRU of the test's own (the built-in one is the API's, found by a service this module
     * does not use).
     */
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

    /** An LRU that writes down every call it gets, as "call key" (and the weights of an update). */
    static final class Recording<K, V> extends Lru<K, V> {
        private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public boolean admit(CacheEntry<K, V> candidate) {
            calls.add("admit " + candidate.key());
            return true;
        }

        @Override
        public void onInsert(CacheEntry<K, V> entry) {
            calls.add("insert " + entry.key() + "/" + entry.weight());
            super.onInsert(entry);
        }

        @Override
        public void onAccess(CacheEntry<K, V> entry) {
            calls.add("access " + entry.key());
            super.onAccess(entry);
        }

        @Override
        public void onUpdate(CacheEntry<K, V> entry, int previousWeight) {
            calls.add("update " + entry.key() + "/" + previousWeight + "->" + entry.weight());
            super.onUpdate(entry, previousWeight);
        }

        @Override
        public void onRemove(CacheEntry<K, V> entry) {
            calls.add("remove " + entry.key());
            super.onRemove(entry);
        }

        @Override
        public CacheEntry<K, V> victim() {
            CacheEntry<K, V> victim = super.victim();
            calls.add("victim " + (victim == null ? null : victim.key()));
            return victim;
        }

        /** @return the calls so far, in order */
        List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }

        /** @return the calls so far of one kind ("insert", "access" ...), in order */
        List<String> calls(String kind) {
            return calls().stream().filter(c -> c.startsWith(kind + " ")).toList();
        }

        void forget() {
            calls.clear();
        }
    }

    /**
     * Holds the eviction lock on a thread of its own, so that the test's writes and reads stay
     * buffered until it lets go.
     */
    static final class LockHolder {
        private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private final Thread thread;

        LockHolder(LockFreeCache<?, ?> cache) throws InterruptedException {
            thread = Thread.ofPlatform().name("lock-holder").start(() -> {
                cache.evictionLock().lock();
                try {
                    held.countDown();
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    cache.evictionLock().unlock();
                }
            });
            held.await();
        }

        /** Lets go of the lock, plainly: no maintenance follows, what is buffered stays buffered. */
        void release() throws InterruptedException {
            release.countDown();
            thread.join();
        }
    }
}
