package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.patinox.memory.ConfigException;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.mapping.MappingConfig;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.resource.ResourceConfig;
import org.patinox.memory.share.ShareConfig;

/** Values put into properties as objects, the one rule for digits, and the one rule for blank values. */
final class SettingsTest {

    private static Properties with(String key, Object value) {
        Properties p = new Properties();
        p.put(key, value);
        return p;
    }

    @Test
    void a_number_put_as_an_object_is_read_as_its_text_so_a_cache_of_100_holds_100() {
        CacheConfig<Object, Object> config = CacheConfig.fromProperties(with(CacheConfig.MAXIMUM_SIZE, 100L)).build();
        assertTrue(config.bounded());
        assertEquals(100, config.maximumWeight());
        assertEquals(16, PoolConfig.fromProperties(with(PoolConfig.MAX_SIZE, 16)).maxSize());
        assertEquals(7, PoolConfig.fromProperties(with(PoolConfig.MAX_SIZE, BigInteger.valueOf(7))).maxSize());
    }

    @Test
    void booleans_durations_and_char_sequences_are_read_as_their_text() {
        assertEquals(false, CacheConfig.fromProperties(with(CacheConfig.RECORD_STATS, Boolean.FALSE)).build().recordStats());
        assertEquals(Duration.ofSeconds(42),
                UtilityConfig.fromProperties(with(UtilityConfig.SHUTDOWN_TIMEOUT, Duration.ofSeconds(42))).shutdownTimeout());
        assertEquals(Optional.of("standard"),
                UtilityConfig.fromProperties(with(UtilityConfig.PROVIDER, new StringBuilder(" standard "))).provider());
    }

    @Test
    void an_object_value_overrides_a_string_default_as_the_caller_meant() {
        Properties defaults = new Properties();
        defaults.setProperty(PoolConfig.MAX_SIZE, "3");
        Properties p = new Properties(defaults);
        p.put(PoolConfig.MAX_SIZE, 9);
        assertEquals(9, PoolConfig.fromProperties(p).maxSize());
        assertEquals(3, PoolConfig.fromProperties(new Properties(defaults)).maxSize());
    }

    @Test
    void a_value_of_another_type_is_refused_naming_the_key_the_value_and_the_type() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CacheConfig.fromProperties(with(CacheConfig.MAXIMUM_SIZE, List.of(100))));
        assertEquals("patinox.memory.cache.maximum-size must be given as a String, a Number, a Boolean or a"
                + " Duration, but was '[100]' (a " + List.of(100).getClass().getName() + ")", e.getMessage());
    }

    @Test
    void a_number_of_the_wrong_shape_is_still_refused_by_its_getter() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PoolConfig.fromProperties(with(PoolConfig.MAX_SIZE, 2.5)));
        assertEquals("patinox.memory.pool.max-size must be a whole number, but was '2.5'", e.getMessage());
    }

    private static Stream<Arguments> keys(Function<Properties, ?> reader, String... keys) {
        return Stream.of(keys).map(key -> Arguments.of(key, reader));
    }

    /** @return every key a configuration reads from properties, with the reader of that configuration */
    static Stream<Arguments> every_setting_read_from_properties() {
        return Stream.of(
                keys(UtilityConfig::fromProperties, UtilityConfig.PROVIDER, UtilityConfig.SHUTDOWN_TIMEOUT,
                        UtilityConfig.MONITOR_LOG_LEVEL),
                keys(PoolConfig::fromProperties, PoolConfig.NAME, PoolConfig.MIN_SIZE, PoolConfig.MAX_SIZE,
                        PoolConfig.ACQUIRE_TIMEOUT, PoolConfig.CREATE_TIMEOUT, PoolConfig.IDLE_TIMEOUT,
                        PoolConfig.MAX_LIFETIME, PoolConfig.HEALTH_CHECK_INTERVAL, PoolConfig.VALIDATE_ON_ACQUIRE,
                        PoolConfig.VALIDATION_IDLE_THRESHOLD, PoolConfig.VALIDATION_TIMEOUT,
                        PoolConfig.LEAK_DETECTION_THRESHOLD, PoolConfig.CLOSE_GRACE_PERIOD),
                keys(CacheConfig::fromProperties, CacheConfig.NAME, CacheConfig.MAXIMUM_SIZE, CacheConfig.POLICY,
                        CacheConfig.EXPIRE_AFTER_WRITE, CacheConfig.EXPIRE_AFTER_ACCESS, CacheConfig.BACKEND,
                        CacheConfig.RECORD_STATS, CacheConfig.REFRESH_AFTER_WRITE),
                keys(ResourceConfig::fromProperties, ResourceConfig.NAME, ResourceConfig.CLEANUP_TIMEOUT,
                        ResourceConfig.LEAK_DETECTION, ResourceConfig.SAMPLING_INTERVAL),
                keys(MappingConfig::fromProperties, MappingConfig.NAME, MappingConfig.MODE, MappingConfig.SIZE,
                        MappingConfig.ARENA, MappingConfig.FORCE_ON_CLOSE),
                keys(ShareConfig::fromProperties, ShareConfig.NAME, ShareConfig.RECORD_READS,
                        ShareConfig.RELOAD_DEBOUNCE, ShareConfig.RELOAD_POLL_INTERVAL,
                        ShareConfig.RELOAD_WATCH_SERVICE))
                .flatMap(keys -> keys);
    }

    /**
     * A setting written but left empty ({@code idle-timeout=} in a file) is a mistake to report,
     * as a blank name given to a builder is, never a silent default.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("every_setting_read_from_properties")
    void an_empty_or_blank_value_is_refused_naming_the_key_and_the_value(String key, Function<Properties, ?> reader) {
        for (Object value : List.of("", "  ", "\t", new StringBuilder(" "))) {
            ConfigException e = assertThrows(ConfigException.class, () -> reader.apply(with(key, value)),
                    () -> key + "='" + value + "' was taken");
            assertEquals(key + " must not be blank, but was '" + value + "'; leave the setting out to use its default",
                    e.getMessage());
        }
    }

    @Test
    void object_values_outside_the_scope_are_none_of_its_business() {
        Properties p = with("other.library.size", new Object());
        p.put(PoolConfig.MAX_SIZE, new Object());
        assertEquals(Optional.empty(), UtilityConfig.fromProperties(p).provider());
        assertEquals(Optional.empty(), Settings.of(with(Settings.POOL + "x", new Object()), Settings.CACHE).string("x"));
    }

    /**
     * An unknown key is most often a misspelt one, and a misspelt password key holds a password:
     * the refusal names the key and suggests the nearest known one, never quoting the value.
     */
    @ParameterizedTest
    @ValueSource(strings = {Settings.PREFIX, Settings.POOL, Settings.CACHE, Settings.RESOURCE, Settings.MAPPING,
        Settings.SHARE, Settings.PREFIX + "jdbc."})
    void an_unknown_key_is_named_without_its_value_which_may_be_a_secret(String scope) {
        Properties p = new Properties();
        p.setProperty(scope + "pasword", "hunter2");
        p.setProperty(scope + "secret-token", "s3cr3t");
        List<Function<Properties, ?>> readers = List.of(UtilityConfig::fromProperties, PoolConfig::fromProperties,
                props -> CacheConfig.fromProperties(props).build(), ResourceConfig::fromProperties,
                props -> MappingConfig.fromProperties(props).build(), props -> ShareConfig.fromProperties(props).build());
        int refused = 0;
        for (Function<Properties, ?> reader : readers) {
            try {
                reader.apply(p);
            } catch (ConfigException e) {
                refused++;
                assertTrue(e.getMessage().contains(scope + "pasword") && e.getMessage().contains(scope + "secret-token"),
                        e.getMessage());
                assertFalse(e.getMessage().contains("hunter2") || e.getMessage().contains("s3cr3t"), e.getMessage());
            }
        }
        assertEquals(1, refused, "one reader owns each scope");
    }

    @Test
    void an_unknown_key_with_an_object_value_is_still_reported() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PoolConfig.fromProperties(with("patinox.memory.pool.max-sise", 10)));
        assertTrue(e.getMessage().startsWith("Unknown setting patinox.memory.pool.max-sise (did you mean patinox.memory.pool.max-size?) (value not shown);"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0663", "1\u0660", "\uff13", "\u096a"})
    void whole_numbers_take_ascii_digits_only_as_durations_do(String digits) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> PoolConfig.fromProperties(with(PoolConfig.MAX_SIZE, digits)));
        assertEquals("patinox.memory.pool.max-size must be a whole number, but was '" + digits
                + "' (digits must be the ASCII digits 0-9)", e.getMessage());
        ConfigException size = assertThrows(ConfigException.class,
                () -> CacheConfig.fromProperties(with(CacheConfig.MAXIMUM_SIZE, digits)));
        assertEquals("patinox.memory.cache.maximum-size must be a whole number, but was '" + digits
                + "' (digits must be the ASCII digits 0-9)", size.getMessage());
        ConfigException duration = assertThrows(ConfigException.class,
                () -> UtilityConfig.fromProperties(with(UtilityConfig.SHUTDOWN_TIMEOUT, digits + "s")));
        assertTrue(duration.getMessage().endsWith("but was '" + digits + "s' (digits must be the ASCII digits 0-9)"),
                duration.getMessage());
    }

    @Test
    void ascii_whole_numbers_with_a_sign_still_read_and_overflow_names_the_range() {
        assertEquals(12, PoolConfig.fromProperties(with(PoolConfig.MAX_SIZE, "+12")).maxSize());
        ConfigException e = assertThrows(ConfigException.class,
                () -> PoolConfig.fromProperties(with(PoolConfig.MAX_SIZE, "99999999999")));
        assertEquals("patinox.memory.pool.max-size must be a whole number of the int range, but was '99999999999'",
                e.getMessage());
    }
}
