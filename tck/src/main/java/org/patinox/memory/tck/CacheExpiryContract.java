package org.patinox.memory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.Expiry;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.monitor.EventKind;

/**
 * The contract of per-entry expiry ({@link Expiry}, {@link CacheConfig.Builder#expiry}) that every
 * cache meets: the {@code standard} and {@code lockfree} implementations and the {@code caffeine}
 * backend. Time is a {@link FakeTicker} but in the background test.
 *
 * <p>What it holds: the durations of creation, update and read are applied to the nanosecond, with
 * the remaining time handed to update and read; an expired entry is absent at once and removed as
 * {@code EXPIRED}, reported exactly once; a duration of zero or less expires at once; durations of
 * {@link Expiry#LONGEST} or more never expire, and deadlines cross the ticker's overflow unharmed;
 * entries days and weeks ahead expire when due, not before (the timer wheel's cascade); {@code
 * cleanUp()} on a quiet cache removes exactly the expired entries; an expiry that throws fails the
 * operation, is reported, and leaves the entry as it was; background expiry runs on no scheduler
 * thread.
 */
@Timeout(60)
public abstract class CacheExpiryContract extends CacheFixture {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /**
     * @return how much ticker time an entry that never expires is shown to outlive: 250 years, past
     *     {@link Expiry#LONGEST}; a backend that caps durations (Caffeine keeps at most about 146
     *     years) says less
     */
    protected Duration neverOutlived() {
        return Duration.ofDays(365L * 250);
    }

    /**
     * @return whether an entry expired at once that is also heavier than the bound leaves as {@code
     *     EXPIRED}, as the {@link Expiry} contract says; the {@code caffeine} backend evicts it for
     *     size, Caffeine's timer wheel not having reached it when its bound is applied
     */
    protected boolean anEntryExpiredAtOnceLeavesAsExpiredOverTheBound() {
        return true;
    }

    /** @return a configuration of the current test's ticker, listener, backend and policy, with the expiry */
    protected CacheConfig.Builder<Integer, String> config(Expiry<Integer, String> expiry) {
        return config().expiry(expiry);
    }

    /** An expiry that reads its durations from the value: "c5 u7 r3" lives 5 s after create, 7 after update, 3 after read. */
    private static final class ByValue implements Expiry<Integer, String> {
        final List<String> calls = new ArrayList<>();

        private static long part(String value, char kind, long otherwise) {
            for (String part : value.split(" ")) {
                if (!part.isEmpty() && part.charAt(0) == kind) {
                    String n = part.substring(1);
                    return n.equals("max") ? Long.MAX_VALUE : n.equals("never") ? Expiry.LONGEST
                            : Long.parseLong(n) * SECOND;
                }
            }
            return otherwise;
        }

        @Override
        public long expireAfterCreate(Integer key, String value, long currentTime) {
            calls.add("create " + key);
            return part(value, 'c', 60 * SECOND);
        }

        @Override
        public long expireAfterUpdate(Integer key, String value, long currentTime, long currentDuration) {
            calls.add("update " + key + " " + currentDuration);
            return part(value, 'u', currentDuration);
        }

        @Override
        public long expireAfterRead(Integer key, String value, long currentTime, long currentDuration) {
            calls.add("read " + key + " " + currentDuration);
            return part(value, 'r', currentDuration);
        }
    }

    private void advance(long nanos) {
        ticker.advance(Duration.ofNanos(nanos));
    }

    private List<Integer> expiredKeys() {
        return listener.removals(RemovalCause.EXPIRED).stream().map(RecordingListener.Removal::key).toList();
    }

    // ---- durations -----------------------------------------------------------------------------

    @Test
    void the_durations_of_create_update_and_read_are_applied_to_the_nanosecond() {
        ByValue expiry = new ByValue();
        Cache<Integer, String> cache = cache(config(expiry));
        cache.put(1, "c5");
        cache.put(2, "c5 u20");
        cache.put(3, "c5 r10");
        advance(4 * SECOND);
        cache.put(2, "c5 u20"); // updated: 20 s from now
        assertEquals("c5 r10", cache.getIfPresent(3)); // read: 10 s from now
        assertTrue(expiry.calls.contains("update 2 " + SECOND), expiry.calls::toString);
        assertTrue(expiry.calls.contains("read 3 " + SECOND), "the remaining time is handed over: " + expiry.calls);
        advance(SECOND - 1);
        assertEquals("c5", cache.getIfPresent(1), "a nanosecond before its deadline");
        advance(1);
        assertNull(cache.getIfPresent(1), "at its deadline");
        assertEquals("c5 u20", cache.getIfPresent(2));
        advance(9 * SECOND - 1);
        assertTrue(cache.asMap().containsKey(3), "the read moved it 10 s on");
        advance(1);
        assertNull(cache.getIfPresent(3));
        advance(10 * SECOND - 1);
        assertEquals("c5 u20", cache.getIfPresent(2), "the update moved it 20 s on");
        advance(1);
        assertNull(cache.getIfPresent(2));
        cache.cleanUp();
        assertEquals(Set.of(1, 2, 3), Set.copyOf(expiredKeys()));
        assertEquals(3, expiredKeys().size(), "each reported once");
        assertEquals(3, cache.stats().expirationCount());
        assertEquals(0, cache.size());
    }

    @Test
    void an_update_keeping_the_current_duration_keeps_the_deadline_and_a_read_may_shorten_it() {
        Cache<Integer, String> cache = cache(config(new ByValue()));
        cache.put(1, "c10");
        advance(3 * SECOND);
        cache.put(1, "c99"); // no 'u': the update keeps the remaining 7 s
        advance(7 * SECOND - 1);
        assertEquals("c99", cache.getIfPresent(1));
        advance(1);
        assertNull(cache.getIfPresent(1));
        cache.put(2, "c60 r1");
        assertEquals("c60 r1", cache.getIfPresent(2)); // 1 s from now
        advance(SECOND);
        assertNull(cache.getIfPresent(2), "the read shortened it");
        cache.cleanUp();
        assertEquals(Set.of(1, 2), Set.copyOf(expiredKeys()));
        assertEquals(Map.of(RemovalCause.REPLACED, 1, RemovalCause.EXPIRED, 2), listener.counts());
    }

    @Test
    void a_duration_of_zero_or_less_expires_the_entry_at_once() {
        Cache<Integer, String> cache = cache(config(Expiry.writing((k, v) -> Duration.ofSeconds(Long.parseLong(v)))));
        cache.put(1, "0");
        cache.put(2, "-5");
        cache.put(3, "5");
        assertNull(cache.getIfPresent(1));
        assertNull(cache.getIfPresent(2));
        assertFalse(cache.asMap().containsKey(1));
        assertEquals(Map.of(3, "5"), Map.copyOf(cache.asMap()));
        cache.cleanUp();
        assertEquals(Set.of(1, 2), Set.copyOf(expiredKeys()));
        assertEquals(2, listener.removals().size(), "each reported once");
        assertEquals(1, cache.size());
    }

    @Test
    void an_entry_expired_at_once_and_heavier_than_the_bound_leaves_as_expired_not_evicted() {
        org.junit.jupiter.api.Assumptions.assumeTrue(anEntryExpiredAtOnceLeavesAsExpiredOverTheBound(),
                "the backend evicts it for size");
        String heavy = "c0 u0 heavier than the bound";
        Cache<Integer, String> cache = cache(config(new ByValue()).maximumWeight(10).weigher((k, v) -> v.length()));
        cache.put(1, heavy); // created
        cache.put(2, "c60");
        cache.put(2, heavy); // updated
        assertEquals(heavy, cache.get(3, k -> heavy)); // loaded
        cache.cleanUp();
        assertEquals(Set.of(new RecordingListener.Removal<>(1, heavy, RemovalCause.EXPIRED, null),
                        new RecordingListener.Removal<>(2, "c60", RemovalCause.REPLACED, null),
                        new RecordingListener.Removal<>(2, heavy, RemovalCause.EXPIRED, null),
                        new RecordingListener.Removal<>(3, heavy, RemovalCause.EXPIRED, null)),
                listener.removals().stream().map(r -> new RecordingListener.Removal<>(r.key(), r.value(), r.cause(), null))
                        .collect(Collectors.toSet()));
        assertEquals(0, cache.stats().evictionCount(), "nothing was evicted for size");
        assertEquals(0, cache.stats().evictionWeight());
        assertEquals(3, cache.stats().expirationCount());
        assertEquals(0, cache.size());
    }

    @Test
    void durations_of_the_longest_or_more_never_expire_and_never_overflow() {
        ByValue expiry = new ByValue();
        Cache<Integer, String> cache = cache(config(expiry));
        cache.put(1, "cmax");
        cache.put(2, "cnever");
        cache.put(3, "cmax rmax umax");
        cache.put(4, "c1");
        for (int i = 0; i < 5; i++) {
            advance(neverOutlived().toNanos() / 5); // 250 years in all: past the longest, which never comes
            cache.cleanUp();
            assertEquals("cmax", cache.getIfPresent(1));
            assertEquals("cnever", cache.getIfPresent(2));
            cache.put(3, "cmax rmax umax");
            assertEquals("cmax rmax umax", cache.getIfPresent(3));
        }
        assertEquals(List.of(4), expiredKeys());
        assertTrue(expiry.calls.stream().filter(c -> c.startsWith("update 3") || c.startsWith("read 1")
                        || c.startsWith("read 2")).allMatch(c -> c.endsWith(" " + Long.MAX_VALUE)),
                () -> "an entry that never expires has Long.MAX_VALUE left, never a countdown or an overflowed duration: "
                        + expiry.calls);
        assertEquals(Set.of(1, 2, 3), cache.asMap().keySet());
    }

    @Test
    void deadlines_cross_the_tickers_overflow() {
        Cache<Integer, String> cache = cache(config(new ByValue()));
        // Put 5 s before Long.MAX_VALUE, due 5 s after: the deadline wraps, and so does the ticker.
        advance(Long.MAX_VALUE - ticker.getAsLong() - 5 * SECOND);
        cache.put(5, "c10");
        cache.put(6, "c3");
        advance(9 * SECOND);
        assertEquals("c10", cache.getIfPresent(5), "the ticker wrapped; the entry has a second left");
        cache.cleanUp();
        assertEquals(Set.of(6), Set.copyOf(expiredKeys()));
        advance(SECOND);
        assertNull(cache.getIfPresent(5));
        cache.cleanUp();
        assertEquals(Set.of(5, 6), Set.copyOf(expiredKeys()));
        assertEquals(0, cache.size());
    }

    @Test
    void a_refresh_is_no_read_of_the_entry_and_its_reload_an_update() throws Exception {
        ByValue expiry = new ByValue();
        org.patinox.memory.cache.CacheLoader<Integer, String> loader = key -> "c5 r1 reloaded";
        Cache<Integer, String> cache = cache(config(expiry).loader(loader));
        cache.put(1, "c5 r1");
        advance(2 * SECOND);
        assertEquals("c5 r1 reloaded", cache.refresh(1).get(SOON.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of("create 1", "update 1 " + 3 * SECOND), expiry.calls,
                "the refresh took the value it reloads from without reading the entry, as in Caffeine");
        advance(3 * SECOND - 1);
        assertEquals("c5 r1 reloaded", cache.asMap().get(1), "the deadline the update kept, not one a read moved");
    }

    // ---- the wheel: far deadlines, exact clean-up ------------------------------------------------

    @Test
    void entries_days_and_weeks_ahead_expire_when_due_and_not_before() {
        Map<Integer, Long> seconds = new HashMap<>();
        seconds.put(1, 90L);
        seconds.put(2, TimeUnit.HOURS.toSeconds(1) + 7);
        seconds.put(3, TimeUnit.HOURS.toSeconds(30));
        seconds.put(4, TimeUnit.DAYS.toSeconds(3) + 11);
        seconds.put(5, TimeUnit.DAYS.toSeconds(9));
        seconds.put(6, TimeUnit.DAYS.toSeconds(40) + 1);
        Cache<Integer, String> cache = cache(config(Expiry.writing((k, v) -> Duration.ofSeconds(seconds.get(k)))));
        long start = ticker.getAsLong();
        seconds.keySet().forEach(k -> cache.put(k, "v" + k));
        // Walk 41 days in steps of 37 minutes, cleaning up at each: every entry goes at the first
        // clean-up at or after its deadline.
        long step = TimeUnit.MINUTES.toNanos(37);
        while (ticker.getAsLong() - start < TimeUnit.DAYS.toNanos(41)) {
            advance(step);
            long elapsed = ticker.getAsLong() - start;
            cache.cleanUp();
            Set<Integer> due = seconds.entrySet().stream().filter(e -> e.getValue() * SECOND <= elapsed)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertEquals(due, Set.copyOf(expiredKeys()), "after " + Duration.ofNanos(elapsed));
            assertEquals(seconds.size() - due.size(), cache.size());
        }
        assertEquals(6, cache.stats().expirationCount());
    }

    @Test
    void clean_up_on_a_quiet_cache_removes_exactly_the_expired_entries() {
        Random random = new Random(7);
        Map<Integer, Long> deadlines = new HashMap<>();
        Map<Integer, Long> durations = new HashMap<>();
        for (int k = 0; k < 2000; k++) {
            durations.put(k, random.nextLong(TimeUnit.MINUTES.toNanos(10)));
        }
        Cache<Integer, String> cache = cache(config(Expiry.writing((k, v) -> Duration.ofNanos(durations.get(k)))));
        long start = ticker.getAsLong();
        for (int k = 0; k < 2000; k++) {
            cache.put(k, "v" + k);
            deadlines.put(k, start + durations.get(k));
        }
        Set<Integer> gone = new HashSet<>();
        while (gone.size() < deadlines.size()) {
            advance(random.nextLong(TimeUnit.SECONDS.toNanos(20)));
            long now = ticker.getAsLong();
            cache.cleanUp();
            for (Map.Entry<Integer, Long> e : deadlines.entrySet()) {
                if (now - e.getValue() >= 0) {
                    gone.add(e.getKey());
                }
            }
            assertEquals(gone, Set.copyOf(expiredKeys()), "at " + (now - start));
            assertEquals(deadlines.size() - gone.size(), cache.size(), "size() counts no expired entry left behind");
        }
        assertEquals(deadlines.size(), listener.removals().size(), "each reported once");
    }

    // ---- faults and threads ----------------------------------------------------------------------

    @Test
    void an_expiry_that_throws_fails_the_operation_is_reported_and_leaves_the_entry() {
        IllegalStateException broken = new IllegalStateException("expiry broken");
        Expiry<Integer, String> expiry = new Expiry<>() {
            @Override
            public long expireAfterCreate(Integer key, String value, long currentTime) {
                if (value.equals("bad")) {
                    throw broken;
                }
                return 10 * SECOND;
            }

            @Override
            public long expireAfterUpdate(Integer key, String value, long currentTime, long currentDuration) {
                if (value.equals("bad")) {
                    throw broken;
                }
                return currentDuration;
            }

            @Override
            public long expireAfterRead(Integer key, String value, long currentTime, long currentDuration) {
                return currentDuration;
            }
        };
        try (LogCapture logs = LogCapture.library()) {
            Cache<Integer, String> cache = cache(config(expiry));
            cache.put(1, "good");
            assertSame(broken, assertThrows(IllegalStateException.class, () -> cache.put(2, "bad")));
            assertSame(broken, assertThrows(IllegalStateException.class, () -> cache.put(1, "bad")));
            assertEquals(Map.of(1, "good"), Map.copyOf(cache.asMap()));
            advance(10 * SECOND);
            cache.cleanUp();
            assertEquals(List.of(1), expiredKeys(), "the entry kept its deadline");
            assertEquals(0, cache.size());
            assertEquals(2, monitor.events().stream().filter(e -> e.kind() == EventKind.CACHE_CALLBACK_FAILED)
                    .filter(e -> "expiry".equals(e.attributes().get("callback"))).count(), monitor.kinds()::toString);
            assertTrue(logs.has(java.util.logging.Level.WARNING, "the expiry threw"), logs::text);
        }
    }

    @Test
    void entries_expire_in_the_background_on_no_scheduler_thread() {
        RecordingListener<Integer, String> heard = new RecordingListener<>();
        Cache<Integer, String> cache = memory.cache(CacheConfig.<Integer, String>builder().backend(backend())
                .policy(policy()).removalListener(heard)
                .expiry(Expiry.writing((Integer k, String v) -> v.equals("never") ? java.time.temporal.ChronoUnit.FOREVER.getDuration()
                        : Duration.ofMillis(k * 20L))).build());
        for (int i = 1; i <= 10; i++) {
            cache.put(i, "v" + i);
        }
        cache.put(11, "never");
        // Nothing touches the cache from here on: only its background work can remove the entries.
        await("10 EXPIRED notifications", () -> heard.removals(RemovalCause.EXPIRED).size() == 10);
        assertEquals(1, cache.size());
        String scheduler = memory.name() + "-scheduler";
        assertTrue(heard.removals().stream().noneMatch(r -> r.thread().getName().equals(scheduler)),
                "the listener ran on the scheduler thread");
        assertEquals(10, cache.stats().expirationCount());
    }

    /**
     * Writers, readers and removers on many threads, with per-entry durations from zero to seconds,
     * while another thread moves the ticker: every value put leaves exactly once (replaced, removed
     * or expired), none is lost in the wheel or reported twice, and the counts agree.
     */
    @Test
    void under_concurrent_writes_reads_and_time_every_value_leaves_exactly_once() throws Exception {
        Cache<Integer, String> cache = cache(config(Expiry.accessing(
                (Integer k, String v) -> Duration.ofMillis(Long.parseLong(v.substring(0, v.indexOf('-')))))).maximumSize(150));
        int threads = 4;
        int rounds = 15_000;
        java.util.concurrent.atomic.AtomicLong puts = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread clock = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                advance(TimeUnit.MILLISECONDS.toNanos(3));
                Thread.onSpinWait();
            }
        });
        List<Thread> workers = new ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                Random random = new Random(id);
                try {
                    for (int i = 0; i < rounds; i++) {
                        int key = random.nextInt(300);
                        switch (random.nextInt(6)) {
                            case 0, 1 -> {
                                cache.put(key, random.nextInt(2000) + "-" + id + "-" + i); // a distinct value each time
                                puts.incrementAndGet();
                            }
                            case 2 -> cache.remove(key);
                            case 3 -> cache.asMap().computeIfAbsent(key, k -> {
                                puts.incrementAndGet();
                                return random.nextInt(50) + "-" + id + "-" + k + "-" + System.nanoTime();
                            });
                            default -> cache.getIfPresent(key);
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread worker : workers) {
            worker.join();
        }
        done.set(true);
        clock.join();
        assertEquals(List.of(), List.copyOf(errors));
        advance(TimeUnit.HOURS.toNanos(1));
        cache.cleanUp();
        assertEquals(0, cache.size(), "every entry expired after an hour");
        List<RecordingListener.Removal<Integer, String>> removals = listener.removals();
        assertEquals(puts.get(), removals.size(), () -> "puts against removals " + listener.counts());
        assertEquals(removals.size(), removals.stream().map(RecordingListener.Removal::value).distinct().count(),
                "a value reported twice");
        assertEquals(listener.removals(RemovalCause.EXPIRED).size(), cache.stats().expirationCount());
        assertEquals(listener.removals(RemovalCause.SIZE).size(), cache.stats().evictionCount());
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + SOON + ": " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
