package org.patinox.memory.lockfree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.tck.Trace;
import org.patinox.memory.tck.TraceSimulator;

/**
 * One thread replaying real traces through the lock-free cache drives LRU exactly: the cache hits
 * exactly as often as the TCK's reference harness running the built-in {@code lru} strategy, at
 * every size, without any {@code cleanUp()} between requests. The scheduler runs the cache's
 * drains on the reading thread, so that none is late and no read is dropped: what is checked is
 * that every read and write reaches the strategy, in order.
 */
final class LockFreeCacheTraceTest {

    private final CacheTesting.Context context = new CacheTesting.Context(true);

    @AfterEach
    void close() {
        context.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"multi1", "sprite", "loop"})
    void one_thread_hits_exactly_as_the_reference_lru(String name) throws IOException {
        Trace trace = Trace.load(name);
        TraceSimulator.Policy reference = TraceSimulator.strategy("lru");
        for (long size : new long[] {50, 250, 1000}) {
            CacheConfig.Builder<Long, Long> config = CacheConfig.<Long, Long>builder().maximumSize(size);
            LockFreeCache<Long, Long> cache = CacheTesting.cache(config, new CacheTesting.Lru<>(), context,
                    CacheTesting.quiet(), ReadBuffer.defaultStripes(), WriteBuffer.defaultCapacity());
            long hits = 0;
            for (long key : trace.keys()) {
                Long boxed = key;
                if (cache.getIfPresent(boxed) != null) {
                    hits++;
                } else {
                    cache.put(boxed, boxed);
                }
            }
            assertEquals(hits, cache.stats().hitCount(), "every hit counted");
            cache.close();
            assertEquals(reference.hits(trace, size), hits, () -> name + " at " + size);
        }
    }
}
