package org.patinox.memory.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheLoader;
import org.patinox.memory.cache.CacheStats;

/**
 * The loading cache part of the tour: a cache of prices with a {@link CacheLoader} whose source
 * answers one key or a batch, read with {@code get(key)} and {@code getAll}, then refreshed after
 * write: a read of a stale price returns it at once while the new one is loaded in the background.
 */
final class LoadingCacheTour {

    /** How long after its write a price is reloaded by the next read. */
    static final Duration REFRESH = Duration.ofMillis(500);

    private LoadingCacheTour() {
    }

    /** The prices' source: counts its queries, and its prices move when told to. */
    private static final class PriceSource implements CacheLoader<String, Integer> {
        final AtomicInteger singleQueries = new AtomicInteger();
        final AtomicInteger batchQueries = new AtomicInteger();
        final Map<String, Integer> prices = new ConcurrentHashMap<>(Map.of("apple", 3, "pear", 4, "plum", 2));

        @Override
        public Integer load(String item) {
            singleQueries.incrementAndGet();
            return prices.get(item);
        }

        @Override
        public Map<String, Integer> loadAll(Set<? extends String> items) {
            batchQueries.incrementAndGet();
            Map<String, Integer> found = new LinkedHashMap<>();
            items.forEach(item -> {
                Integer price = prices.get(item);
                if (price != null) {
                    found.put(item, price);
                }
            });
            return found;
        }
    }

    /**
     * @param memory the instance whose cache it uses
     * @param out where the description goes
     */
    static void run(MemoryUtilities memory, PrintStream out) throws InterruptedException, ExecutionException {
        PriceSource source = new PriceSource();
        CacheConfig<String, Integer> config = CacheConfig.builder().name("tour-prices").maximumSize(100)
                .loader(source).refreshAfterWrite(REFRESH).build();
        try (Cache<String, Integer> prices = memory.cache(config)) {
            int apple = prices.get("apple");
            Map<String, Integer> some = prices.getAll(List.of("apple", "pear", "plum", "kiwi"));
            out.println("Loading cache " + prices.name() + ": get(apple)=" + apple + ", getAll=" + some
                    + " (single queries " + source.singleQueries.get() + ", batch queries " + source.batchQueries.get()
                    + ": only the absent pear, plum and kiwi went to the batch)");
            source.prices.put("apple", 5);
            Thread.sleep(REFRESH.toMillis() + 50);
            int stale = prices.get("apple");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (prices.getIfPresent("apple") != 5 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int fresh = prices.getIfPresent("apple");
            int plum = prices.refresh("plum").orTimeout(10, TimeUnit.SECONDS).get();
            CacheStats stats = prices.stats();
            out.println("  after the apple's price moved: the read due returned " + stale
                    + " at once, the background refresh then gave " + fresh + "; refresh(plum) gave " + plum);
            out.println("  loads=" + stats.loadSuccessCount() + " failed=" + stats.loadFailureCount()
                    + " hits=" + stats.hitCount() + " misses=" + stats.missCount());
        }
    }
}
