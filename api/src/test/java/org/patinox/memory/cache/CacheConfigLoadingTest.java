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
        assertEquals(CacheConfig.REFRESH_AFTER_WRITE + " (1s) needs a " + CacheConfig.LOADER
                + " to reload with; set one, or no refresh", unknownLoader.getMessage());
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
