package org.patinox.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.patinox.memory.ProviderSelection;
import org.patinox.memory.UtilityConfig;
import org.patinox.memory.monitor.EventKind;
import org.patinox.memory.monitor.MonitorEvent;
import org.patinox.memory.spi.Monitor;
import org.patinox.memory.spi.MonitorProvider;
import org.patinox.memory.spi.ProviderContext;

/** A monitor a {@link MonitorProvider} made is reached from the application: {@code monitors()} and {@code monitor(Class)}. */
final class MonitorReachTest {

    /** What a metrics plugin's monitor might offer the application beside {@link Monitor}. */
    interface Counting {
        int opened();
    }

    static final class CountingMonitor implements Monitor, Counting {
        final List<MonitorEvent> events = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void record(MonitorEvent event) {
            events.add(event);
        }

        @Override
        public int opened() {
            return (int) events.stream().filter(e -> e.kind() == EventKind.UTILITIES_OPENED).count();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    record CountingProvider() implements MonitorProvider {
        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Optional<Monitor> create(ProviderContext context) {
            return Optional.of(new CountingMonitor());
        }
    }

    @Test
    void the_monitor_a_provider_made_is_found_by_its_type_and_listed_after_the_users() {
        Monitor mine = event -> { };
        FakeProvider fake = new FakeProvider("fake", 1);
        CountingMonitor provided;
        try (MemoryRuntime memory = MemoryRuntime.start(UtilityConfig.builder().addMonitor(mine).build(),
                new ProviderResolver.Choice(fake, new ProviderSelection("fake", "a fake", "test", List.of("fake"),
                        List.of())), List.of(new CountingProvider()))) {
            provided = memory.monitor(CountingMonitor.class).orElseThrow();
            assertEquals(1, memory.monitor(Counting.class).orElseThrow().opened(), "it saw the instance open");
            assertSame(provided, memory.monitor(Counting.class).orElseThrow());
            assertEquals(List.of(mine, provided), memory.monitors());
            assertSame(mine, memory.monitor(Monitor.class).orElseThrow(), "the first of the type, the user's");
            assertEquals(Optional.empty(), memory.monitor(String.class));
        }
        assertEquals(1, provided.closes.get(), "closed with the instance that made it");
        assertTrue(provided.events.stream().anyMatch(e -> e.kind() == EventKind.UTILITIES_CLOSED));
    }
}
