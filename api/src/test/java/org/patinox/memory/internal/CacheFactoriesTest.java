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
    void a_backend_that_makes_no_cache_is_refused_by_name() {
        CacheBackendProvider empty = new CacheBackendProvider() {
            @Override
            public String name() {
                return "empty";
            }

            @Override
            public String description() {
                return "makes nothing";
            }

            @Override
            public <K, V> Cache<K, V> createCache(CacheConfig<K, V> config, ProviderContext context, Monitor monitor) {
                return null;
            }
        };
        CacheConfig<String, String> config = CacheConfig.<String, String>builder().name("c").backend("empty").build();
        ConfigException e = assertThrows(ConfigException.class, () -> CacheFactories.made(empty, config, null, null));
        assertEquals("patinox.memory.cache.backend 'empty': " + empty.getClass().getName()
                + ".createCache made null for cache 'c'", e.getMessage());
    }

    /** A strategy plugin that cannot tell its name: {@code null}, or a throw. */
    private static final class Nameless implements EvictionStrategyProvider {
        private final boolean throwing;

        Nameless(boolean throwing) {
            this.throwing = throwing;
        }

        @Override
        public String name() {
            if (throwing) {
                throw new IllegalStateException("injected");
            }
            return null;
        }

        @Override
        public String description() {
            return "a strategy with no name";
        }

        @Override
        public <K, V> org.patinox.memory.spi.EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
            throw new UnsupportedOperationException("never created");
        }
    }

    @Test
    void a_plugin_that_cannot_tell_its_name_is_skipped_and_named_not_fatal_to_the_others() {
        LruStrategyProvider lru = new LruStrategyProvider();
        ProviderResolver.Loaded<EvictionStrategyProvider> loaded =
                new ProviderResolver.Loaded<>(List.of(new Nameless(false), lru, new Nameless(true)), List.of());
        assertEquals(lru, CacheFactories.strategyProvider(loaded, "lru"));
        ConfigException e = assertThrows(ConfigException.class, () -> CacheFactories.strategyProvider(loaded, "sieve"));
        assertTrue(e.getMessage().contains(Nameless.class.getName() + " gave no name (null)"), e.getMessage());
        assertTrue(e.getMessage().contains(Nameless.class.getName() + " could not tell its name: "
                + "java.lang.IllegalStateException: injected"), e.getMessage());
    }

    @Test
    void a_named_strategy_provider_that_makes_null_is_refused_naming_it_and_the_cache() {
        EvictionStrategyProvider makesNull = new EvictionStrategyProvider() {
            @Override
            public String name() {
                return "makes-null";
            }

            @Override
            public String description() {
                return "a strategy provider that makes nothing";
            }

            @Override
            public <K, V> org.patinox.memory.spi.EvictionStrategy<K, V> create(CacheConfig<K, V> config) {
                return null;
            }
        };
        ConfigException e = assertThrows(ConfigException.class, () -> CacheFactories.made(makesNull,
                CacheConfig.<String, String>builder().name("orders").maximumSize(10).build()));
        assertTrue(e.getMessage().contains(makesNull.getClass().getName() + ".create made null for cache 'orders'"),
                e.getMessage());
    }

    @Test
    void one_of_the_name_is_found() {
        LruStrategyProvider lru = new LruStrategyProvider();
        assertEquals(lru, CacheFactories.strategyProvider(new ProviderResolver.Loaded<>(List.of(lru), List.of()), "lru"));
    }
}
