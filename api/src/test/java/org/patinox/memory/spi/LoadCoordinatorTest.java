package org.patinox.memory.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
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

    /** Throws a checked exception undeclared, as Kotlin, Scala or Lombok's {@code @SneakyThrows} do. */
    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

    @Test
    void a_checked_exception_reaches_the_loader_as_thrown_and_is_counted() {
        IOException checked = new IOException("checked");
        assertSame(checked, assertThrows(IOException.class, () -> load("k", k -> {
            throw sneaky(checked);
        })));
        assertEquals(1, loads.loadFailureCount());
        assertFalse(loads.isLoading("k"));
        assertEquals("V", load("k", k -> "V"));
    }

    @Test
    void a_failure_is_not_handed_to_a_caller_that_comes_after_the_load() {
        assertThrows(IllegalStateException.class, () -> load("k", k -> {
            throw new IllegalStateException("once");
        }));
        assertEquals("V", load("k", k -> "V"), "a new caller loads afresh");
    }

    @Test
    void a_cycle_across_two_coordinators_names_the_keys_of_both_caches() {
        ConcurrentHashMap<String, String> otherMap = new ConcurrentHashMap<>();
        LoadCoordinator<String, String> other = new LoadCoordinator<>("other", clock::get);
        Function<String, String> loadOther = key -> other.load(key, otherMap::get, k -> "o", (k, v) -> v);
        CountDownLatch both = new CountDownLatch(2);
        List<Throwable> failures = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<String> a = threads.submit(() -> load("a", k -> {
                    both.countDown();
                    await(both);
                    return loadOther.apply("b");
                }));
                Future<String> b = threads.submit(() -> other.load("b", otherMap::get, k -> {
                    both.countDown();
                    await(both);
                    return load("a", k2 -> "unused");
                }, (k, v) -> v));
                for (Future<String> f : List.of(a, b)) {
                    failures.add(assertThrows(ExecutionException.class, f::get).getCause());
                }
            } finally {
                threads.shutdownNow();
            }
        });
        for (Throwable failure : failures) {
            CacheException e = (CacheException) failure;
            assertEquals(CacheException.Kind.RECURSIVE_LOAD, e.kind());
            // Named from the cache the refused caller asked, the other cache's keys marked as such.
            assertTrue(e.cacheName().equals("c") ? e.getMessage().contains("b (cache 'other') -> a -> b (cache 'other')")
                    : e.getMessage().contains("a (cache 'c') -> b -> a (cache 'c')"), e::getMessage);
        }
    }

    @Test
    void a_chain_of_waits_that_is_no_cycle_is_left_to_wait() throws Exception {
        // c's loader blocks; b's waits for c; a's waits for b: a chain through three threads, no cycle.
        CountDownLatch cLoading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            Future<String> c = threads.submit(() -> load("c", k -> {
                cLoading.countDown();
                await(release);
                return "C";
            }));
            assertTrue(cLoading.await(10, TimeUnit.SECONDS));
            Future<String> b = threads.submit(() -> load("b", k -> "B" + load("c", k2 -> "unused")));
            awaitLoading("b");
            Future<String> a = threads.submit(() -> load("a", k -> "A" + load("b", k2 -> "unused")));
            awaitLoading("a");
            Thread.sleep(100);
            assertFalse(a.isDone(), "a waits for b, which waits for c");
            release.countDown();
            assertEquals("C", c.get(10, TimeUnit.SECONDS));
            assertEquals("BC", b.get(10, TimeUnit.SECONDS));
            assertEquals("ABC", a.get(10, TimeUnit.SECONDS));
        }
        assertEquals(0, loads.loadFailureCount());
    }

    private void awaitLoading(String key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!loads.isLoading(key)) {
            assertTrue(System.nanoTime() < deadline, () -> key + " never started loading");
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Many threads load keys whose loaders load other keys, over many rounds. When every loader
     * asks only for greater keys, no cycle can form, and none may be reported; when loaders ask for
     * any key, cycles form, and every one must be found: the threads all finish, and every failure
     * is a refused cycle.
     */
    @Test
    void under_contention_no_cycle_is_reported_that_is_not_and_none_is_missed() {
        for (boolean cyclic : new boolean[] {false, true}) {
            LoadCoordinator<Integer, String> coordinator = new LoadCoordinator<>("s", clock::get);
            ConcurrentHashMap<Integer, String> values = new ConcurrentHashMap<>();
            ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            LongAdder refused = new LongAdder();
            int keys = 12;
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                ExecutorService threads = Executors.newFixedThreadPool(8);
                try {
                    List<Future<?>> workers = new ArrayList<>();
                    for (int t = 0; t < 8; t++) {
                        SplittableRandom random = new SplittableRandom(t);
                        workers.add(threads.submit(() -> {
                            for (int round = 0; round < 5_000; round++) {
                                int key = random.nextInt(keys);
                                try {
                                    chainLoad(coordinator, values, key, random.split(), cyclic, keys);
                                } catch (CacheException e) {
                                    if (!cyclic || e.kind() != CacheException.Kind.RECURSIVE_LOAD) {
                                        unexpected.add(e);
                                    }
                                    refused.increment();
                                } catch (RuntimeException | Error e) {
                                    unexpected.add(e);
                                }
                                if (round % 8 == 0) {
                                    values.clear();
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> worker : workers) {
                        worker.get();
                    }
                } finally {
                    threads.shutdownNow();
                }
            }, () -> (cyclic ? "with cycles" : "without cycles") + ": loads never finished");
            assertEquals(List.of(), List.copyOf(unexpected), cyclic ? "with cycles" : "without cycles");
            if (cyclic) {
                assertTrue(refused.sum() > 0, "cycles formed and were refused");
            } else {
                assertEquals(0, refused.sum());
            }
        }
    }

    /** Loads the key, whose loader loads one or two other keys: greater ones only unless cyclic. */
    private static String chainLoad(LoadCoordinator<Integer, String> coordinator, ConcurrentHashMap<Integer, String> values,
                                    int key, SplittableRandom random, boolean cyclic, int keys) {
        return coordinator.load(key, values::get, k -> {
            StringBuilder value = new StringBuilder("v" + k);
            int deps = random.nextInt(3);
            for (int i = 0; i < deps; i++) {
                int dep = cyclic ? random.nextInt(keys) : k + 1 + random.nextInt(keys);
                if (cyclic || dep < keys) {
                    Thread.onSpinWait();
                    value.append(',').append(chainLoad(coordinator, values, dep, random.split(), cyclic, keys));
                }
            }
            return value.toString();
        }, (k, v) -> {
            String before = values.putIfAbsent(k, v);
            return before == null ? v : before;
        });
    }

    @Test
    void a_counted_load_is_timed_and_counted_as_a_success_or_a_failure_and_rethrows_as_is() throws Exception {
        LoadCoordinator<String, String> counting = new LoadCoordinator<>("c", clock::get);
        assertEquals("bulk", counting.counted(() -> {
            clock.addAndGet(5);
            return "bulk";
        }));
        assertNull(counting.counted(() -> null));
        IOException checked = new IOException("source gone");
        assertSame(checked, assertThrows(IOException.class, () -> counting.counted(() -> {
            clock.addAndGet(7);
            throw checked;
        })));
        assertEquals(2, counting.loadSuccessCount(), "null included");
        assertEquals(1, counting.loadFailureCount());
        assertEquals(12, counting.totalLoadTimeNanos());
    }
}
