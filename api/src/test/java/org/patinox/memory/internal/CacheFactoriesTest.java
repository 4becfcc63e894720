package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.spi.CacheBackendProvider;
import org.patinox.memory.spi.EvictionStrategyProvider;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.ProviderContext;

final class CacheFactoriesTest {

    /** A backend that is only a name. */
    private static final class NamedBackend implements CacheBackendProvider {
        @Override
        public String name() {
            return "twin";
        }

        @Override
        public String description() {
            return "a backend for tests";
        }

        @Override
        public <K, V> Cache<K, V> createCache(CacheConfig<K, V> config, ProviderContext context, Monitor monitor) {
            throw new UnsupportedOperationException("never created");
        }
    }

    @Test
    void two_strategies_of_one_name_are_counted_in_proper_english() {
        ProviderResolver.Loaded<EvictionStrategyProvider> twice =
                new ProviderResolver.Loaded<>(List.of(new LruStrategyProvider(), new LruStrategyProvider()), List.of());
        ConfigException e = assertThrows(ConfigException.class, () -> CacheFactories.strategyProvider(twice, "lru"));
        assertTrue(e.getMessage().startsWith("patinox.memory.cache.policy 'lru': 2 eviction strategies have that name ("),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("); remove all but one"), e.getMessage());
    }

    @Test
    void two_backends_of_one_name_are_counted_too() {
        ProviderResolver.Loaded<CacheBackendProvider> twice =
                new ProviderResolver.Loaded<>(List.of(new NamedBackend(), new NamedBackend()), List.of());
        ConfigException e = assertThrows(ConfigException.class, () -> CacheFactories.backend(twice, "twin"));
        assertTrue(e.getMessage().startsWith("patinox.memory.cache.backend 'twin': 2 cache backends have that name ("),
                e.getMessage());
    }

    @Test
    void one_of_the_name_is_found() {
        LruStrategyProvider lru = new LruStrategyProvider();
        assertEquals(lru, CacheFactories.strategyProvider(new ProviderResolver.Loaded<>(List.of(lru), List.of()), "lru"));
    }
}
