package org.patinox.memory.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.cache.CacheConfig;

final class ShareConfigTest {

    @Test
    void the_defaults_assign_a_name_count_no_reads_and_watch_with_polling() {
        ShareConfig c = ShareConfig.defaults();
        assertEquals("", c.name());
        assertFalse(c.recordReads());
        assertEquals(Duration.ofMillis(100), c.reloadDebounce());
        assertEquals(Duration.ofSeconds(2), c.reloadPollInterval());
        assertTrue(c.reloadWatchService());
    }

    @Test
    void properties_are_read_and_written_back() {
        Properties p = new Properties();
        p.setProperty("patinox.memory.share.name", "settings");
        p.setProperty("patinox.memory.share.record-reads", "TRUE");
        p.setProperty("patinox.memory.share.reload-debounce", "250ms");
        p.setProperty("patinox.memory.share.reload-poll-interval", "PT5S");
        p.setProperty("patinox.memory.share.reload-watch-service", "false");
        p.setProperty("patinox.memory.cache.maximum-size", "10"); // another component's scope: not ours
        ShareConfig c = ShareConfig.fromProperties(p).build();
        assertEquals(new ShareConfig("settings", true, Duration.ofMillis(250), Duration.ofSeconds(5), false), c);
        assertEquals(c, ShareConfig.fromProperties(c.toProperties()).build());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void bad_values_are_refused_naming_the_setting_and_the_value() {
        ConfigException poll = assertThrows(ConfigException.class,
                () -> ShareConfig.builder().reloadPollInterval(Duration.ZERO).build());
        assertEquals("patinox.memory.share.reload-poll-interval must be positive, but was 0s", poll.getMessage());
        ConfigException debounce = assertThrows(ConfigException.class,
                () -> ShareConfig.builder().reloadDebounce(Duration.ofMillis(-1)).build());
        assertTrue(debounce.getMessage().startsWith("patinox.memory.share.reload-debounce must be 0 or positive"),
                debounce.getMessage());
        ConfigException name = assertThrows(ConfigException.class, () -> ShareConfig.builder().name(" ").build());
        assertEquals("patinox.memory.share.name must be empty or a name, but was ' '", name.getMessage());
        Properties p = new Properties();
        p.setProperty("patinox.memory.share.record-reads", "sometimes");
        ConfigException bool = assertThrows(ConfigException.class, () -> ShareConfig.fromProperties(p));
        assertTrue(bool.getMessage().contains("record-reads must be true or false, but was 'sometimes'"), bool.getMessage());
    }

    @Test
    void a_debounce_of_0_reads_at_once_as_the_table_says() {
        Properties p = new Properties();
        p.setProperty("patinox.memory.share.reload-debounce", "0");
        assertEquals(Duration.ZERO, ShareConfig.fromProperties(p).build().reloadDebounce());
    }

    @Test
    void an_unknown_key_is_refused_with_the_nearest_known_one() {
        Properties p = new Properties();
        p.setProperty("patinox.memory.share.reload-debounse", "1s");
        ConfigException e = assertThrows(ConfigException.class, () -> ShareConfig.fromProperties(p));
        assertTrue(e.getMessage().contains("did you mean patinox.memory.share.reload-debounce?"), e.getMessage());
    }

    @Test
    void share_keys_are_not_unknown_to_other_scopes() {
        Properties p = new Properties();
        p.setProperty("patinox.memory.share.name", "x");
        assertEquals(CacheConfig.builder().build(), CacheConfig.fromProperties(p).build());
        assertEquals(org.patinox.memory.UtilityConfig.defaults(), org.patinox.memory.UtilityConfig.fromProperties(p));
    }

    @Test
    void versions_and_stats_check_their_components() {
        assertThrows(IllegalArgumentException.class, () -> new Versioned<>("x", 0, java.time.Instant.EPOCH));
        assertThrows(NullPointerException.class, () -> new Versioned<>(null, 1, java.time.Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> new SharingStats(-1, 0, 0));
    }

    @Test
    void a_validator_from_a_predicate_fails_with_its_rule() {
        ConfigData.Validator<Integer> positive = ConfigData.Validator.that("must be positive", i -> i > 0);
        positive.validate(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> positive.validate(0));
        assertEquals("must be positive", e.getMessage());
    }

    @Test
    void a_share_event_takes_share_kinds_only() {
        java.time.Instant now = java.time.Instant.now();
        org.patinox.memory.monitor.MonitorEvent e = new org.patinox.memory.monitor.MonitorEvent.ShareEvent(now, "c",
                org.patinox.memory.monitor.EventKind.SHARE_VERSION_PUBLISHED, java.util.Map.of("version", 2L),
                java.util.Optional.empty());
        assertEquals("SHARE_VERSION_PUBLISHED c version=2", e.describe());
        assertThrows(IllegalArgumentException.class, () -> new org.patinox.memory.monitor.MonitorEvent.ShareEvent(now,
                "c", org.patinox.memory.monitor.EventKind.POOL_OPENED, java.util.Map.of(), java.util.Optional.empty()));
    }
}
