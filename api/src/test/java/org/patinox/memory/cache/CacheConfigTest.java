package org.patinox.memory.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;

final class CacheConfigTest {

    private static String refused(Runnable build) {
        return assertThrows(ConfigException.class, build::run).getMessage();
    }

    @Test
    void defaults_are_unbounded_lru_without_expiry() {
        CacheConfig<Object, Object> config = CacheConfig.builder().build();
        assertEquals(Long.MAX_VALUE, config.maximumWeight());
        assertFalse(config.bounded());
        assertFalse(config.weighted());
        assertFalse(config.expires());
        assertEquals(EvictionPolicy.lru(), config.policy());
        assertEquals("", config.backend());
        assertEquals("", config.name());
    }

    @Test
    void bad_values_are_refused_with_the_setting_and_the_value() {
        assertEquals("patinox.memory.cache.maximum-size must be 0 or more, but was -1",
                refused(() -> CacheConfig.builder().maximumSize(-1).build()));
        assertEquals("patinox.memory.cache.maximum-weight must be 0 or more, but was -5",
                refused(() -> CacheConfig.<String, String>builder().maximumWeight(-5).weigher((k, v) -> 1).build()));
        assertEquals("patinox.memory.cache.expire-after-write must be 0 or positive, but was PT-1S",
                refused(() -> CacheConfig.builder().expireAfterWrite(Duration.ofSeconds(-1)).build()));
        assertEquals("patinox.memory.cache.name must be empty or a name, but was ' '",
                refused(() -> CacheConfig.builder().name(" ").build()));
    }

    @Test
    void the_bounds_must_not_conflict() {
        assertTrue(refused(() -> CacheConfig.builder().maximumSize(1).maximumWeight(1).build()).contains("exclude each other"));
        assertTrue(refused(() -> CacheConfig.builder().maximumWeight(10).build()).contains("needs a weigher"));
        assertTrue(refused(() -> CacheConfig.<String, String>builder().weigher((k, v) -> 1).build())
                .contains("needs patinox.memory.cache.maximum-weight"));
        assertTrue(refused(() -> CacheConfig.<String, String>builder().maximumSize(3).weigher((k, v) -> 1).build())
                .contains("rather than patinox.memory.cache.maximum-size (3)"));
        CacheConfig<String, String> weighted = CacheConfig.<String, String>builder().maximumWeight(100)
                .weigher((k, v) -> v.length()).build();
        assertTrue(weighted.weighted());
        assertTrue(weighted.bounded());
    }

    @Test
    void a_configuration_comes_back_whole_from_its_builder() {
        CacheConfig<String, String> weighted = CacheConfig.<String, String>builder().maximumWeight(100)
                .weigher((k, v) -> v.length()).build();
        assertEquals(weighted, weighted.toBuilder().build());
        assertEquals("renamed", weighted.toBuilder().name("renamed").build().name());
        CacheConfig<Object, Object> sized = CacheConfig.builder().maximumSize(10).build();
        assertEquals(sized, sized.toBuilder().build());
        CacheConfig<Object, Object> unbounded = CacheConfig.builder().build();
        assertEquals(unbounded, unbounded.toBuilder().build());
    }

    @Test
    void the_ttl_policy_is_the_expiry_after_write() {
        CacheConfig<Object, Object> config = CacheConfig.builder().policy(EvictionPolicy.ttl(Duration.ofSeconds(30))).build();
        assertEquals(Duration.ofSeconds(30), config.expireAfterWrite());
        assertTrue(config.expires());
        assertEquals("patinox.memory.cache.expire-after-write (10s) conflicts with policy ttl(30s)",
                refused(() -> CacheConfig.builder().expireAfterWrite(Duration.ofSeconds(10))
                        .policy(EvictionPolicy.ttl(Duration.ofSeconds(30))).build()));
        assertEquals("policy ttl needs a positive duration, but was 0s", refused(() -> EvictionPolicy.ttl(Duration.ZERO)));
        // Past 292 years, the configuration keeps the limit; the error quotes the value as given.
        assertEquals("patinox.memory.cache.expire-after-write (9223372036854775807s) conflicts with policy ttl(30s)",
                refused(() -> CacheConfig.builder().expireAfterWrite(Duration.ofSeconds(Long.MAX_VALUE))
                        .policy(EvictionPolicy.ttl(Duration.ofSeconds(30))).build()));
        String excluded = refused(() -> CacheConfig.builder().expiry(Expiry.writing((k, v) -> Duration.ofSeconds(1)))
                .expireAfterAccess(Duration.ofSeconds(Long.MAX_VALUE)).build());
        assertTrue(excluded.endsWith("excludes patinox.memory.cache.expire-after-access (9223372036854775807s);"
                + " set one or the other"), excluded);
    }

    @Test
    void the_strategy_ttl_with_an_expiry_after_write_is_the_ttl_policy_and_reads_back_as_it() {
        CacheConfig<Object, Object> ttl = CacheConfig.builder().policy(EvictionPolicy.ttl(Duration.ofSeconds(30))).build();
        assertEquals(ttl, CacheConfig.builder().policy(EvictionPolicy.named("TTL"))
                .expireAfterWrite(Duration.ofSeconds(30)).build());
        assertEquals(ttl, CacheConfig.fromProperties(ttl.toProperties()).build(), "written and read back");
        // Without an expiry after write the strategy ttl stays a name: the cache refuses it when it is made.
        assertEquals(EvictionPolicy.named("ttl"), CacheConfig.builder().policy(EvictionPolicy.named("ttl")).build().policy());
        // The policy's own duration is saturated, as expireAfterWrite is.
        assertEquals(EvictionPolicy.ttl(CacheConfig.LONGEST_EXPIRY), CacheConfig.builder()
                .policy(EvictionPolicy.ttl(java.time.temporal.ChronoUnit.FOREVER.getDuration())).build().policy());
    }

    @Test
    void expiries_too_long_for_a_long_of_nanoseconds_are_saturated() {
        Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        CacheConfig<Object, Object> config = CacheConfig.builder().expireAfterWrite(forever)
                .expireAfterAccess(Duration.ofDays(106_752)).build();
        assertEquals(CacheConfig.LONGEST_EXPIRY, config.expireAfterWrite());
        assertEquals(CacheConfig.LONGEST_EXPIRY, config.expireAfterAccess());
        assertEquals(Long.MAX_VALUE, config.expireAfterAccess().toNanos(), "readable in nanoseconds");
        assertEquals(Duration.ofDays(106_751), CacheConfig.builder().expireAfterWrite(Duration.ofDays(106_751)).build()
                .expireAfterWrite(), "a duration that fits is kept as it is");
        // Two durations that both saturate mean the same: they do not conflict.
        CacheConfig<Object, Object> ttl = CacheConfig.builder().policy(EvictionPolicy.ttl(Duration.ofDays(106_752)))
                .expireAfterWrite(forever).build();
        assertEquals(CacheConfig.LONGEST_EXPIRY, ttl.expireAfterWrite());
        assertEquals(CacheConfig.LONGEST_EXPIRY, CacheConfig.builder().policy(EvictionPolicy.ttl(forever)).build()
                .expireAfterWrite());
        assertEquals(config, CacheConfig.fromProperties(config.toProperties()).ticker(config.ticker())
                .removalListener(config.removalListener()).build(), "written and read back");
    }

    @Test
    void properties_are_read_and_written_back() {
        Properties p = new Properties();
        p.setProperty("patinox.memory.cache.name", "customers");
        p.setProperty("patinox.memory.cache.maximum-size", "5000");
        p.setProperty("patinox.memory.cache.policy", "W-TinyLFU");
        p.setProperty("patinox.memory.cache.expire-after-access", "10m");
        p.setProperty("patinox.memory.cache.backend", "caffeine");
        p.setProperty("patinox.memory.cache.record-stats", "FALSE");
        p.setProperty("patinox.memory.pool.max-size", "3");
        assertTrue(CacheConfig.builder().build().recordStats(), "statistics are recorded by default");
        CacheConfig<Object, Object> config = CacheConfig.fromProperties(p).build();
        assertFalse(config.recordStats());
        assertEquals("customers", config.name());
        assertEquals(5000, config.maximumWeight());
        assertEquals(EvictionPolicy.named("w-tinylfu"), config.policy());
        assertEquals(Duration.ofMinutes(10), config.expireAfterAccess());
        assertEquals("caffeine", config.backend());
        CacheConfig<Object, Object> again = CacheConfig.fromProperties(config.toProperties()).build();
        assertEquals(config.toProperties(), again.toProperties());
    }

    @Test
    void an_expiry_of_0_is_never_as_the_table_says() {
        Properties p = new Properties();
        p.setProperty("patinox.memory.cache.expire-after-write", "0");
        p.setProperty("patinox.memory.cache.expire-after-access", "0");
        CacheConfig<Object, Object> config = CacheConfig.fromProperties(p).build();
        assertEquals(Duration.ZERO, config.expireAfterWrite());
        assertEquals(Duration.ZERO, config.expireAfterAccess());
        assertFalse(config.expires());
    }

    @Test
    void unknown_and_malformed_properties_are_refused() {
        Properties typo = new Properties();
        typo.setProperty("patinox.memory.cache.maximum-sise", "10");
        assertTrue(refused(() -> CacheConfig.fromProperties(typo)).contains("patinox.memory.cache.maximum-size"));
        Properties malformed = new Properties();
        malformed.setProperty("patinox.memory.cache.maximum-size", "lots");
        assertEquals("patinox.memory.cache.maximum-size must be a whole number, but was 'lots'",
                refused(() -> CacheConfig.fromProperties(malformed)));
        Properties notBoolean = new Properties();
        notBoolean.setProperty("patinox.memory.cache.record-stats", "yes");
        assertEquals("patinox.memory.cache.record-stats must be true or false, but was 'yes'",
                refused(() -> CacheConfig.fromProperties(notBoolean)));
    }

    @Test
    void what_properties_cannot_hold_is_refused_when_written() {
        assertTrue(refused(() -> CacheConfig.<String, String>builder().maximumWeight(1).weigher((k, v) -> 1).build()
                .toProperties()).contains("weigher"));
        assertTrue(refused(() -> CacheConfig.builder().policy(EvictionPolicy.custom(() -> null)).build()
                .toProperties()).contains("custom"));
    }

    @Test
    void policies_have_names_and_refuse_blank_ones() {
        assertEquals("lru", EvictionPolicy.lru().name());
        assertEquals("lfu", EvictionPolicy.lfu().name());
        assertEquals("ttl", EvictionPolicy.ttl(Duration.ofSeconds(1)).name());
        assertEquals("arc", EvictionPolicy.named(" ARC ").name());
        assertEquals("custom", EvictionPolicy.custom(() -> null).name());
        assertInstanceOf(EvictionPolicy.Named.class, EvictionPolicy.lru());
        assertEquals("policy name must not be blank, but was ' '", refused(() -> EvictionPolicy.named(" ")));
    }

    @Test
    void stats_derive_ratios_and_differences() {
        CacheStats stats = new CacheStats("c", 3, 1, 1, 0, 10, 2, 5, 1);
        assertEquals(4, stats.requestCount());
        assertEquals(0.75, stats.hitRatio());
        assertEquals(0.25, stats.missRatio());
        assertEquals(2, stats.evictions(RemovalCause.SIZE));
        assertEquals(1, stats.evictions(RemovalCause.EXPIRED));
        assertThrows(IllegalArgumentException.class, () -> stats.evictions(RemovalCause.EXPLICIT));
        assertEquals(1.0, new CacheStats("c", 0, 0, 0, 0, 0, 0, 0, 0).hitRatio());
        assertEquals(new CacheStats("c", 2, 0, 1, 0, 4, 1, 2, 0),
                stats.minus(new CacheStats("c", 1, 1, 0, 0, 6, 1, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> new CacheStats("c", -1, 0, 0, 0, 0, 0, 0, 0));
        assertEquals("earlier", assertThrows(NullPointerException.class, () -> stats.minus(null)).getMessage());
        assertEquals("cause", assertThrows(NullPointerException.class, () -> stats.evictions(null)).getMessage());
        assertTrue(RemovalCause.SIZE.wasEvicted());
        assertFalse(RemovalCause.REPLACED.wasEvicted());
    }

    @Test
    void an_expiry_excludes_the_fixed_expiries_and_ttl_naming_the_settings() {
        Expiry<Object, Object> expiry = Expiry.writing((k, v) -> Duration.ofSeconds(1));
        CacheConfig<Object, Object> config = CacheConfig.builder().expiry(expiry).build();
        assertTrue(config.expires());
        assertEquals(expiry, config.expiry());
        assertEquals(expiry, config.toBuilder().build().expiry());
        assertEquals(null, CacheConfig.builder().build().expiry());
        String both = refused(() -> CacheConfig.builder().expiry(expiry).expireAfterWrite(Duration.ofSeconds(2)).build());
        assertTrue(both.startsWith("patinox.memory.cache.expiry (Expiry.writing("), both);
        assertTrue(both.endsWith(") excludes patinox.memory.cache.expire-after-write (2s); set one or the other"), both);
        String access = refused(() -> CacheConfig.builder().expiry(expiry).expireAfterAccess(Duration.ofSeconds(2))
                .expireAfterWrite(Duration.ofMinutes(1)).build());
        assertTrue(access.endsWith(") excludes patinox.memory.cache.expire-after-write (1m) and "
                + "patinox.memory.cache.expire-after-access (2s); set one or the other"), access);
        String ttl = refused(() -> CacheConfig.builder().expiry(expiry).policy(EvictionPolicy.ttl(Duration.ofSeconds(3))).build());
        assertTrue(ttl.endsWith(") conflicts with policy ttl(3s); set one"), ttl);
        assertEquals("patinox.memory.cache.expiry cannot be written as properties",
                refused(() -> config.toProperties()));
    }

    @Test
    void the_expiry_helpers_give_write_and_access_durations_saturated_and_never_negative() {
        Expiry<String, String> writing = Expiry.writing((k, v) -> v.isEmpty() ? null : Duration.ofSeconds(v.length()));
        assertEquals(3_000_000_000L, writing.expireAfterCreate("k", "abc", 0));
        assertEquals(1_000_000_000L, writing.expireAfterUpdate("k", "a", 0, 77));
        assertEquals(77, writing.expireAfterRead("k", "abc", 0, 77), "reads keep the deadline");
        assertEquals(0, writing.expireAfterCreate("k", "", 0), "null is expired at once");
        Expiry<String, Duration> accessing = Expiry.accessing((k, v) -> v);
        assertEquals(5, accessing.expireAfterRead("k", Duration.ofNanos(5), 0, 77));
        assertEquals(0, accessing.expireAfterRead("k", Duration.ofSeconds(-1), 0, 77));
        assertEquals(Expiry.LONGEST, accessing.expireAfterCreate("k", java.time.temporal.ChronoUnit.FOREVER.getDuration(), 0));
        CacheConfig<String, String> typed = CacheConfig.builder().expiry(writing).build();
        assertSame(writing, typed.expiry());
    }
}
