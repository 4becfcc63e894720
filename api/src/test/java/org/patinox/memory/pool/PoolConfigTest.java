package org.patinox.memory.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.UtilityConfig;

final class PoolConfigTest {

    private static Properties properties(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaults_are_those_documented() {
        PoolConfig c = PoolConfig.defaults();
        assertEquals("", c.name());
        assertEquals(0, c.minSize());
        assertEquals(10, c.maxSize());
        assertEquals(Duration.ofSeconds(30), c.acquireTimeout());
        assertEquals(Duration.ofSeconds(30), c.createTimeout());
        assertEquals(Duration.ofMinutes(10), c.idleTimeout());
        assertEquals(Duration.ofMinutes(30), c.maxLifetime());
        assertEquals(Duration.ofSeconds(30), c.healthCheckInterval());
        assertTrue(c.validateOnAcquire());
        assertEquals(Duration.ofMillis(500), c.validationIdleThreshold());
        assertEquals(Duration.ofSeconds(5), c.validationTimeout());
        assertEquals(Duration.ZERO, c.leakDetectionThreshold());
        assertEquals(Duration.ofSeconds(10), c.closeGracePeriod());
    }

    @Test
    void durations_past_a_long_of_nanoseconds_mean_no_limit_and_are_kept_as_the_longest_one() {
        Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        Duration past = Duration.ofDays(106_752);
        Duration longest = Duration.ofNanos(Long.MAX_VALUE);
        PoolConfig c = PoolConfig.builder().acquireTimeout(forever).createTimeout(past).idleTimeout(forever)
                .maxLifetime(past).healthCheckInterval(forever).validationIdleThreshold(past)
                .validationTimeout(forever).leakDetectionThreshold(past).closeGracePeriod(forever).build();
        java.util.List<Duration> all = java.util.List.of(c.acquireTimeout(), c.createTimeout(), c.idleTimeout(), c.maxLifetime(),
                c.healthCheckInterval(), c.validationIdleThreshold(), c.validationTimeout(),
                c.leakDetectionThreshold(), c.closeGracePeriod());
        assertEquals(java.util.Collections.nCopies(all.size(), longest), all);
        all.forEach(d -> assertEquals(Long.MAX_VALUE, d.toNanos()));
        assertEquals(c, PoolConfig.fromProperties(c.toProperties()));
        assertEquals(c, PoolConfig.fromProperties(properties(PoolConfig.ACQUIRE_TIMEOUT, "1000000d"))
                .toBuilder().createTimeout(past).idleTimeout(forever).maxLifetime(past).healthCheckInterval(forever)
                .validationIdleThreshold(past).validationTimeout(forever).leakDetectionThreshold(past)
                .closeGracePeriod(forever).build());
        assertEquals(Duration.ofDays(106_751), PoolConfig.builder().acquireTimeout(Duration.ofDays(106_751)).build()
                .acquireTimeout(), "a duration that fits is kept as given");
    }

    @Test
    void every_setting_reads_from_properties_and_writes_back() {
        PoolConfig c = PoolConfig.fromProperties(properties(
                "patinox.memory.pool.name", "orders",
                "patinox.memory.pool.min-size", "2",
                "patinox.memory.pool.max-size", "32",
                "patinox.memory.pool.acquire-timeout", "250ms",
                "patinox.memory.pool.create-timeout", "5s",
                "patinox.memory.pool.idle-timeout", "0s",
                "patinox.memory.pool.max-lifetime", "1h",
                "patinox.memory.pool.health-check-interval", "PT15S",
                "patinox.memory.pool.validate-on-acquire", "FALSE",
                "patinox.memory.pool.validation-idle-threshold", "1s",
                "patinox.memory.pool.validation-timeout", "2s",
                "patinox.memory.pool.leak-detection-threshold", "1m",
                "patinox.memory.pool.close-grace-period", "3s",
                "patinox.memory.provider", "ignored here: another scope"));
        assertEquals(PoolConfig.builder().name("orders").minSize(2).maxSize(32).acquireTimeout(Duration.ofMillis(250))
                .createTimeout(Duration.ofSeconds(5)).idleTimeout(Duration.ZERO).maxLifetime(Duration.ofHours(1))
                .healthCheckInterval(Duration.ofSeconds(15)).validateOnAcquire(false)
                .validationIdleThreshold(Duration.ofSeconds(1)).validationTimeout(Duration.ofSeconds(2))
                .leakDetectionThreshold(Duration.ofMinutes(1)).closeGracePeriod(Duration.ofSeconds(3)).build(), c);
        assertEquals(c, PoolConfig.fromProperties(c.toProperties()));
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void one_file_configures_the_library_and_its_pools_and_each_catches_its_own_typos() {
        Properties both = properties("patinox.memory.provider", "standard", "patinox.memory.pool.max-size", "4");
        assertEquals("standard", UtilityConfig.fromProperties(both).provider().orElseThrow());
        assertEquals(4, PoolConfig.fromProperties(both).maxSize());
        String message = assertThrows(ConfigException.class, () -> PoolConfig.fromProperties(
                properties("patinox.memory.pool.max-sise", "4"))).getMessage();
        assertTrue(message.startsWith("Unknown setting patinox.memory.pool.max-sise (did you mean"
                + " patinox.memory.pool.max-size?)"), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "patinox.memory.pool.max-size | ten | patinox.memory.pool.max-size must be a whole number, but was 'ten'",
        "patinox.memory.pool.max-size | 0 | patinox.memory.pool.max-size must be 1 or more, but was 0",
        "patinox.memory.pool.min-size | -1 | patinox.memory.pool.min-size must be 0 or more, but was -1",
        "patinox.memory.pool.min-size | 11 | patinox.memory.pool.min-size (11) must not exceed patinox.memory.pool.max-size (10)",
        "patinox.memory.pool.acquire-timeout | 0s | patinox.memory.pool.acquire-timeout must be positive, but was 0s",
        "patinox.memory.pool.create-timeout | PT-1S | patinox.memory.pool.create-timeout must be positive, but was PT-1S",
        "patinox.memory.pool.validation-timeout | 0ms | patinox.memory.pool.validation-timeout must be positive, but was 0s",
        "patinox.memory.pool.idle-timeout | PT-1M | patinox.memory.pool.idle-timeout must be 0 or positive, but was PT-1M",
        "patinox.memory.pool.close-grace-period | soon | patinox.memory.pool.close-grace-period must be a duration",
        "patinox.memory.pool.validate-on-acquire | yes | patinox.memory.pool.validate-on-acquire must be true or false, but was 'yes'",
        "patinox.memory.pool.name | ' ' | patinox.memory.pool.name must not be blank, but was ' '; leave the setting out",
        "patinox.memory.pool.name | '' | patinox.memory.pool.name must not be blank, but was ''; leave the setting out",
        "patinox.memory.pool.idle-timeout | '' | patinox.memory.pool.idle-timeout must not be blank, but was ''",
        "patinox.memory.pool.max-size | '' | patinox.memory.pool.max-size must not be blank, but was ''",
    })
    void a_bad_value_is_an_error_naming_the_key_and_the_value(String key, String value, String message) {
        String actual = assertThrows(ConfigException.class, () -> PoolConfig.fromProperties(properties(key, value)))
                .getMessage();
        assertTrue(actual.startsWith(message), actual);
    }

    @Test
    void a_blank_name_in_code_is_refused() {
        assertEquals("patinox.memory.pool.name must be empty or a name, but was '  '",
                assertThrows(ConfigException.class, () -> PoolConfig.builder().name("  ").build()).getMessage());
    }

    @Test
    void stats_describe_their_counts_and_mean_wait() {
        PoolStats s = new PoolStats("p", 3, 1, 2, 4, 1, 10, 7, 100, 5, 2, 1, 0,
                Duration.ofMillis(200), Duration.ofMillis(50));
        assertEquals(Duration.ofMillis(2), s.meanAcquireWait());
        assertEquals("total=3 idle=1 active=2 pending=4 creating=1 created=10 destroyed=7 timeouts=5"
                + " creationFailures=2 validationFailures=1", s.describe());
        assertEquals(Duration.ZERO, new PoolStats("p", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                Duration.ZERO, Duration.ZERO).meanAcquireWait());
    }
}
