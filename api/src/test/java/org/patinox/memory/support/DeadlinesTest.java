package org.patinox.memory.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.Expiry;

/** Deadlines from fixed expiries and from an {@link Expiry}: the earlier of two, never, at once, overflow. */
final class DeadlinesTest {

    private static final long S = 1_000_000_000L;
    private final List<String> failures = new ArrayList<>();

    private Deadlines<String, String> of(CacheConfig.Builder<String, String> builder) {
        return Deadlines.of(builder.build(), (call, e) -> failures.add(call));
    }

    @Test
    void fixed_expiries_give_the_earlier_deadline_and_reads_move_only_after_access() {
        assertNull(Deadlines.of(CacheConfig.<String, String>builder().build(), (c, e) -> { }), "no expiry, no deadlines");
        Deadlines<String, String> write = of(CacheConfig.<String, String>builder().expireAfterWrite(Duration.ofSeconds(10)));
        assertFalse(write.readsMove());
        assertEquals(110 * S, write.created("k", "v", 100 * S));
        assertEquals(105 * S, write.updated("k", "v", 95 * S, 0));
        assertEquals(7, write.read("k", "v", 100 * S, 7, 0), "a read leaves a write deadline");
        Deadlines<String, String> both = of(CacheConfig.<String, String>builder()
                .expireAfterWrite(Duration.ofSeconds(10)).expireAfterAccess(Duration.ofSeconds(3)));
        assertTrue(both.readsMove());
        assertEquals(103 * S, both.created("k", "v", 100 * S));
        assertEquals(105 * S, both.read("k", "v", 102 * S, 103 * S, 100 * S), "access: 3 s from the read");
        assertEquals(110 * S, both.read("k", "v", 108 * S, 0, 100 * S), "but never past the write's 10 s");
    }

    @Test
    void forever_is_never_and_zero_or_less_is_now() {
        Deadlines<String, String> forever = of(CacheConfig.<String, String>builder()
                .expireAfterWrite(ChronoUnit.FOREVER.getDuration()).expireAfterAccess(ChronoUnit.FOREVER.getDuration()));
        assertEquals(Deadlines.NEVER, forever.created("k", "v", Long.MAX_VALUE - 5));
        assertEquals(Deadlines.NEVER, forever.read("k", "v", 0, Deadlines.NEVER, 0));
        assertFalse(Deadlines.expired(Deadlines.NEVER, Long.MIN_VALUE + 1));
        assertFalse(Deadlines.expired(Deadlines.NEVER, Long.MAX_VALUE));
        List<Long> durations = new ArrayList<>();
        Expiry<String, String> expiry = new Expiry<>() {
            @Override
            public long expireAfterCreate(String key, String value, long currentTime) {
                return Long.parseLong(value);
            }

            @Override
            public long expireAfterUpdate(String key, String value, long currentTime, long currentDuration) {
                durations.add(currentDuration);
                return currentDuration;
            }

            @Override
            public long expireAfterRead(String key, String value, long currentTime, long currentDuration) {
                throw new IllegalStateException("read " + key);
            }
        };
        Deadlines<String, String> variable = of(CacheConfig.<String, String>builder().expiry(expiry));
        assertEquals(50, variable.created("k", "-7", 50), "negative: expired at once");
        assertTrue(Deadlines.expired(variable.created("k", "0", 50), 50));
        assertEquals(Deadlines.NEVER, variable.created("k", Long.toString(Expiry.LONGEST), 50));
        assertEquals(50 + Expiry.LONGEST - 1, variable.created("k", Long.toString(Expiry.LONGEST - 1), 50));
        // A real deadline that would read as NEVER is a nanosecond later.
        assertEquals(Long.MIN_VALUE + 1, variable.created("k", "10", Long.MIN_VALUE - 10));
        // Across the ticker's overflow: due 10 ns after MAX_VALUE, compared by subtraction.
        long deadline = variable.created("k", "20", Long.MAX_VALUE - 10);
        assertFalse(Deadlines.expired(deadline, Long.MAX_VALUE));
        assertTrue(Deadlines.expired(deadline, Long.MAX_VALUE + 10));
        assertEquals(Deadlines.NEVER, variable.updated("k", "v", 0, Deadlines.NEVER));
        assertEquals(List.of(Long.MAX_VALUE), durations, "never has all the time left");
        assertEquals(200, variable.updated("k", "v", 200, 100), "a past deadline has 0 left: due now");
        assertEquals(List.of(Long.MAX_VALUE, 0L), durations);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> variable.read("k", "v", 0, 5, 0));
        assertEquals("read k", e.getMessage());
        assertEquals(List.of("expireAfterRead"), failures);
    }
}
