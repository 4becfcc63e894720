package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;

/** How the runtime makes, names and closes caches. */
final class RuntimeCacheTest {

    private static MemoryRuntime open() {
        FakeProvider provider = new FakeProvider("fake", 1);
        return MemoryRuntime.start(UtilityConfig.defaults(), new ProviderResolver.Choice(provider,
                new ProviderSelection("fake", "a fake", "test", List.of("fake"), List.of())), List.of());
    }

    @Test
    void caches_get_names_and_a_new_strategy_of_their_policy_each() {
        try (MemoryRuntime memory = open()) {
            Cache<String, String> first = memory.cache(CacheConfig.<String, String>builder().build());
            Cache<String, String> second = memory.cache(CacheConfig.<String, String>builder().policy(EvictionPolicy.lfu()).build());
            Cache<String, String> named = memory.cache(CacheConfig.<String, String>builder().name("users").build());
            assertEquals(memory.name() + "-cache-1", first.name());
            assertEquals(memory.name() + "-cache-2", second.name());
            assertEquals("users", named.name());
            FakeCache<?, ?> made = (FakeCache<?, ?>) ((OwnedCache<?, ?>) first).unwrap();
            assertInstanceOf(LruStrategy.class, made.strategy);
            assertInstanceOf(LfuStrategy.class, ((FakeCache<?, ?>) ((OwnedCache<?, ?>) second).unwrap()).strategy);
        }
    }

    @Test
    void closing_the_instance_closes_its_caches_and_then_refuses_new_ones() {
        MemoryRuntime memory = open();
        Cache<String, String> open = memory.cache(CacheConfig.<String, String>builder().build());
        Cache<String, String> closedEarly = memory.cache(CacheConfig.<String, String>builder().build());
        closedEarly.close();
        memory.close();
        assertTrue(open.isClosed());
        assertThrows(IllegalStateException.class, () -> memory.cache(CacheConfig.<String, String>builder().build()));
    }

    @Test
    void an_unknown_policy_or_backend_is_refused_with_what_was_found() {
        try (MemoryRuntime memory = open()) {
            ConfigException policy = assertThrows(ConfigException.class,
                    () -> memory.cache(CacheConfig.<String, String>builder().policy(EvictionPolicy.named("nope")).build()));
            assertTrue(policy.getMessage().contains("found [lfu, lru, ttl]"), policy::getMessage);
            ConfigException backend = assertThrows(ConfigException.class,
                    () -> memory.cache(CacheConfig.<String, String>builder().backend("nope").build()));
            assertTrue(backend.getMessage().contains("found []"), backend::getMessage);
            assertTrue(backend.getMessage().contains("org.patinox:patinox-memory-caffeine"), backend::getMessage);
        }
    }

    @Test
    void an_owned_cache_passes_every_call_on() {
        try (MemoryRuntime memory = open()) {
            Cache<String, String> cache = memory.cache(CacheConfig.<String, String>builder().build());
            cache.put("k", "v");
            assertEquals("v", cache.getIfPresent("k"));
            assertEquals("v", cache.get("k", k -> "other"));
            assertEquals("w", cache.getAsync("j", k -> "w").join());
            assertSame(cache.asMap(), cache.asMap());
            assertEquals(2, cache.size());
            cache.cleanUp();
            assertEquals("v", cache.remove("k"));
            cache.invalidateAll();
            assertEquals(0, cache.size());
            assertEquals(cache.name(), cache.stats().name());
            assertEquals(cache.name(), cache.config().name());
        }
    }
}
