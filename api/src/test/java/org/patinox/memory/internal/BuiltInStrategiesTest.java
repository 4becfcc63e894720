package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ConfigException;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.spi.EvictionStrategy;
import org.patinox.memory.spi.EvictionStrategyProvider;
import org.patinox.memory.spi.TestEntry;

/** The order in which the built-in strategies give up entries. */
final class BuiltInStrategiesTest {

    private static final CacheConfig<String, String> PLAIN = CacheConfig.<String, String>builder().build();

    /** @return the keys in the order the strategy evicts them, emptying it */
    private static List<String> evictionOrder(EvictionStrategy<String, String> strategy) {
        List<String> order = new ArrayList<>();
        for (var victim = strategy.victim(); victim != null; victim = strategy.victim()) {
            order.add(victim.key());
            strategy.onRemove(victim);
        }
        return order;
    }

    private static TestEntry[] insert(EvictionStrategy<String, String> strategy, String... keys) {
        TestEntry[] entries = new TestEntry[keys.length];
        for (int i = 0; i < keys.length; i++) {
            entries[i] = new TestEntry(keys[i]);
            strategy.onInsert(entries[i]);
        }
        return entries;
    }

    @Test
    void the_api_provides_lru_lfu_and_ttl_by_name() {
        List<String> names = ServiceLoader.load(EvictionStrategyProvider.class).stream()
                .map(p -> p.get().name()).sorted().toList();
        assertTrue(names.containsAll(List.of("lfu", "lru", "ttl")), names::toString);
    }

    @Test
    void lru_evicts_the_least_recently_read_or_written() {
        EvictionStrategy<String, String> lru = new LruStrategyProvider().create(PLAIN);
        TestEntry[] e = insert(lru, "a", "b", "c", "d");
        lru.onAccess(e[0]);
        lru.onUpdate(e[1], 1);
        lru.onRemove(e[2]);
        assertEquals(List.of("d", "a", "b"), evictionOrder(lru));
        assertNull(lru.victim());
    }

    @Test
    void lfu_evicts_the_least_frequent_and_among_those_the_least_recent() {
        EvictionStrategy<String, String> lfu = new LfuStrategyProvider().create(PLAIN);
        TestEntry[] e = insert(lfu, "a", "b", "c", "d");
        lfu.onAccess(e[0]);
        lfu.onAccess(e[0]);
        lfu.onAccess(e[1]);
        lfu.onAccess(e[3]);
        lfu.onAccess(e[1]);
        // a: 3, b: 3 (reached after a), c: 1, d: 2
        assertEquals(List.of("c", "d", "a", "b"), evictionOrder(lfu));
    }

    @Test
    void lfu_forgets_the_frequency_of_a_removed_entry() {
        EvictionStrategy<String, String> lfu = new LfuStrategyProvider().create(PLAIN);
        TestEntry[] e = insert(lfu, "a", "b");
        for (int i = 0; i < 5; i++) {
            lfu.onAccess(e[0]);
        }
        lfu.onRemove(e[0]);
        assertNull(e[0].state());
        TestEntry again = new TestEntry("a");
        lfu.onInsert(again);
        lfu.onAccess(e[1]);
        assertEquals(List.of("a", "b"), evictionOrder(lfu));
    }

    @Test
    void ttl_evicts_in_write_order_and_condemns_by_age() {
        CacheConfig<String, String> config = CacheConfig.<String, String>builder()
                .policy(EvictionPolicy.ttl(Duration.ofNanos(100))).build();
        EvictionStrategy<String, String> ttl = new TtlStrategyProvider().create(config);
        assertTrue(ttl.usesTime());
        TestEntry[] e = insert(ttl, "a", "b", "c");
        e[0].writeTime = 200;
        ttl.onUpdate(e[0], 1);
        ttl.onAccess(e[1]);
        assertFalse(ttl.shouldEvict(e[1], 99));
        assertTrue(ttl.shouldEvict(e[1], 100));
        assertFalse(ttl.shouldEvict(e[0], 299));
        assertEquals(List.of("b", "c", "a"), evictionOrder(ttl));
    }

    @Test
    void ttl_by_name_needs_an_expiry_after_write() {
        ConfigException e = assertThrows(ConfigException.class, () -> new TtlStrategyProvider().create(PLAIN));
        assertTrue(e.getMessage().startsWith("patinox.memory.cache.policy ttl needs patinox.memory.cache.expire-after-write"),
                e::getMessage);
    }

    @Test
    void the_factories_resolve_policies_to_new_strategies() {
        assertSame(LruStrategy.class, CacheFactories.strategy(PLAIN).getClass());
        assertSame(LfuStrategy.class, CacheFactories.strategy(PLAIN.toBuilder().policy(EvictionPolicy.lfu()).build()).getClass());
        EvictionStrategy<String, String> mine = new LruStrategy<>();
        assertSame(mine, CacheFactories.strategy(PLAIN.toBuilder().policy(EvictionPolicy.custom(() -> mine)).build()));
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> CacheFactories.strategy(PLAIN.toBuilder().policy(EvictionPolicy.named("clock-pro")).build()));
        assertTrue(unknown.getMessage().startsWith("patinox.memory.cache.policy 'clock-pro': no eviction strategy of that name; found ["),
                unknown::getMessage);
        assertTrue(unknown.getMessage().contains("org.patinox:patinox-memory-eviction"), unknown::getMessage);
        ConfigException none = assertThrows(ConfigException.class,
                () -> CacheFactories.strategy(PLAIN.toBuilder().policy(EvictionPolicy.custom(() -> null)).build()));
        assertTrue(none.getMessage().contains("the factory made null"), none::getMessage);
        ConfigException backend = assertThrows(ConfigException.class, () -> CacheFactories.backend("hazelcast"));
        assertTrue(backend.getMessage().startsWith("patinox.memory.cache.backend 'hazelcast': no cache backend of that name"),
                backend::getMessage);
    }
}
