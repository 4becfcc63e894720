package org.patinox.memory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.patinox.memory.MemoryUtilities;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.cache.Cache;
import org.patinox.memory.cache.CacheConfig;
import org.patinox.memory.cache.CacheEntry;
import org.patinox.memory.cache.EvictionPolicy;
import org.patinox.memory.cache.RemovalCause;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.pool.Pool;
import org.patinox.memory.pool.PoolConfig;
import org.patinox.memory.pool.PooledConnection;
import org.patinox.memory.spi.Monitor;

/**
 * The plugins of the README's "Writing a plugin" guide, compiled and run here: an eviction
 * strategy, a monitor and a connection manager for a URL scheme, each with its provider. They are
 * not registered in this module (a test should not change what the example program finds); the
 * registration the README shows is the example module's own, for its cleanup plugin.
 */
final class PluginSnippetsTest {

    @Test
    void the_strategy_evicts_the_oldest_entry_whatever_its_reads() {
        assertEquals("fifo", new FifoProvider().name());
        assertInstanceOf(Fifo.class, new FifoProvider().create(CacheConfig.builder().maximumSize(1).build()));
        List<String> evicted = new ArrayList<>();
        try (MemoryUtilities memory = MemoryUtilities.open();
             Cache<String, Integer> cache = memory.cache(CacheConfig.builder().maximumSize(2)
                     .policy(EvictionPolicy.custom(Fifo::new))
                     .removalListener((String k, Integer v, RemovalCause c) -> evicted.add(k + " " + c)).build())) {
            cache.put("a", 1);
            cache.put("b", 2);
            for (int i = 0; i < 10; i++) {
                cache.getIfPresent("a");     // LRU would keep "a" now
            }
            cache.put("c", 3);
            cache.cleanUp();
            assertNull(cache.getIfPresent("a"));
            assertEquals(List.of("a SIZE"), evicted);
        }
    }

    @Test
    void the_strategy_refuses_calls_about_an_entry_it_does_not_hold() {
        Fifo<String, Integer> fifo = new Fifo<>();
        Entry never = new Entry("never");
        for (Runnable call : List.<Runnable>of(() -> fifo.onAccess(never), () -> fifo.onUpdate(never, 1),
                () -> fifo.onRemove(never))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
            assertTrue(e.getMessage().contains("never"), e.getMessage());
        }
        Entry held = new Entry("held");
        fifo.onInsert(held);
        assertThrows(IllegalStateException.class, () -> fifo.onInsert(held));
        assertEquals(held, fifo.victim());
        fifo.onRemove(held);
        assertNull(fifo.victim());
        assertThrows(IllegalStateException.class, () -> fifo.onRemove(held));
    }

    /** An entry as a cache would hand the strategy: plain fields. */
    private static final class Entry implements CacheEntry<String, Integer> {
        private final String key;
        private CacheEntry<String, Integer> previous;
        private CacheEntry<String, Integer> next;
        private int mark;
        private Object state;

        Entry(String key) {
            this.key = key;
        }

        public String key() { return key; }
        public Integer value() { return 1; }
        public int weight() { return 1; }
        public long writeTime() { return 0; }
        public long accessTime() { return 0; }
        public CacheEntry<String, Integer> previous() { return previous; }
        public void previous(CacheEntry<String, Integer> entry) { previous = entry; }
        public CacheEntry<String, Integer> next() { return next; }
        public void next(CacheEntry<String, Integer> entry) { next = entry; }
        public int mark() { return mark; }
        public void mark(int value) { mark = value; }
        public Object state() { return state; }
        public void state(Object value) { state = value; }
    }

    @Test
    void the_monitor_counts_the_events_it_asked_for() throws Exception {
        Monitor monitor = new PoolEventCounterProvider().create(null).orElseThrow();
        try (MemoryUtilities memory = MemoryUtilities.open(UtilityConfig.builder().addMonitor(monitor).build());
             Pool<String> pool = memory.pool(new EchoConnections().create("echo:hello", new Properties()),
                     PoolConfig.builder().maxSize(1).build())) {
            try (PooledConnection<?> c = pool.acquire(Duration.ofSeconds(5))) {
                assertEquals("hello", c.get());
            }
        }
        PoolEventCounter counter = (PoolEventCounter) monitor;
        assertTrue(counter.events.sum() >= 3, "opened, created, closed: " + counter.events.sum());
        assertFalse(counter.isEnabled(EventKind.CACHE_EVICTION));
    }

    @Test
    void the_connection_provider_accepts_its_scheme_only() {
        EchoConnections echo = new EchoConnections();
        assertTrue(echo.accepts("echo:x"));
        assertFalse(echo.accepts("jdbc:h2:mem:x"));
        assertEquals(String.class, echo.connectionType());
        // As the SPI asks: accepts is total, and create refuses a URL it does not take.
        assertFalse(echo.accepts(null));
        org.patinox.memory.ConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(
                org.patinox.memory.ConfigException.class, () -> echo.create("jdbc:h2:mem:x", new Properties()));
        assertTrue(refused.getMessage().contains("echo"), refused.getMessage());
    }
}
