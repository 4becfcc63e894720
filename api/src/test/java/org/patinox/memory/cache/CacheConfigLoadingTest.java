package org.patinox.memory.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;

/** The loader and refresh settings of {@link CacheConfig}, and {@link CacheLoader}'s defaults. */
final class CacheConfigLoadingTest {

    @Test
    void a_typed_loader_narrows_the_builder_and_the_settings_survive_to_builder() {
        CacheLoader<Long, String> loader = id -> "customer " + id;
        CacheConfig.Builder<Long, String> builder = CacheConfig.builder().loader((Long id) -> "customer " + id);
        CacheConfig<Long, String> config = CacheConfig.builder().loader(loader)
                .refreshAfterWrite(Duration.ofMinutes(5)).build();
        assertSame(loader, config.loader());
        assertTrue(config.loads());
        assertTrue(config.refreshes());
        CacheConfig<Long, String> copy = config.toBuilder().build();
        assertSame(loader, copy.loader());
        assertEquals(Duration.ofMinutes(5), copy.refreshAfterWrite());
        assertTrue(builder.build().loads());
    }

    @Test
    void no_loader_and_no_refresh_by_default_and_none_written_as_properties() {
        CacheConfig<Object, Object> config = CacheConfig.builder().build();
        assertNull(config.loader());
        assertFalse(config.loads());
        assertFalse(config.refreshes());
        assertEquals(Duration.ZERO, config.refreshAfterWrite());
        assertFalse(config.toProperties().containsKey(CacheConfig.REFRESH_AFTER_WRITE));
    }

    @Test
    void the_canonical_constructor_checks_the_refresh_too() {
        ConfigException negative = assertThrows(ConfigException.class, () -> CacheConfig.builder()
                .loader((Integer k) -> "v").build().toBuilder().refreshAfterWrite(Duration.ofMillis(-1)).build());
        assertTrue(negative.getMessage().startsWith(CacheConfig.REFRESH_AFTER_WRITE), negative.getMessage());
        ConfigException unknownLoader = assertThrows(ConfigException.class,
                () -> CacheConfig.builder().refreshAfterWrite(Duration.ofSeconds(1)).build());
        assertEquals(CacheConfig.REFRESH_AFTER_WRITE + " (1s) needs a loader to reload with, and "
                + CacheConfig.LOADER + " is set in code only: give one with CacheConfig.Builder.loader(...),"
                + " or leave " + CacheConfig.REFRESH_AFTER_WRITE + " unset", unknownLoader.getMessage());
    }

    /** A refresh past 292 years is kept as the limit, but the error quotes it as the user wrote it. */
    @Test
    void a_huge_refresh_without_a_loader_is_quoted_as_given() {
        java.util.Properties file = new java.util.Properties();
        file.setProperty(CacheConfig.REFRESH_AFTER_WRITE, "9223372036854775807s");
        ConfigException refused = assertThrows(ConfigException.class,
                () -> CacheConfig.<Integer, String>fromProperties(file).build());
        assertTrue(refused.getMessage().startsWith(CacheConfig.REFRESH_AFTER_WRITE + " (9223372036854775807s) "),
                refused.getMessage());
    }

    /** From properties, where no loader can be given, the message says what to do in code, and quotes the value as given. */
    @Test
    void a_refresh_from_properties_without_a_loader_says_to_give_the_loader_in_code() {
        java.util.Properties file = new java.util.Properties();
        file.setProperty(CacheConfig.REFRESH_AFTER_WRITE, "90s");
        ConfigException refused = assertThrows(ConfigException.class,
                () -> CacheConfig.<Integer, String>fromProperties(file).build());
        assertTrue(refused.getMessage().startsWith(CacheConfig.REFRESH_AFTER_WRITE + " (90s) "), refused.getMessage());
        assertTrue(refused.getMessage().contains("CacheConfig.Builder.loader(...)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("set one"), refused.getMessage());
    }

    @Test
    void the_default_load_all_loads_one_by_one_leaving_out_nulls_and_reload_loads() throws Exception {
        CacheLoader<Integer, String> loader = k -> k == 2 ? null : "v" + k;
        Map<? extends Integer, ? extends String> all = loader.loadAll(new java.util.LinkedHashSet<>(List.of(3, 2, 1)));
        assertEquals(List.of(3, 1), List.copyOf(all.keySet()));
        assertEquals("v1", all.get(1));
        assertEquals("v5", loader.reload(5, "old"));
        assertEquals(Map.of(), loader.loadAll(Set.of(2)));
    }
}
