package org.patinox.memory.examples;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CachePolicy;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.RemovalCause;

/**
 * The policy part of the {@link Tour}: a small LRU cache of sessions shows which entries it would
 * evict first and last ({@link CachePolicy#coldest}, {@link CachePolicy#hottest}), then halves its
 * maximum while it runs, which evicts the coldest at once.
 */
public final class CachePolicyTour {

    private CachePolicyTour() {
    }

    /**
     * @param memory the library to make the cache in
     * @param out where the description goes
     */
    static void run(MemoryUtilities memory, PrintStream out) {
        List<Integer> evicted = new CopyOnWriteArrayList<>();
        CacheConfig<Integer, String> config = CacheConfig.<Integer, String>builder().name("tour-sessions")
                .maximumSize(6).policy(EvictionPolicy.lru())
                .removalListener((Integer id, String user, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evicted.add(id);
                    }
                }).build();
        try (Cache<Integer, String> sessions = memory.cache(config)) {
            for (int id = 1; id <= 6; id++) {
                sessions.put(id, "user-" + id);
            }
            sessions.getIfPresent(2);
            sessions.getIfPresent(4);
            CachePolicy<Integer, String> policy = sessions.policy().orElseThrow();
            out.println("Cache " + sessions.name() + " (lru, maximum " + policy.maximum() + "), sessions 2 and 4 read again:");
            out.println("  coldest " + policy.coldest(3).keySet() + ", hottest " + policy.hottest(3).keySet());
            policy.setMaximum(3);
            out.println("  setMaximum(3) evicted " + evicted + " at once; left, coldest first: "
                    + policy.coldest(Integer.MAX_VALUE).keySet());
        }
    }
}
