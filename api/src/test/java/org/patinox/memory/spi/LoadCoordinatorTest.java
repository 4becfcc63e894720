package org.patinox.memory.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.CacheException;

@Timeout(30)
final class LoadCoordinatorTest {

    private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final LoadCoordinator<String, String> loads = new LoadCoordinator<>("c", clock::get);

    private String load(String key, java.util.function.Function<String, String> loader) {
        return loads.load(key, map::get, loader, (k, v) -> {
            String before = map.putIfAbsent(k, v);
            return before == null ? v : before;
        });
    }

    @Test
    void a_load_stores_its_value_and_is_timed_and_counted() {
        assertEquals("V", load("k", k -> {
            clock.addAndGet(25);
            return "V";
        }));
        assertEquals("V", map.get("k"));
        assertEquals(1, loads.loadSuccessCount());
        assertEquals(25, loads.totalLoadTimeNanos());
        assertFalse(loads.isLoading("k"));
    }

    @Test
    void a_value_stored_meanwhile_wins_over_the_load() {
        assertEquals("theirs", load("k", k -> {
            map.put("k", "theirs");
            return "mine";
        }));
    }

    @Test
    void concurrent_loads_of_a_key_run_once_and_share_the_value() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(threads.submit(() -> load("k", k -> {
                    runs.incrementAndGet();
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return "V";
                })));
            }
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            assertTrue(loads.isLoading("k"));
            Thread.sleep(50);
            release.countDown();
            for (Future<String> r : results) {
                assertEquals("V", r.get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(1, runs.get());
        assertEquals(1, loads.loadSuccessCount());
    }

    @Test
    void a_recursive_load_is_refused_and_leaves_nothing_in_flight() {
        CacheException e = assertThrows(CacheException.class, () -> load("k", k -> load("k", k2 -> "inner")));
        assertEquals(CacheException.Kind.RECURSIVE_LOAD, e.kind());
        assertTrue(e.getMessage().contains("key k"), e::getMessage);
        assertFalse(loads.isLoading("k"));
        assertEquals(1, loads.loadFailureCount(), "the outer load failed with the refusal");
        assertEquals("V", load("k", k -> "V"));
    }

    @Test
    void a_load_of_another_key_inside_a_load_is_fine() {
        assertEquals("a+b", load("a", k -> "a+" + load("b", k2 -> "b")));
        assertEquals(2, loads.loadSuccessCount());
    }

    @Test
    void a_failure_reaches_the_loader_and_the_waiters_as_thrown() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                results.add(threads.submit(() -> load("k", k -> {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    throw boom;
                })));
            }
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            Thread.sleep(50);
            release.countDown();
            for (Future<String> r : results) {
                assertSame(boom, assertThrows(ExecutionException.class, () -> r.get(10, TimeUnit.SECONDS)).getCause());
            }
        }
        assertNull(map.get("k"));
        assertEquals(1, loads.loadFailureCount());
        assertEquals(0, loads.loadSuccessCount());
    }

    @Test
    void a_null_load_stores_nothing() {
        assertNull(load("k", k -> null));
        assertFalse(map.containsKey("k"));
        assertEquals(1, loads.loadSuccessCount());
    }
}
