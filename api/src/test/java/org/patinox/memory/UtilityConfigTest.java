package org.patinox.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.patinox.memory.spi.Monitor;

final class UtilityConfigTest {

    private static Properties properties(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static String failure(Properties p) {
        return assertThrows(ConfigException.class, () -> UtilityConfig.fromProperties(p)).getMessage();
    }

    @Test
    void defaults_choose_by_priority_wait_ten_seconds_and_log_nothing() {
        UtilityConfig c = UtilityConfig.defaults();
        assertEquals(Optional.empty(), c.provider());
        assertEquals(Duration.ofSeconds(10), c.shutdownTimeout());
        assertEquals(System.Logger.Level.OFF, c.monitorLogLevel());
        assertEquals(List.of(), c.monitors());
        assertEquals(c, UtilityConfig.fromProperties(new Properties()));
    }

    @Test
    void properties_set_every_setting_and_ignore_other_prefixes() {
        UtilityConfig c = UtilityConfig.fromProperties(properties(
                "patinox.memory.provider", " standard ",
                "patinox.memory.shutdown-timeout", "250ms",
                "patinox.memory.monitor.log-level", "debug",
                "some.other.key", "anything"));
        assertEquals(Optional.of("standard"), c.provider());
        assertEquals(Duration.ofMillis(250), c.shutdownTimeout());
        assertEquals(System.Logger.Level.DEBUG, c.monitorLogLevel());
    }

    @Test
    void default_properties_count_too() {
        Properties defaults = properties("patinox.memory.shutdown-timeout", "PT3S");
        assertEquals(Duration.ofSeconds(3), UtilityConfig.fromProperties(new Properties(defaults)).shutdownTimeout());
    }

    @Test
    void to_properties_reads_back_as_the_same_configuration() {
        UtilityConfig c = UtilityConfig.builder().provider("lockfree").shutdownTimeout(Duration.ofMinutes(5))
                .monitorLogLevel(System.Logger.Level.WARNING).build();
        assertEquals("5m", c.toProperties().getProperty(UtilityConfig.SHUTDOWN_TIMEOUT));
        assertEquals(c, UtilityConfig.fromProperties(c.toProperties()));
    }

    @Test
    void a_shutdown_timeout_past_any_duration_means_no_limit() {
        assertEquals(Duration.ofNanos(Long.MAX_VALUE),
                UtilityConfig.fromProperties(properties(UtilityConfig.SHUTDOWN_TIMEOUT, "99999999999999999999d")).shutdownTimeout());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "patinox.memory.shutdown-timeout | ten seconds | patinox.memory.shutdown-timeout must be a duration such as 250ms, 30s, 5m, 2h, 1d or ISO-8601 PT30S, but was 'ten seconds'",
        "patinox.memory.shutdown-timeout | -5s         | patinox.memory.shutdown-timeout must be a duration such as 250ms, 30s, 5m, 2h, 1d or ISO-8601 PT30S, but was '-5s'",
        "patinox.memory.shutdown-timeout | PT-5S       | patinox.memory.shutdown-timeout must be positive, but was PT-5S",
        "patinox.memory.shutdown-timeout | 0s          | patinox.memory.shutdown-timeout must be positive, but was 0s",
        "patinox.memory.monitor.log-level | LOUD       | patinox.memory.monitor.log-level must be one of [ALL, TRACE, DEBUG, INFO, WARNING, ERROR, OFF], but was 'LOUD'",
    })
    void a_bad_value_is_an_error_naming_the_key_and_the_value(String key, String value, String message) {
        String actual = failure(properties(key, value));
        assertTrue(actual.contains(message), actual);
    }

    @Test
    void an_unknown_key_is_an_error_that_suggests_the_nearest_known_one() {
        String message = failure(properties("patinox.memory.shutdown-timout", "5s"));
        assertTrue(message.startsWith("Unknown setting patinox.memory.shutdown-timout"
                + " (did you mean patinox.memory.shutdown-timeout?)"), message);
        assertTrue(message.contains("the known settings are patinox.memory.monitor.log-level,"
                + " patinox.memory.provider, patinox.memory.shutdown-timeout"), message);
    }

    /**
     * One file configures the instance, its pools and the Redis plugin's connections (whose
     * {@code patinox.memory.redis.*} keys the plugin reads, and checks, from the pool's connection
     * properties): the instance's reader leaves them to it, as it leaves the pools' keys.
     */
    @Test
    void the_redis_plugins_keys_in_the_same_file_are_left_to_the_plugin() {
        Properties file = properties("patinox.memory.shutdown-timeout", "5s",
                "patinox.memory.pool.max-size", "4",
                "patinox.memory.redis.connect-timeout", "2s", "patinox.memory.redis.client-name", "app");
        assertEquals(Duration.ofSeconds(5), UtilityConfig.fromProperties(file).shutdownTimeout());
        assertTrue(failure(properties("patinox.memory.redi.connect-timeout", "2s"))
                .startsWith("Unknown setting patinox.memory.redi.connect-timeout"));
    }

    @Test
    void an_unknown_key_far_from_every_known_one_gets_no_suggestion() {
        String message = failure(properties("patinox.memory.colour", "blue"));
        assertTrue(message.startsWith("Unknown setting patinox.memory.colour (value not shown);"), message);
    }

    @Test
    void a_shutdown_timeout_past_a_long_of_nanoseconds_means_no_limit_kept_as_the_longest_one() {
        Duration longest = Duration.ofNanos(Long.MAX_VALUE);
        assertEquals(longest, UtilityConfig.builder().shutdownTimeout(java.time.temporal.ChronoUnit.FOREVER.getDuration())
                .build().shutdownTimeout());
        UtilityConfig c = UtilityConfig.fromProperties(properties("patinox.memory.shutdown-timeout", "106752d"));
        assertEquals(longest, c.shutdownTimeout());
        assertEquals(c, UtilityConfig.fromProperties(c.toProperties()));
    }

    @Test
    void the_builder_checks_what_it_builds() {
        assertEquals("patinox.memory.shutdown-timeout must be positive, but was PT-1S",
                assertThrows(ConfigException.class,
                        () -> UtilityConfig.builder().shutdownTimeout(Duration.ofSeconds(-1)).build()).getMessage());
        assertEquals("patinox.memory.provider must name an implementation, but was ' '",
                assertThrows(ConfigException.class, () -> UtilityConfig.builder().provider(" ").build()).getMessage());
        assertThrows(NullPointerException.class, () -> UtilityConfig.builder().monitorLogLevel(null).build());
    }

    @Test
    void a_blank_property_is_refused_as_a_blank_name_in_code_is() {
        assertEquals("patinox.memory.provider must not be blank, but was '  '; leave the setting out to use its default",
                assertThrows(ConfigException.class,
                        () -> UtilityConfig.fromProperties(properties("patinox.memory.provider", "  "))).getMessage());
    }

    @Test
    void monitors_are_kept_in_order_and_the_list_cannot_change() {
        Monitor a = event -> { };
        Monitor b = event -> { };
        UtilityConfig c = UtilityConfig.builder().addMonitor(a).addMonitor(b).build();
        assertEquals(List.of(a, b), c.monitors());
        assertThrows(UnsupportedOperationException.class, () -> c.monitors().add(a));
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void system_properties_are_read_like_any_properties() {
        String key = UtilityConfig.SHUTDOWN_TIMEOUT;
        String before = System.getProperty(key);
        System.setProperty(key, "42s");
        try {
            assertEquals(Duration.ofSeconds(42), UtilityConfig.fromSystemProperties().shutdownTimeout());
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
